// What a run tests: which protocol versions, and which checks at each (the
// profile, --only and --skip); a check the server cannot take is skipped with why.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "conformance/run_steps.hpp"
#include "protocol/http_util.hpp"

namespace mcp::conformance {
namespace {

bool is_loopback_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const auto rest = url.substr(scheme + 3);
  return http::is_loopback_host(http::host_header_host(rest.substr(0, rest.find('/'))));
}

/// The items the probe learnt from `method` (a list method of ServerFacts).
const std::vector<Json>& listed_by(const ServerFacts& facts, const std::string& method) {
  if (method == "tools/list") return facts.tools;
  if (method == "resources/list") return facts.resources;
  if (method == "resources/templates/list") return facts.templates;
  if (method == "prompts/list") return facts.prompts;
  throw std::logic_error("Needs::listed names no list the probe learns: " + method);
}

/// Why the evidence a check needs could not be had: a list it judges, or the
/// tool it calls, that the probe asked for and got no answer. Empty when it could.
std::string unobtained(const Needs& needs, const ServerFacts& facts) {
  const auto unlisted = [&](const std::string& method) -> std::string {
    const auto it = facts.unlisted.find(method);
    return it == facts.unlisted.end() ? "" : "no answer to " + method + ": " + it->second;
  };
  if (!needs.listed.empty()) return unlisted(needs.listed);
  if (needs.tool && facts.call_tool.is_null()) return unlisted("tools/list");
  return {};
}

/// Why a check cannot run against this server, or empty when it can.
std::string unmet_need(const Needs& needs, const ServerFacts& facts, const RunOptions& options) {
  if (!needs.capability.empty() && !facts.has_capability(needs.capability)) {
    return "the server does not declare the " + needs.capability + " capability";
  }
  if (!needs.listed.empty() && listed_by(facts, needs.listed).empty()) {
    const auto unreadable = facts.unreadable.find(needs.listed);
    return unreadable != facts.unreadable.end() ? unreadable->second
                                                : "the server lists nothing with " + needs.listed;
  }
  if (needs.tool && facts.call_tool.is_null()) return facts.call_tool_note;
  // The transport first: over stdio or HTTP+SSE a session rule does not apply
  // because there are no Streamable HTTP sessions at all, not because the
  // server is stateless.
  if (needs.http && facts.transport == client::TransportKind::kStdio)
    return "applies to HTTP transports only";
  if (needs.streamable && facts.transport != client::TransportKind::kStreamableHttp) {
    return "applies to Streamable HTTP only (this server speaks " +
           std::string(client::to_string(facts.transport)) + ")";
  }
  if (needs.session && !facts.issues_sessions)
    return "the server issues no session ids (stateless), so session rules do not apply";
  if (needs.auth && !options.target.has_bearer) {
    return "authorization checks need an authenticated deployment: pass --bearer TOKEN";
  }
  if (needs.loopback && !is_loopback_url(options.target.url))
    return "applies to a server on this machine (a loopback URL)";
  return {};
}

bool selected(const CheckInfo& info, ProtocolVersion version, const RunOptions& options) {
  const auto matches = [&](const std::string& glob) { return glob_match(glob, info.id); };
  return info.versions.contains(version) &&
         (options.profile == "all" || std::find(info.profiles.begin(), info.profiles.end(),
                                                options.profile) != info.profiles.end()) &&
         (options.only.empty() || std::any_of(options.only.begin(), options.only.end(), matches)) &&
         std::none_of(options.skip.begin(), options.skip.end(), matches);
}

}  // namespace

reports::CaseReport case_report(const CheckInfo& info, ProtocolVersion version) {
  reports::CaseReport c;
  c.id = info.id;
  c.title = info.title;
  c.area = info.area;
  c.section = info.section;
  c.spec_url = spec_url(info.section, version).value_or("");
  c.rule = info.rule;
  c.level = std::string(to_string(info.level));
  c.requirement = info.requirement;
  c.description = info.description;
  return c;
}

bool glob_match(std::string_view pattern, std::string_view id) {
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < id.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == id[s])) {
      ++p;
      ++s;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

std::optional<std::string> choose_versions(const std::string& requested, const Probe& probe,
                                           std::vector<ProtocolVersion>* versions) {
  if (requested.empty()) {
    // The newest version of each era the server speaks.
    if (probe.legacy) {
      ProtocolVersion newest = probe.latest;
      for (const auto v : probe.supported) {
        if (!is_modern(v)) newest = v;
      }
      versions->push_back(newest);
    }
    if (probe.modern) versions->push_back(kLatestModernVersion);
    return std::nullopt;
  }
  if (requested == "all") {
    *versions =
        probe.supported.empty() ? std::vector<ProtocolVersion>{probe.latest} : probe.supported;
    return std::nullopt;
  }
  const auto v = parse_protocol_version(requested);
  if (!v ||
      std::find(probe.supported.begin(), probe.supported.end(), *v) == probe.supported.end()) {
    std::string known;
    for (const auto s : probe.supported)
      known += (known.empty() ? "" : ", ") + std::string(to_string(s));
    return "the server does not speak protocol version " + requested +
           " (it echoes: " + (known.empty() ? "none" : known) + ")";
  }
  versions->push_back(*v);
  return std::nullopt;
}

std::vector<Job> select_jobs(const std::vector<ServerFacts>& facts, const RunOptions& options) {
  std::vector<Job> jobs;
  for (std::size_t f = 0; f < facts.size(); ++f) {
    for (const auto* check : catalogue().checks()) {
      if (!selected(check->info, facts[f].version, options)) continue;
      Job job{check, f, case_report(check->info, facts[f].version), true};
      if (auto why = unobtained(check->info.needs, facts[f]); !why.empty()) {
        job.report.verdict = reports::Verdict::kError;
        job.report.message = "the probe could not learn what this check judges: " + why;
        job.run = false;
      } else if (auto unmet = unmet_need(check->info.needs, facts[f], options); !unmet.empty()) {
        job.report.verdict = reports::Verdict::kSkip;
        job.report.message = std::move(unmet);
        job.run = false;
      }
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

std::vector<ShardUnit> shard_units(const std::vector<Job>& jobs) {
  std::vector<ShardUnit> units;
  for (const auto* check : catalogue().checks()) {
    const auto cases = static_cast<std::size_t>(std::count_if(
        jobs.begin(), jobs.end(), [&](const Job& job) { return job.check == check; }));
    if (cases > 0) units.push_back({check->info.id, cases});
  }
  return units;
}

void keep_shard(std::vector<Job>& jobs, const std::vector<ShardUnit>& units, const Shard& shard) {
  const auto assigned = assign_shards(units, shard.count);
  std::set<std::string_view> kept;
  for (std::size_t u = 0; u < units.size(); ++u) {
    if (assigned[u] == shard.index) kept.insert(units[u].id);
  }
  std::erase_if(jobs, [&](const Job& job) { return !kept.contains(job.check->info.id); });
}

}  // namespace mcp::conformance
