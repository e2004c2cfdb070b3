// What the report of one shard carries besides its results (the "shard"
// object of its JSON, reports/README.md): which part of which run it is, and
// what `merge` needs to prove the parts complete and to finish what a run
// judges across all of its checks (the schema roll-up, expected failures).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conformance/check.hpp"
#include "conformance/runner.hpp"
#include "conformance/shard.hpp"

namespace mcp::conformance {

/// The check that reports schema violations seen anywhere in the run.
inline constexpr std::string_view kSchemaCheckId = "base.message.schema";
/// How many schema violations the schema check's message lists.
inline constexpr std::size_t kSchemaViolationsListed = 10;

/// What the schema audit saw at one version, in the checks of one run (or shard).
struct SchemaFindings {
  std::string protocol_version;
  std::size_t violations = 0;  // server messages that break the version's schema
  /// (check id, violation), the first kSchemaViolationsListed in catalogue order.
  std::vector<std::pair<std::string, std::string>> first;
  /// The schema check's own outcome before the findings judged it; only where it ran.
  std::optional<Outcome> schema_check;
};

/// The schema check fails when it passed on its own but the audit found
/// violations anywhere at its version.
void apply_schema_findings(reports::CaseReport& schema_check, const SchemaFindings& findings);

struct ShardRecord {
  Shard shard;
  bool stopped = false;  // no check ran (the server could not be reached or initialized)
  std::vector<std::string> protocol_versions;  // those the run tested, in order
  std::vector<ShardUnit> selection;            // the whole run's checks, in catalogue order
  std::vector<ExpectedFailure> expected_failures;
  std::vector<SchemaFindings> schema;  // one per protocol version
};

Json to_json(const ShardRecord& record);
/// nullopt with *error naming the field when `json` is not a shard record.
std::optional<ShardRecord> shard_record_from_json(const Json& json, std::string* error);

}  // namespace mcp::conformance
