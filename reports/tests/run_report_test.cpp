// The run report's four forms, all written from one rich report: two suites, every
// verdict, an expected failure, a stale expectation, hostile strings everywhere and
// wire exchanges (JSON and SSE) in the transcript's own shape.
//
// Built twice: as the GoogleTest suite, and with MCPC_RUN_REPORT_JUNIT_SAMPLE as a
// program that writes the rich report's JUnit XML for xmllint to validate (see
// CMakeLists.txt), so both read the same report.
#include "reports/run_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <limits>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "client/transcript.hpp"
#include "protocol/headers.hpp"
#include "reports/report_reader.hpp"
#include "reports/xml_text.hpp"

namespace mcp::reports {
namespace {

constexpr std::string_view kScriptInjection = "<script>alert('x')</script>";
constexpr std::string_view kInvalidUtf8 = "bad \xC0\xAF and \xFF bytes";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kTarget = "http://127.0.0.1:41237/mcp?a=1&b=<2>";

Json initialize_exchange() {
  client::Exchange exchange;
  exchange.index = 0;
  exchange.label = "initialize";
  exchange.method = "POST";
  exchange.url = std::string(kTarget);
  exchange.request_headers = client::redact({{"Content-Type", "application/json"},
                                             {"Authorization", "Bearer s3cret"},
                                             {headers::kProtocolVersion, "2025-11-25"}});
  exchange.request_body =
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1999-01-01"}})";
  exchange.status = 200;
  exchange.response_headers = {{"Content-Type", "application/json"}};
  exchange.response_body = R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"1999-01-01"}})";
  exchange.started_ms = 1;
  exchange.connected_ms = 1.5;
  exchange.first_byte_ms = 3.25;
  exchange.completed_ms = 4;
  return client::to_json(exchange);
}

Json sse_exchange() {
  client::Exchange exchange;
  exchange.index = 1;
  exchange.label = "tools/call sleep";
  exchange.method = "POST";
  exchange.url = std::string(kTarget);
  exchange.request_headers = {{"Accept", "application/json, text/event-stream"}};
  exchange.request_body = R"({"jsonrpc":"2.0","id":2,"method":"tools/call"})";
  exchange.status = 200;
  exchange.response_headers = {{"Content-Type", "text/event-stream"}};
  exchange.sse = true;
  exchange.events = {
      {12.5, "", "0:1", "", 3000},
      {13.75, "message", "0:2", R"({"jsonrpc":"2.0","method":"notifications/progress"})",
       std::nullopt},
      {20.125, "message", "0:3", R"({"jsonrpc":"2.0","id":2,"result":{}})", std::nullopt}};
  exchange.events_dropped = 2;
  exchange.started_ms = 10;
  exchange.connected_ms = 10.5;
  exchange.first_byte_ms = 12.5;
  exchange.completed_ms = 20.125;
  return client::to_json(exchange);
}

// What a hostile server sends back: markup, quotes and bytes that are not UTF-8.
Json hostile_exchange() {
  client::Exchange exchange;
  exchange.index = 2;
  exchange.label = "hostile <label>";
  exchange.method = "GET";
  exchange.url = "http://127.0.0.1/\"><script>alert(1)</script>";
  exchange.request_headers = {{"X-Evil", "\"><img src=x onerror=alert(1)>"}};
  exchange.status = 500;
  exchange.response_headers = {{"Content-Type", "text/html"}};
  exchange.response_body = "</pre></script><script>alert(2)</script>" + std::string(kInvalidUtf8);
  exchange.started_ms = 30;
  exchange.completed_ms = 31;
  exchange.error = "server said <b>no</b>";
  return client::to_json(exchange);
}

CaseReport check(std::string id, std::string level, Verdict verdict, std::string message) {
  CaseReport report;
  report.id = std::move(id);
  report.title = "Title of " + report.id;
  report.level = std::move(level);
  report.section = "basic/lifecycle#version-negotiation";
  report.requirement = "REQ-" + report.id;
  report.description = "Checks " + report.id + ".";
  report.verdict = verdict;
  report.message = std::move(message);
  report.seconds = 0.125;
  return report;
}

constexpr std::string_view kHostileId = "hostile.`tick`|pipe";

