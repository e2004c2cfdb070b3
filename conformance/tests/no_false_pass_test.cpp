// No false pass: against a server that answers the handshake and then goes
// silent (holding every other request past the deadline, or closing it
// unanswered), in both eras, the whole catalogue passes nothing but what the
// handshake itself proves; every other check errs, fails or is skipped, the run
// ends in bounded time, and it exits 1 (the server did answer as MCP). A server
// silent from the start exits 3, saying that it connected.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include "conformance/runner.hpp"
#include "conformance/tests/silent_server.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;
using Era = SilentServer::Era;
using Silence = SilentServer::Silence;

/// The checks whose whole evidence is the handshake the silent server answers,
/// and why; a pass of any other check would be a pass without evidence.
const std::map<std::string, std::string>& proven_by_initialize() {
  static const std::map<std::string, std::string> kProven{
      {"lifecycle.init.result",
       "initialize answered with a result: the version, capabilities and serverInfo it judges"},
  };
  return kProven;
}

const std::map<std::string, std::string>& proven_by_discover() {
  static const std::map<std::string, std::string> kProven{
      {"version.v26.discover",
       "server/discover answered: the supportedVersions and capabilities it judges"},
  };
  return kProven;
}

RunResult run_against(const std::string& url) {
  RunOptions options;
  options.target.url = url;
  auto& d = options.target.deadlines;
  d.connect = d.first_byte = d.idle = d.total = std::chrono::seconds(1);
  options.profile = "all";
  options.jobs = 16;
  return Runner(options).run();
}

std::string describe(const Era era, const Silence silence) {
  return std::string(era == Era::kInitialize ? "initialize" : "discover") + "/" +
         (silence == Silence::kHold ? "hold" : "close");
}

class SilentAfterHandshake : public ::testing::TestWithParam<std::tuple<Era, Silence>> {};

TEST_P(SilentAfterHandshake, NothingPassesBeyondWhatTheHandshakeProves) {
  const auto [era, silence] = GetParam();
  SilentServer server(era, silence);
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_against(server.url());
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const auto& proven = era == Era::kInitialize ? proven_by_initialize() : proven_by_discover();
  std::map<Verdict, int> counts;
  std::string passes;
  for (const auto& suite : result.report.suites) {
    for (const auto& c : suite.cases) {
      ++counts[c.verdict];
      if (c.verdict != Verdict::kPass) continue;
      passes += "  " + c.id + " (" + suite.protocol_version + "): " + c.message + "\n";
      EXPECT_TRUE(proven.count(c.id)) << c.id << " passed without an answer: " << c.message;
    }
  }
  std::cout << describe(era, silence) << ": " << counts[Verdict::kPass] << " pass, "
            << counts[Verdict::kFail] << " fail, " << counts[Verdict::kWarn] << " warn, "
            << counts[Verdict::kSkip] << " skip, " << counts[Verdict::kError] << " error in "
            << seconds << " s\n"
            << passes;
  EXPECT_GT(counts[Verdict::kError] + counts[Verdict::kFail], 0);
  EXPECT_EQ(exit_code(result), 1) << result.aborted_reason;
  EXPECT_FALSE(result.unreachable) << result.aborted_reason;
  EXPECT_LT(seconds, 90.0);
}

INSTANTIATE_TEST_SUITE_P(
    BothEras, SilentAfterHandshake,
    ::testing::Combine(::testing::Values(Era::kInitialize, Era::kDiscover),
                       ::testing::Values(Silence::kHold, Silence::kClose)),
    [](const ::testing::TestParamInfo<std::tuple<Era, Silence>>& param) {
      auto name = describe(std::get<0>(param.param), std::get<1>(param.param));
      name[name.find('/')] = '_';
      return name;
    });

}  // namespace
}  // namespace mcp::conformance
