// The run report's JSON, Markdown and JUnit forms (HTML is in report_html.cpp).
#include "reports/run_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string_view>

#include "reports/xml_text.hpp"

namespace mcp::reports {

int severity_rank(const CaseReport& check) {
  if (check.stale) return 1;
  switch (check.verdict) {
    case Verdict::kFail:
      return check.expected_failure ? kExpectedProblemRank : 0;
    case Verdict::kError:
      return 2;
    case Verdict::kWarn:
      return check.expected_failure ? kExpectedProblemRank : 3;
    case Verdict::kSkip:
      return 5;
    case Verdict::kPass:
    case Verdict::kInfo:
      return 6;
  }
  return 2;
}

namespace {

constexpr std::string_view kJsonFormat = "mcp-conformance-report";
// Bump only for changes that are not additive (reports/README.md says what that means).
constexpr int kJsonVersion = 1;
constexpr std::string_view kToolName = "mcp-conformance";

void tally(Counts& counts, Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      ++counts.pass;
      return;
    case Verdict::kFail:
      ++counts.fail;
      return;
    case Verdict::kWarn:
      ++counts.warn;
      return;
    case Verdict::kSkip:
      ++counts.skip;
      return;
    case Verdict::kError:
      ++counts.error;
      return;
    case Verdict::kInfo:
      ++counts.info;
      return;
  }
  ++counts.error;  // an out-of-range value: something in the harness broke
}

// The same rule as the JUnit writer: no report format carries negative or
// non-finite durations.
double report_seconds(double seconds) {
  return std::isfinite(seconds) && seconds > 0 ? seconds : 0;
}

// The model says "the wire exchanges"; callers may leave it null or hand over a
// single exchange, and every reader wants an array.
Json exchange_list(const Json& exchanges) {
  if (exchanges.is_array()) return exchanges;
  if (exchanges.is_null()) return Json::array();
  return Json::array({exchanges});
}

std::string stale_message(const CaseReport& check) {
  std::string message = "expected to fail";
  if (!check.expected_reason.empty()) message += " (" + check.expected_reason + ")";
  return message + " but passed: remove it from the expected-failures file";
}

// ---- JSON ----

Json counts_json(const Counts& counts) {
  return Json{{"pass", counts.pass},    {"fail", counts.fail},   {"warn", counts.warn},
              {"skip", counts.skip},    {"error", counts.error}, {"info", counts.info},
              {"total", counts.total()}};
}

Json case_json(const CaseReport& check) {
  Json out{{"id", check.id},
           {"title", check.title},
           {"area", check.area},
           {"section", check.section},
           {"spec_url", check.spec_url},
           {"rule", check.rule},
           {"level", check.level},
           {"requirement", check.requirement},
           {"description", check.description},
           {"verdict", to_string(check.verdict)},
           {"message", check.message},
           {"seconds", report_seconds(check.seconds)},
           {"exchanges", exchange_list(check.exchanges)},
           {"expected_failure", check.expected_failure},
           {"expected_reason", check.expected_reason},
           {"stale", check.stale}};
  // Only where it says something: a case whose exchanges were summarised.
  if (!check.exchange_summary.empty()) out["exchange_summary"] = check.exchange_summary;
  return out;
}

Json suite_json(const SuiteReport& suite) {
  Json cases = Json::array();
  for (const CaseReport& check : suite.cases)
    cases.push_back(case_json(check));
  return Json{{"name", suite.name},
              {"area", suite.area},
              {"protocol_version", suite.protocol_version},
              {"summary", counts_json(count(suite))},
              {"cases", std::move(cases)}};
}

// ---- Markdown ----

// GitHub refuses a step summary over 1 MiB; staying under 10^6 bytes leaves room.
constexpr std::size_t kMarkdownTableCeiling = 300 * 1000;
constexpr std::size_t kMarkdownProblemsCeiling = 900 * 1000;
constexpr std::size_t kMarkdownSkipsCeiling = 980 * 1000;
constexpr std::size_t kMarkdownMessageCodePoints = 500;
constexpr std::size_t kMarkdownNameCodePoints = 200;

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// `text` is valid UTF-8 (to_xml_chars made it so): cut it after `limit` code points.
std::string truncate_code_points(std::string text, std::size_t limit) {
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation_byte(text[i])) continue;
    if (code_points++ == limit) {
      text.resize(i);
      text += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
      break;
    }
  }
  return text;
}