RunReport rich_report() {
  RunReport report;
  report.tool_version = "0.1.0";
  report.target = std::string(kTarget);
  report.transport = "streamable-http";
  report.profile = "spec";
  report.started_at = "2026-11-24T05:00:00Z";
  report.hostname = "ci-runner-7";
  report.seconds = 3.5;
  report.exit_code = 1;
  report.server = {{"serverInfo", {{"name", "mcp-reference-server"}, {"version", "0.1.0"}}},
                   {"capabilities", {{"tools", Json::object()}}},
                   {"protocolVersions", {"2025-11-25"}}};

  SuiteReport lifecycle;
  lifecycle.name = "lifecycle (2025-11-25)";
  lifecycle.area = "lifecycle";
  lifecycle.protocol_version = "2025-11-25";
  CaseReport echo = check("lifecycle.version.echo", "MUST", Verdict::kPass, "");
  echo.area = "lifecycle";
  echo.exchanges = Json::array({initialize_exchange()});
  CaseReport unsupported =
      check("lifecycle.version.unsupported", "MUST", Verdict::kFail, "expected: 400; got: 200");
  unsupported.area = "lifecycle";
  unsupported.exchanges = Json::array({initialize_exchange()});
  CaseReport ping = check("lifecycle.ping.latency", "SHOULD", Verdict::kWarn,
                          "expected: an answer within 500 ms; got: 900 ms");
  ping.area = "lifecycle";
  CaseReport instructions =
      check("lifecycle.instructions", "MAY", Verdict::kSkip, "the server sends no instructions");
  instructions.area = "lifecycle";
  CaseReport shutdown =
      check("lifecycle.shutdown", "MUST", Verdict::kError, "connection reset by peer");
  shutdown.area = "lifecycle";
  lifecycle.cases = {echo, unsupported, ping, instructions, shutdown};

  SuiteReport transport;
  transport.name = "transport-http (2025-06-18)";
  transport.area = "transport-http";
  transport.protocol_version = "2025-06-18";
  CaseReport stream = check("transport.sse.stream", "MUST", Verdict::kPass, "");
  stream.area = "transport-http";
  stream.exchanges = Json::array({sse_exchange()});
  CaseReport origin =
      check("transport.origin.forbidden", "MUST", Verdict::kFail, "expected: 403; got: 200");
  origin.area = "transport-http";
  origin.expected_failure = true;
  origin.expected_reason = "known bug #12";
  CaseReport deleted = check("transport.session.delete", "MUST", Verdict::kPass, "");
  deleted.area = "transport-http";
  deleted.expected_failure = true;
  deleted.expected_reason = "DELETE was broken";
  deleted.stale = true;
  CaseReport hostile =
      check(std::string(kHostileId), "SHOULD", Verdict::kWarn,
            std::string(kScriptInjection) + " \"q\" 'a' | `c` " + std::string(kInvalidUtf8));
  hostile.area = "transport-http";
  hostile.title = std::string(kScriptInjection) + " | `code` \"quoted\"";
  hostile.section = "a|b`c";
  hostile.description = std::string(kScriptInjection) + std::string(kInvalidUtf8);
  hostile.exchanges = Json::array({hostile_exchange()});
  CaseReport skipped_hostile =
      check("transport.skip.hostile", "MAY", Verdict::kSkip, "skipped | because `of` <script>");
  skipped_hostile.area = "transport-http";
  transport.cases = {stream, origin, deleted, hostile, skipped_hostile};

  report.suites = {lifecycle, transport};
  return report;
}

}  // namespace
}  // namespace mcp::reports

#ifdef MCPC_RUN_REPORT_JUNIT_SAMPLE

//   run_report_junit_sample OUTPUT [--strict]
int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: run_report_junit_sample OUTPUT [--strict]\n";
    return 2;
  }
  mcp::reports::RunReport report = mcp::reports::rich_report();
  for (int i = 2; i < argc; ++i) {
    if (std::string_view(argv[i]) != "--strict") {
      std::cerr << "run_report_junit_sample: unknown flag " << argv[i] << "\n";
      return 2;
    }
    report.strict = true;
  }
  std::string error;
  if (!mcp::reports::write_file_atomically(
          argv[1], mcp::reports::to_junit_xml(mcp::reports::to_junit(report)), &error)) {
    std::cerr << "run_report_junit_sample: " << error << "\n";
    return 1;
  }
  return 0;
}

#else

namespace mcp::reports {
namespace {

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t found = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1))
    ++found;
  return found;
}

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// ---- verdicts and counts ----

TEST(RunReportVerdict, HasOneWordPerVerdict) {
  EXPECT_EQ(to_string(Verdict::kPass), "pass");
  EXPECT_EQ(to_string(Verdict::kFail), "fail");
  EXPECT_EQ(to_string(Verdict::kWarn), "warn");
  EXPECT_EQ(to_string(Verdict::kSkip), "skip");
  EXPECT_EQ(to_string(Verdict::kError), "error");
}

TEST(RunReportCount, CountsEachVerdictPerSuiteAndInTotal) {
  const RunReport report = rich_report();
  const Counts lifecycle = count(report.suites[0]);
  EXPECT_EQ(lifecycle.pass, 1);
  EXPECT_EQ(lifecycle.fail, 1);
  EXPECT_EQ(lifecycle.warn, 1);
  EXPECT_EQ(lifecycle.skip, 1);
  EXPECT_EQ(lifecycle.error, 1);
  const Counts all = count(report);
  EXPECT_EQ(all.pass, 3);
  EXPECT_EQ(all.fail, 2);
  EXPECT_EQ(all.warn, 2);
  EXPECT_EQ(all.skip, 2);
  EXPECT_EQ(all.error, 1);
  EXPECT_EQ(all.total(), 10);
}

