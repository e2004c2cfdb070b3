#include "conformance/shard_record.hpp"

#include <stdexcept>

#include "reports/report_reader.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;

class RecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `json[name]`, which must exist and pass `is`; `where` names it in an error.
const Json& typed_member(const Json& json, const std::string& where, const char* name,
                         bool (Json::*is)() const noexcept, const char* what) {
  const std::string path = where.empty() ? name : where + "." + name;
  if (!json.is_object() || !json.contains(name)) throw RecordError(path + ": missing");
  const Json& value = json[name];
  if (!(value.*is)()) throw RecordError(path + ": expected " + what);
  return value;
}

std::string text(const Json& json, const std::string& where, const char* name) {
  return typed_member(json, where, name, &Json::is_string, "a string").get<std::string>();
}

std::size_t number(const Json& json, const std::string& where, const char* name) {
  return typed_member(json, where, name, &Json::is_number_unsigned, "a whole number")
      .get<std::size_t>();
}

const Json& list(const Json& json, const std::string& where, const char* name) {
  return typed_member(json, where, name, &Json::is_array, "an array");
}

std::string at(const std::string& where, std::size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

Json findings_json(const SchemaFindings& findings) {
  Json first = Json::array();
  for (const auto& [check, violation] : findings.first)
    first.push_back({{"check", check}, {"violation", violation}});
  Json out{{"protocol_version", findings.protocol_version},
           {"violations", findings.violations},
           {"first", std::move(first)}};
  if (findings.schema_check) {
    out["schema_check"] = {{"verdict", reports::to_string(findings.schema_check->verdict)},
                           {"message", findings.schema_check->message}};
  }
  return out;
}

SchemaFindings read_findings(const Json& json, const std::string& where) {
  SchemaFindings findings;
  findings.protocol_version = text(json, where, "protocol_version");
  findings.violations = number(json, where, "violations");
  const auto& first = list(json, where, "first");
  for (std::size_t i = 0; i < first.size(); ++i) {
    findings.first.emplace_back(text(first[i], at(where + ".first", i), "check"),
                                text(first[i], at(where + ".first", i), "violation"));
  }
  if (json.contains("schema_check")) {
    const auto& check = typed_member(json, where, "schema_check", &Json::is_object, "an object");
    const auto verdict =
        reports::verdict_from_string(text(check, where + ".schema_check", "verdict"));
    if (!verdict) throw RecordError(where + ".schema_check.verdict: not a verdict");
    findings.schema_check = Outcome{*verdict, text(check, where + ".schema_check", "message")};
  }
  return findings;
}

ShardRecord read_record(const Json& json) {
  ShardRecord record;
  const auto index = number(json, "shard", "index");
  const auto count = number(json, "shard", "count");
  const auto shard = parse_shard(std::to_string(index) + "/" + std::to_string(count));
  if (!shard) throw RecordError("shard: index and count are not a shard I/N");
  record.shard = *shard;
  record.stopped =
      typed_member(json, "shard", "stopped", &Json::is_boolean, "true or false").get<bool>();
  for (const auto& version : list(json, "shard", "protocol_versions")) {
    if (!version.is_string()) throw RecordError("shard.protocol_versions: expected strings");
    record.protocol_versions.push_back(version.get<std::string>());
  }
  const auto& selection = list(json, "shard", "selection");
  for (std::size_t i = 0; i < selection.size(); ++i) {
    const auto where = at("shard.selection", i);
    record.selection.push_back(
        {text(selection[i], where, "id"), number(selection[i], where, "cases")});
  }
  const auto& expected = list(json, "shard", "expected_failures");
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto where = at("shard.expected_failures", i);
    record.expected_failures.push_back({text(expected[i], where, "id"),
                                        text(expected[i], where, "reason"),
                                        text(expected[i], where, "version")});
  }
  const auto& schema = list(json, "shard", "schema");
  for (std::size_t i = 0; i < schema.size(); ++i)
    record.schema.push_back(read_findings(schema[i], at("shard.schema", i)));
  return record;
}

}  // namespace

void apply_schema_findings(reports::CaseReport& schema_check, const SchemaFindings& findings) {
  if (schema_check.verdict != Verdict::kPass || findings.violations == 0) return;
  std::string message = std::to_string(findings.violations) + " server message(s) break the " +
                        findings.protocol_version + " schema";
  for (std::size_t i = 0; i < findings.first.size() && i < kSchemaViolationsListed; ++i)
    message += "\n- " + findings.first[i].first + ": " + findings.first[i].second;
  schema_check.verdict = Verdict::kFail;
  schema_check.message =
      "expected: every server message valid against the official schema; got: " + message;
}

Json to_json(const ShardRecord& record) {
  Json selection = Json::array();
  for (const auto& unit : record.selection)
    selection.push_back({{"id", unit.id}, {"cases", unit.cases}});
  Json expected = Json::array();
  for (const auto& entry : record.expected_failures)
    expected.push_back({{"id", entry.id}, {"reason", entry.reason}, {"version", entry.version}});
  Json schema = Json::array();
  for (const auto& findings : record.schema)
    schema.push_back(findings_json(findings));
  return {{"index", record.shard.index},       {"count", record.shard.count},
          {"stopped", record.stopped},         {"protocol_versions", record.protocol_versions},
          {"selection", std::move(selection)}, {"expected_failures", std::move(expected)},
          {"schema", std::move(schema)}};
}

std::optional<ShardRecord> shard_record_from_json(const Json& json, std::string* error) {
  try {
    return read_record(json);
  } catch (const RecordError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

}  // namespace mcp::conformance
