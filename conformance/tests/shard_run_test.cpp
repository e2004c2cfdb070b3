// run --shard and merge as CI runs them: three shard processes against the
// reference server, merged, against one unsharded run of the same server. The
// reports must say the same, but for what differs between any two runs
// (timings, timestamps, session ids and the random names checks make up).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "protocol/jsonrpc.hpp"
#include "reports/report_reader.hpp"
#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;

struct Finished {
  int status = -1;
  std::string out;
  std::string err;
};

Finished conformance(const std::vector<std::string>& args) {
  ChildProcess process(MCPC_CONFORMANCE_EXE, args);
  Finished result;
  while (const auto line = process.read_line(240s))
    result.out += *line + "\n";
  result.status = process.wait(240s).value_or(-1);
  result.err = process.stderr_text();
  return result;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Json read_json(const fs::path& path) {
  auto parsed = jsonrpc::parse(read_file(path));
  if (!parsed.value) ADD_FAILURE() << path << ": " << parsed.error;
  return parsed.value.value_or(Json::object());
}

/// `text` with what differs between two runs of the same checks masked: runs of
/// 16 or more hex digits (session ids) become "#", and so do runs of digits
/// (times, random names).
std::string masked(const std::string& text) {
  std::string out;
  const auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = i;
    while (end < text.size() && is_hex(text[end]))
      ++end;
    if (end - i >= 16) {
      out += '#';
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      out += '#';
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;
    } else {
      out += text[i++];
    }
  }
  return out;
}

/// What the exchanges of a check were, without what differs between two runs
/// (times, ids, signed state): each one's method, label and answer status.
Json outline(const Json& exchanges) {
  Json out = Json::array();
  for (const auto& e : exchanges) {
    out.push_back(e.value("method", "") + " " + masked(e.value("label", "")) + " -> " +
                  std::to_string(e["response"].value("status", -1)));
  }
  return out;
}

/// The report with its timings, timestamps and exchanges' varying parts masked.
Json comparable(Json report) {
  report.erase("started_at");
  report.erase("seconds");
  for (auto& suite : report["suites"]) {
    for (auto& c : suite["cases"]) {
      c["seconds"] = 0;
      c["message"] =
          std::regex_replace(c["message"].get<std::string>(), std::regex("\\d+ ms"), "# ms");
      c["exchanges"] = outline(c["exchanges"]);
      // Checks name what must not exist with a random number (no-such-tool-1843...).
      if (c.contains("exchange_summary")) {
        Json lines = Json::array();
        for (const auto& line : c["exchange_summary"])
          lines.push_back(std::regex_replace(line.get<std::string>(), std::regex("\\d{6,}"), "#"));
        c["exchange_summary"] = lines;
      }
    }
  }
  return report;
}

/// The JUnit XML without times and without the exchanges (compact or pretty
/// JSON lines) that system-out and failure bodies carry; digits masked but in
/// the elements of suites, cases and properties (names, counts, verdicts).
std::string comparable_junit(const std::string& junit) {
  std::istringstream lines(
      std::regex_replace(junit, std::regex(" (time|timestamp)=\"[^\"]*\""), ""));
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    const auto text =
        std::string_view(line).substr(std::min(line.find_first_not_of(' '), line.size()));
    if (text.starts_with("{") || text.starts_with("}") || text.starts_with("[") ||
        text.starts_with("]") || text.starts_with("&quot;"))
      continue;
    const bool element = text.starts_with("<testsuite") || text.starts_with("<testcase") ||
                         text.starts_with("<property");
    out += (element ? line : masked(line)) + "\n";
  }
  return out;
}

std::string without_duration(const std::string& markdown) {
  return std::regex_replace(std::regex_replace(markdown, std::regex(" [0-9.]+ s\n"), " # s\n"),
                            std::regex("\\d+ ms"), "# ms");
}

class ShardRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("mcpc-shard-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// One unsharded run and three shards of it, with `args`; then the shards
  /// merged (given out of order). Each run's exit status must be `status`.
  void run_whole_and_sharded(const std::vector<std::string>& args, int status) {
    auto whole = args;
    whole.insert(whole.begin(), "run");
    whole.insert(whole.end(), {"--json", path("whole.json"), "--junit", path("whole.xml"),
                               "--markdown", path("whole.md"), "--quiet"});
    const auto single = conformance(whole);
    ASSERT_EQ(single.status, status) << single.out << single.err;
    for (int i = 1; i <= 3; ++i) {
      auto shard = args;
      shard.insert(shard.begin(), "run");
      shard.insert(shard.end(), {"--shard", std::to_string(i) + "/3", "--json",
                                 path("shard" + std::to_string(i) + ".json"), "--quiet"});
      const auto part = conformance(shard);
      EXPECT_TRUE(part.status == 0 || part.status == 1) << part.out << part.err;
    }
    merge_ = conformance({"merge", "--json", path("merged.json"), "--junit", path("merged.xml"),
                          "--markdown", path("merged.md"), "--html", path("merged.html"),
                          path("shard3.json"), path("shard1.json"), path("shard2.json")});
    EXPECT_EQ(merge_.status, status) << merge_.out << merge_.err;
  }

  fs::path dir_;
  Finished merge_;
};