// ---- JSON ----

TEST(RunReportJson, HasTheDocumentedTopLevelFields) {
  const Json json = to_json(rich_report());
  EXPECT_EQ(json["format"], "mcp-conformance-report");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["tool"], Json({{"name", "mcp-conformance"}, {"version", "0.1.0"}}));
  EXPECT_EQ(json["target"], kTarget);
  EXPECT_EQ(json["transport"], "streamable-http");
  EXPECT_EQ(json["profile"], "spec");
  EXPECT_EQ(json["strict"], false);
  EXPECT_EQ(json["started_at"], "2026-11-24T05:00:00Z");
  EXPECT_EQ(json["hostname"], "ci-runner-7");
  EXPECT_EQ(json["seconds"], 3.5);
  EXPECT_EQ(json["exit_code"], 1);
  EXPECT_EQ(json["server"]["serverInfo"]["name"], "mcp-reference-server");
  EXPECT_EQ(json["summary"], Json({{"pass", 3},
                                   {"fail", 2},
                                   {"warn", 2},
                                   {"skip", 2},
                                   {"error", 1},
                                   {"info", 0},
                                   {"total", 10}}));
  std::set<std::string> keys;
  for (const auto& [key, value] : json.items())
    keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"format", "version", "tool", "target", "transport",
                                         "profile", "strict", "started_at", "hostname", "seconds",
                                         "exit_code", "server", "summary", "suites", "notes"}));
  EXPECT_EQ(json["notes"], Json::array());
}

TEST(RunReportJson, SuitesAndCasesHaveTheDocumentedFields) {
  const Json json = to_json(rich_report());
  ASSERT_EQ(json["suites"].size(), 2u);
  const Json& suite = json["suites"][1];
  EXPECT_EQ(suite["name"], "transport-http (2025-06-18)");
  EXPECT_EQ(suite["area"], "transport-http");
  EXPECT_EQ(suite["protocol_version"], "2025-06-18");
  EXPECT_EQ(suite["summary"]["pass"], 2);
  EXPECT_EQ(suite["summary"]["total"], 5);

  const Json& origin = suite["cases"][1];
  const std::set<std::string> case_keys = {
      "id",      "title",   "area",        "section",          "spec_url",
      "rule",    "level",   "requirement", "description",      "verdict",
      "message", "seconds", "exchanges",   "expected_failure", "expected_reason",
      "stale"};
  for (const Json& test_case : suite["cases"]) {
    std::set<std::string> keys;
    for (const auto& [key, value] : test_case.items())
      keys.insert(key);
    EXPECT_EQ(keys, case_keys);
  }
  EXPECT_EQ(origin["id"], "transport.origin.forbidden");
  EXPECT_EQ(origin["level"], "MUST");
  EXPECT_EQ(origin["requirement"], "REQ-transport.origin.forbidden");
  EXPECT_EQ(origin["verdict"], "fail");
  EXPECT_EQ(origin["message"], "expected: 403; got: 200");
  EXPECT_EQ(origin["seconds"], 0.125);
  EXPECT_EQ(origin["expected_failure"], true);
  EXPECT_EQ(origin["expected_reason"], "known bug #12");
  EXPECT_EQ(origin["stale"], false);
  EXPECT_EQ(suite["cases"][2]["stale"], true);
}

TEST(RunReportJson, VerdictsAreTheFiveDocumentedWords) {
  std::set<std::string> verdicts;
  const Json json = to_json(rich_report());
  for (const Json& suite : json["suites"]) {
    for (const Json& test_case : suite["cases"])
      verdicts.insert(test_case["verdict"].get<std::string>());
  }
  EXPECT_EQ(verdicts, (std::set<std::string>{"pass", "fail", "warn", "skip", "error"}));
}

TEST(RunReportJson, CarriesExchangesAndServerAsGiven) {
  const RunReport report = rich_report();
  const Json json = to_json(report);
  EXPECT_EQ(json["suites"][0]["cases"][0]["exchanges"], Json::array({initialize_exchange()}));
  EXPECT_EQ(json["suites"][1]["cases"][0]["exchanges"], Json::array({sse_exchange()}));
  EXPECT_EQ(json["server"], report.server);
}

TEST(RunReportJson, RoundTripsThroughNlohmannWithInvalidUtf8Repaired) {
  const Json json = to_json(rich_report());
  std::string text;
  ASSERT_NO_THROW(text = json.dump());
  EXPECT_EQ(Json::parse(text), json);
  const Json& hostile = json["suites"][1]["cases"][3];
  const std::string message = hostile["message"].get<std::string>();
  EXPECT_TRUE(contains(message, kScriptInjection)) << "JSON keeps text as it was";
  EXPECT_TRUE(contains(message, kReplacement));
  EXPECT_FALSE(contains(message, "\xC0"));
  const std::string body = hostile["exchanges"][0]["response"]["body"].get<std::string>();
  EXPECT_TRUE(contains(body, kReplacement));
}

