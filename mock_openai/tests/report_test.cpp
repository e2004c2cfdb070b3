#include "mock_openai/report.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace mcp::mock {
namespace {

TEST(MockReport, BudgetCasesSayTheLimitAndTheTimeInWholeMilliseconds) {
  FlowResult result;
  result.profile = "guide";
  result.ok = true;  // no "setup" case
  result.budgets = {{"tools/list", 2500, 3100.6, true, "--budget"}};
  const auto suites = to_junit_suites(result);
  ASSERT_EQ(suites.size(), 1u);
  ASSERT_EQ(suites[0].cases.size(), 1u);
  EXPECT_EQ(suites[0].cases[0].name, "budget tools/list <= 2500 ms");
  EXPECT_EQ(suites[0].cases[0].message, "expected at most 2500 ms, got 3100 ms");
}

// JUnit has no warning: a missed inferred budget is a passing case that says so.
TEST(MockReport, AMissedInferredBudgetIsNoFailure) {
  FlowResult result;
  result.profile = "guide";
  result.ok = true;
  result.budgets = {{"list/initialize", 1000, 1019, true, "default", Evidence::kInferred}};
  const auto suites = to_junit_suites(result);
  ASSERT_EQ(suites[0].cases.size(), 1u);
  const auto& c = suites[0].cases[0];
  EXPECT_EQ(c.outcome, reports::Outcome::kPass);
  EXPECT_TRUE(c.system_out.starts_with("WARNING: expected at most 1000 ms, got 1019 ms"))
      << c.system_out;
  bool warning = false;
  for (const auto& p : c.properties)
    warning = warning || (p.name == "verdict" && p.value == "warning");
  EXPECT_TRUE(warning);
}

// Found by fuzz/reports_fuzz: the times were cast to long long, which is
// undefined for values it cannot hold (UBSan stopped the asan preset here).
TEST(MockReport, BudgetTimesNoIntegerCanHoldAreStillWritten) {
  FlowResult result;
  result.profile = "guide";
  result.ok = true;  // no "setup" case
  for (const double ms : {1e300, -1.79769e308, std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN()})
    result.budgets.push_back({"initialize", ms, ms, true, "--budget"});
  const auto suites = to_junit_suites(result);
  ASSERT_EQ(suites.size(), 1u);
  ASSERT_EQ(suites[0].cases.size(), 4u);
  for (const auto& c : suites[0].cases) {
    EXPECT_TRUE(c.name.starts_with("budget initialize <= ")) << c.name;
    EXPECT_TRUE(c.message.starts_with("expected at most ")) << c.message;
  }
}

}  // namespace
}  // namespace mcp::mock
