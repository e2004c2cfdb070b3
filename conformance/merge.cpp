// Putting the shards of a run back together: prove the parts are one run's and
// complete, lay their results out as the run would have, and finish what a run
// judges across checks (the schema roll-up, expected failures, the exit status).
#include "conformance/merge.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <ostream>
#include <stdexcept>
#include <tuple>

#include "conformance/report_files.hpp"
#include "conformance/run_steps.hpp"
#include "conformance/shard_record.hpp"
#include "protocol/command_line.hpp"
#include "protocol/http_util.hpp"
#include "protocol/toolkit_version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/report_reader.hpp"

namespace mcp::conformance {
namespace {

using reports::CaseReport;
using reports::RunReport;

/// The exit status of a run the server went away from (or never answered):
/// its report may hold fewer results than it selected.
constexpr int kServerGoneExitCode = 3;

class MergeRefusal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Part {
  std::string path;
  RunReport report;
  ShardRecord record;
};

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

/// What the shards tested, for telling runs apart: a server each CI job
/// starts on this machine may listen on a port of its own, so a loopback URL
/// counts without its port (the server's name and version still count).
std::string target_identity(const std::string& target) {
  const auto scheme = target.find("://");
  if (scheme == std::string::npos) return target;
  const auto authority_end = target.find('/', scheme + 3);
  const auto authority = target.substr(scheme + 3, authority_end - (scheme + 3));
  const auto host = http::host_header_host(authority);
  if (!http::is_loopback_host(host)) return target;
  return target.substr(0, scheme + 3) + host +
         (authority_end == std::string::npos ? "" : target.substr(authority_end));
}

std::string shard_name(const Part& part) {
  return "shard " + to_string(part.record.shard) + " (" + part.path + ")";
}

std::vector<Part> read_records(std::vector<ShardReport> shards) {
  if (shards.empty()) throw MergeRefusal("no reports to merge");
  std::vector<Part> parts;
  for (auto& shard : shards) {
    if (shard.report.shard.is_null()) {
      throw MergeRefusal(
          shard.path +
          ": not the report of a shard (run --shard I/N writes those); nothing to merge");
    }
    std::string error;
    auto record = shard_record_from_json(shard.report.shard, &error);
    if (!record) throw MergeRefusal(shard.path + ": " + error);
    parts.push_back({std::move(shard.path), std::move(shard.report), std::move(*record)});
  }
  return parts;
}

void check_one_run(const std::vector<Part>& parts) {
  const Part& first = parts.front();
  for (const auto& part : parts) {
    if (part.report.tool_version != kToolkitVersion) {
      throw MergeRefusal(part.path + ": written by mcp-conformance " + part.report.tool_version +
                         "; this is " + std::string(kToolkitVersion) +
                         ": merge with the version that ran the shards");
    }
    const auto differs = [&](std::string_view what, const std::string& mine,
                             const std::string& theirs) {
      if (mine == theirs) return;
      throw MergeRefusal(part.path + ": " + std::string(what) + " " + theirs + " differs from " +
                         first.path + "'s " + mine + ": not the shards of one run");
    };
    if (target_identity(first.report.target) != target_identity(part.report.target))
      differs("target", first.report.target, part.report.target);
    differs("profile", first.report.profile, part.report.profile);
    differs("strict", first.report.strict ? "true" : "false",
            part.report.strict ? "true" : "false");
    differs("shard count", std::to_string(first.record.shard.count),
            std::to_string(part.record.shard.count));
    if (first.record.stopped || part.record.stopped)
      continue;  // they met no server and selected nothing
    differs("transport", first.report.transport, part.report.transport);
    differs("server", first.report.server.value("serverInfo", Json::object()).dump(),
            part.report.server.value("serverInfo", Json::object()).dump());
    differs("protocol versions", join(first.record.protocol_versions, ", "),
            join(part.record.protocol_versions, ", "));
    const auto ours = to_json(first.record);
    const auto its = to_json(part.record);
    if (ours["selection"] != its["selection"]) {
      throw MergeRefusal(part.path + ": its checks (--profile, --only, --skip) differ from " +
                         first.path + "'s: not the shards of one run");
    }
    if (ours["expected_failures"] != its["expected_failures"]) {
      throw MergeRefusal(part.path + ": its --expected-failures differ from " + first.path +
                         "'s: not the shards of one run");
    }
  }
}

/// Every shard once; sorts `parts` by shard.
void check_coverage(std::vector<Part>& parts) {
  const unsigned count = parts.front().record.shard.count;
  std::map<unsigned, const Part*> by_index;
  std::vector<std::string> problems;
  for (const auto& part : parts) {
    const auto [it, fresh] = by_index.emplace(part.record.shard.index, &part);
    if (!fresh) {
      problems.push_back("shard " + to_string(part.record.shard) + " given twice (" +
                         it->second->path + " and " + part.path + ")");
    }
  }
  std::vector<std::string> missing;
  for (unsigned i = 1; i <= count; ++i) {
    if (!by_index.contains(i)) missing.push_back(to_string(Shard{i, count}));
  }
  if (!missing.empty())
    problems.push_back((missing.size() == 1 ? "shard " : "shards ") + join(missing, ", ") +
                       " missing");
  if (!problems.empty()) {
    throw MergeRefusal(join(problems, "; ") + ": merge needs the JSON report of every shard, once");
  }
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return a.record.shard.index < b.record.shard.index;
  });
}