TEST(RunReportJson, NormalisesMissingExchangesAndImpossibleTimes) {
  RunReport report;
  report.seconds = -1;
  report.server = nullptr;
  SuiteReport suite;
  CaseReport lone = check("a", "MUST", Verdict::kPass, "");
  lone.exchanges = nullptr;
  lone.seconds = std::numeric_limits<double>::quiet_NaN();
  CaseReport single = check("b", "MUST", Verdict::kPass, "");
  single.exchanges = initialize_exchange();
  suite.cases = {lone, single};
  report.suites = {suite};
  const Json json = to_json(report);
  EXPECT_EQ(json["seconds"], 0);
  EXPECT_EQ(json["server"], Json::object());
  EXPECT_EQ(json["suites"][0]["cases"][0]["exchanges"], Json::array());
  EXPECT_EQ(json["suites"][0]["cases"][0]["seconds"], 0);
  EXPECT_EQ(json["suites"][0]["cases"][1]["exchanges"], Json::array({initialize_exchange()}));
}

// What merge reads back (report_reader.hpp) is everything the writer writes: a
// field added to the writer and not to the reader fails here.
TEST(RunReportJson, ReadsBackExactlyWhatItWrites) {
  for (const bool sharded : {false, true}) {
    RunReport report = rich_report();
    if (sharded) {
      report.strict = true;
      report.notes = {"the bodies and events of 2 exchange(s) were left out"};
      report.shard = {{"index", 1}, {"count", 2}, {"selection", Json::array()}};
    }
    const Json json = to_json(report);
    std::string error;
    const auto read = from_json(json, &error);
    ASSERT_TRUE(read) << error;
    EXPECT_EQ(to_json(*read), json);
  }
}

// ---- Markdown ----