bool is_markdown_syntax(char c) {
  // Everything GitHub would read as emphasis, code, links, HTML, tables, strikethrough,
  // headings, math or entities; `\` itself so the escapes stay unambiguous.
  return std::string_view("\\`*_[]<>|~&#$").find(c) != std::string_view::npos;
}

// Untrusted text as one line of literal Markdown: valid UTF-8, no line breaks (a table
// row or list item must stay one line), every syntax character backslash-escaped.
std::string markdown_text(std::string_view raw, std::size_t limit = kMarkdownMessageCodePoints) {
  const std::string text = truncate_code_points(xml::to_xml_chars(raw), limit);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    if (is_markdown_syntax(c)) out += '\\';
    out += c;
  }
  return out;
}

// Ids and sections read best as code, but a code span can hold neither an unescaped
// backtick nor (in a table) a pipe, so only plain identifiers get one.
std::string markdown_identifier(std::string_view raw) {
  const bool plain = !raw.empty() && raw.size() <= kMarkdownNameCodePoints &&
                     std::all_of(raw.begin(), raw.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') ||
                              std::string_view("._-:/#@+=").find(c) != std::string_view::npos;
                     });
  if (plain) return "`" + std::string(raw) + "`";
  return markdown_text(raw, kMarkdownNameCodePoints);
}

bool fails_the_check(const CaseReport& check, bool strict) {
  return check.verdict == Verdict::kFail || (strict && check.verdict == Verdict::kWarn);
}

std::string problem_marker(const CaseReport& check) {
  if (check.stale) return "\xE2\x9D\x8C **stale expectation**";  // red cross
  if (severity_rank(check) == kExpectedProblemRank) {
    std::string marker = "\xE2\x9D\x8E **expected failure**";  // crossed box
    if (!check.expected_reason.empty()) marker += " (" + markdown_text(check.expected_reason) + ")";
    return marker;
  }
  switch (check.verdict) {
    case Verdict::kFail:
      return "\xE2\x9D\x8C **fail**";
    case Verdict::kError:
      return "\xF0\x9F\x92\xA5 **error**";  // collision
    case Verdict::kWarn:
      return "\xE2\x9A\xA0\xEF\xB8\x8F **warn**";  // warning sign
    case Verdict::kPass:
    case Verdict::kSkip:
    case Verdict::kInfo:
      break;
  }
  return {};
}

std::string problem_item(const CaseReport& check) {
  std::string item = "- " + problem_marker(check) + " " + markdown_identifier(check.id);
  if (!check.level.empty()) item += " **" + markdown_text(check.level, 20) + "**";
  if (!check.section.empty()) item += " \xC2\xB7 " + markdown_identifier(check.section);
  if (!check.title.empty()) item += " \xC2\xB7 " + markdown_text(check.title);
  const std::string message = check.stale ? stale_message(check) : check.message;
  if (!message.empty()) item += "\\\n  " + markdown_text(message);  // `\` + newline: a hard break
  return item + "\n";
}

struct Block {
  std::string text;
  bool is_item = false;  // a check (counted when left out), not a heading
};

