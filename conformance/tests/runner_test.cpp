// The steps of a run that need no server: what escapes a check, which
// versions a run tests, and how expected failures are honoured.
#include <gtest/gtest.h>

#include "conformance/run_steps.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;

Outcome outcome_of(CheckFunction function) {
  const Target target;
  const ServerFacts facts;
  const SchemaAudit schemas;
  CheckContext context(target, facts, schemas);
  const Check check{CheckInfo{.id = "test.check"}, std::move(function)};
  return run_check(check, context);
}

TEST(RunCheck, WhatEscapesACheckIsMappedToAVerdict) {
  const auto passed = outcome_of([](CheckContext&) { return Outcome::pass("fine"); });
  EXPECT_EQ(passed.verdict, Verdict::kPass);
  EXPECT_EQ(passed.message, "fine");

  const auto harness =
      outcome_of([](CheckContext&) -> Outcome { throw HarnessError("server gone"); });
  EXPECT_EQ(harness.verdict, Verdict::kError);
  EXPECT_EQ(harness.message, "server gone");

  const auto server_value = outcome_of(
      [](CheckContext&) -> Outcome { throw ServerValueError("readOnlyHint is \"yes\""); });
  EXPECT_EQ(server_value.verdict, Verdict::kFail);
  EXPECT_EQ(server_value.message,
            "expected: values of the types the schema defines; got: readOnlyHint is \"yes\"");

  const auto json_type = outcome_of([](CheckContext&) -> Outcome {
    return Outcome::pass(Json(42).get<std::string>());  // a bug of ours, not the server's
  });
  EXPECT_EQ(json_type.verdict, Verdict::kError);
  EXPECT_EQ(json_type.message.rfind("harness error: ", 0), 0u) << json_type.message;
}

TEST(ChooseVersions, TheLatestAllOrOneTheServerSpeaks) {
  Probe probe;
  probe.supported = {ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_06_18};
  std::vector<ProtocolVersion> versions;
  EXPECT_FALSE(choose_versions("", probe, &versions));
  EXPECT_EQ(versions, std::vector{ProtocolVersion::k2025_06_18});
  versions.clear();
  EXPECT_FALSE(choose_versions("all", probe, &versions));
  EXPECT_EQ(versions, probe.supported);
  versions.clear();
  EXPECT_FALSE(choose_versions("2025-03-26", probe, &versions));
  EXPECT_EQ(versions, std::vector{ProtocolVersion::k2025_03_26});
  EXPECT_EQ(choose_versions("2024-11-05", probe, &versions).value_or(""),
            "the server does not speak protocol version 2024-11-05 (it echoes: 2025-03-26, "
            "2025-06-18)");
}

class ExpectedFailureSteps : public ::testing::Test {
 protected:
  Job job(std::size_t facts_index, Verdict verdict,
          const std::string& id = "lifecycle.init.result") {
    Job out;
    out.facts_index = facts_index;
    out.report.id = id;
    out.report.verdict = verdict;
    return out;
  }
  std::vector<ServerFacts> facts_ = [] {
    std::vector<ServerFacts> facts(2);
    facts[0].version = ProtocolVersion::k2025_06_18;
    facts[1].version = ProtocolVersion::k2025_11_25;
    return facts;
  }();
};

TEST_F(ExpectedFailureSteps, ListedAndFailingIsExpected) {
  std::vector<Job> jobs{job(0, Verdict::kFail), job(1, Verdict::kPass)};
  apply_expected_failures(jobs, facts_, {{"lifecycle.init.result", "known", ""}});
  EXPECT_TRUE(jobs[0].report.expected_failure);
  EXPECT_EQ(jobs[0].report.expected_reason, "known");
  EXPECT_FALSE(jobs[1].report.stale);  // it failed somewhere
}

TEST_F(ExpectedFailureSteps, PassingEverywhereItAppliesIsStale) {
  std::vector<Job> jobs{job(0, Verdict::kFail), job(1, Verdict::kPass)};
  apply_expected_failures(jobs, facts_, {{"lifecycle.init.result", "known", "2025-11-25"}});
  EXPECT_FALSE(jobs[0].report.expected_failure);  // another version's entry
  EXPECT_EQ(jobs[0].report.expected_reason, "");
  EXPECT_TRUE(jobs[1].report.stale);
}

}  // namespace
}  // namespace mcp::conformance
