// The GitHub Action's steps (scripts/ci/action-run.sh) run here as a runner
// runs them: inputs in INPUT_* variables, the step summary and outputs in files,
// the reference server started from the server command. Judged by the exit
// status, the JUnit file, the step summary and the outputs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;

const std::string kScript = std::string(MCPC_FIXTURES_DIR) + "/../scripts/ci/action-run.sh";

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

/// Whether anything accepts connections on 127.0.0.1:`port`.
bool listening(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

class ActionScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("mcpc-action-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// Runs the script as a step would, with `inputs` (and mcp-conformance on
  /// PATH, as an installed toolkit is); `step` names its summary and output files.
  int run_step(const std::map<std::string, std::string>& inputs, const std::string& step) {
    std::vector<std::string> env{
        "PATH=" + fs::path(MCPC_CONFORMANCE_EXE).parent_path().string() + ":" + std::getenv("PATH"),
        "GITHUB_STEP_SUMMARY=" + path(step + ".summary.md"),
        "GITHUB_OUTPUT=" + path(step + ".output")};
    for (const auto& [name, value] : inputs)
      env.push_back(name + "=" + value);
    env.insert(env.end(), {"bash", kScript});
    ChildProcess process("/usr/bin/env", env);
    while (const auto line = process.read_line(120s))
      log_ += *line + "\n";
    const auto status = process.wait(120s);
    log_ += process.stderr_text();
    return status.value_or(-1);
  }
  std::string summary(const std::string& step) const {
    return read_file(path(step + ".summary.md"));
  }
  std::map<std::string, std::string> outputs(const std::string& step) const {
    std::map<std::string, std::string> out;
    std::istringstream lines(read_file(path(step + ".output")));
    for (std::string line; std::getline(lines, line);)
      out[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
    return out;
  }
  /// The port the server of a step listened on, from its ready line.
  int server_port(const std::string& reports) const {
    const auto log = read_file(path(reports + "/server.log"));
    const auto colon = log.rfind(':', log.find("/mcp"));
    return colon == std::string::npos ? -1 : std::atoi(log.c_str() + colon + 1);
  }

  fs::path dir_;
  std::string log_;
};

const std::string kServer = std::string(MCPC_REFERENCE_SERVER_EXE) + " --port 0";

TEST_F(ActionScriptTest, APassingServerGivesJUnitAStepSummaryAndOutputs) {
  const auto status = run_step({{"INPUT_SERVER_COMMAND", kServer},
                                {"INPUT_REPORTS_DIR", path("reports")},
                                {"INPUT_ARGS", "--quiet --header 'X-Test: one two'"}},
                               "step");
  ASSERT_EQ(status, 0) << log_;
  const auto junit = read_file(path("reports/mcp-conformance.xml"));
  EXPECT_TRUE(contains(junit, "<testsuites>")) << junit.substr(0, 200);
  EXPECT_FALSE(contains(junit, "<failure"));
  const auto text = summary("step");
  EXPECT_TRUE(contains(text, "## MCP conformance: http://127.0.0.1:")) << text;
  EXPECT_TRUE(contains(text, "**Passed** (exit code 0)")) << text;
  const auto out = outputs("step");
  EXPECT_EQ(out.at("exit-code"), "0");
  EXPECT_EQ(out.at("junit"), path("reports/mcp-conformance.xml"));
  EXPECT_EQ(out.at("json"), path("reports/mcp-conformance.json"));
  EXPECT_EQ(out.at("artifact-name"), "mcp-conformance");
  // The step stopped the server it started.
  const int port = server_port("reports");
  ASSERT_GT(port, 0) << read_file(path("reports/server.log"));
  EXPECT_FALSE(listening(port));
}

TEST_F(ActionScriptTest, AFailingServerFailsTheStepAndTheSummaryNamesTheCheck) {
  const auto status = run_step({{"INPUT_SERVER_COMMAND", kServer + " --fault unknown-session-400"},
                                {"INPUT_REPORTS_DIR", path("reports")}},
                               "step");
  EXPECT_EQ(status, 1) << log_;
  EXPECT_TRUE(contains(summary("step"), "transport.http.session.terminated-404"))
      << summary("step");
  EXPECT_TRUE(contains(summary("step"), "**Failed** (exit code 1)"));
  EXPECT_EQ(outputs("step").at("exit-code"), "1");
  EXPECT_TRUE(contains(read_file(path("reports/mcp-conformance.xml")), "<failure"));
  EXPECT_FALSE(listening(server_port("reports")));
}

TEST_F(ActionScriptTest, ShardsOnTheirOwnServersMergeIntoTheWholeRun) {
  for (const char* shard : {"1/2", "2/2"}) {
    const auto status = run_step({{"INPUT_SERVER_COMMAND", kServer},
                                  {"INPUT_SHARD", shard},
                                  {"INPUT_REPORTS_DIR", path("shards")},
                                  {"INPUT_ARGS", "--quiet"}},
                                 std::string("shard") + shard[0]);
    ASSERT_EQ(status, 0) << log_;
  }
  EXPECT_EQ(outputs("shard1").at("artifact-name"), "mcp-conformance-shard-1-of-2");
  const auto status = run_step(
      {{"INPUT_MERGE", path("shards") + "/*-shard-*.json"}, {"INPUT_REPORTS_DIR", path("merged")}},
      "merge");
  ASSERT_EQ(status, 0) << log_;
  EXPECT_TRUE(contains(read_file(path("merged/mcp-conformance.xml")), "<testsuites>"));
  EXPECT_TRUE(contains(summary("merge"), "**Passed** (exit code 0)")) << summary("merge");
  EXPECT_EQ(outputs("merge").at("junit"), path("merged/mcp-conformance.xml"));
}

TEST_F(ActionScriptTest, AServerThatExitsBeforeItIsReadyFailsTheStepWithItsLastWords) {
  const auto status =
      run_step({{"INPUT_SERVER_COMMAND", "echo cannot bind: address in use; exit 7"},
                {"INPUT_REPORTS_DIR", path("reports")}},
               "step");
  EXPECT_EQ(status, 3) << log_;
  const auto text = summary("step");
  EXPECT_TRUE(contains(text, "the server exited")) << text;
  EXPECT_TRUE(contains(text, "cannot bind: address in use")) << text;
  EXPECT_EQ(outputs("step").at("exit-code"), "3");
  // No server at all.
  EXPECT_EQ(run_step({{"INPUT_REPORTS_DIR", path("none")}}, "none"), 2) << log_;
  EXPECT_TRUE(contains(summary("none"), "give url, server-command or stdio"));
}

}  // namespace
}  // namespace mcp::testing
