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
