// settle() and judge(): the verdict a user sees for what a check concluded.
// A pass needs its evidence (the check's own session opening is none), an
// informational check reports info whatever it found, a broken SHOULD or MAY
// is a warning; and exit_code never fails a run on info, not even --strict.
#include <gtest/gtest.h>

#include "conformance/run_steps.hpp"
#include "conformance/runner.hpp"
#include "conformance/tests/scripted_server.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;
using ::testing::HasSubstr;

CheckInfo info_of(Evidence evidence, Level level = Level::kMust, bool informational = false) {
  CheckInfo info;
  info.id = "test.settle";
  info.level = level;
  info.evidence = evidence;
  info.informational = informational;
  return info;
}

client::Exchange http_answer(const std::string& body) {
  client::Exchange e;
  e.method = "POST";
  e.request_body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  e.status = 200;
  e.response_body = body;
  e.started_ms = e.first_byte_ms = e.completed_ms = 1;
  return e;
}

client::Exchange unanswered() {
  client::Exchange e;
  e.method = "POST";
  e.request_body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  e.error = "no response within the deadline";
  return e;
}

client::Exchange stdio_line(const std::string& method, const std::string& body) {
  client::Exchange e;
  e.transport = "stdio";
  e.method = method;
  (method == "send" ? e.request_body : e.response_body) = body;
  e.started_ms = e.completed_ms = 1;
  return e;
}

const std::string kResponse = R"({"jsonrpc":"2.0","id":1,"result":{}})";
const std::string kProgress =
    R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}})";

// ---- evidence -----------------------------------------------------------------

TEST(Settle, APassWithoutAnAnswerIsASkipSayingSo) {
  for (const auto& exchanges :
       {std::vector<client::Exchange>{}, std::vector<client::Exchange>{unanswered()},
        std::vector<client::Exchange>{stdio_line("send", "{}")}}) {
    const auto o = settle(info_of(Evidence::kAnswer), Outcome::pass("fine"), exchanges);
    EXPECT_EQ(o.verdict, Verdict::kSkip);
    EXPECT_THAT(o.message, HasSubstr("no evidence to pass on: no answer from the server"));
  }
}

TEST(Settle, APassWithAnAnswerStaysAPass) {
  EXPECT_EQ(settle(info_of(Evidence::kAnswer), Outcome::pass(), {http_answer(kResponse)}).verdict,
            Verdict::kPass);
  EXPECT_EQ(settle(info_of(Evidence::kAnswer), Outcome::pass(),
                   {stdio_line("send", "{}"), stdio_line("receive", kResponse)})
                .verdict,
            Verdict::kPass);
  auto refused = http_answer("");  // an HTTP status alone is an answer
  refused.status = 405;
  EXPECT_EQ(settle(info_of(Evidence::kAnswer), Outcome::pass(), {refused}).verdict, Verdict::kPass);
}

TEST(Settle, APassWithoutANotificationIsASkip) {
  // An answer is not a notification; nor is a "notification" that has an id.
  const auto with_id =
      R"({"jsonrpc":"2.0","id":5,"method":"notifications/progress","params":{"progress":1}})";
  for (const auto& body : {kResponse, std::string(with_id)}) {
    const auto o =
        settle(info_of(Evidence::kNotification), Outcome::pass("fine"), {http_answer(body)});
    EXPECT_EQ(o.verdict, Verdict::kSkip) << body;
    EXPECT_THAT(o.message, HasSubstr("the server sent no notification"));
  }
}

TEST(Settle, APassWithANotificationStaysAPassOnEveryTransport) {
  auto sse = http_answer("");
  sse.sse = true;
  sse.events.push_back({1, "message", "", kProgress, std::nullopt});
  sse.events.push_back({2, "message", "", kResponse, std::nullopt});
  EXPECT_EQ(settle(info_of(Evidence::kNotification), Outcome::pass(), {sse}).verdict,
            Verdict::kPass);
  EXPECT_EQ(settle(info_of(Evidence::kNotification), Outcome::pass(),
                   {stdio_line("send", "{}"), stdio_line("receive", kProgress)})
                .verdict,
            Verdict::kPass);
}

TEST(Settle, AHandshakePassNeedsNothingMore) {
  EXPECT_EQ(settle(info_of(Evidence::kHandshake), Outcome::pass("fine"), {}).verdict,
            Verdict::kPass);
}

TEST(Settle, OnlyAPassNeedsEvidence) {
  for (const auto& outcome : {Outcome::fail("x", "y"), Outcome::warn("x", "y"),
                              Outcome::skip("why"), Outcome::error("broke")}) {
    const auto o = settle(info_of(Evidence::kNotification), outcome, {});
    EXPECT_EQ(o.verdict, outcome.verdict);
    EXPECT_EQ(o.message, outcome.message);
  }
}

// ---- informational checks and levels --------------------------------------------

