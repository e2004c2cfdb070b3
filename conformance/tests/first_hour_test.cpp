// What a server author meets in the first hour, as the programs' processes: a report
// path that cannot be written stops the run before any check; a server that dies
// mid-run is named once and ends the run with exit 3; a tools/list of the wrong
// shape is named as the cause of the checks it keeps from running.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "protocol/jsonrpc.hpp"
#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Ran {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
};

Ran run(const std::string& exe, const std::vector<std::string>& args) {
  const auto started = Clock::now();
  ChildProcess process(exe, args);
  Ran ran;
  while (auto line = process.read_line(std::chrono::seconds(240)))
    ran.out += *line + "\n";
  ran.exit_code = process.wait(std::chrono::seconds(240)).value_or(-1);
  ran.err = process.stderr_text();
  ran.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return ran;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() /
          ("mcpc-first-hour-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

Json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return jsonrpc::parse(text.str(), 1000).value.value_or(Json());
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST(FirstHour, AnUnwritableReportPathIsAUsageErrorBeforeAnyCheckRuns) {
  ReferenceServer server;
  const auto ran =
      run(MCPC_CONFORMANCE_EXE, {"run", "--url", server.url(), "--protocol-version", "all",
                                 "--profile", "all", "--html", "/nonexistent-dir/r.html"});
  EXPECT_EQ(ran.exit_code, 2) << ran.out << ran.err;
  EXPECT_NE(ran.err.find("--html"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("/nonexistent-dir"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.out.find("PASS"), std::string::npos) << "checks ran:\n" << ran.out;
  EXPECT_EQ(ran.out.find("result:"), std::string::npos) << ran.out;
}

TEST(FirstHour, OnePathForTwoReportsIsAUsageError) {
  ReferenceServer server;
  const auto path = temp_path("same.out");
  const auto ran =
      run(MCPC_CONFORMANCE_EXE, {"run", "--url", server.url(), "--json", path, "--junit", path});
  EXPECT_EQ(ran.exit_code, 2) << ran.out << ran.err;
  EXPECT_NE(ran.err.find("both name"), std::string::npos) << ran.err;
  EXPECT_FALSE(fs::exists(path));
}

TEST(FirstHour, MockOpenAiChecksItsOutputPathsFirstToo) {
  ReferenceServer server;
  const auto ran = run(MCPC_MOCK_OPENAI_EXE, {"replay", "--url", server.url(), "--transcript",
                                              "/nonexistent-dir/t.json"});
  EXPECT_EQ(ran.exit_code, 2) << ran.out << ran.err;
  EXPECT_NE(ran.err.find("--transcript"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.out.find("result:"), std::string::npos) << ran.out;
}

TEST(FirstHour, AServerThatDiesMidRunIsNamedOnceAndTheRunStops) {
  // It answers the probe and the first checks, then exits.
  ChildProcess server(MCPC_HOSTILE_SERVER_EXE, {"--mode", "exits-after", "--requests", "60"});
  const auto listening = server.read_line(std::chrono::seconds(10));
  ASSERT_TRUE(listening && listening->starts_with("listening on ")) << server.stderr_text();
  const auto json = temp_path("gone.json");
  const auto ran = run(MCPC_CONFORMANCE_EXE, {"run", "--url", listening->substr(13),
                                              "--protocol-version", "all", "--json", json});
  EXPECT_EQ(ran.exit_code, 3) << ran.out << ran.err;
  EXPECT_EQ(count_of(ran.err, "the server stopped answering during "), 1u) << ran.err;
  const auto report = read_json(json);
  fs::remove(json);
  ASSERT_TRUE(report.is_object()) << ran.err;
  ASSERT_EQ(report["notes"].size(), 1u) << report["notes"].dump();
  EXPECT_NE(report["notes"][0].get<std::string>().find("stopped answering during"),
            std::string::npos);
  int errors = 0;
  int not_run = 0;
  for (const auto& suite : report["suites"]) {
    for (const auto& c : suite["cases"]) {
      if (c["verdict"] == "error") ++errors;
      if (c["message"].get<std::string>().starts_with("not run: the server stopped answering"))
        ++not_run;
    }
  }
  // One error where it was noticed (and at most the checks then in flight): not one per check.
  EXPECT_GE(errors, 1);
  EXPECT_LE(errors, 16) << ran.out;
  EXPECT_GT(not_run, 0);
  EXPECT_LE(count_of(ran.out, "ERROR"), 16u) << ran.out;
}

TEST(FirstHour, ABareArrayFromToolsListIsNamedAsTheCauseOfSkips) {
  ChildProcess server(MCPC_HOSTILE_SERVER_EXE, {"--mode", "tools-list-array"});
  const auto listening = server.read_line(std::chrono::seconds(10));
  ASSERT_TRUE(listening && listening->starts_with("listening on ")) << server.stderr_text();
  const auto json = temp_path("array.json");
  const auto ran =
      run(MCPC_CONFORMANCE_EXE, {"run", "--url", listening->substr(13), "--json", json, "--quiet"});
  const auto report = read_json(json);
  fs::remove(json);
  ASSERT_TRUE(report.is_object()) << ran.err;
  int named = 0;
  for (const auto& suite : report["suites"]) {
    for (const auto& c : suite["cases"]) {
      const auto message = c["message"].get<std::string>();
      EXPECT_EQ(message.find("no tool is annotated readOnlyHint"), std::string::npos)
          << c["id"] << ": " << message;
      if (c["verdict"] == "skip" && message.starts_with("tools/list answered [")) ++named;
    }
  }
  EXPECT_GT(named, 0) << "no skip names the bare array";
  EXPECT_EQ(ran.exit_code, 1) << "the shape of tools/list is itself a failure";
}

TEST(FirstHour, ACorsPreflightWithoutItsHeadersSaysTheHeadersAreMissing) {
  ReferenceServer server({"--fault", "no-cors"});
  const auto json = temp_path("cors.json");
  const auto ran = run(MCPC_CONFORMANCE_EXE, {"run", "--url", server.url(), "--profile", "openai",
                                              "--only", "openai.cors-preflight", "--json", json});
  const auto report = read_json(json);
  fs::remove(json);
  ASSERT_TRUE(report.is_object()) << ran.err;
  const auto& c = report["suites"][0]["cases"][0];
  EXPECT_EQ(c["verdict"], "info");
  const auto message = c["message"].get<std::string>();
  EXPECT_NE(message.find("without an Access-Control-Allow-Methods header"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("2xx"), std::string::npos) << "the status was fine: " << message;
}

}  // namespace
}  // namespace mcp::testing
