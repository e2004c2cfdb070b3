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
#include "conformance/tests/handshake_proven.hpp"
#include "conformance/tests/silent_server.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;
using Era = SilentServer::Era;
using Silence = SilentServer::Silence;
using Offer = SilentServer::Offer;
using Setup = std::tuple<Era, Silence, Offer>;

RunResult run_against(const std::string& url) {
  RunOptions options;
  options.target.url = url;
  auto& d = options.target.deadlines;
  d.connect = d.first_byte = d.idle = d.total = std::chrono::seconds(1);
  options.profile = "all";
  options.jobs = 16;
  return Runner(options).run();
}

std::string describe(const Setup& setup) {
  const auto [era, silence, offer] = setup;
  return std::string(era == Era::kInitialize ? "initialize" : "discover") + "_" +
         (silence == Silence::kHold ? "hold" : "close") + "_" +
         (offer == Offer::kEverything ? "everything" : "nothing");
}

class SilentAfterHandshake : public ::testing::TestWithParam<Setup> {};

TEST_P(SilentAfterHandshake, NothingPassesBeyondWhatTheHandshakeProves) {
  const auto [era, silence, offer] = GetParam();
  SilentServer server(era, silence, offer);
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
  std::cout << describe(GetParam()) << ": " << counts[Verdict::kPass] << " pass, "
            << counts[Verdict::kFail] << " fail, " << counts[Verdict::kWarn] << " warn, "
            << counts[Verdict::kSkip] << " skip, " << counts[Verdict::kError] << " error in "
            << seconds << " s\n"
            << passes;
  EXPECT_GT(counts[Verdict::kError] + counts[Verdict::kFail], 0);
  EXPECT_EQ(exit_code(result), 1) << result.aborted_reason;
  EXPECT_FALSE(result.unreachable) << result.aborted_reason;
  EXPECT_LT(seconds, 90.0);
}

INSTANTIATE_TEST_SUITE_P(BothEras, SilentAfterHandshake,
                         ::testing::Combine(::testing::Values(Era::kInitialize, Era::kDiscover),
                                            ::testing::Values(Silence::kHold, Silence::kClose),
                                            ::testing::Values(Offer::kEverything, Offer::kNothing)),
                         [](const ::testing::TestParamInfo<Setup>& param) {
                           return describe(param.param);
                         });

// Exit 3 is for "no MCP server answers at all", and says what happened.
TEST(NoMcpServerAnswers, SilentFromTheStartExits3SayingItConnected) {
  SilentServer held(Era::kNothing, Silence::kHold);
  auto result = run_against(held.url());
  EXPECT_EQ(exit_code(result), 3);
  EXPECT_TRUE(result.unreachable);
  EXPECT_EQ(result.aborted_reason, "connected to 127.0.0.1:" + std::to_string(held.port()) +
                                       ", but no answer to initialize came within 1 s");

  SilentServer closing(Era::kNothing, Silence::kClose);
  result = run_against(closing.url());
  EXPECT_EQ(exit_code(result), 3);
  EXPECT_EQ(result.aborted_reason.rfind("connected to 127.0.0.1:" + std::to_string(closing.port()) +
                                            ", but it ended the connection without answering "
                                            "initialize",
                                        0),
            0u)
      << result.aborted_reason;
}

TEST(NoMcpServerAnswers, GarbageFromTheStartExits3QuotingIt) {
  testing::TestHttpServer server;
  server.http().Post("/mcp", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body>It works!</body></html>", "text/html");
  });
  server.start();
  const auto result = run_against(server.url());
  EXPECT_EQ(exit_code(result), 3);
  EXPECT_EQ(result.aborted_reason,
            "connected to 127.0.0.1:" + std::to_string(server.port()) +
                ", but the answer to initialize is not MCP: HTTP 200 text/html "
                "'<html><body>It works!</body></html>'");
}

// Once an MCP server has answered, its misbehaviour is a failure (exit 1).
TEST(NoMcpServerAnswers, AJsonRpcErrorToInitializeIsAnMcpServerMisbehaving) {
  testing::TestHttpServer server;
  server.http().Post("/mcp", [](const httplib::Request& req, httplib::Response& res) {
    const auto id = jsonrpc::parse(req.body).value.value_or(Json::object()).value("id", Json());
    res.set_content(
        Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", -32603}, {"message", "broken"}}}}
            .dump(),
        "application/json");
  });
  server.start();
  const auto result = run_against(server.url());
  EXPECT_EQ(exit_code(result), 1);
  EXPECT_FALSE(result.unreachable);
  EXPECT_EQ(result.aborted_reason.rfind("initialize did not succeed", 0), 0u)
      << result.aborted_reason;
}

}  // namespace
}  // namespace mcp::conformance
