// Expected failures (a baseline): the file users keep of what they know is
// broken, and how a run honours it.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "conformance/run_steps.hpp"

namespace mcp::conformance {
namespace {

Json yaml_to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    Json out = Json::object();
    for (const auto& kv : node)
      out[kv.first.as<std::string>()] = yaml_to_json(kv.second);
    return out;
  }
  if (node.IsSequence()) {
    Json out = Json::array();
    for (const auto& item : node)
      out.push_back(yaml_to_json(item));
    return out;
  }
  if (node.IsScalar()) return node.as<std::string>();
  return nullptr;
}

/// Entry `index` (counted from 0) of the list, or why it cannot be honoured.
std::optional<ExpectedFailure> read_entry(const Json& entry, std::size_t index,
                                          const std::string& path, std::string* error) {
  const auto refuse = [&](const std::string& why) -> std::optional<ExpectedFailure> {
    if (error) *error = path + ": entry " + std::to_string(index + 1) + why;
    return std::nullopt;
  };
  if (!entry.is_object() || !entry.contains("id") || !entry.contains("reason") ||
      !entry["id"].is_string() || !entry["reason"].is_string() ||
      entry["reason"].get<std::string>().empty()) {
    return refuse(" needs an id and a non-empty reason");
  }
  if (!catalogue().find(entry["id"].get<std::string>()))
    return refuse(" names no check: " + entry["id"].get<std::string>());
  std::string version;
  if (entry.contains("version")) {
    if (!entry["version"].is_string() ||
        !parse_protocol_version(entry["version"].get<std::string>())) {
      return refuse(" has a version that is not a known protocol version");
    }
    version = entry["version"].get<std::string>();
  }
  return ExpectedFailure{entry["id"].get<std::string>(), entry["reason"].get<std::string>(),
                         version};
}

bool broke(reports::Verdict v) {
  return v == reports::Verdict::kFail || v == reports::Verdict::kWarn ||
         v == reports::Verdict::kError;
}

}  // namespace

std::optional<std::vector<ExpectedFailure>> load_expected_failures(const std::string& path,
                                                                   std::string* error) {
  Json doc;
  try {
    doc = yaml_to_json(YAML::LoadFile(path));
  } catch (const std::exception& e) {
    if (error) *error = "cannot read expected failures from " + path + ": " + e.what();
    return std::nullopt;
  }
  const Json& list =
      doc.is_object() && doc.contains("expected_failures") ? doc["expected_failures"] : doc;
  if (!list.is_array()) {
    if (error)
      *error = path + ": expected a list of {id, reason} (optionally under expected_failures:)";
    return std::nullopt;
  }
  std::vector<ExpectedFailure> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto entry = read_entry(list[i], i, path, error);
    if (!entry) return std::nullopt;
    out.push_back(std::move(*entry));
  }
  return out;
}

void apply_expected_failures(const std::vector<VersionedCase>& cases,
                             const std::vector<ExpectedFailure>& expected) {
  for (const auto& entry : expected) {
    std::vector<reports::CaseReport*> matching;
    for (const auto& c : cases) {
      if (entry.id != c.report->id) continue;
      if (!entry.version.empty() && entry.version != c.version) continue;
      matching.push_back(c.report);
    }
    const bool failed_somewhere =
        std::any_of(matching.begin(), matching.end(),
                    [](const reports::CaseReport* c) { return broke(c->verdict); });
    for (auto* c : matching) {
      c->expected_reason = entry.reason;
      if (broke(c->verdict)) c->expected_failure = true;
      if (!failed_somewhere && c->verdict == reports::Verdict::kPass) c->stale = true;
    }
  }
}

void apply_expected_failures(std::vector<Job>& jobs, const std::vector<ServerFacts>& facts,
                             const std::vector<ExpectedFailure>& expected) {
  std::vector<VersionedCase> cases;
  for (auto& job : jobs)
    cases.push_back({&job.report, std::string(to_string(facts[job.facts_index].version))});
  apply_expected_failures(cases, expected);
}

}  // namespace mcp::conformance
