#include "mock_openai/budgets.hpp"

#include <gtest/gtest.h>

namespace mcp::mock {
namespace {

TEST(Budgets, DefaultsAreTheDeadlineAndInteractiveSeconds) {
  const auto b = Budgets::defaults(30000, "profile x");
  EXPECT_EQ(b.request_deadline_ms(), 30000);
  EXPECT_EQ(b.for_step("initialize")->limit_ms, 1000);
  EXPECT_EQ(b.for_step("tools/list")->limit_ms, 1000);
  EXPECT_FALSE(b.for_step("tools/call"));
  EXPECT_FALSE(b.total());
}

TEST(Budgets, SetAcceptsStepNamesAndAliases) {
  auto b = Budgets::defaults(30000, "default");
  std::string error;
  EXPECT_TRUE(b.set("tools/call=2500", &error)) << error;
  EXPECT_TRUE(b.set("list_tools=200", &error)) << error;
  EXPECT_TRUE(b.set("request=60000", &error)) << error;
  EXPECT_TRUE(b.set("total=10000.5", &error)) << error;
  EXPECT_EQ(b.for_step("tools/call")->limit_ms, 2500);
  EXPECT_EQ(b.for_step("tools/list")->limit_ms, 200);
  EXPECT_EQ(b.for_step("tools/list")->origin, "--budget");
  EXPECT_EQ(b.request_deadline_ms(), 60000);
  EXPECT_EQ(b.total()->limit_ms, 10000.5);
}

TEST(Budgets, RejectsMalformedSpecsWithAReason) {
  auto b = Budgets::defaults(30000, "default");
  for (const char* bad :
       {"tools/list", "warp=5", "tools/list=fast", "tools/list=-1", "tools/list=0", "=5",
        // Found by fuzz/reports_fuzz: these parsed, and writing them in a report was undefined.
        "tools/list=inf", "request=1e300", "total=nan", "initialize=86400001"}) {
    std::string error;
    EXPECT_FALSE(b.set(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(Budgets, DefaultsAreInferredAndTheUsersAreBinding) {
  auto b = Budgets::defaults(5000, "profile agents-sdk");
  EXPECT_EQ(b.for_step("initialize")->evidence, Evidence::kInferred);
  EXPECT_EQ(b.for_step("tools/list")->evidence, Evidence::kInferred);
  EXPECT_EQ(b.request().evidence, Evidence::kInferred);
  EXPECT_EQ(b.request().origin, "profile agents-sdk");
  EXPECT_TRUE(b.set("initialize=2000", nullptr));
  EXPECT_EQ(b.for_step("initialize")->evidence, Evidence::kUser);
  EXPECT_EQ(Budgets::defaults(300, "--profile-file", Evidence::kUser).request().evidence,
            Evidence::kUser);
  EXPECT_FALSE(binding(Evidence::kInferred));
  for (const auto level : {Evidence::kDocumented, Evidence::kReported, Evidence::kUser})
    EXPECT_TRUE(binding(level)) << to_string(level);
}

TEST(Budgets, AMissIsAWarningOnlyWhenTheBudgetIsInferred) {
  BudgetVerdict missed{"list/initialize", 1000, 1004.6, true, "default", Evidence::kInferred};
  EXPECT_EQ(missed.verdict(), "warning");
  EXPECT_EQ(missed.describe(),
            "list/initialize took 1004 ms, 4 ms over its 1000 ms budget (default, inferred)");
  for (const auto level : {Evidence::kDocumented, Evidence::kReported, Evidence::kUser}) {
    missed.evidence = level;
    EXPECT_EQ(missed.verdict(), "failed") << to_string(level);
  }
  missed.exceeded = false;
  EXPECT_EQ(missed.verdict(), "ok");
}

}  // namespace
}  // namespace mcp::mock
