// mcp-conformance as CI runs it: a process against a server, judged by its exit
// status and the report files it leaves behind.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "protocol/headers.hpp"
#include "protocol/jsonrpc.hpp"
#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;

struct Finished {
  int status = -1;
  std::string out;
  std::string err;
};

Finished run_tool(const std::string& exe, const std::vector<std::string>& args,
                  std::chrono::milliseconds timeout = 240s) {
  ChildProcess process(exe, args);
  Finished result;
  while (const auto line = process.read_line(timeout))
    result.out += *line + "\n";
  const auto status = process.wait(timeout);
  if (!status) ADD_FAILURE() << exe << " did not finish within " << timeout.count() << " ms";
  result.status = status.value_or(-1);
  result.err = process.stderr_text();
  return result;
}

Finished conformance(std::vector<std::string> args) {
  args.insert(args.begin(), "run");
  return run_tool(MCPC_CONFORMANCE_EXE, args);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh directory for one test's reports.
class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() / ("mcpc-run-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  Json report(const std::string& name = "report.json") const {
    auto parsed = jsonrpc::parse(read_file(dir_ / name));
    if (!parsed.value) ADD_FAILURE() << "no JSON report: " << parsed.error;
    return parsed.value.value_or(Json::object());
  }

  /// verdict of `id` in every suite that ran it ("fail", "pass", ...).
  static std::set<std::string> verdicts(const Json& report, const std::string& id) {
    std::set<std::string> out;
    for (const auto& suite : report.value("suites", Json::array())) {
      for (const auto& c : suite["cases"]) {
        if (c["id"] == id) out.insert(c["verdict"].get<std::string>());
      }
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(RunTest, ReferenceServerPassesAndEveryReportIsWritten) {
  ReferenceServer server;
  const auto r =
      conformance({"--url", server.url(), "--junit", path("r.xml"), "--json", path("report.json"),
                   "--markdown", path("r.md"), "--html", path("r.html"), "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto json = report();
  EXPECT_EQ(json["summary"]["fail"], 0) << json["summary"].dump();
  EXPECT_EQ(json["summary"]["error"], 0) << json["summary"].dump();
  EXPECT_GT(json["summary"]["pass"].get<int>(), 50);
  EXPECT_EQ(json["transport"], "streamable-http");
  EXPECT_NE(read_file(path("r.md")).find("## MCP conformance: " + server.url()), std::string::npos);
  EXPECT_NE(read_file(path("r.html")).find("lifecycle.init.result"), std::string::npos);
  EXPECT_NE(r.out.find("JUnit report: " + path("r.xml")), std::string::npos) << r.out;
}

TEST_F(RunTest, JunitOfARunWithFailuresValidatesAgainstBothSchemas) {
  // A server with faults gives failures, warnings and skips: every element kind.
  ReferenceServer server({"--fault", "unknown-session-400", "--fault", "batches-always"});
  const auto r = conformance({"--url", server.url(), "--protocol-version", "all", "--profile",
                              "all", "--junit", path("r.xml"), "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const auto xml = read_file(path("r.xml"));
  EXPECT_NE(xml.find("<failure"), std::string::npos);
  EXPECT_NE(xml.find("<skipped"), std::string::npos);
  for (const char* xsd : {"windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd"}) {
    const auto lint = run_tool(
        MCPC_XMLLINT,
        {"--noout", "--schema", std::string(MCPC_FIXTURES_DIR) + "/junit/" + xsd, path("r.xml")});
    EXPECT_EQ(lint.status, 0) << xsd << ": " << lint.err;
  }
}

TEST_F(RunTest, BrokenRuleFailsTheRunAndNamesTheCheck) {
  ReferenceServer server({"--fault", "unknown-session-400"});
  const auto r = conformance({"--url", server.url(), "--json", path("report.json")});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(verdicts(report(), "transport.http.session.terminated-404"),
            std::set<std::string>{"fail"});
  EXPECT_NE(r.out.find("transport.http.session.terminated-404"), std::string::npos) << r.out;
}

TEST_F(RunTest, ExpectedFailuresPassTheRunAndStaleOnesFailIt) {
  ReferenceServer server({"--fault", "unknown-session-400"});
  {
    std::ofstream(path("expected.yaml"))
        << "expected_failures:\n  - id: transport.http.session.terminated-404\n"
           "    reason: our proxy answers 400\n";
  }
  auto r = conformance({"--url", server.url(), "--expected-failures", path("expected.yaml"),
                        "--json", path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;

  {
    std::ofstream(path("stale.yaml"))
        << "- id: transport.http.session.terminated-404\n  reason: fixed since\n"
           "- id: lifecycle.version.echo\n  reason: was broken once\n";
  }
  r = conformance({"--url", server.url(), "--expected-failures", path("stale.yaml"), "--json",
                   path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  bool stale = false;
  const auto json = report();
  for (const auto& suite : json["suites"]) {
    for (const auto& c : suite["cases"]) {
      if (c["id"] == "lifecycle.version.echo") stale = c["stale"].get<bool>();
    }
  }
  EXPECT_TRUE(stale);
}

TEST_F(RunTest, AnExpectedFailureCanBeLimitedToOneVersion) {
  ReferenceServer server({"--fault", "unknown-session-400"});  // breaks every Streamable version
  {
    std::ofstream(path("one.yaml")) << "- id: transport.http.session.terminated-404\n"
                                       "  version: 2025-06-18\n  reason: only there\n";
    std::ofstream(path("bad.yaml")) << "- id: transport.http.session.terminated-404\n"
                                       "  version: 1999-01-01\n  reason: no such version\n";
  }
  auto r = conformance({"--url", server.url(), "--protocol-version", "all", "--only",
                        "transport.http.session.*", "--expected-failures", path("one.yaml"),
                        "--json", path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // the other versions still fail
  std::map<std::string, bool> expected_at;   // version -> marked expected
  const auto json = report();
  for (const auto& suite : json["suites"]) {
    for (const auto& c : suite["cases"]) {
      if (c["id"] == "transport.http.session.terminated-404")
        expected_at[suite["protocol_version"]] = c.value("expected_failure", false);
    }
  }
  EXPECT_EQ(expected_at, (std::map<std::string, bool>{
                             {"2025-03-26", false}, {"2025-06-18", true}, {"2025-11-25", false}}));
  r = conformance({"--url", server.url(), "--expected-failures", path("bad.yaml")});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("version"), std::string::npos) << r.err;
}

TEST_F(RunTest, AMisnamedSessionHeaderIsNamedInTheFailure) {
  ReferenceServer server({"--fault", "session-header-name"});  // guide pitfall 2
  const auto r = conformance({"--url", server.url(), "--json", path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const auto json = report();
  ASSERT_FALSE(json["suites"].empty());
  const auto message = json["suites"][0]["cases"][0]["message"].get<std::string>();
  EXPECT_NE(message.find("X-MCP-Session-Id"), std::string::npos) << message;
  EXPECT_NE(message.find(headers::kSessionId), std::string::npos) << message;
}

TEST_F(RunTest, StrictTurnsBrokenShouldsIntoFailures) {
  ReferenceServer server({"--fault", "batches-always"});  // breaks a SHOULD only
  EXPECT_EQ(conformance({"--url", server.url(), "--quiet"}).status, 0);
  EXPECT_EQ(conformance({"--url", server.url(), "--quiet", "--strict"}).status, 1);
}

TEST_F(RunTest, UnreachableServerExits3AndStillWritesReports) {
  // A bound socket that never listens: connections are refused, and no other
  // test can take the port while we hold it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const auto url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/mcp";
  const auto r = conformance({"--url", url, "--junit", path("r.xml"), "--timeout", "5"});
  ::close(fd);
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("cannot reach"), std::string::npos) << r.err;
  EXPECT_NE(read_file(path("r.xml")).find("<error"), std::string::npos);
}

TEST_F(RunTest, ServerThatCannotBeInitializedFailsLifecycle) {
  ReferenceServer server({"--fault", "hardcoded-id"});
  const auto r = conformance({"--url", server.url(), "--json", path("report.json")});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(verdicts(report(), "lifecycle.init.result"), std::set<std::string>{"fail"});
  EXPECT_NE(r.err.find("the response carries id 1"), std::string::npos) << r.err;
}

TEST_F(RunTest, StdioServerPasses) {
  const auto command = std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio";
  const auto r = conformance({"--stdio", command, "--json", path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto json = report();
  EXPECT_EQ(json["transport"], "stdio");
  EXPECT_EQ(json["summary"]["fail"], 0);
  EXPECT_GT(json["summary"]["pass"].get<int>(), 20);
}

TEST_F(RunTest, LegacySseServerPasses) {
  ReferenceServer server;
  const auto sse_url = server.url().substr(0, server.url().rfind('/')) + "/sse";
  const auto r = conformance(
      {"--url", sse_url, "--transport", "sse", "--json", path("report.json"), "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto json = report();
  EXPECT_EQ(json["transport"], "sse");
  EXPECT_EQ(json["summary"]["fail"], 0);
  EXPECT_GT(json["summary"]["pass"].get<int>(), 20);
}

TEST_F(RunTest, UsageErrorsExit2WithAMessage) {
  auto r = conformance({"--url", "http://127.0.0.1:1/mcp", "--bogus"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown option '--bogus'"), std::string::npos) << r.err;
  ReferenceServer server;
  r = conformance({"--url", server.url(), "--protocol-version", "2024-11-05"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("does not speak protocol version 2024-11-05"), std::string::npos) << r.err;
}

TEST_F(RunTest, ListAndHelp) {
  auto r = run_tool(MCPC_CONFORMANCE_EXE, {"list", "--json"});
  EXPECT_EQ(r.status, 0);
  const auto parsed = jsonrpc::parse(r.out);
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_GT(parsed.value->size(), 100u);
  r = run_tool(MCPC_CONFORMANCE_EXE, {"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("exit status"), std::string::npos);
  r = run_tool(MCPC_CONFORMANCE_EXE, {"run", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--expected-failures FILE"), std::string::npos) << r.out;
  r = run_tool(MCPC_CONFORMANCE_EXE, {"list", "--markdown"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("| area | MUST | SHOULD | MAY | total |\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("| **total** |"), std::string::npos) << r.out;
}

// Passing checks keep one line per exchange, so a whole all-pass run (every version,
// every profile) writes all four reports in under a megabyte; with --full-exchanges
// they keep their exchanges and the same run writes many times that.
TEST_F(RunTest, AnAllPassRunsReportsStayUnderAMegabyteUnlessFullExchanges) {
  constexpr std::uintmax_t kBound = 1000 * 1000;
  const auto run_all = [&](const std::string& name, std::vector<std::string> extra) {
    ReferenceServer server;  // each run opens hundreds of sessions: a server of its own
    std::vector<std::string> args{"--url", server.url(), "--protocol-version", "all", "--profile",
                                  "all",   "--quiet"};
    for (const char* kind : {"xml", "json", "md", "html"}) {
      const std::string flag = std::string(kind) == "xml"  ? "--junit"
                               : std::string(kind) == "md" ? "--markdown"
                                                           : "--" + std::string(kind);
      args.insert(args.end(), {flag, path(name + "." + kind)});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = conformance(args);
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    std::uintmax_t total = 0;
    std::string sizes;
    for (const char* kind : {"xml", "json", "md", "html"}) {
      const auto size = fs::file_size(path(name + "." + kind));
      total += size;
      sizes += std::string(kind) + " " + std::to_string(size) + " ";
    }
    return std::pair{total, sizes};
  };

  const auto [summarized, summarized_sizes] = run_all("summarized", {});
  EXPECT_LT(summarized, kBound) << summarized_sizes;
  const auto json = report("summarized.json");
  std::size_t passes = 0;
  for (const auto& suite : json["suites"]) {
    for (const auto& c : suite["cases"]) {
      if (c["verdict"] != "pass" || !c.contains("exchange_summary")) continue;
      ++passes;
      EXPECT_TRUE(c["exchanges"].empty()) << c["id"];
    }
  }
  EXPECT_GT(passes, 200u);

  const auto [whole, whole_sizes] = run_all("whole", {"--full-exchanges"});
  EXPECT_GT(whole, 5 * kBound) << whole_sizes;
  EXPECT_EQ(read_file(path("whole.json")).find("\"exchange_summary\""), std::string::npos);
}

}  // namespace
}  // namespace mcp::testing