// Appends `blocks` while the document stays under `ceiling`, then says how many checks
// did not fit, so a huge run still produces a summary GitHub accepts.
void append_within(std::string& out, const std::vector<Block>& blocks, std::size_t ceiling) {
  std::size_t left_out = 0;
  for (const Block& block : blocks) {
    if (left_out == 0 && out.size() + block.text.size() <= ceiling) {
      out += block.text;
    } else if (block.is_item) {
      ++left_out;
    }
  }
  if (left_out > 0) {
    out += "- \xE2\x80\xA6 " + std::to_string(left_out) +
           " more not shown here: see the JSON or HTML report\n";
  }
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string verdict_line(const RunReport& report, const Counts& totals) {
  int expected = 0;
  int stale = 0;
  for (const SuiteReport& suite : report.suites) {
    for (const CaseReport& check : suite.cases) {
      if (check.stale) {
        ++stale;
      } else if (check.expected_failure && fails_the_check(check, report.strict)) {
        ++expected;
      }
    }
  }
  std::string line = report.exit_code == 0 ? "\xE2\x9C\x85 **Passed**" : "\xE2\x9D\x8C **Failed**";
  line += " (exit code " + std::to_string(report.exit_code) + "): ";
  line += plural(totals.total(), "check", "checks") + ", " + std::to_string(totals.pass) +
          " passed, " + std::to_string(totals.fail) + " failed, " +
          plural(totals.warn, "warning", "warnings") + ", " + std::to_string(totals.skip) +
          " skipped, " + plural(totals.error, "error", "errors");
  if (totals.info > 0) line += ", " + std::to_string(totals.info) + " informational";
  if (expected > 0) line += ", " + plural(expected, "expected failure", "expected failures");
  if (stale > 0) line += ", " + plural(stale, "stale expectation", "stale expectations");
  if (!report.profile.empty()) line += " \xC2\xB7 profile " + markdown_identifier(report.profile);
  if (!report.transport.empty()) line += " \xC2\xB7 " + markdown_identifier(report.transport);
  if (report.strict) line += " \xC2\xB7 strict";
  line += " \xC2\xB7 " + xml::format_fixed(report_seconds(report.seconds), 1) + " s\n";
  return line;
}

std::string table_row(std::string_view name, std::string_view version, const Counts& counts,
                      bool bold) {
  const auto cell = [bold](int n) {
    return bold ? "**" + std::to_string(n) + "**" : std::to_string(n);
  };
  return "| " + std::string(name) + " | " + std::string(version) + " | " + cell(counts.pass) +
         " | " + cell(counts.fail) + " | " + cell(counts.warn) + " | " + cell(counts.skip) + " | " +
         cell(counts.error) + " | " + cell(counts.info) + " | " + cell(counts.total()) + " |\n";
}

// ---- JUnit ----

// CI tools split a classname at dots into packages, so none may come from the data.
std::string classname_part(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '-' || c == '.') c = '_';
  }
  return out;
}

std::string junit_classname(const SuiteReport& suite, const CaseReport& check) {
  std::string classname = "mcp." + classname_part(check.area.empty() ? suite.area : check.area);
  if (!suite.protocol_version.empty()) classname += ".v" + classname_part(suite.protocol_version);
  return classname;
}

