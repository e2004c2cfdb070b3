// A run, step by step (each step is in run_steps.hpp), and the report it makes.
#include "conformance/runner.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "conformance/run_steps.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

using Clock = std::chrono::steady_clock;
using reports::Verdict;

/// Reported, with why, when no session opens.
constexpr std::string_view kInitCheckId = "lifecycle.init.result";

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("localhost");
}

double seconds_since(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

/// The report's heading: what was run, against what, where and when.
reports::RunReport new_report(const RunOptions& options) {
  reports::RunReport report;
  report.tool_version = kToolkitVersion;
  report.target = options.target.is_stdio() ? options.target.stdio_command : options.target.url;
  report.profile = options.profile;
  report.strict = options.strict;
  report.started_at = utc_now();
  report.hostname = host_name();
  return report;
}

/// The result of a run that stopped before any check: the report holds the
/// initialize check, failed (an error when nothing answered), with why.
RunResult stopped(RunResult result, const Stop& stop, Clock::time_point started,
                  const RunOptions& options) {
  auto c = case_report(catalogue().find(kInitCheckId)->info, stop.version);
  c.verdict = stop.unreachable ? Verdict::kError : Verdict::kFail;
  c.message = stop.unreachable
                  ? stop.why + " (no check could run)"
                  : "expected: initialize to succeed and a session to open; got: " + stop.why +
                        " (no other check could run)";
  for (const auto& e : stop.exchanges)
    c.exchanges.push_back(client::to_json(e, options.report_body_limit));
  reports::SuiteReport suite;
  suite.area = c.area;
  suite.protocol_version = std::string(to_string(stop.version));
  suite.name = suite.area + " (" + suite.protocol_version + ")";
  suite.cases.push_back(std::move(c));
  result.report.suites.push_back(std::move(suite));
  result.unreachable = stop.unreachable;
  result.aborted_reason = stop.why;
  result.report.seconds = seconds_since(started);
  result.report.exit_code = stop.unreachable ? 3 : 1;
  if (options.shard)
    result.report.shard = to_json(ShardRecord{.shard = *options.shard, .stopped = true});
  return result;
}

/// What the report says of the server: the versions it speaks and its
/// transport, then (from the first version's facts) who it is and what it offers.
Json server_summary(const Probe& probe, const std::string& transport) {
  Json supported = Json::array();
  for (const auto v : probe.supported)
    supported.push_back(to_string(v));
  return {{"supported_versions", supported}, {"transport", transport}};
}

void add_server_facts(Json& summary, const ServerFacts& facts) {
  summary["serverInfo"] = facts.init_result.value("serverInfo", Json::object());
  summary["capabilities"] = facts.capabilities;
  summary["issues_sessions"] = facts.issues_sessions;
  summary["call_tool"] = facts.call_tool.is_null() ? Json(nullptr) : facts.call_tool["name"];
}

std::vector<std::string> versions_of(const std::vector<ServerFacts>& facts) {
  std::vector<std::string> versions;
  for (const auto& f : facts)
    versions.emplace_back(to_string(f.version));
  return versions;
}

/// One suite per area and version, in catalogue order.
std::vector<reports::SuiteReport> suites_of(std::vector<Job>&& jobs,
                                            const std::vector<ServerFacts>& facts) {
  std::vector<reports::SuiteReport> suites;
  for (std::size_t f = 0; f < facts.size(); ++f) {
    const auto version = std::string(to_string(facts[f].version));
    for (const auto& area : areas()) {
      reports::SuiteReport suite;
      suite.area = area;
      suite.protocol_version = version;
      suite.name = area + " (" + version + ")";
      for (auto& job : jobs) {
        if (job.facts_index == f && job.report.area == area)
          suite.cases.push_back(std::move(job.report));
      }
      if (!suite.cases.empty()) suites.push_back(std::move(suite));
    }
  }
  return suites;
}

}  // namespace

Runner::Runner(RunOptions options) : options_(std::move(options)) {}

RunResult Runner::run(const std::function<void(const Progress&)>& progress) {
  const auto started = Clock::now();
  RunResult result;
  auto& report = result.report;
  report = new_report(options_);
  const SchemaAudit schemas;
  const auto probe = probe_server(options_.target);
  report.transport = std::string(client::to_string(probe.transport));
  if (probe.stop) return stopped(std::move(result), *probe.stop, started, options_);

  std::vector<ProtocolVersion> versions;
  if (auto problem = choose_versions(options_.protocol_version, probe, &versions)) {
    result.usage_error = std::move(*problem);
    report.exit_code = 2;
    return result;
  }
  report.server = server_summary(probe, report.transport);
  std::vector<ServerFacts> facts;
  if (auto stop = learn_facts(options_, probe, versions, schemas, &facts))
    return stopped(std::move(result), *stop, started, options_);
  add_server_facts(report.server, facts.front());

  auto jobs = select_jobs(facts, options_);
  std::vector<ShardUnit> selection;
  if (options_.shard) {
    selection = shard_units(jobs);
    keep_shard(jobs, selection, *options_.shard);
  }
  auto executed = execute_jobs(jobs, facts, options_, schemas, progress);
  if (executed.server_gone) {
    result.server_gone = *executed.server_gone;
    report.notes.push_back(*executed.server_gone);
  }
  apply_expected_failures(jobs, facts, options_.expected_failures);
  report.suites = suites_of(std::move(jobs), facts);
  if (options_.shard) {
    report.shard =
        to_json(ShardRecord{*options_.shard, false, versions_of(facts), std::move(selection),
                            options_.expected_failures, std::move(executed.schema_findings)});
  }
  report.seconds = seconds_since(started);
  report.exit_code = exit_code(result);
  return result;
}

int exit_code(const RunResult& result) {
  if (result.unreachable || !result.server_gone.empty()) return 3;
  if (!result.aborted_reason.empty()) return 1;
  if (!result.usage_error.empty()) return 2;
  for (const auto& suite : result.report.suites) {
    for (const auto& c : suite.cases) {
      if (c.stale) return 1;
      if (c.expected_failure) continue;
      if (c.verdict == Verdict::kFail || c.verdict == Verdict::kError) return 1;
      if (c.verdict == Verdict::kWarn && result.report.strict) return 1;
    }
  }
  return 0;
}

}  // namespace mcp::conformance