std::string section_of(const std::string& text, std::string_view from, std::string_view to) {
  const std::size_t begin = text.find(from);
  if (begin == std::string::npos) return {};
  const std::size_t end = text.find(to, begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// Pipes that end a table cell: those without a backslash before them.
std::size_t cell_separators(std::string_view line) {
  std::size_t separators = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++separators;
  }
  return separators;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find('\n', begin);
    lines.push_back(text.substr(begin, end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return lines;
}

TEST(RunReportMarkdown, StartsWithTitleAndVerdict) {
  RunReport report = rich_report();
  const std::vector<std::string> lines = lines_of(to_markdown(report));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "## MCP conformance: http://127.0.0.1:41237/mcp?a=1\\&b=\\<2\\>");
  EXPECT_TRUE(
      lines[2].starts_with("\xE2\x9D\x8C **Failed** (exit code 1): 10 checks, 3 passed, "
                           "2 failed, 2 warnings, 2 skipped, 1 error"))
      << lines[2];
  EXPECT_TRUE(contains(lines[2], "1 expected failure, 1 stale expectation")) << lines[2];

  report.exit_code = 0;
  EXPECT_TRUE(contains(to_markdown(report), "\xE2\x9C\x85 **Passed** (exit code 0)"));
}

TEST(RunReportMarkdown, HasASummaryTableWithOneRowPerSuite) {
  const std::string markdown = to_markdown(rich_report());
  EXPECT_TRUE(
      contains(markdown,
               "| Suite | Protocol | Pass | Fail | Warn | Skip | Error | Info | Total |\n"
               "| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
               "| lifecycle (2025-11-25) | 2025-11-25 | 1 | 1 | 1 | 1 | 1 | 0 | 5 |\n"
               "| transport-http (2025-06-18) | 2025-06-18 | 2 | 1 | 1 | 1 | 0 | 0 | 5 |\n"
               "| **All suites** |  | **3** | **2** | **2** | **2** | **1** | **0** | **10** "
               "|\n"))
      << markdown;
}

TEST(RunReportMarkdown, NoDataBreaksATableRowOrALine) {
  RunReport report = rich_report();
  report.suites[1].name = "pipes | and `ticks` and\nnewlines";
  const std::string markdown = to_markdown(report);
  std::size_t rows = 0;
  for (const std::string& line : lines_of(markdown)) {
    if (!line.starts_with("| ")) continue;
    ++rows;
    EXPECT_EQ(cell_separators(line), 10u) << line;
  }
  EXPECT_EQ(rows, 5u);
  EXPECT_TRUE(contains(markdown, "pipes \\| and \\`ticks\\` and newlines")) << markdown;
}

TEST(RunReportMarkdown, ListsFailuresAndWarningsWithLevelSectionAndMessage) {
  const std::string markdown = to_markdown(rich_report());
  const std::string problems = section_of(markdown, "### Failures and warnings", "<details>");
  ASSERT_FALSE(problems.empty()) << markdown;
  EXPECT_TRUE(contains(problems,
                       "- \xE2\x9D\x8C **fail** `lifecycle.version.unsupported` **MUST** \xC2\xB7 "
                       "`basic/lifecycle#version-negotiation` \xC2\xB7 Title of "
                       "lifecycle.version.unsupported\\\n  expected: 400; got: 200\n"))
      << problems;
  EXPECT_TRUE(contains(problems, "**warn** `lifecycle.ping.latency` **SHOULD**")) << problems;
  EXPECT_TRUE(contains(problems, "**error** `lifecycle.shutdown` **MUST**")) << problems;
  EXPECT_TRUE(contains(problems,
                       "**expected failure** (known bug \\#12) "
                       "`transport.origin.forbidden` **MUST**"))
      << problems;
  EXPECT_TRUE(contains(problems, "**stale expectation** `transport.session.delete`")) << problems;
  EXPECT_TRUE(contains(problems,
                       "expected to fail (DELETE was broken) but passed: remove it from "
                       "the expected-failures file"))
      << problems;
  EXPECT_FALSE(contains(problems, "lifecycle.version.echo")) << "passes are not listed";
  EXPECT_FALSE(contains(problems, "lifecycle.instructions")) << "skips are listed apart";
  // Problems first: the failure before the error before the warning.
  EXPECT_LT(problems.find("lifecycle.version.unsupported"), problems.find("lifecycle.shutdown"));
  EXPECT_LT(problems.find("lifecycle.shutdown"), problems.find("lifecycle.ping.latency"));
}

TEST(RunReportMarkdown, EscapesHostileText) {
  const std::string markdown = to_markdown(rich_report());
  EXPECT_FALSE(contains(markdown, "<script>")) << markdown;
  EXPECT_TRUE(contains(markdown, "\\<script\\>alert('x')\\</script\\>"));
  EXPECT_TRUE(contains(markdown, "hostile.\\`tick\\`\\|pipe")) << "no code span for odd ids";
  EXPECT_TRUE(contains(markdown, "\\| \\`code\\` \"quoted\""));
  EXPECT_TRUE(contains(markdown, kReplacement));
  EXPECT_EQ(xml::to_xml_chars(markdown), markdown) << "valid UTF-8, no control characters";
}

TEST(RunReportMarkdown, ListsSkippedChecksWithReasonsInACollapsedBlock) {
  const std::string markdown = to_markdown(rich_report());
  const std::string skipped = section_of(markdown, "<details>", "</details>");
  EXPECT_TRUE(skipped.starts_with("<details>\n<summary>Skipped checks (2)</summary>\n\n"))
      << skipped;
  EXPECT_TRUE(contains(skipped,
                       "- `lifecycle.instructions` (lifecycle (2025-11-25)): the server "
                       "sends no instructions\n"))
      << skipped;
  EXPECT_TRUE(contains(skipped, "skipped \\| because \\`of\\` \\<script\\>")) << skipped;
}

TEST(RunReportMarkdown, TruncatesLongMessages) {
  RunReport report = rich_report();
  report.suites[0].cases[1].message = std::string(5000, 'x');
  const std::string markdown = to_markdown(report);
  EXPECT_TRUE(contains(markdown, std::string(500, 'x') + "\xE2\x80\xA6"));
  EXPECT_FALSE(contains(markdown, std::string(501, 'x')));
}

TEST(RunReportMarkdown, StaysUnderAMegabyteForHugeRuns) {
  RunReport report = rich_report();
  SuiteReport huge;
  huge.name = "huge";
  for (int i = 0; i < 5000; ++i) {
    huge.cases.push_back(
        check("huge.fail." + std::to_string(i), "MUST", Verdict::kFail, std::string(2000, 'f')));
    huge.cases.push_back(
        check("huge.skip." + std::to_string(i), "MAY", Verdict::kSkip, std::string(2000, 's')));
  }
  report.suites.push_back(huge);
  const std::string markdown = to_markdown(report);
  EXPECT_LT(markdown.size(), 1000u * 1000u);
  EXPECT_TRUE(contains(markdown, "more not shown here"));
  EXPECT_TRUE(markdown.ends_with("</details>\n"));
}

// ---- HTML ----

TEST(RunReportHtml, IsOneSelfContainedPage) {
  const std::string page = to_html(rich_report());
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  EXPECT_EQ(occurrences(page, "<script"), 1u) << "only the page's own script";
  EXPECT_EQ(occurrences(page, "</script>"), 1u);
  EXPECT_EQ(occurrences(page, "<style>"), 1u);
  // Nothing that loads anything: no tag with a src/href attribute, no CSS url or import.
  // (The hostile data says "src=" too, but as escaped text, outside any tag.)
  EXPECT_FALSE(std::regex_search(
      page,
      std::regex(R"(<[a-z][^>]*\s(src|href|action|srcset|poster|data)\s*=)", std::regex::icase)));
  EXPECT_FALSE(contains(page, "url("));
  EXPECT_FALSE(contains(page, "@import"));
  EXPECT_FALSE(contains(page, "<link"));
  EXPECT_FALSE(contains(page, "<img"));
  EXPECT_TRUE(contains(page, "default-src 'none'"));
  // The only http(s):// in the page is the target as text.
  EXPECT_EQ(occurrences(page, "https://"), 0u);
  for (std::size_t at = page.find("http://"); at != std::string::npos;
       at = page.find("http://", at + 1)) {
    EXPECT_TRUE(page.compare(at, 16, "http://127.0.0.1") == 0) << page.substr(at, 40);
  }
}

TEST(RunReportHtml, HeaderSaysTargetTransportProfileAndTime) {
  const std::string page = to_html(rich_report());
  EXPECT_TRUE(
      contains(page, "<title>MCP conformance: http://127.0.0.1:41237/mcp?a=1&amp;b=&lt;2&gt;"));
  EXPECT_TRUE(contains(
      page, "<div class=\"target mono\">http://127.0.0.1:41237/mcp?a=1&amp;b=&lt;2&gt;</div>"));
  EXPECT_TRUE(contains(page, "Transport <b>streamable-http</b>"));
  EXPECT_TRUE(contains(page, "Profile <b>spec</b>"));
  EXPECT_TRUE(contains(page, "Started <b>2026-11-24T05:00:00Z</b>"));
  EXPECT_TRUE(contains(page, "Took <b>3.50 s</b>"));
  EXPECT_TRUE(contains(page, "Server <b>mcp-reference-server 0.1.0</b>"));
  EXPECT_TRUE(contains(page, "Failed <small>exit code 1"));
  EXPECT_TRUE(contains(page, "<span class=\"n\">2</span><span class=\"l\">fail</span>"));
  EXPECT_TRUE(contains(page, "<span class=\"n\">10</span><span class=\"l\">total</span>"));
}

TEST(RunReportHtml, HasAFilterButtonPerVerdictHiddenWithoutScript) {
  const std::string page = to_html(rich_report());
  EXPECT_TRUE(contains(page,
                       "<nav class=\"filters\" id=\"filters\" aria-label=\"Show checks by "
                       "verdict\" hidden>"));
  for (const std::string_view verdict : {"all", "fail", "warn", "skip", "error", "pass"}) {
    EXPECT_TRUE(
        contains(page, "<button type=\"button\" data-verdict=\"" + std::string(verdict) + "\""))
        << verdict;
  }
  EXPECT_TRUE(contains(page, "data-verdict=\"fail\" aria-pressed=\"false\">fail 2</button>"));
}

TEST(RunReportHtml, ShowsEveryCheckWithItsVerdict) {
  const RunReport report = rich_report();
  const std::string page = to_html(report);
  EXPECT_EQ(occurrences(page, "<details class=\"check "), 10u);
  EXPECT_EQ(occurrences(page, "<details class=\"check v-fail\" data-verdict=\"fail\">"), 2u);
  EXPECT_EQ(occurrences(page, "<details class=\"check v-warn\" data-verdict=\"warn\">"), 2u);
  EXPECT_EQ(occurrences(page, "<details class=\"check v-pass\" data-verdict=\"pass\">"), 3u);
  for (const SuiteReport& suite : report.suites) {
    for (const CaseReport& test_case : suite.cases) {
      if (test_case.id == kHostileId) continue;
      EXPECT_TRUE(contains(page, "<code class=\"id\">" + test_case.id + "</code>")) << test_case.id;
      EXPECT_TRUE(contains(page, "<dt>Requirement</dt><dd>" + test_case.requirement + "</dd>"));
    }
  }
  EXPECT_TRUE(contains(page, "<code class=\"id\">hostile.`tick`|pipe</code>"));
  EXPECT_TRUE(contains(page, "<dt>Level</dt><dd>SHOULD</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Section</dt><dd>basic/lifecycle#version-negotiation</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Time</dt><dd>125 ms</dd>"));
  EXPECT_TRUE(contains(page, "<span class=\"badge\">expected failure</span>"));
  EXPECT_TRUE(contains(page, "<dt>Expected to fail</dt><dd>known bug #12</dd>"));
  EXPECT_TRUE(contains(page, "<span class=\"badge stale\">stale expectation</span>"));
}

TEST(RunReportHtml, PutsFailuresFirstWithinASuite) {
  const std::string page = to_html(rich_report());
  const auto at = [&page](std::string_view id) {
    return page.find("<code class=\"id\">" + std::string(id) + "</code>");
  };
  EXPECT_LT(at("lifecycle.version.unsupported"), at("lifecycle.shutdown"));
  EXPECT_LT(at("lifecycle.shutdown"), at("lifecycle.ping.latency"));
  EXPECT_LT(at("lifecycle.ping.latency"), at("lifecycle.instructions"));
  EXPECT_LT(at("lifecycle.instructions"), at("lifecycle.version.echo"));
  EXPECT_LT(at("transport.session.delete"), at("transport.origin.forbidden"))
      << "a stale expectation needs fixing; an expected failure does not";
}

TEST(RunReportHtml, EscapesEverythingFromTheData) {
  const std::string page = to_html(rich_report());
  EXPECT_FALSE(contains(page, "<script>alert"));
  EXPECT_FALSE(contains(page, "<img"));
  EXPECT_FALSE(contains(page, "said <b>"));
  EXPECT_FALSE(contains(page, "</pre></script>"));
  EXPECT_TRUE(contains(page,
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | `code` "
                       "&quot;quoted&quot;"));
  EXPECT_TRUE(contains(page, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(contains(page, "&lt;/pre&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  EXPECT_TRUE(contains(page, "server said &lt;b&gt;no&lt;/b&gt;"));
  EXPECT_TRUE(contains(page, std::string("bad ") + std::string(kReplacement)));
  EXPECT_EQ(xml::to_xml_chars(page), page) << "valid UTF-8, no control characters";
}

TEST(RunReportHtml, RendersExchangesReadably) {
  const std::string page = to_html(rich_report());
  // The head line: label, method and URL, status, duration.
  EXPECT_TRUE(contains(page,
                       "<span class=\"muted\">#0</span> <b>initialize</b> <code>POST "
                       "http://127.0.0.1:41237/mcp?a=1&amp;b=&lt;2&gt;</code> <span "
                       "class=\"status s2\">200</span> <span class=\"muted\">3.0 ms</span>"))
      << page;
  EXPECT_TRUE(contains(page, "<span class=\"status s5\">500</span>"));
  // Headers, with the secret redacted by the transcript.
  EXPECT_TRUE(contains(page, "<tr><td>MCP-Protocol-Version</td><td>2025-11-25</td></tr>"));
  EXPECT_TRUE(contains(page, "<tr><td>Authorization</td><td>Bearer [redacted]</td></tr>"));
  EXPECT_FALSE(contains(page, "s3cret"));
  // JSON bodies pretty-printed.
  EXPECT_TRUE(contains(page, "  &quot;method&quot;: &quot;initialize&quot;,"));
  // SSE events with their times, ids, retry and data.
  EXPECT_TRUE(contains(page,
                       "<td class=\"mono\">12.500 ms</td><td class=\"mono\">message<br><span "
                       "class=\"muted\">retry 3000 ms</span></td><td class=\"mono\">0:1</td>"))
      << page;
  EXPECT_TRUE(contains(page, "<td class=\"mono\">13.750 ms</td>"));
  EXPECT_TRUE(contains(page, "&quot;method&quot;: &quot;notifications/progress&quot;"));
  EXPECT_TRUE(contains(page, "2 more events were not recorded"));
  EXPECT_TRUE(contains(page,
                       "started 1.000 ms \xC2\xB7 connected 1.500 ms \xC2\xB7 first byte "
                       "3.250 ms \xC2\xB7 completed 4.000 ms"));
  EXPECT_TRUE(contains(page, "<h3>Wire exchanges (1)</h3>"));
}

TEST(RunReportHtml, CutsHugeBodies) {
  RunReport report = rich_report();
  Json exchange = initialize_exchange();
  exchange["response"]["body"] = std::string(200 * 1024, 'z');
  report.suites[0].cases[0].exchanges = Json::array({exchange});
  const std::string page = to_html(report);
  EXPECT_TRUE(contains(page, std::to_string(136 * 1024) + " more bytes not shown here"));
  EXPECT_LT(page.size(), 120u * 1024u);
}

// ---- JUnit ----

const TestCase& junit_case(const std::vector<TestSuite>& suites, std::string_view id) {
  for (const TestSuite& suite : suites) {
    for (const TestCase& test_case : suite.cases) {
      if (test_case.name.starts_with(std::string(id) + " [")) return test_case;
    }
  }
  throw std::runtime_error("no JUnit case for " + std::string(id));
}

std::string property(const TestCase& test_case, std::string_view name) {
  for (const Property& p : test_case.properties) {
    if (p.name == name) return p.value;
  }
  return "<absent>";
}

TEST(RunReportJunit, OneSuitePerSuiteReport) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0].name, "lifecycle (2025-11-25)");
  EXPECT_EQ(suites[1].name, "transport-http (2025-06-18)");
  EXPECT_EQ(suites[0].timestamp, "2026-11-24T05:00:00Z");
  EXPECT_EQ(suites[0].hostname, "ci-runner-7");
  EXPECT_EQ(suites[0].cases.size(), 5u);
  EXPECT_EQ(suites[1].cases.size(), 5u);
}

TEST(RunReportJunit, ClassnameHasNoDotsInsideAreaOrVersion) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  EXPECT_EQ(suites[0].cases[0].classname, "mcp.lifecycle.v2025_11_25");
  EXPECT_EQ(suites[1].cases[0].classname, "mcp.transport_http.v2025_06_18");
  RunReport dotted = rich_report();
  dotted.suites[0].protocol_version = "1.0-rc";
  EXPECT_EQ(to_junit(dotted)[0].cases[0].classname, "mcp.lifecycle.v1_0_rc");
}

TEST(RunReportJunit, NameIsIdLevelAndTitle) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  EXPECT_EQ(suites[0].cases[0].name,
            "lifecycle.version.echo [MUST] Title of lifecycle.version.echo");
  EXPECT_DOUBLE_EQ(suites[0].cases[0].seconds, 0.125);
}

TEST(RunReportJunit, MapsPassFailSkipAndError) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  const TestCase& pass = junit_case(suites, "lifecycle.version.echo");
  EXPECT_EQ(pass.outcome, Outcome::kPass);

  const TestCase& fail = junit_case(suites, "lifecycle.version.unsupported");
  EXPECT_EQ(fail.outcome, Outcome::kFail);
  EXPECT_EQ(fail.message, "expected: 400; got: 200");
  EXPECT_TRUE(fail.detail.starts_with("expected: 400; got: 200\n\nexchanges:\n[\n  {\n"))
      << fail.detail;
  EXPECT_TRUE(contains(fail.detail, "\"label\": \"initialize\"")) << "pretty-printed";

  const TestCase& skip = junit_case(suites, "lifecycle.instructions");
  EXPECT_EQ(skip.outcome, Outcome::kSkip);
  EXPECT_EQ(skip.message, "the server sends no instructions");

  const TestCase& error = junit_case(suites, "lifecycle.shutdown");
  EXPECT_EQ(error.outcome, Outcome::kError);
  EXPECT_EQ(error.message, "connection reset by peer");
}

