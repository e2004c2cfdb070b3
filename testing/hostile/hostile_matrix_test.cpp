// The hostile-peer matrix: mcp-conformance and mock-openai against each mode of
// mcpc-hostile-server, with every report asked for and secrets given. Whatever
// the server does, each program must end in bounded time with a defined exit
// status, stay under the memory limit, write every report it was asked for in
// a form its readers accept, and never show a secret.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "testing/child_process.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using mcp::testing::ChildProcess;

constexpr const char* kBearer = "hostile-bearer-7f3a9c1e5d";
constexpr const char* kHeaderSecret = "hostile-header-2b8e6f4a0c";
constexpr const char* kQuerySecret = "hostile-query-9d1c7e3b5a";
constexpr long kRssLimitKb = 256 * 1024;
constexpr std::uintmax_t kReportsLimitBytes = 50u << 20;

struct Case {
  std::string mode;
  std::string program;  // "conformance" or "mock"
  int exit_status;
  std::vector<std::string> server_args = {};  // more flags of mcpc-hostile-server
};

/// How a case is shown in test names and failures.
void PrintTo(const Case& c, std::ostream* out) {
  *out << c.program << " against " << c.mode;
  for (const auto& arg : c.server_args)
    *out << " " << arg;
  *out << " (exit " << c.exit_status << ")";
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.program + "_" + info.param.mode;
  for (const auto& arg : info.param.server_args)
    name += "_" + arg;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

struct Finished {
  int status = -1;  // exit status, 128 + signal, or -1 when it had to be killed
  long max_rss_kb = 0;
  double seconds = 0;
};

/// Runs `argv` with stdout and stderr to files, killing it past `deadline`.
Finished run_bounded(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
                     std::chrono::seconds deadline) {
  const auto started = std::chrono::steady_clock::now();
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &files, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) return {};
  auto waited = std::async(std::launch::async, [pid] {
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    Finished f;
    f.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.max_rss_kb = usage.ru_maxrss;
    return f;
  });
  bool killed = false;
  if (waited.wait_for(deadline) != std::future_status::ready) {
    ::kill(pid, SIGKILL);
    killed = true;
  }
  Finished f = waited.get();
  if (killed) f.status = -1;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return f;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class HostileMatrix : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mcpc-hostile-" + std::to_string(::getpid()) + "-" + case_name({GetParam(), 0}));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::vector<std::string> command(const std::string& url) const {
    const std::string target = url + "?access_token=" + kQuerySecret;
    const std::string header = std::string("X-Api-Key: ") + kHeaderSecret;
    if (GetParam().program == "conformance") {
      return {MCPC_CONFORMANCE_EXE,
              "run",
              "--url",
              target,
              "--timeout",
              "2",
              "--bearer",
              kBearer,
              "--header",
              header,
              "--json",
              path("r.json"),
              "--junit",
              path("r.xml"),
              "--html",
              path("r.html"),
              "--markdown",
              path("r.md")};
    }
    return {MCPC_MOCK_OPENAI_EXE,
            "replay",
            "--url",
            target,
            "--authorization",
            kBearer,
            "--header",
            header,
            "--budget",
            "request=2000",
            "--json",
            path("r.json"),
            "--junit",
            path("r.xml"),
            "--transcript",
            path("t.json")};
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_P(HostileMatrix, BoundedDefinedReportedAndSecretFree) {
  const Case& c = GetParam();
  std::vector<std::string> server_args{"--mode", c.mode};
  server_args.insert(server_args.end(), c.server_args.begin(), c.server_args.end());
  ChildProcess server(MCPC_HOSTILE_SERVER_EXE, server_args);
  const auto listening = server.read_line(10s);
  ASSERT_TRUE(listening && listening->starts_with("listening on ")) << server.stderr_text();
  const std::string url = listening->substr(13);

  const auto finished = run_bounded(command(url), dir_ / "stdout", dir_ / "stderr", 120s);
  const std::string out = read_file(dir_ / "stdout") + read_file(dir_ / "stderr");
  EXPECT_NE(finished.status, -1) << "still running after 120 s";
  EXPECT_EQ(finished.status, c.exit_status) << out.substr(0, 4000);
  EXPECT_LT(finished.max_rss_kb, kRssLimitKb) << "peak RSS " << finished.max_rss_kb / 1024 << " MB";

  const bool conformance = c.program == "conformance";
  std::vector<std::string> reports{"r.json", "r.xml"};
  if (conformance) {
    reports.insert(reports.end(), {"r.html", "r.md"});
  } else {
    reports.push_back("t.json");
  }
  std::uintmax_t total = 0;
  for (const auto& name : reports) {
    ASSERT_TRUE(fs::exists(dir_ / name)) << name << " was not written\n" << out.substr(0, 4000);
    total += fs::file_size(dir_ / name);
  }
  EXPECT_LT(total, kReportsLimitBytes) << "reports of " << total / (1u << 20) << " MiB";
  for (const auto& name : {"r.json", "t.json"}) {
    if (!fs::exists(dir_ / name)) continue;
    EXPECT_FALSE(nlohmann::json::parse(read_file(dir_ / name), nullptr, false).is_discarded())
        << name << " is not JSON";
  }
  for (const char* xsd : {"windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd"}) {
    // Plain xmllint, without --huge: the limits every CI reader built on libxml2 has.
    const auto lint = run_bounded({MCPC_XMLLINT, "--noout", "--schema",
                                   std::string(MCPC_FIXTURES_DIR) + "/junit/" + xsd, path("r.xml")},
                                  dir_ / "lint.out", dir_ / "lint.err", 60s);
    EXPECT_EQ(lint.status, 0) << xsd << ": " << read_file(dir_ / "lint.err").substr(0, 2000);
  }
  if (conformance) {
    EXPECT_NE(read_file(dir_ / "r.html").rfind("</html>"), std::string::npos);
  }

  reports.insert(reports.end(), {"stdout", "stderr"});
  for (const auto& name : reports) {
    const std::string text = read_file(dir_ / name);
    for (const char* secret : {kBearer, kHeaderSecret, kQuerySecret})
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " is in " << name;
  }
}

// Exit 3: no MCP server answered at all. Exit 1: one answered, then misbehaved
// (mcp-conformance's first request is server/discover, which a slow-initialize
// server answers at once, with "method not found": an MCP server answered).
// mock-openai exits 0 where OpenAI's client would still succeed (a server that
// pads its answers or echoes what it is sent is slow or rude, not broken).
const std::vector<Case> kCases{
    {"silent", "conformance", 3},
    {"silent", "mock", 3},
    {"trickling", "conformance", 3},
    {"trickling", "mock", 3},
    {"garbage", "conformance", 3},
    {"garbage", "mock", 3},
    {"slow-initialize", "conformance", 1},
    {"slow-initialize", "mock", 3},
    {"silent-after-init", "conformance", 1},
    {"silent-after-init", "mock", 1},
    {"reset", "conformance", 1},
    {"reset", "mock", 1},
    {"endless-sse", "conformance", 1},
    {"endless-sse", "mock", 1},
    {"huge-events", "conformance", 1},
    {"huge-events", "mock", 1},
    {"huge-body", "conformance", 1},
    {"huge-body", "mock", 0},
    {"deep-json", "conformance", 1},
    {"deep-json", "mock", 1},
    {"huge-headers", "conformance", 1},
    {"huge-headers", "mock", 0},
    {"invalid-utf8", "conformance", 1},
    {"invalid-utf8", "mock", 1},
    {"echo-secrets", "conformance", 1},
    {"echo-secrets", "mock", 0},
    {"response-flood", "conformance", 1},
    {"response-flood", "mock", 0},
    // A refusal without a word of JSON-RPC: no MCP server answered, in both programs alike.
    {"http-status", "conformance", 3, {"--status", "401"}},
    {"http-status", "mock", 3, {"--status", "401"}},
    {"http-status", "conformance", 3, {"--status", "404"}},
    {"http-status", "mock", 3, {"--status", "404"}},
    {"http-status", "conformance", 3, {"--status", "501"}},
    {"http-status", "mock", 3, {"--status", "501"}},
    // The server dies in the middle: after the probe, or after mock-openai's listing.
    {"exits-after", "conformance", 3, {"--requests", "60"}},
    {"exits-after", "mock", 3, {"--requests", "4"}},
};

INSTANTIATE_TEST_SUITE_P(Hostile, HostileMatrix, ::testing::ValuesIn(kCases), case_name);

}  // namespace
