#include "reports/report_bounds.hpp"

#include <gtest/gtest.h>

namespace mcp::reports {
namespace {

CaseReport check_with(Verdict verdict, std::size_t exchanges, std::size_t body_bytes) {
  CaseReport c;
  c.id = std::string(to_string(verdict)) + ".check";
  c.verdict = verdict;
  for (std::size_t i = 0; i < exchanges; ++i) {
    c.exchanges.push_back(
        {{"request", {{"headers", Json::array()}, {"body", "{}"}}},
         {"response", {{"body", std::string(body_bytes, 'x')}, {"events", Json::array({"e"})}}}});
  }
  return c;
}

// A budget of 100 KB of exchanges and two checks of 80 KB each: the failure,
// listed last, keeps its exchanges; the pass loses its bodies and the report says so.
TEST(ReportBounds, FailuresKeepTheirExchangesFirst) {
  RunReport report;
  SuiteReport suite;
  suite.cases.push_back(check_with(Verdict::kPass, 2, 40000));
  suite.cases.push_back(check_with(Verdict::kFail, 2, 40000));
  suite.cases.back().message = std::string(5000, 'm');
  report.suites.push_back(suite);
  apply_bounds(report, {.message = 1000, .exchanges = 100000});

  const auto& passed = report.suites[0].cases[0];
  const auto& failed = report.suites[0].cases[1];
  EXPECT_EQ(failed.exchanges[1]["response"]["body"].get<std::string>().size(), 40000u);
  EXPECT_FALSE(failed.exchanges[1].contains("omitted"));
  EXPECT_TRUE(passed.exchanges[1]["omitted"]);
  EXPECT_NE(passed.exchanges[1]["response"]["body"].get<std::string>().find("omitted"),
            std::string::npos);
  EXPECT_TRUE(passed.exchanges[1]["response"]["events"].empty());
  EXPECT_LT(failed.message.size(), 1000u + 256u);
  ASSERT_EQ(report.notes.size(), 2u);
  EXPECT_NE(report.notes[0].find("1 check message"), std::string::npos);
  EXPECT_NE(report.notes[1].find("--max-report-exchanges"), std::string::npos);
}

TEST(ReportBounds, NothingCutNothingNoted) {
  RunReport report;
  SuiteReport suite;
  suite.cases.push_back(check_with(Verdict::kPass, 1, 10));
  report.suites.push_back(suite);
  const auto before = to_json(report);
  apply_bounds(report, {});
  EXPECT_TRUE(report.notes.empty());
  EXPECT_EQ(to_json(report)["suites"], before["suites"]);
}

}  // namespace
}  // namespace mcp::reports
