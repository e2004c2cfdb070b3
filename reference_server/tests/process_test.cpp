// The executable's contract: flags, the listening line, exit codes, signals.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "http_fixture.hpp"

namespace mcp::testing {
namespace {

int run_to_exit(const std::vector<std::string>& args, std::string* out = nullptr,
                std::string* err = nullptr) {
  ChildProcess child(MCPC_REFERENCE_SERVER_EXE, args);
  std::string text;
  while (auto line = child.read_line(10s))
    text += *line + "\n";
  const auto status = child.wait(10s);
  if (out) *out = text;
  if (err) *err = child.stderr_text();
  return status.value_or(-1);
}

TEST(ReferenceServerProcess, HelpAndVersionExitZero) {
  std::string out;
  EXPECT_EQ(run_to_exit({"--help"}, &out), 0);
  EXPECT_NE(out.find("--stateless"), std::string::npos);
  EXPECT_EQ(run_to_exit({"--version"}, &out), 0);
  EXPECT_TRUE(std::regex_search(out, std::regex(R"(^mcp-reference-server \d+\.\d+\.\d+)"))) << out;
}

TEST(ReferenceServerProcess, BadFlagsExit2WithAMessage) {
  std::string out;
  std::string err;
  EXPECT_EQ(run_to_exit({"--no-such-flag"}, &out, &err), 2);
  EXPECT_TRUE(out.empty());
  EXPECT_NE(err.find("--no-such-flag"), std::string::npos) << err;
  EXPECT_EQ(run_to_exit({"--port", "99999"}, &out, &err), 2);
  EXPECT_NE(err.find("--port"), std::string::npos) << err;
  EXPECT_EQ(run_to_exit({"--fault=no-such-fault"}, &out, &err), 2);
  EXPECT_EQ(err,
            "mcp-reference-server: --fault: unknown fault 'no-such-fault' (see --list-faults)\n"
            "run 'mcp-reference-server --help' for usage\n");
}

TEST(ReferenceServerProcess, HelpListsTheFlagsAndListFaultsTheFaults) {
  std::string out;
  EXPECT_EQ(run_to_exit({"--help"}, &out), 0);
  for (const char* flag : {"--host", "--port", "--auth-token", "--allowed-origin", "--fault",
                           "--list-faults", "--sse-keepalive-seconds", "--version"})
    EXPECT_NE(out.find(flag), std::string::npos) << flag;
  EXPECT_EQ(run_to_exit({"--list-faults"}, &out), 0);
  EXPECT_TRUE(out.starts_with("session-header-name  ")) << out;
  EXPECT_NE(out.find("\nsse-no-origin-check  "), std::string::npos) << out;
}

TEST(ReferenceServerProcess, UnbindableAddressExits1) {
  std::string err;
  EXPECT_EQ(run_to_exit({"--host", "203.0.113.1", "--port", "0"}, nullptr, &err), 1);
  EXPECT_NE(err.find("cannot listen"), std::string::npos) << err;
}

TEST(ReferenceServerProcess, PrintsExactlyOneListeningLine) {
  ReferenceServer server;
  EXPECT_TRUE(std::regex_match(server.url(), std::regex(R"(http://127\.0\.0\.1:\d+/mcp)")))
      << server.url();
  EXPECT_GT(server.port(), 0);
  EXPECT_FALSE(server.process().read_line(200ms));  // nothing else on stdout
  EXPECT_EQ(server.stop(), 0);
}

TEST(ReferenceServerProcess, SigtermAndSigintShutDownCleanlyWithWorkInFlight) {
  for (const int signal : {SIGTERM, SIGINT}) {
    ReferenceServer server;
    TestClient client(server.host(), server.port());
    const auto session = client.open_session("2025-11-25");
    auto headers = mcp_headers(session, "2025-11-25");
    headers.find("Accept")->second = "text/event-stream";
    SseStream get_stream(server.host(), server.port(), "GET", "/mcp", headers);
    ASSERT_EQ(get_stream.wait_status(10s), 200);
    SseStream slow_tool(
        server.host(), server.port(), "POST", "/mcp", mcp_headers(session, "2025-11-25"),
        jsonrpc::serialize(jsonrpc::make_request(1, "tools/call",
                                                 {{"name", "sleep"},
                                                  {"arguments", {{"ms", 600000}}},
                                                  {"_meta", {{"progressToken", 1}}}})));
    ASSERT_EQ(slow_tool.wait_status(10s), 200);
    EXPECT_EQ(server.process().stop(signal, 15s), 0) << server.process().stderr_text();
    EXPECT_TRUE(get_stream.wait_closed(10s));
    EXPECT_TRUE(slow_tool.wait_closed(10s));
  }
}

TEST(ReferenceServerProcess, HealthReportsOk) {
  ReferenceServer server;
  TestClient client(server.host(), server.port());
  const auto reply = client.send("GET", "/health", {});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["status"], "ok");
  EXPECT_EQ(reply.json()["server"], "mcp-reference-server");
}

}  // namespace
}  // namespace mcp::testing
