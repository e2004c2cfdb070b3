#include "reports/junit.hpp"

#include <cmath>
#include <ctime>
#include <optional>

#include "protocol/redaction.hpp"
#include "reports/xml_text.hpp"

namespace mcp::reports {
namespace {

// The Ant schema requires `type` on <failure> and <error>; the model has no finer kind.
constexpr std::string_view kFailureType = "failure";
constexpr std::string_view kErrorType = "error";

std::string_view outcome_word(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "passed";
    case Outcome::kFail:
      return "failed";
    case Outcome::kError:
      return "error";
    case Outcome::kSkip:
      return "skipped";
  }
  return "unknown";
}

std::string non_blank_or(std::string_view value, std::string_view fallback) {
  return std::string(xml::has_visible_text(value) ? value : fallback);
}

bool read_digits(std::string_view text, std::size_t position, std::size_t count, int* value) {
  *value = 0;
  for (std::size_t i = position; i < position + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *value = *value * 10 + (text[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The Ant schema's ISO8601_DATETIME_PATTERN is an xs:dateTime restricted to
// YYYY-MM-DDTHH:MM:SS, so both the shape and the values must be right.
std::optional<std::string> schema_timestamp(std::string_view given) {
  constexpr std::size_t kLength = 19;  // YYYY-MM-DDTHH:MM:SS
  if (given.size() < kLength) return std::nullopt;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool shaped =
      read_digits(given, 0, 4, &year) && given[4] == '-' && read_digits(given, 5, 2, &month) &&
      given[7] == '-' && read_digits(given, 8, 2, &day) && given[10] == 'T' &&
      read_digits(given, 11, 2, &hour) && given[13] == ':' && read_digits(given, 14, 2, &minute) &&
      given[16] == ':' && read_digits(given, 17, 2, &second);
  if (!shaped || year < 1 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  // What may follow without changing the meaning of a UTC time: a fraction, then "Z".
  std::string_view rest = given.substr(kLength);
  if (rest.size() >= 2 && rest[0] == '.' && rest[1] >= '0' && rest[1] <= '9') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9')
      rest.remove_prefix(1);
  }
  if (rest.empty() || rest == "Z" || rest == "+00:00") return std::string(given.substr(0, kLength));
  return std::nullopt;
}

std::string current_utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(buffer, length);
}

double schema_seconds(double seconds) {
  return std::isfinite(seconds) && seconds > 0 ? seconds : 0;
}

// libxml2 (xmllint, and most CI readers built on it) refuses a text node or
// attribute value over 10,000,000 bytes unless told --huge; what a report shows
// of a server is cut well below that, with a note.
constexpr std::size_t kMaxTextNode = 4u << 20;
constexpr std::size_t kMaxAttribute = 64u << 10;

std::string bounded(std::string_view text, std::size_t limit) {
  return redaction::cut(text, limit, "a JUnit reader refuses longer text");
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += xml::escape_attribute(bounded(value, kMaxAttribute));
  out += '"';
}

// A case's properties and system_out as plain text, system_out first so a leading
// "WARNING: " line stays the first line. Empty when the case has neither.
std::string case_notes(const TestCase& test_case) {
  std::string notes = test_case.system_out;
  if (!notes.empty() && notes.back() != '\n') notes += '\n';
  for (const Property& property : test_case.properties) {
    notes += "property ";
    notes += property.name;
    notes += ": ";
    notes += property.value;
    notes += '\n';
  }
  return notes;
}

void append_text_element(std::string& out, std::string_view indent, std::string_view element,
                         std::string_view text) {
  out += indent;
  out += '<';
  out += element;
  if (text.empty()) {
    out += "/>\n";
    return;
  }
  out += '>';
  out += xml::escape_text(bounded(text, kMaxTextNode));
  out += "</";
  out += element;
  out += ">\n";
}

void append_outcome(std::string& out, const TestCase& test_case) {
  std::string_view element;
  std::string_view type;
  switch (test_case.outcome) {
    case Outcome::kPass:
      return;
    case Outcome::kFail:
      element = "failure";
      type = kFailureType;
      break;
    case Outcome::kError:
      element = "error";
      type = kErrorType;
      break;
    case Outcome::kSkip:
      element = "skipped";
      break;
  }
  out += "      <";
  out += element;
  append_attribute(out, "message", test_case.message);
  if (!type.empty()) append_attribute(out, "type", type);
  if (test_case.detail.empty()) {
    out += "/>\n";
    return;
  }
  out += '>';
  out += xml::escape_text(bounded(test_case.detail, kMaxTextNode));
  out += "</";
  out += element;
  out += ">\n";
}

void append_case(std::string& out, const TestCase& test_case, const JunitOptions& options) {
  out += "    <testcase";
  append_attribute(out, "classname", test_case.classname);
  append_attribute(out, "name", test_case.name);
  append_attribute(out, "time", xml::format_seconds(test_case.seconds));
  if (options.extras && !test_case.file.empty()) append_attribute(out, "file", test_case.file);

  const std::string notes = options.extras ? case_notes(test_case) : std::string();
  if (test_case.outcome == Outcome::kPass && notes.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  append_outcome(out, test_case);
  if (!notes.empty()) append_text_element(out, "      ", "system-out", notes);
  out += "    </testcase>\n";
}

// Default form: every case's notes, each under a heading naming the case, in the
// suite's <system-out> (the only place the Ant schema leaves for them).
std::string suite_notes(const TestSuite& suite, const JunitOptions& options) {
  if (options.extras) return {};
  std::string text;
  for (const TestCase& test_case : suite.cases) {
    const std::string notes = case_notes(test_case);
    if (notes.empty()) continue;
    if (!text.empty()) text += '\n';
    text += "== ";
    text += test_case.classname;
    text += " :: ";
    text += test_case.name;
    text += " (";
    text += outcome_word(test_case.outcome);
    text += ")\n";
    text += notes;
  }
  return text;
}

void append_suite(std::string& out, const TestSuite& suite, int id, const JunitOptions& options) {
  const std::string name = non_blank_or(suite.name, "unnamed");
  const SuiteTotals sums = totals(suite);
  out += "  <testsuite";
  append_attribute(out, "name", name);
  append_attribute(out, "package", name);  // the Ant schema: "derived from testsuite/@name"
  append_attribute(out, "id", std::to_string(id));
  append_attribute(out, "timestamp",
                   schema_timestamp(suite.timestamp).value_or(current_utc_timestamp()));
  append_attribute(out, "hostname", non_blank_or(suite.hostname, "localhost"));
  append_attribute(out, "tests", std::to_string(sums.tests));
  append_attribute(out, "failures", std::to_string(sums.failures));
  append_attribute(out, "errors", std::to_string(sums.errors));
  append_attribute(out, "skipped", std::to_string(sums.skipped));
  append_attribute(out, "time", xml::format_seconds(sums.seconds));
  out += ">\n";

  if (suite.properties.empty()) {
    out += "    <properties/>\n";
  } else {
    out += "    <properties>\n";
    for (const Property& property : suite.properties) {
      out += "      <property";
      append_attribute(out, "name", non_blank_or(property.name, "unnamed"));
      append_attribute(out, "value", property.value);
      out += "/>\n";
    }
    out += "    </properties>\n";
  }
  for (const TestCase& test_case : suite.cases)
    append_case(out, test_case, options);
  append_text_element(out, "    ", "system-out", suite_notes(suite, options));
  append_text_element(out, "    ", "system-err", "");
  out += "  </testsuite>\n";
}

}  // namespace

SuiteTotals totals(const TestSuite& suite) {
  SuiteTotals sums;
  for (const TestCase& test_case : suite.cases) {
    ++sums.tests;
    switch (test_case.outcome) {
      case Outcome::kPass:
        break;
      case Outcome::kFail:
        ++sums.failures;
        break;
      case Outcome::kError:
        ++sums.errors;
        break;
      case Outcome::kSkip:
        ++sums.skipped;
        break;
    }
    sums.seconds += schema_seconds(test_case.seconds);
  }
  return sums;
}

std::string to_junit_xml(const std::vector<TestSuite>& suites, const JunitOptions& options) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  int id = 0;
  for (const TestSuite& suite : suites)
    append_suite(out, suite, id++, options);
  out += "</testsuites>\n";
  return out;
}

}  // namespace mcp::reports