TEST_F(ShardRunTest, ThreeShardsMergedAreTheWholeRun) {
  ReferenceServer server;
  run_whole_and_sharded({"--url", server.url(), "--protocol-version", "all", "--profile", "all"},
                        0);
  const auto whole = read_json(path("whole.json"));
  const auto merged = read_json(path("merged.json"));
  EXPECT_FALSE(merged.contains("shard"));
  EXPECT_EQ(comparable(merged), comparable(whole));
  EXPECT_EQ(comparable_junit(read_file(path("merged.xml"))),
            comparable_junit(read_file(path("whole.xml"))));
  EXPECT_EQ(without_duration(read_file(path("merged.md"))),
            without_duration(read_file(path("whole.md"))));
  EXPECT_NE(read_file(path("merged.html")).find("lifecycle.init.result"), std::string::npos);
  EXPECT_NE(merge_.out.find("result: passed (exit 0)"), std::string::npos) << merge_.out;
  // Each shard ran a third of the results, give or take a check.
  const int total = whole["summary"]["total"].get<int>();
  for (int i = 1; i <= 3; ++i) {
    const auto part = read_json(path("shard" + std::to_string(i) + ".json"));
    EXPECT_EQ(part["shard"]["index"], i);
    EXPECT_NEAR(part["summary"]["total"].get<int>(), total / 3.0, 6.0) << i;
  }
}

TEST_F(ShardRunTest, FailuresSchemaViolationsAndExpectationsMergeAsOneRunJudgesThem) {
  // The schema violations of the prompts checks fail base.message.schema in
  // whichever shard it runs; it is expected to fail, and a stale expectation
  // fails the run.
  ReferenceServer server({"--fault", "prompt-role-system", "--fault", "unknown-session-400",
                          "--fault", "early-server-request"});
  std::ofstream(path("expected.yaml"))
      << "expected_failures:\n"
         "  - id: base.message.schema\n    reason: our prompts say system\n"
         "  - id: transport.http.session.terminated-404\n    reason: a proxy\n"
         "    version: 2025-06-18\n"
         "  - id: lifecycle.init.result\n    reason: was broken once\n";
  run_whole_and_sharded({"--url", server.url(), "--protocol-version", "all", "--profile", "all",
                         "--expected-failures", path("expected.yaml")},
                        1);
  const auto whole = read_json(path("whole.json"));
  const auto merged = read_json(path("merged.json"));
  EXPECT_EQ(comparable(merged), comparable(whole));
  EXPECT_EQ(comparable_junit(read_file(path("merged.xml"))),
            comparable_junit(read_file(path("whole.xml"))));
  EXPECT_EQ(without_duration(read_file(path("merged.md"))),
            without_duration(read_file(path("whole.md"))));
  EXPECT_GT(merged["summary"]["fail"].get<int>(), 0);
  EXPECT_NE(merge_.out.find("result: FAILED (exit 1)"), std::string::npos) << merge_.out;
}

TEST_F(ShardRunTest, EveryReportReadsBackAsWritten) {
  ReferenceServer server({"--fault", "unknown-session-400"});
  const auto r = conformance(
      {"run", "--url", server.url(), "--shard", "1/2", "--json", path("shard1.json"), "--quiet"});
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.out << r.err;
  const auto json = read_json(path("shard1.json"));
  std::string error;
  const auto report = reports::from_json(json, &error);
  ASSERT_TRUE(report) << error;
  EXPECT_EQ(reports::to_json(*report), json);
}

TEST_F(ShardRunTest, MergeRefusesWhatIsNotEveryShardOfOneRun) {
  ReferenceServer server;
  const std::vector<std::string> url{"--url", server.url(), "--only", "lifecycle.*", "--quiet"};
  for (const auto& [name, extra] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"whole.json", {}},
           {"shard1.json", {"--shard", "1/3"}},
           {"shard2.json", {"--shard", "2/3"}}}) {
    auto args = url;
    args.insert(args.begin(), "run");
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"--json", path(name)});
    ASSERT_EQ(conformance(args).status, 0);
  }
  const auto refused = [&](std::vector<std::string> args, const std::string& says) {
    args.insert(args.begin(), "merge");
    const auto r = conformance(args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  };
  refused({path("shard1.json"), path("shard2.json")}, "shard 3/3 missing");
  refused({path("shard1.json"), path("shard1.json"), path("shard2.json")}, "shard 1/3 given twice");
  refused({path("whole.json")}, "not the report of a shard");
  refused({path("none.json")}, path("none.json") + ": cannot read the file");
  refused({"--json", path("no/such/dir/m.json"), path("shard1.json")},
          "--json: cannot write " + path("no/such/dir/m.json"));
}

}  // namespace
}  // namespace mcp::testing
