// Runs the catalogue against a server: probe once per protocol version, select
// the checks that apply, run them in parallel, apply expected failures, and
// produce the run report.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conformance/check.hpp"
#include "conformance/context.hpp"
#include "conformance/shard.hpp"
#include "reports/run_report.hpp"

namespace mcp::conformance {

struct ExpectedFailure {
  std::string id;
  std::string reason;
  std::string version;  // only at this protocol version; empty: at every version
};

/// Reads a YAML or JSON list of {id, reason, version?} (under `expected_failures:`,
/// or at the top level); every entry needs an id and a reason. nullopt with *error otherwise.
std::optional<std::vector<ExpectedFailure>> load_expected_failures(const std::string& path,
                                                                   std::string* error);

struct RunOptions {
  Target target;
  std::string protocol_version;  // "" the latest the server supports, "all", or one version
  std::string profile = "spec";  // "spec", "openai" or "all"
  bool strict = false;
  std::vector<std::string> only;  // glob patterns of check ids
  std::vector<std::string> skip;
  std::vector<ExpectedFailure> expected_failures;
  unsigned jobs = 1;
  std::string call_tool;                      // a tool the checks may call (else a read-only one)
  Json call_arguments;                        // its arguments (else generated from its schema)
  std::vector<std::string> allow_tools;       // more tools the checks may call (may_call)
  std::size_t report_body_limit = 64u << 10;  // of each body or event a report keeps
  std::optional<Shard> shard;                 // run only this part of the checks
};

/// True when `id` matches the glob `pattern` (`*` any run of characters, `?` one).
bool glob_match(std::string_view pattern, std::string_view id);

struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::string check;  // the check that finished
  std::string version;
  reports::Verdict verdict = reports::Verdict::kPass;
  std::string message;
};

struct RunResult {
  reports::RunReport report;
  bool unreachable = false;    // the probe could not reach the server at all
  std::string aborted_reason;  // why no check ran (unreachable, or initialize failed)
  std::string usage_error;     // e.g. a --protocol-version the server does not speak
  std::string server_gone;     // the server stopped answering mid-run: where, and why
};

class Runner {
 public:
  explicit Runner(RunOptions options);
  /// Probes, runs, reports. `progress` is called (from worker threads, one at a
  /// time) as checks finish.
  RunResult run(const std::function<void(const Progress&)>& progress = {});

 private:
  RunOptions options_;
};

/// The exit status a run maps to: 0 nothing failed (warnings unless --strict),
/// 1 a check failed or errored or an expected failure went stale, 3 unreachable
/// (before the run, or the server stopped answering during it).
int exit_code(const RunResult& result);

}  // namespace mcp::conformance
