// The result of one conformance run, in a form every report writer reads:
// JSON (documented, versioned), Markdown, one self-contained HTML page, JUnit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "reports/junit.hpp"

namespace mcp::reports {

/// What happened to one check. kWarn: a SHOULD broken (a failure under --strict).
/// kError: the harness or the network failed, not the server. kInfo: what an
/// informational check found; shown, never a warning or a failure (not even
/// under --strict).
enum class Verdict { kPass, kFail, kWarn, kSkip, kError, kInfo };
std::string_view to_string(Verdict verdict);

struct CaseReport {
  std::string id;           // stable check id, e.g. "lifecycle.version.echo"
  std::string title;        // one line
  std::string area;         // spec page: "lifecycle", "transport-http", "tools", "openai", ...
  std::string section;      // spec section, e.g. "basic/lifecycle#version-negotiation"
  std::string spec_url;     // that section's page of the spec, at the version run; "" when none
  std::string rule;         // the requirement checked, in one sentence
  std::string level;        // "MUST", "SHOULD" or "MAY"
  std::string requirement;  // requirement row id(s) (fixtures/requirements/) the check covers
  std::string
      description;  // what the check verifies (and, for OpenAI checks, where the guide is wrong)
  Verdict verdict = Verdict::kPass;
  std::string message;  // kFail/kWarn: "expected ... got ..."; kSkip: the reason; kError: what
                        // broke; kInfo: what was found
  double seconds = 0;
  Json exchanges = Json::array();  // the wire exchanges (client transcript JSON) behind the verdict
  /// One line per exchange when the whole exchanges were left out (a passing or
  /// skipped check, without --full-exchanges: see apply_bounds); then `exchanges` is empty.
  std::vector<std::string> exchange_summary;
  bool expected_failure =
      false;  // listed in --expected-failures (its failure does not fail the run)
  std::string expected_reason;
  bool stale = false;  // listed as expected to fail, but passed
};

/// The one order of results every report uses, what needs fixing first: 0 a
/// failure, 1 a stale expectation, 2 a harness error, 3 a warning,
/// kExpectedProblemRank a failure or warning the user expects, 5 a skip, 6 a pass
/// or an informational finding.
/// Ranks up to kExpectedProblemRank are the problems a report lists.
inline constexpr int kExpectedProblemRank = 4;
int severity_rank(const CaseReport& check);

struct SuiteReport {
  std::string name;  // e.g. "lifecycle (2025-11-25)"
  std::string area;
  std::string protocol_version;  // "2025-11-25"
  std::vector<CaseReport> cases;
};

struct RunReport {
  std::string tool_version;
  std::string target;     // URL or stdio command
  std::string transport;  // "streamable-http", "sse", "stdio"
  std::string profile;    // "spec", "openai" or "all"
  bool strict = false;
  std::string started_at;  // ISO 8601 UTC
  std::string hostname;
  double seconds = 0;
  Json server = Json::object();  // serverInfo, capabilities, protocol versions seen
  std::vector<SuiteReport> suites;
  int exit_code = 0;
  /// What the run had to leave out or cut (a limit it hit), one sentence each.
  std::vector<std::string> notes;
  /// Written by `run --shard`: which part of the run this is, and what merge
  /// needs to put the parts together (conformance/shard.hpp); null otherwise.
  Json shard;
};

struct Counts {
  int pass = 0, fail = 0, warn = 0, skip = 0, error = 0, info = 0;
  int total() const { return pass + fail + warn + skip + error + info; }
};
Counts count(const RunReport& report);
Counts count(const SuiteReport& suite);

/// JSON in the documented shape "mcp-conformance-report", version 1 (see reports/README.md).
Json to_json(const RunReport& report);
/// to_json() as the report file holds it: compact, each suite and each case on a line
/// of its own (a case is one line to grep or diff; indenting it all made the file a
/// quarter larger).
std::string to_json_text(const RunReport& report);
/// GitHub-flavoured Markdown: fits $GITHUB_STEP_SUMMARY.
std::string to_markdown(const RunReport& report);
/// One self-contained HTML page (no network): summary, filters by verdict, each
/// check with its requirement, timing and wire exchange.
std::string to_html(const RunReport& report);
/// One JUnit suite per spec area and protocol version. Warnings pass with
/// "WARNING: ..." in system-out (or fail, under --strict); expected failures pass
/// with a note; stale expectations fail.
std::vector<TestSuite> to_junit(const RunReport& report);

}  // namespace mcp::reports