TEST(Settle, AnInformationalChecksLapseIsInfoAndItsPassAPass) {
  const auto info = info_of(Evidence::kAnswer, Level::kShould, /*informational=*/true);
  for (const auto& outcome :
       {Outcome::fail("a preflight", "405"), Outcome::warn("a health route", "500")}) {
    const auto o = settle(info, outcome, {http_answer(kResponse)});
    EXPECT_EQ(o.verdict, Verdict::kInfo) << outcome.message;
    EXPECT_EQ(o.message, outcome.message);
  }
  const auto passed = settle(info, Outcome::pass("CORS allowed"), {http_answer(kResponse)});
  EXPECT_EQ(passed.verdict, Verdict::kPass);
}

TEST(Settle, AnInformationalSkipOrErrorStaysWhatItIs) {
  const auto info = info_of(Evidence::kAnswer, Level::kMust, /*informational=*/true);
  EXPECT_EQ(settle(info, Outcome::skip("nothing"), {}).verdict, Verdict::kSkip);
  EXPECT_EQ(settle(info, Outcome::error("harness"), {}).verdict, Verdict::kError);
  // A pass without its evidence is no finding either.
  EXPECT_EQ(settle(info, Outcome::pass("found"), {}).verdict, Verdict::kSkip);
}

TEST(Settle, ABrokenShouldOrMayIsAWarningAndAMustAFailure) {
  const std::vector<client::Exchange> answered{http_answer(kResponse)};
  for (const auto level : {Level::kShould, Level::kMay}) {
    const auto o = settle(info_of(Evidence::kAnswer, level), Outcome::fail("a", "b"), answered);
    EXPECT_EQ(o.verdict, Verdict::kWarn);
    EXPECT_EQ(o.message, "expected: a; got: b");
  }
  EXPECT_EQ(settle(info_of(Evidence::kAnswer), Outcome::fail("a", "b"), answered).verdict,
            Verdict::kFail);
  EXPECT_EQ(settle(info_of(Evidence::kAnswer), Outcome::warn("a", "b"), answered).verdict,
            Verdict::kWarn);
}

// ---- judge: the check's own session opening is not evidence ----------------------

class Judge : public ::testing::Test {
 protected:
  Outcome judged(Evidence evidence, CheckFunction run, client::TransportKind kind) {
    scripted::Server server(kLatestLegacyVersion, kind);
    static const SchemaAudit schemas;
    CheckContext context(server.target, server.facts, schemas, server.connector());
    return judge(Check{info_of(evidence), std::move(run)}, context);
  }
};

constexpr client::TransportKind kKinds[] = {client::TransportKind::kStreamableHttp,
                                            client::TransportKind::kStdio};

TEST_F(Judge, APassOnTheSessionOpeningAloneIsASkip) {
  for (const auto kind : kKinds) {
    const auto o = judged(
        Evidence::kAnswer,
        [](CheckContext& c) {
          c.open_session();
          return Outcome::pass();
        },
        kind);
    EXPECT_EQ(o.verdict, Verdict::kSkip) << client::to_string(kind);
    EXPECT_THAT(o.message, HasSubstr("no answer from the server"));
  }
}

TEST_F(Judge, APassOnAnAnswerAfterTheOpeningStaysAPass) {
  for (const auto kind : kKinds) {
    const auto o = judged(
        Evidence::kAnswer,
        [](CheckContext& c) {
          c.open_session()->request("ping");
          return Outcome::pass();
        },
        kind);
    EXPECT_EQ(o.verdict, Verdict::kPass) << client::to_string(kind) << ": " << o.message;
  }
}

TEST_F(Judge, AHandshakeCheckPassesOnTheOpening) {
  const auto o = judged(
      Evidence::kHandshake,
      [](CheckContext& c) {
        c.open_session();
        return Outcome::pass();
      },
      client::TransportKind::kStreamableHttp);
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
}

// ---- exit_code --------------------------------------------------------------------

RunResult result_with(std::vector<Verdict> verdicts, bool strict) {
  RunResult result;
  result.report.strict = strict;
  reports::SuiteReport suite;
  for (const auto verdict : verdicts) {
    reports::CaseReport c;
    c.id = "x";
    c.verdict = verdict;
    suite.cases.push_back(c);
  }
  result.report.suites.push_back(suite);
  return result;
}

TEST(ExitCode, InfoNeverFailsARunNotEvenStrict) {
  for (const bool strict : {false, true}) {
    EXPECT_EQ(exit_code(result_with({Verdict::kInfo}, strict)), 0);
    EXPECT_EQ(exit_code(result_with({Verdict::kPass, Verdict::kInfo, Verdict::kSkip}, strict)), 0);
  }
  // The controls: what does fail a run.
  EXPECT_EQ(exit_code(result_with({Verdict::kInfo, Verdict::kWarn}, true)), 1);
  EXPECT_EQ(exit_code(result_with({Verdict::kInfo, Verdict::kWarn}, false)), 0);
  EXPECT_EQ(exit_code(result_with({Verdict::kInfo, Verdict::kFail}, false)), 1);
}

}  // namespace
}  // namespace mcp::conformance