TestCase junit_case(const RunReport& report, const SuiteReport& suite, const CaseReport& check) {
  TestCase test_case;
  test_case.classname = junit_classname(suite, check);
  test_case.name = check.id + " [" + check.level + "] " + check.title;
  test_case.seconds = report_seconds(check.seconds);
  test_case.properties = {{"requirement", check.requirement},
                          {"level", check.level},
                          {"section", check.section},
                          {"verdict", std::string(to_string(check.verdict))}};
  if (!check.spec_url.empty()) test_case.properties.push_back({"spec_url", check.spec_url});
  if (!check.rule.empty()) test_case.properties.push_back({"rule", check.rule});
  if (!check.expected_reason.empty())
    test_case.properties.push_back({"expected_reason", check.expected_reason});

  const Json exchanges = exchange_list(check.exchanges);
  std::string wire;  // one compact exchange (or its summary) per line, for tools that grep
  for (const Json& exchange : exchanges)
    wire += jsonrpc::serialize(exchange) + "\n";
  for (const std::string& line : check.exchange_summary)
    wire += line + "\n";
  const std::string pretty_exchanges =
      exchanges.empty()
          ? std::string()
          : "\n\nexchanges:\n" + exchanges.dump(2, ' ', false, Json::error_handler_t::replace);

  std::string first_line;  // what system_out says before the exchanges
  if (check.stale) {
    test_case.outcome = Outcome::kFail;
    test_case.message = stale_message(check);
    test_case.detail = test_case.message + pretty_exchanges;
  } else if (fails_the_check(check, report.strict) && check.expected_failure) {
    test_case.outcome = Outcome::kPass;
    first_line = "EXPECTED FAILURE: ";
    if (!check.expected_reason.empty()) first_line += check.expected_reason + ": ";
    first_line += check.message;
  } else if (fails_the_check(check, report.strict)) {
    test_case.outcome = Outcome::kFail;
    test_case.message = check.message;
    test_case.detail = check.message + pretty_exchanges;
  } else {
    switch (check.verdict) {
      case Verdict::kPass:
      case Verdict::kFail:  // handled above; listed for -Wswitch
        test_case.outcome = Outcome::kPass;
        break;
      case Verdict::kWarn:
        test_case.outcome = Outcome::kPass;
        first_line = "WARNING: " + check.message;
        break;
      case Verdict::kSkip:
        test_case.outcome = Outcome::kSkip;
        test_case.message = check.message;
        break;
      case Verdict::kInfo:
        test_case.outcome = Outcome::kPass;
        first_line = "INFO: " + check.message;
        break;
      case Verdict::kError:
        test_case.outcome = Outcome::kError;
        test_case.message = check.message;
        test_case.detail = check.message + pretty_exchanges;
        break;
    }
  }
  test_case.system_out = first_line.empty() ? wire : first_line + "\n" + wire;
  return test_case;
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kSkip:
      return "skip";
    case Verdict::kError:
      return "error";
    case Verdict::kInfo:
      return "info";
  }
  return "error";  // an out-of-range value: something in the harness broke
}

Counts count(const SuiteReport& suite) {
  Counts counts;
  for (const CaseReport& check : suite.cases)
    tally(counts, check.verdict);
  return counts;
}

Counts count(const RunReport& report) {
  Counts counts;
  for (const SuiteReport& suite : report.suites) {
    for (const CaseReport& check : suite.cases)
      tally(counts, check.verdict);
  }
  return counts;
}

Json to_json(const RunReport& report) {
  Json suites = Json::array();
  for (const SuiteReport& suite : report.suites)
    suites.push_back(suite_json(suite));
  Json report_as_json{{"format", kJsonFormat},
                      {"version", kJsonVersion},
                      {"tool", {{"name", kToolName}, {"version", report.tool_version}}},
                      {"target", report.target},
                      {"transport", report.transport},
                      {"profile", report.profile},
                      {"strict", report.strict},
                      {"started_at", report.started_at},
                      {"hostname", report.hostname},
                      {"seconds", report_seconds(report.seconds)},
                      {"exit_code", report.exit_code},
                      {"server", report.server.is_null() ? Json::object() : report.server},
                      {"summary", counts_json(count(report))},
                      {"suites", std::move(suites)},
                      {"notes", report.notes}};
  if (!report.shard.is_null()) report_as_json["shard"] = report.shard;
  // Whatever a server sent ends up in these strings, and nlohmann refuses to serialise
  // invalid UTF-8; one pass through the replacing serialiser repairs every string and
  // key, so callers can dump() the result without a try.
  return Json::parse(jsonrpc::serialize(report_as_json));
}

namespace {

// One line per check with `verdict`: its id, suite and message (a skip's reason,
// an informational check's finding).
std::vector<Block> checks_with(const RunReport& report, Verdict verdict) {
  std::vector<Block> items;
  for (const SuiteReport& suite : report.suites) {
    for (const CaseReport& check : suite.cases) {
      if (check.verdict != verdict || check.stale) continue;
      std::string item = "- " + markdown_identifier(check.id) + " (" +
                         markdown_text(suite.name, kMarkdownNameCodePoints) + ")";
      if (!check.message.empty()) item += ": " + markdown_text(check.message);
      items.push_back({item + "\n", true});
    }
  }
  return items;
}

}  // namespace