TEST(RunReportJunit, WarningPassesWithAWarningLineUnlessStrict) {
  RunReport report = rich_report();
  const TestCase warn = junit_case(to_junit(report), "lifecycle.ping.latency");
  EXPECT_EQ(warn.outcome, Outcome::kPass);
  EXPECT_EQ(warn.system_out, "WARNING: expected: an answer within 500 ms; got: 900 ms\n");

  report.strict = true;
  const TestCase strict = junit_case(to_junit(report), "lifecycle.ping.latency");
  EXPECT_EQ(strict.outcome, Outcome::kFail);
  EXPECT_EQ(strict.message, "expected: an answer within 500 ms; got: 900 ms");
  EXPECT_FALSE(strict.system_out.starts_with("WARNING"));
}

TEST(RunReportJunit, ExpectedFailurePassesWithANote) {
  const TestCase origin = junit_case(to_junit(rich_report()), "transport.origin.forbidden");
  EXPECT_EQ(origin.outcome, Outcome::kPass);
  EXPECT_EQ(origin.system_out, "EXPECTED FAILURE: known bug #12: expected: 403; got: 200\n");
  EXPECT_EQ(property(origin, "expected_reason"), "known bug #12");
}

TEST(RunReportJunit, StaleExpectationFails) {
  const TestCase deleted = junit_case(to_junit(rich_report()), "transport.session.delete");
  EXPECT_EQ(deleted.outcome, Outcome::kFail);
  EXPECT_EQ(deleted.message,
            "expected to fail (DELETE was broken) but passed: remove it from the "
            "expected-failures file");
}

