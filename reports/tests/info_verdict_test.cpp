// The info verdict in each report form: an informational check's finding is
// shown (counted, listed, filterable) and never a warning or a failure, not even
// under --strict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "reports/junit.hpp"
#include "reports/run_report.hpp"

namespace mcp::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kFinding =
    "CORS preflight answered with Access-Control-Allow-Origin for any origin";

CaseReport check(const std::string& id, Verdict verdict, const std::string& message) {
  CaseReport c;
  c.id = id;
  c.title = id + " title";
  c.area = "openai";
  c.level = "SHOULD";
  c.verdict = verdict;
  c.message = message;
  return c;
}

/// One informational finding next to a pass (and, where asked, a warning).
RunReport report_with_info(bool strict, bool with_warning = false) {
  RunReport report;
  report.tool_version = "0.0.0-test";
  report.target = "http://127.0.0.1:1/mcp";
  report.transport = "streamable-http";
  report.profile = "openai";
  report.strict = strict;
  SuiteReport suite;
  suite.name = "openai (2025-06-18)";
  suite.area = "openai";
  suite.protocol_version = "2025-06-18";
  suite.cases.push_back(check("openai.cors-preflight", Verdict::kInfo, kFinding));
  suite.cases.push_back(check("openai.flow.responses", Verdict::kPass, ""));
  if (with_warning) suite.cases.push_back(check("openai.health", Verdict::kWarn, "slow"));
  report.suites.push_back(suite);
  return report;
}

const TestCase& junit_case(const std::vector<TestSuite>& suites, const std::string& id) {
  for (const auto& suite : suites) {
    for (const auto& c : suite.cases) {
      if (c.name.starts_with(id + " ")) return c;
    }
  }
  throw std::runtime_error("no JUnit case for " + id);
}

TEST(InfoVerdict, IsCountedAndNamedInTheJson) {
  const auto json = to_json(report_with_info(false));
  EXPECT_EQ(json["summary"]["info"], 1);
  EXPECT_EQ(json["summary"]["warn"], 0);
  EXPECT_EQ(json["summary"]["total"], 2);
  const auto& suite = json["suites"][0];
  EXPECT_EQ(suite["summary"]["info"], 1);
  EXPECT_EQ(suite["cases"][0]["verdict"], "info");
  EXPECT_EQ(suite["cases"][0]["message"], kFinding);
}

TEST(InfoVerdict, HasItsOwnMarkdownSectionAndColumnNotAProblem) {
  const auto markdown = to_markdown(report_with_info(false));
  EXPECT_THAT(markdown, HasSubstr("| Error | Info | Total |"));
  // The suite's row: 1 pass, 0 fail, 0 warn, 0 skip, 0 error, 1 info, 2 in all.
  EXPECT_THAT(markdown, HasSubstr("| 1 | 0 | 0 | 0 | 0 | 1 | 2 |"));
  const auto section = markdown.find("### Informational");
  ASSERT_NE(section, std::string::npos) << markdown;
  EXPECT_THAT(markdown.substr(section), HasSubstr("`openai.cors-preflight`"));
  EXPECT_THAT(markdown.substr(section), HasSubstr(kFinding));
  // Not listed among the problems (that list says None.).
  const auto problems = markdown.find("### Failures and warnings");
  ASSERT_NE(problems, std::string::npos);
  EXPECT_THAT(markdown.substr(problems, section - problems), HasSubstr("None."));
  EXPECT_THAT(markdown, HasSubstr("1 informational"));
}

TEST(InfoVerdict, HasAnHtmlCounterAndFilter) {
  const auto html = to_html(report_with_info(false));
  EXPECT_THAT(html, HasSubstr("<div class=\"counter v-info\"><span class=\"n\">1</span>"));
  EXPECT_THAT(html, HasSubstr("<button type=\"button\" data-verdict=\"info\""));
  EXPECT_THAT(html, HasSubstr("data-verdict=\"info\"><summary>"));
  EXPECT_THAT(html, HasSubstr("1 informational"));
}

TEST(InfoVerdict, PassesInJunitWithTheFindingFirstEvenWhenStrict) {
  for (const bool strict : {false, true}) {
    SCOPED_TRACE(strict ? "strict" : "default");
    const auto suites = to_junit(report_with_info(strict, /*with_warning=*/true));
    const auto& info = junit_case(suites, "openai.cors-preflight");
    EXPECT_EQ(info.outcome, Outcome::kPass);
    EXPECT_THAT(info.system_out, StartsWith(std::string("INFO: ") + kFinding));
    EXPECT_EQ(totals(suites.front()).failures, strict ? 1 : 0);  // the warning, not the info
    // The control: under --strict the warning next to it does fail.
    EXPECT_EQ(junit_case(suites, "openai.health").outcome,
              strict ? Outcome::kFail : Outcome::kPass);
    EXPECT_THAT(to_junit_xml(suites),
                Not(HasSubstr("<failure message=\"" + std::string(kFinding))));
  }
}

}  // namespace
}  // namespace mcp::reports
