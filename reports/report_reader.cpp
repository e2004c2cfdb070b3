#include "reports/report_reader.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace mcp::reports {
namespace {

constexpr std::string_view kFormat = "mcp-conformance-report";
constexpr int kVersion = 1;
constexpr std::array kVerdicts{Verdict::kPass, Verdict::kFail,  Verdict::kWarn,
                               Verdict::kSkip, Verdict::kError, Verdict::kInfo};

/// The first thing wrong with the document, and where.
class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One JSON object of the document and where it is in it, read field by
/// field; a missing field or one of the wrong type is a ShapeError.
class Fields {
 public:
  Fields(const Json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) throw ShapeError(label() + "expected an object");
  }

  std::string path(std::string_view name) const {
    return where_.empty() ? std::string(name) : where_ + "." + std::string(name);
  }
  const Json& any(std::string_view name) const {
    const auto it = object_.find(name);
    if (it == object_.end()) throw ShapeError(path(name) + ": missing");
    return *it;
  }
  std::string text(std::string_view name) const {
    return typed(name, &Json::is_string, "a string").get<std::string>();
  }
  bool flag(std::string_view name) const {
    return typed(name, &Json::is_boolean, "true or false").get<bool>();
  }
  int integer(std::string_view name) const {
    return typed(name, &Json::is_number_integer, "an integer").get<int>();
  }
  double seconds(std::string_view name) const {
    const double value = typed(name, &Json::is_number, "a number").get<double>();
    if (!std::isfinite(value) || value < 0) throw ShapeError(path(name) + ": expected >= 0");
    return value;
  }
  const Json& object(std::string_view name) const {
    return typed(name, &Json::is_object, "an object");
  }
  const Json& array(std::string_view name) const {
    return typed(name, &Json::is_array, "an array");
  }
  /// An optional array of strings: empty when the field is absent.
  std::vector<std::string> lines(std::string_view name) const {
    std::vector<std::string> out;
    if (!object_.contains(name)) return out;
    const Json& values = array(name);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i].is_string()) throw ShapeError(path(name) + ": expected strings");
      out.push_back(values[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string label() const { return where_.empty() ? "" : where_ + ": "; }
  const Json& typed(std::string_view name, bool (Json::*is)() const noexcept,
                    std::string_view what) const {
    const Json& value = any(name);
    if (!(value.*is)()) throw ShapeError(path(name) + ": expected " + std::string(what));
    return value;
  }

  const Json& object_;
  std::string where_;
};

std::string item(const std::string& array_path, std::size_t index) {
  return array_path + "[" + std::to_string(index) + "]";
}

Verdict verdict_of(const Fields& fields) {
  const auto word = fields.text("verdict");
  if (const auto verdict = verdict_from_string(word)) return *verdict;
  throw ShapeError(fields.path("verdict") +
                   ": expected one of pass, fail, warn, skip, error, info; got '" + word + "'");
}

CaseReport read_case(const Fields& fields) {
  CaseReport c;
  c.id = fields.text("id");
  c.title = fields.text("title");
  c.area = fields.text("area");
  c.section = fields.text("section");
  c.spec_url = fields.text("spec_url");
  c.rule = fields.text("rule");
  c.level = fields.text("level");
  c.requirement = fields.text("requirement");
  c.description = fields.text("description");
  c.verdict = verdict_of(fields);
  c.message = fields.text("message");
  c.seconds = fields.seconds("seconds");
  c.exchanges = fields.array("exchanges");
  c.exchange_summary = fields.lines("exchange_summary");
  c.expected_failure = fields.flag("expected_failure");
  c.expected_reason = fields.text("expected_reason");
  c.stale = fields.flag("stale");
  return c;
}

/// A summary is derived from the cases; one that disagrees means the file was
/// cut or edited, and nothing read from it can be trusted.
void check_summary(const Fields& fields, const Counts& counts) {
  const Fields summary(fields.object("summary"), fields.path("summary"));
  const std::pair<std::string_view, int> expected[] = {
      {"pass", counts.pass},    {"fail", counts.fail},   {"warn", counts.warn},
      {"skip", counts.skip},    {"error", counts.error}, {"info", counts.info},
      {"total", counts.total()}};
  for (const auto& [name, n] : expected) {
    if (summary.integer(name) != n) {
      throw ShapeError(summary.path(name) + ": says " + std::to_string(summary.integer(name)) +
                       ", the cases hold " + std::to_string(n));
    }
  }
}

SuiteReport read_suite(const Fields& fields) {
  SuiteReport suite;
  suite.name = fields.text("name");
  suite.area = fields.text("area");
  suite.protocol_version = fields.text("protocol_version");
  const auto& cases = fields.array("cases");
  for (std::size_t i = 0; i < cases.size(); ++i)
    suite.cases.push_back(read_case(Fields(cases[i], item(fields.path("cases"), i))));
  check_summary(fields, count(suite));
  return suite;
}

void check_format(const Fields& top) {
  if (top.text("format") != kFormat) {
    throw ShapeError("format: expected \"" + std::string(kFormat) + "\", got \"" +
                     top.text("format") + "\"");
  }
  const int version = top.integer("version");
  if (version != kVersion) {
    throw ShapeError("version: " + std::to_string(version) + ", this reader knows version " +
                     std::to_string(kVersion));
  }
}

RunReport read_run(const Json& json) {
  const Fields top(json, "");
  check_format(top);
  RunReport report;
  const Fields tool(top.object("tool"), "tool");
  tool.text("name");
  report.tool_version = tool.text("version");
  report.target = top.text("target");
  report.transport = top.text("transport");
  report.profile = top.text("profile");
  report.strict = top.flag("strict");
  report.started_at = top.text("started_at");
  report.hostname = top.text("hostname");
  report.seconds = top.seconds("seconds");
  report.exit_code = top.integer("exit_code");
  report.server = top.object("server");
  const auto& suites = top.array("suites");
  for (std::size_t i = 0; i < suites.size(); ++i)
    report.suites.push_back(read_suite(Fields(suites[i], item("suites", i))));
  const auto& notes = top.array("notes");
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!notes[i].is_string()) throw ShapeError(item("notes", i) + ": expected a string");
    report.notes.push_back(notes[i].get<std::string>());
  }
  if (json.contains("shard")) report.shard = top.object("shard");
  check_summary(top, count(report));
  return report;
}

}  // namespace

std::optional<Verdict> verdict_from_string(std::string_view word) {
  for (const auto verdict : kVerdicts) {
    if (to_string(verdict) == word) return verdict;
  }
  return std::nullopt;
}

std::optional<RunReport> from_json(const Json& json, std::string* error) {
  try {
    return read_run(json);
  } catch (const ShapeError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::optional<RunReport> read_report_file(const std::string& path, std::string* error) {
  std::error_code ignored;
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in && !std::filesystem::is_directory(path, ignored)) text << in.rdbuf();
  if (!in || std::filesystem::is_directory(path, ignored)) {
    if (error) *error = path + ": cannot read the file";
    return std::nullopt;
  }
  const auto parsed = jsonrpc::parse(text.str());
  if (!parsed.value) {
    if (error) *error = path + ": not JSON: " + parsed.error;
    return std::nullopt;
  }
  std::string why;
  auto report = from_json(*parsed.value, &why);
  if (!report && error) *error = path + ": not an mcp-conformance report: " + why;
  return report;
}

}  // namespace mcp::reports