/// Every result is in the shard its check belongs to, at a version of the run,
/// and every check has all its results (fewer only where the server went away).
void check_results(const std::vector<Part>& parts) {
  const auto& selection = parts.front().record.selection;
  const auto& versions = parts.front().record.protocol_versions;
  const auto assigned = assign_shards(selection, parts.front().record.shard.count);
  std::map<std::string, std::size_t, std::less<>> unit_of;
  for (std::size_t u = 0; u < selection.size(); ++u)
    unit_of.emplace(selection[u].id, u);
  std::vector<std::size_t> seen(selection.size(), 0);
  for (const auto& part : parts) {
    for (const auto& suite : part.report.suites) {
      if (std::find(versions.begin(), versions.end(), suite.protocol_version) == versions.end())
        throw MergeRefusal(shard_name(part) + " holds results at " + suite.protocol_version +
                           ", a version the run did not test");
      for (const auto& c : suite.cases) {
        const auto it = unit_of.find(c.id);
        if (it == unit_of.end())
          throw MergeRefusal(shard_name(part) + " holds " + c.id +
                             ", a check the run did not select");
        if (assigned[it->second] != part.record.shard.index) {
          throw MergeRefusal(shard_name(part) + " holds " + c.id + ", which belongs to shard " +
                             to_string(Shard{assigned[it->second], part.record.shard.count}));
        }
        ++seen[it->second];
      }
    }
  }
  for (std::size_t u = 0; u < selection.size(); ++u) {
    const Part& part = parts[assigned[u] - 1];
    if (seen[u] == selection[u].cases ||
        (seen[u] < selection[u].cases && part.report.exit_code == kServerGoneExitCode))
      continue;
    throw MergeRefusal(shard_name(part) + " holds " + std::to_string(seen[u]) + " result(s) of " +
                       selection[u].id + " where the run gave it " +
                       std::to_string(selection[u].cases) + ": the report is not whole");
  }
}

std::size_t position(const std::vector<std::string>& items, const std::string& item) {
  return static_cast<std::size_t>(std::find(items.begin(), items.end(), item) - items.begin());
}

/// The catalogue index of each check: the order of a run's results.
std::map<std::string, std::size_t, std::less<>> catalogue_order() {
  std::map<std::string, std::size_t, std::less<>> order;
  const auto checks = catalogue().checks();
  for (std::size_t i = 0; i < checks.size(); ++i)
    order.emplace(checks[i]->info.id, i);
  return order;
}

