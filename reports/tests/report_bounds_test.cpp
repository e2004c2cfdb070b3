#include "reports/report_bounds.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "client/transcript.hpp"

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

// ---- passing checks keep a summary of their exchanges ----

constexpr const char* kTarget = "http://127.0.0.1:9/mcp";

Json exchange(std::string label, std::string method, int status, std::string body = "{}") {
  client::Exchange e;
  e.label = std::move(label);
  e.method = std::move(method);
  e.url = kTarget;
  e.request_body = std::move(body);
  e.status = status;
  e.response_body = R"({"jsonrpc":"2.0","id":1,"result":{}})";
  e.started_ms = 1;
  e.completed_ms = 2;
  return client::to_json(e);
}

RunReport run_of_every_verdict() {
  RunReport report;
  report.target = kTarget;
  SuiteReport suite;
  for (const Verdict verdict : {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip,
                                Verdict::kError, Verdict::kInfo}) {
    CaseReport c;
    c.id = std::string(to_string(verdict)) + ".check";
    c.verdict = verdict;
    c.exchanges = Json::array({exchange("initialize", "POST", 200), exchange("ping", "POST", 200)});
    suite.cases.push_back(c);
  }
  CaseReport stale = suite.cases[0];
  stale.id = "stale.check";
  stale.expected_failure = true;
  stale.stale = true;
  suite.cases.push_back(stale);
  report.suites.push_back(suite);
  return report;
}

TEST(ExchangeSummary, PassesAndSkipsKeepALinePerExchangeEveryProblemKeepsThemWhole) {
  RunReport report = run_of_every_verdict();
  apply_bounds(report, {.summarize_passing = true});
  for (const CaseReport& c : report.suites[0].cases) {
    SCOPED_TRACE(c.id);
    const bool summarized = c.id == "pass.check" || c.id == "skip.check";
    EXPECT_EQ(c.exchanges.size(), summarized ? 0u : 2u);
    const std::vector<std::string> lines{"initialize: 200", "ping: 200"};
    EXPECT_EQ(c.exchange_summary, summarized ? lines : std::vector<std::string>());
  }
  EXPECT_TRUE(report.notes.empty()) << "a summary is the default, not a cut to note";
}

TEST(ExchangeSummary, OffUnlessAsked) {
  RunReport report = run_of_every_verdict();
  apply_bounds(report, {});
  for (const CaseReport& c : report.suites[0].cases) {
    EXPECT_EQ(c.exchanges.size(), 2u) << c.id;
    EXPECT_TRUE(c.exchange_summary.empty()) << c.id;
  }
}

TEST(ExchangeSummary, OneLineSaysLabelToolMethodUrlStatusEventsAndError) {
  EXPECT_EQ(summarize_exchange(exchange("initialize", "POST", 200), kTarget), "initialize: 200");
  EXPECT_EQ(summarize_exchange(exchange("tools/call", "POST", 200,
                                        R"({"jsonrpc":"2.0","id":3,"method":"tools/call",)"
                                        R"("params":{"name":"echo","arguments":{"text":"x"}}})"),
                               kTarget),
            "tools/call echo: 200");
  EXPECT_EQ(summarize_exchange(exchange("cleanup", "DELETE", 204), kTarget), "cleanup: DELETE 204");
  Json elsewhere = exchange("metadata", "GET", 404);
  elsewhere["url"] = "http://127.0.0.1:9/.well-known/oauth-protected-resource";
  EXPECT_EQ(summarize_exchange(elsewhere, kTarget),
            "metadata: GET http://127.0.0.1:9/.well-known/oauth-protected-resource 404");
  Json stream = exchange("GET stream", "GET", 200);
  stream["response"]["events"] = Json::array({Json::object(), Json::object()});
  stream["error"] = "aborted by the client";
  EXPECT_EQ(summarize_exchange(stream, kTarget),
            "GET stream: GET 200, 2 SSE event(s) (aborted by the client)");
  Json refused = exchange("ping", "POST", 0);
  refused["error"] = "connection refused\nretrying";
  EXPECT_EQ(summarize_exchange(refused, kTarget),
            "ping: no response (connection refused retrying)");
  Json stdio = exchange("initialize", "send", 0);
  stdio["transport"] = "stdio";
  EXPECT_EQ(summarize_exchange(stdio, kTarget), "initialize: send");
  EXPECT_EQ(summarize_exchange(Json("not an exchange"), kTarget), "\"not an exchange\"");
}

TEST(ExchangeSummary, EveryReportFormCarriesIt) {
  RunReport report = run_of_every_verdict();
  apply_bounds(report, {.summarize_passing = true});
  const Json json = to_json(report);
  const Json& passed = json["suites"][0]["cases"][0];
  EXPECT_EQ(passed["exchanges"], Json::array());
  EXPECT_EQ(passed["exchange_summary"], Json({"initialize: 200", "ping: 200"}));
  EXPECT_FALSE(json["suites"][0]["cases"][1].contains("exchange_summary"))
      << "only where the exchanges were summarised";
  const auto junit = to_junit(report);
  EXPECT_EQ(junit[0].cases[0].system_out, "initialize: 200\nping: 200\n");
  EXPECT_NE(to_html(report).find("\"initialize: 200\""), std::string::npos);
}

TEST(JsonText, IsTheJsonWithEachCaseOnALineOfItsOwn) {
  RunReport report = run_of_every_verdict();
  report.suites.push_back(report.suites[0]);
  const std::string text = to_json_text(report);
  EXPECT_EQ(Json::parse(text), to_json(report));
  std::istringstream lines(text);
  std::size_t case_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("{\"area\"") && line.find("\"verdict\"") != std::string::npos)
      ++case_lines;
  }
  EXPECT_EQ(case_lines, 14u);
  EXPECT_TRUE(text.ends_with("}\n"));
}

}  // namespace
}  // namespace mcp::reports
