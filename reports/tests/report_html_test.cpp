// The HTML report's reading aids, as written (the browser test, html_browser_test.cpp,
// drives them): an anchor per check, the exchange that decided a failure marked and
// open, "copy as curl" with secrets still redacted, the spec section as a link, the
// controls and grid, and passing checks listed from compact data.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "client/transcript.hpp"
#include "reports/report_bounds.hpp"
#include "reports/run_report.hpp"

namespace mcp::reports {
namespace {

constexpr std::string_view kTarget = "http://127.0.0.1:9/mcp";

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t found = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1))
    ++found;
  return found;
}

Json exchange(std::size_t index, std::string label, std::string method, int status,
              std::string body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})") {
  client::Exchange e;
  e.index = index;
  e.label = std::move(label);
  e.method = std::move(method);
  e.url = std::string(kTarget);
  e.request_headers = client::redact({{"Content-Type", "application/json"},
                                      {"Content-Length", "40"},
                                      {"Authorization", "Bearer s3cret"}});
  e.request_body = std::move(body);
  e.status = status;
  e.response_body = R"({"jsonrpc":"2.0","id":1,"result":{}})";
  e.started_ms = 1;
  e.completed_ms = 2;
  return client::to_json(e);
}

CaseReport check(std::string id, Verdict verdict, std::string level = "MUST") {
  CaseReport c;
  c.id = std::move(id);
  c.title = "Title of " + c.id;
  c.area = "lifecycle";
  c.level = std::move(level);
  c.section = "basic/lifecycle#operation";
  c.rule = "The rule of " + c.id;
  c.description = "Checks " + c.id + ".";
  c.verdict = verdict;
  c.message = verdict == Verdict::kPass ? "" : "expected: 404; got: 400";
  return c;
}