/// The shards' results as one run lays them out: per version, per area, in
/// catalogue order (runner.cpp's suites_of).
std::vector<reports::SuiteReport> suites_of(std::vector<Part>& parts) {
  const auto& versions = parts.front().record.protocol_versions;
  const auto order = catalogue_order();
  using Key = std::tuple<std::size_t, std::size_t, std::size_t>;  // version, area, check
  std::vector<std::pair<Key, CaseReport>> placed;
  for (auto& part : parts) {
    for (auto& suite : part.report.suites) {
      for (auto& c : suite.cases) {
        const auto check = order.find(c.id);
        if (check == order.end())
          throw MergeRefusal(shard_name(part) + " holds " + c.id +
                             ", which this mcp-conformance lacks");
        placed.emplace_back(Key{position(versions, suite.protocol_version),
                                position(areas(), c.area), check->second},
                            std::move(c));
      }
    }
  }
  std::sort(placed.begin(), placed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<reports::SuiteReport> suites;
  for (auto& [key, c] : placed) {
    const auto& version = versions[std::get<0>(key)];
    if (suites.empty() || suites.back().area != c.area ||
        suites.back().protocol_version != version) {
      suites.push_back({c.area + " (" + version + ")", c.area, version, {}});
    }
    suites.back().cases.push_back(std::move(c));
  }
  return suites;
}

/// The schema roll-up over the results of every shard: the schema check
/// judged on all the violations seen at its version, as one run judges it.
void roll_up_schema(const std::vector<Part>& parts, std::vector<reports::SuiteReport>& suites) {
  const auto order = catalogue_order();
  for (const auto& version : parts.front().record.protocol_versions) {
    SchemaFindings all{.protocol_version = version};
    for (const auto& part : parts) {
      for (const auto& findings : part.record.schema) {
        if (findings.protocol_version != version) continue;
        all.violations += findings.violations;
        all.first.insert(all.first.end(), findings.first.begin(), findings.first.end());
        if (findings.schema_check) all.schema_check = findings.schema_check;
      }
    }
    std::stable_sort(all.first.begin(), all.first.end(), [&](const auto& a, const auto& b) {
      return order.find(a.first)->second < order.find(b.first)->second;
    });
    if (all.first.size() > kSchemaViolationsListed) all.first.resize(kSchemaViolationsListed);
    for (auto& suite : suites) {
      if (suite.protocol_version != version) continue;
      for (auto& c : suite.cases) {
        if (c.id != kSchemaCheckId) continue;
        if (!all.schema_check)
          throw MergeRefusal("no shard recorded what " + c.id + " found on its own at " + version);
        c.verdict = all.schema_check->verdict;
        c.message = all.schema_check->message;
        apply_schema_findings(c, all);
      }
    }
  }
}

void apply_expectations(const std::vector<ExpectedFailure>& expected,
                        std::vector<reports::SuiteReport>& suites) {
  std::vector<VersionedCase> cases;
  for (auto& suite : suites) {
    for (auto& c : suite.cases) {
      c.expected_failure = c.stale = false;
      c.expected_reason.clear();
      cases.push_back({&c, suite.protocol_version});
    }
  }
  apply_expected_failures(cases, expected);
}

/// What the report's heading says of the whole run: when it started (the first
/// shard to start), where, how long it took (the longest shard) and what was
/// cut (every shard's notes).
void fill_heading(const std::vector<Part>& parts, RunReport& merged) {
  const auto& first = parts.front().report;
  merged.tool_version = first.tool_version;
  merged.target = first.target;
  merged.transport = first.transport;
  merged.profile = first.profile;
  merged.strict = first.strict;
  merged.server = first.server;
  merged.started_at = first.started_at;
  std::vector<std::string> hosts;
  for (const auto& part : parts) {
    const auto& report = part.report;
    merged.started_at = std::min(merged.started_at, report.started_at);
    merged.seconds = std::max(merged.seconds, report.seconds);
    if (std::find(hosts.begin(), hosts.end(), report.hostname) == hosts.end())
      hosts.push_back(report.hostname);
    for (const auto& note : report.notes) {
      if (std::find(merged.notes.begin(), merged.notes.end(), note) == merged.notes.end())
        merged.notes.push_back(note);
    }
  }
  merged.hostname = join(hosts, ", ");
}

RunReport combine(std::vector<Part> parts) {
  check_one_run(parts);
  check_coverage(parts);
  for (auto& part : parts) {
    if (!part.record.stopped) continue;
    // A run that stops before its checks reports only why; every shard of it would.
    part.report.shard = nullptr;
    return std::move(part.report);
  }
  check_results(parts);
  RunReport merged;
  fill_heading(parts, merged);
  merged.suites = suites_of(parts);
  roll_up_schema(parts, merged.suites);
  apply_expectations(parts.front().record.expected_failures, merged.suites);
  RunResult result{.report = std::move(merged)};
  result.report.exit_code = exit_code(result);
  for (const auto& part : parts) {
    if (part.report.exit_code == kServerGoneExitCode) result.report.exit_code = kServerGoneExitCode;
  }
  return std::move(result.report);
}

/// Why a report cannot be written to `path`, before any work is done.
std::optional<std::string> unwritable(const std::string& flag, const std::string& path) {
  const auto why = reports::why_unwritable(path);
  if (why.empty()) return std::nullopt;
  return flag + ": cannot write " + path + ": " + why;
}

}  // namespace