namespace {

std::string compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// `object` compact on one line, but the array under `key` one element a line.
void append_one_per_line(std::string& out, const Json& object, std::string_view key,
                         const std::function<void(std::string&, const Json&)>& element) {
  out += "{";
  bool first = true;
  for (const auto& [name, value] : object.items()) {
    out += first ? "" : ",";
    first = false;
    out += compact(Json(name)) + ":";
    if (name != key || !value.is_array()) {
      out += compact(value);
      continue;
    }
    out += "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      out += i == 0 ? "\n" : ",\n";
      element(out, value[i]);
    }
    out += "\n]";
  }
  out += "}";
}

}  // namespace

std::string to_json_text(const RunReport& report) {
  std::string out;
  append_one_per_line(out, to_json(report), "suites", [](std::string& text, const Json& suite) {
    append_one_per_line(text, suite, "cases",
                        [](std::string& line, const Json& check) { line += compact(check); });
  });
  return out + "\n";
}

std::string to_markdown(const RunReport& report) {
  const Counts totals = count(report);
  std::string out = "## MCP conformance: " + markdown_text(report.target) + "\n\n";
  out += verdict_line(report, totals);
  for (const auto& note : report.notes)
    out += "\n> Note: " + markdown_text(note) + "\n";

  out += "\n| Suite | Protocol | Pass | Fail | Warn | Skip | Error | Info | Total |\n";
  out += "| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  std::vector<Block> rows;
  for (const SuiteReport& suite : report.suites) {
    rows.push_back({table_row(markdown_text(suite.name, kMarkdownNameCodePoints),
                              markdown_text(suite.protocol_version, kMarkdownNameCodePoints),
                              count(suite), false),
                    true});
  }
  append_within(out, rows, kMarkdownTableCeiling);
  out += table_row("**All suites**", "", totals, true);

  out += "\n### Failures and warnings\n\n";
  std::vector<Block> problems;
  for (const SuiteReport& suite : report.suites) {
    std::vector<const CaseReport*> listed;
    for (const CaseReport& check : suite.cases) {
      if (severity_rank(check) <= kExpectedProblemRank) listed.push_back(&check);
    }
    if (listed.empty()) continue;
    std::stable_sort(listed.begin(), listed.end(), [](const CaseReport* a, const CaseReport* b) {
      return severity_rank(*a) < severity_rank(*b);
    });
    problems.push_back({"**" + markdown_text(suite.name, kMarkdownNameCodePoints) + "**\n\n"});
    for (const CaseReport* check : listed)
      problems.push_back({problem_item(*check), true});
    problems.push_back({"\n"});
  }
  if (problems.empty()) {
    out += "None.\n\n";
  } else {
    append_within(out, problems, kMarkdownProblemsCeiling);
  }

  const auto informational = checks_with(report, Verdict::kInfo);
  if (!informational.empty()) {
    out += "\n### Informational\n\n";
    append_within(out, informational, kMarkdownSkipsCeiling);
  }
  const auto skips = checks_with(report, Verdict::kSkip);
  out +=
      "\n<details>\n<summary>Skipped checks (" + std::to_string(skips.size()) + ")</summary>\n\n";
  if (skips.empty()) {
    out += "None.\n";
  } else {
    append_within(out, skips, kMarkdownSkipsCeiling);
  }
  out += "\n</details>\n";
  return out;
}

std::vector<TestSuite> to_junit(const RunReport& report) {
  std::vector<TestSuite> suites;
  suites.reserve(report.suites.size());
  for (const SuiteReport& suite : report.suites) {
    TestSuite junit_suite;
    junit_suite.name = suite.name;
    junit_suite.timestamp = report.started_at;
    junit_suite.hostname = report.hostname;
    junit_suite.properties = {{"tool", std::string(kToolName) + " " + report.tool_version},
                              {"target", report.target},
                              {"transport", report.transport},
                              {"profile", report.profile},
                              {"strict", report.strict ? "true" : "false"},
                              {"area", suite.area},
                              {"protocol_version", suite.protocol_version}};
    for (const CaseReport& check : suite.cases)
      junit_suite.cases.push_back(junit_case(report, suite, check));
    suites.push_back(std::move(junit_suite));
  }
  return suites;
}

}  // namespace mcp::reports