// Two versions: a failure (its verdict decided by the ping before the cleanup), a
// warning, and a pass in each, the passes' exchanges summarised as a run does.
RunReport two_version_report() {
  RunReport report;
  report.target = std::string(kTarget);
  for (const std::string version : {"2025-06-18", "2025-11-25"}) {
    SuiteReport suite;
    suite.name = "lifecycle (" + version + ")";
    suite.area = "lifecycle";
    suite.protocol_version = version;
    CaseReport failed = check("lifecycle.session.gone", Verdict::kFail);
    failed.spec_url =
        "https://modelcontextprotocol.io/specification/" + version + "/basic/lifecycle#operation";
    failed.exchanges = Json::array({exchange(0, "initialize", "POST", 200),
                                    exchange(1, "ping", "POST", 400, R"({"q":"it's"})"),
                                    exchange(2, "cleanup", "DELETE", 204, "")});
    CaseReport warned = check("lifecycle.ping.latency", Verdict::kWarn, "SHOULD");
    warned.exchanges = Json::array({exchange(0, "ping", "POST", 200)});
    CaseReport passed = check("lifecycle.version.echo", Verdict::kPass);
    passed.spec_url = "https://modelcontextprotocol.io/specification/" + version +
                      "/basic/lifecycle#version-negotiation";
    passed.exchanges = Json::array({exchange(0, "initialize", "POST", 200)});
    suite.cases = {passed, warned, failed};
    report.suites.push_back(suite);
  }
  apply_bounds(report, {.summarize_passing = true});
  return report;
}

TEST(ReportHtml, EachCheckHasAnAnchorOfItsIdAndVersion) {
  const std::string page = to_html(two_version_report());
  EXPECT_TRUE(contains(page,
                       "<span id=\"lifecycle.session.gone@2025-06-18\" data-level=\"MUST\" "
                       "data-area=\"lifecycle\">"));
  EXPECT_TRUE(contains(page, "<span id=\"lifecycle.session.gone@2025-11-25\""));
  // The passes are listed by the script; their anchors follow the same rule there.
  EXPECT_TRUE(contains(page, "target.id = anchor || id + (version ? '@' + version : '');"));

  RunReport twice = two_version_report();
  twice.suites[1].protocol_version = "2025-06-18";
  const std::string doubled = to_html(twice);
  EXPECT_TRUE(contains(doubled, "id=\"lifecycle.session.gone@2025-06-18~2\""))
      << "a report holding a check twice at one version still has unique anchors";
}

TEST(ReportHtml, TheExchangeThatDecidedAFailureIsMarkedAndOpenTheOthersClosed) {
  const std::string page = to_html(two_version_report());
  // Per version: the failure's ping (not its cleanup after it) and the warning's ping.
  EXPECT_EQ(occurrences(page, "<details class=\"exchange culprit\" open>"), 4u);
  EXPECT_EQ(occurrences(page, "<span class=\"badge cause\">decided the verdict</span>"), 4u);
  const auto culprit = page.find("<details class=\"exchange culprit\" open>");
  EXPECT_TRUE(page.compare(culprit, 120,
                           "<details class=\"exchange culprit\" open><summary><span "
                           "class=\"muted\">#1</span> <b>ping</b> <code>POST "
                           "http://127.0.0.1:9/mcp</code> <span class=\"status s4\">400</span>",
                           0, 120) == 0)
      << page.substr(culprit, 200);
  EXPECT_EQ(occurrences(page, "<details class=\"exchange\"><summary>"), 4u)
      << "initialize and cleanup of each failure, closed";
}

TEST(ReportHtml, EachHttpExchangeCopiesAsCurlWithItsSecretsStillRedacted) {
  const std::string page = to_html(two_version_report());
  EXPECT_TRUE(contains(page,
                       "<pre class=\"curl-cmd\">curl &#39;http://127.0.0.1:9/mcp&#39; \\\n"
                       "  -H &#39;Content-Type: application/json&#39; \\\n"
                       "  -H &#39;Authorization: Bearer [redacted]&#39; \\\n"
                       "  --data-raw &#39;{&quot;q&quot;:&quot;it&#39;\\&#39;&#39;s&quot;}&#39;"
                       "</pre>"))
      << "shell-quoted, Content-Length left to curl";
  EXPECT_TRUE(contains(page, "<pre class=\"curl-cmd\">curl -X DELETE &#39;http://127.0.0.1:9/mcp"));
  EXPECT_FALSE(contains(page, "s3cret"));
  EXPECT_TRUE(contains(page, "<button type=\"button\" class=\"copy\" hidden>Copy as curl</button>"))
      << "shown by the script, which copies";
}

TEST(ReportHtml, AStdioExchangeHasNoCurl) {
  RunReport report = two_version_report();
  Json& sent = report.suites[0].cases[2].exchanges[0];
  sent["transport"] = "stdio";
  sent["method"] = "send";
  EXPECT_EQ(occurrences(to_html(report), "<pre class=\"curl-cmd\">"), 7u);
}

TEST(ReportHtml, TheSpecSectionLinksToTheSpecPage) {
  const std::string page = to_html(two_version_report());
  EXPECT_TRUE(contains(page,
                       "<dt>Section</dt><dd><a href=\"https://modelcontextprotocol.io/"
                       "specification/2025-06-18/basic/lifecycle#operation\">basic/"
                       "lifecycle#operation</a></dd>"));
}

TEST(ReportHtml, SearchFiltersAndGridAreThereForTheScript) {
  const std::string page = to_html(two_version_report());
  EXPECT_TRUE(contains(page,
                       "<div class=\"controls\" id=\"controls\" hidden><input "
                       "type=\"search\" id=\"q\""));
  EXPECT_TRUE(contains(page,
                       "<select data-field=\"level\"><option value=\"\">all</option>"
                       "<option>MUST</option><option>SHOULD</option></select>"));
  EXPECT_TRUE(contains(page,
                       "<select data-field=\"area\"><option value=\"\">all</option>"
                       "<option>lifecycle</option></select>"));
  EXPECT_TRUE(contains(page,
                       "<select data-field=\"version\"><option value=\"\">all</option>"
                       "<option>2025-06-18</option><option>2025-11-25</option></select>"));
  EXPECT_TRUE(contains(page, "<details class=\"grid\" id=\"grid\" open hidden>"));

  RunReport one_version = two_version_report();
  one_version.suites.pop_back();
  EXPECT_FALSE(contains(to_html(one_version), "id=\"grid\""))
      << "a grid of one column says nothing";
}

TEST(ReportHtml, PassesAreListedFromDataTheirCheckWrittenOnceForEveryVersion) {
  const std::string page = to_html(two_version_report());
  EXPECT_EQ(occurrences(page, "<details class=\"check v-pass\""), 0u);
  EXPECT_EQ(occurrences(page, "<details class=\"check v-fail\""), 2u);
  const auto start = page.find("const mcpcListed = ");
  ASSERT_NE(start, std::string::npos);
  const auto end = page.find(";\n", start);
  const Json data = Json::parse(page.substr(start + 19, end - start - 19));
  ASSERT_EQ(data["entries"].size(), 1u) << data.dump();
  EXPECT_EQ(data["entries"][0][0], "lifecycle.version.echo");
  EXPECT_EQ(data["entries"][0][8],
            "https://modelcontextprotocol.io/specification/{version}/basic/"
            "lifecycle#version-negotiation");
  ASSERT_EQ(data["cases"].size(), 2u);
  EXPECT_EQ(data["cases"][1][0], 1) << "its suite";
  EXPECT_EQ(data["cases"][1][1], 2) << "after the two checks written as HTML";
  EXPECT_EQ(data["cases"][1][3], "pass");
  EXPECT_EQ(data["lines"], Json({"initialize: 200"}));
  EXPECT_TRUE(contains(page, "one line per exchange"));
}

TEST(ReportHtml, NothingInTheDataCanEndTheScript) {
  RunReport report = two_version_report();
  report.suites[0].cases[0].title = "</script><script>alert(1)</script>";
  const std::string page = to_html(report);
  EXPECT_EQ(occurrences(page, "<script"), 1u);
  EXPECT_EQ(occurrences(page, "</script>"), 1u);
  EXPECT_TRUE(contains(page, "\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"));
}

}  // namespace
}  // namespace mcp::reports