std::variant<RunReport, MergeError> merge_reports(std::vector<ShardReport> shards) {
  try {
    return combine(read_records(std::move(shards)));
  } catch (const MergeRefusal& refusal) {
    return MergeError{refusal.what()};
  }
}

int merge(const MergeCommand& command, std::ostream& out, std::ostream& err) {
  const std::vector<std::tuple<std::string, std::string, std::string>> outputs{
      {"--junit", command.junit_path, "JUnit"},
      {"--json", command.json_path, "JSON"},
      {"--markdown", command.markdown_path, "Markdown"},
      {"--html", command.html_path, "HTML"}};
  for (const auto& [flag, path, kind] : outputs) {
    if (path.empty()) continue;
    if (auto problem = unwritable(flag, path))
      return cli::report("mcp-conformance", cli::UsageError{*problem}, err);
  }
  std::vector<ShardReport> shards;
  for (const auto& path : command.reports) {
    std::string error;
    auto report = reports::read_report_file(path, &error);
    if (!report) {
      err << "mcp-conformance: merge: " << error << "\n";
      return cli::kUsageExitCode;
    }
    shards.push_back({path, std::move(*report)});
  }
  auto merged = merge_reports(std::move(shards));
  if (const auto* error = std::get_if<MergeError>(&merged)) {
    err << "mcp-conformance: merge: " << error->message << "\n";
    return cli::kUsageExitCode;
  }
  const auto& report = std::get<RunReport>(merged);
  const auto n = reports::count(report);
  out << "mcp-conformance merge: " << command.reports.size() << " shard report(s) of "
      << report.target << ": " << n.total() << " results (" << n.pass << " pass, " << n.fail
      << " fail, " << n.warn << " warn, " << n.skip << " skip, " << n.error << " error, " << n.info
      << " info)\n";
  const std::map<std::string, std::function<std::string()>> render{
      {"JUnit", [&] { return junit_xml(report, command.junit_extras); }},
      {"JSON", [&] { return reports::to_json_text(report); }},
      {"Markdown", [&] { return reports::to_markdown(report); }},
      {"HTML", [&] { return reports::to_html(report); }}};
  bool written = true;
  for (const auto& [flag, path, kind] : outputs) {
    if (path.empty()) continue;
    std::string error;
    if (reports::write_file_atomically(path, render.at(kind)(), &error)) {
      out << kind << " report: " << path << "\n";
    } else {
      err << "mcp-conformance: cannot write the " << kind << " report to " << path << ": " << error
          << "\n";
      written = false;
    }
  }
  const int code = report.exit_code;
  out << (code == 0 ? "result: passed" : "result: FAILED") << " (exit " << code << ")\n";
  return written ? code : std::max(code, 1);
}

}  // namespace mcp::conformance
