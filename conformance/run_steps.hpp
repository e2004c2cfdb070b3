// The steps of a run, in the order Runner::run takes them: probe the server,
// choose the versions, learn what the server offers at each, select the
// checks, run them, roll schema violations up, honour expected failures.
// Internal to the runner (probe.cpp, selection.cpp, execution.cpp,
// expected_failures.cpp); the public interface is runner.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conformance/runner.hpp"
#include "conformance/shard_record.hpp"

namespace mcp::conformance {

/// Why no check can run. The report then holds the one check that failed
/// (an error when nothing answered), with the exchanges that show why.
struct Stop {
  ProtocolVersion version = kLatestLegacyVersion;
  bool unreachable = false;  // nothing MCP answered (or the harness was refused)
  std::string why;
  std::vector<client::Exchange> exchanges;
};

/// What the probe found out before any check runs.
struct Probe {
  client::TransportKind transport = client::TransportKind::kStreamableHttp;
  std::vector<ProtocolVersion> supported;
  ProtocolVersion latest = kLatestLegacyVersion;  // the newest initialize version it speaks
  bool legacy = true;                             // it answers initialize
  bool modern = false;                            // it answers server/discover with a result
  Json discover;                                  // that answer's result
  std::optional<Stop> stop;                       // set when it speaks neither era
};

/// Probes server/discover (2026-07-28, as the official SDK's auto mode does),
/// then initializes (falling back to HTTP+SSE on a 4xx under --transport auto)
/// and offers every legacy version to learn which the server speaks.
Probe probe_server(const Target& target);

/// The versions to test: `requested` is "" (the newest version of each era the
/// server speaks), "all", or one version. The usage error when the server does
/// not speak it.
std::optional<std::string> choose_versions(const std::string& requested, const Probe& probe,
                                           std::vector<ProtocolVersion>* versions);

/// Opens a session at each version and learns what the server offers there
/// (one ServerFacts per version, in order); why not, when a session fails.
std::optional<Stop> learn_facts(const RunOptions& options, const Probe& probe,
                                const std::vector<ProtocolVersion>& versions,
                                const SchemaAudit& schemas, std::vector<ServerFacts>* facts);

/// One check at one version, and what became of it.
struct Job {
  const Check* check = nullptr;
  std::size_t facts_index = 0;
  reports::CaseReport report;
  bool run = true;                      // false: skipped, report.message says why
  std::vector<std::string> violations;  // of the schema, in what the server sent
};

/// A check's report before it runs: what it is, from its declaration.
reports::CaseReport case_report(const CheckInfo& info, ProtocolVersion version);

/// The checks of the profile, --only and --skip, in catalogue order per
/// version; a check whose needs the server does not meet is skipped with why.
std::vector<Job> select_jobs(const std::vector<ServerFacts>& facts, const RunOptions& options);

/// The run's checks as sharding sees them (each with its number of jobs), in
/// catalogue order.
std::vector<ShardUnit> shard_units(const std::vector<Job>& jobs);

/// Keeps only the jobs of the checks assign_shards gives to `shard`.
void keep_shard(std::vector<Job>& jobs, const std::vector<ShardUnit>& units, const Shard& shard);

/// Runs the jobs on options.jobs threads (those that change the server's lists
/// after the rest, one at a time), each auditing its own exchanges against the
/// schema, then rolls the violations up into the schema check; `progress` hears
/// of each (one at a time), the schema check last, with its final verdict.
/// When the server stops answering mid-run (an HTTP server: a check's requests
/// go unanswered and the endpoint no longer accepts connections), the checks not yet
/// started are skipped without a progress line.
struct Executed {
  std::vector<SchemaFindings> schema_findings;  // what the schema audit found at each version
  std::optional<std::string> server_gone;       // where the server stopped answering, and why
};
Executed execute_jobs(std::vector<Job>& jobs, const std::vector<ServerFacts>& facts,
                      const RunOptions& options, const SchemaAudit& schemas,
                      const std::function<void(const Progress&)>& progress);

/// One check's outcome, with what escaped it mapped to a verdict: a HarnessError
/// is an error, a ServerValueError a failure, anything else an error of ours.
Outcome run_check(const Check& check, CheckContext& context);

/// Why `exchanges` (a check's own) hold no `evidence` for a pass, or "".
std::string missing_evidence(Evidence evidence, const std::vector<client::Exchange>& exchanges);

/// The verdict a user sees for `outcome`: a pass without its evidence becomes
/// a skip, an informational check's lapse is info, and a broken SHOULD or MAY
/// is a warning (--strict makes it count as a failure).
Outcome settle(const CheckInfo& info, Outcome outcome,
               const std::vector<client::Exchange>& exchanges);

/// run_check, then settle on the context's transcript: what the runner reports.
Outcome judge(const Check& check, CheckContext& context);

/// Schema violations seen anywhere at a version fail the schema check of that
/// version (when it ran and passed), once, listing the first ten. Returns the
/// findings of each version, with the schema check's outcome before them.
std::vector<SchemaFindings> roll_up_schema_violations(std::vector<Job>& jobs,
                                                      const std::vector<ServerFacts>& facts);

/// Listed and failing is fine. An entry is stale when its check passed wherever
/// it applies (its version, or every version of the run) and failed nowhere:
/// then its passing results are marked, and fail the run.
void apply_expected_failures(std::vector<Job>& jobs, const std::vector<ServerFacts>& facts,
                             const std::vector<ExpectedFailure>& expected);

/// A result and the protocol version it is at.
struct VersionedCase {
  reports::CaseReport* report = nullptr;
  std::string version;
};
/// The same, on results alone (what merge has of the shards' runs).
void apply_expected_failures(const std::vector<VersionedCase>& cases,
                             const std::vector<ExpectedFailure>& expected);

}  // namespace mcp::conformance