TEST(RunReportJunit, PropertiesNameRequirementLevelSectionAndVerdict) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  const TestCase& fail = junit_case(suites, "lifecycle.version.unsupported");
  EXPECT_EQ(property(fail, "requirement"), "REQ-lifecycle.version.unsupported");
  EXPECT_EQ(property(fail, "level"), "MUST");
  EXPECT_EQ(property(fail, "section"), "basic/lifecycle#version-negotiation");
  EXPECT_EQ(property(fail, "verdict"), "fail");
  EXPECT_EQ(property(fail, "expected_reason"), "<absent>") << "only when there is one";
  EXPECT_EQ(property(junit_case(suites, "transport.origin.forbidden"), "verdict"), "fail");
}

TEST(RunReportJunit, SystemOutCarriesEachExchangeAsOneCompactLine) {
  const std::vector<TestSuite> suites = to_junit(rich_report());
  const TestCase& stream = junit_case(suites, "transport.sse.stream");
  EXPECT_EQ(stream.system_out, sse_exchange().dump() + "\n");
  const TestCase& hostile = junit_case(suites, kHostileId);
  const std::vector<std::string> lines = lines_of(hostile.system_out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].starts_with("WARNING: <script>"));
  const Json exchange = Json::parse(lines[1]);
  EXPECT_EQ(exchange["label"], "hostile <label>");
  EXPECT_EQ(junit_case(suites, "lifecycle.instructions").system_out, "");
}

TEST(RunReportJunit, WritesWellFormedXmlForTheHostileReport) {
  const std::string xml = to_junit_xml(to_junit(rich_report()));
  EXPECT_FALSE(contains(xml, "<script>"));
  EXPECT_EQ(occurrences(xml, "<testcase "), 10u);
  EXPECT_TRUE(contains(xml, R"(tests="5" failures="1" errors="1" skipped="1")")) << xml;
  EXPECT_TRUE(contains(xml, R"(tests="5" failures="1" errors="0" skipped="1")")) << xml;
}

}  // namespace
}  // namespace mcp::reports

#endif  // MCPC_RUN_REPORT_JUNIT_SAMPLE
