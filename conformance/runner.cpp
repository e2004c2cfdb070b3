#include "conformance/runner.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>

#include "protocol/http_util.hpp"
#include "protocol/schema_example.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

using Clock = std::chrono::steady_clock;
using reports::Verdict;

/// The check that reports schema violations seen anywhere in the run.
constexpr std::string_view kSchemaCheckId = "base.jsonrpc.version";
constexpr std::string_view kInitCheckId =
    "lifecycle.init.result";  // reported when no session opens

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

/// What the probe found out before any check runs.
struct Probe {
  client::TransportKind transport = client::TransportKind::kStreamableHttp;
  std::vector<ProtocolVersion> supported;
  ProtocolVersion latest = kLatestProtocolVersion;
  std::string failure;
  bool unreachable = false;                 // nothing MCP answered (or the harness was refused)
  bool broken = false;                      // the server answered, but initialize did not succeed
  std::vector<client::Exchange> exchanges;  // of the first initialize, for the report
};

client::HttpSettings settings_for(const Target& target) {
  client::HttpSettings settings;
  settings.url = target.url;
  settings.headers = {{"User-Agent", std::string("mcp-conformance/") + kToolkitVersion}};
  for (const auto& h : target.headers)
    settings.headers.push_back(h);
  settings.deadlines = target.deadlines;
  return settings;
}

Json init_params(std::string_view version) {
  return Json{{"protocolVersion", version},
              {"capabilities", Json::object()},
              {"clientInfo", {{"name", "mcp-conformance-probe"}, {"version", kToolkitVersion}}}};
}

/// Initializes once over `kind`, offering `version`; the answered version, or why not.
std::optional<std::string> try_initialize(const Target& target, client::TransportKind kind,
                                          std::string_view version, client::CallResult* outcome,
                                          client::Transcript* transcript = nullptr) {
  std::unique_ptr<client::Transport> transport;
  if (kind == client::TransportKind::kStdio) {
    auto stdio = std::make_unique<client::StdioTransport>(target.stdio_command, target.deadlines,
                                                          transcript);
    if (!stdio->start()) {
      if (outcome) outcome->error = stdio->error();
      return std::nullopt;
    }
    transport = std::move(stdio);
  } else if (kind == client::TransportKind::kLegacySse) {
    auto sse = std::make_unique<client::LegacySseTransport>(settings_for(target), transcript);
    const auto connected = sse->connect("probe");
    if (!connected.ok()) {
      if (outcome) *outcome = connected;
      return std::nullopt;
    }
    transport = std::move(sse);
  } else {
    transport = std::make_unique<client::StreamableHttpTransport>(settings_for(target), transcript);
  }
  auto result =
      transport->request(jsonrpc::make_request(0, "initialize", init_params(version)), "probe");
  std::optional<std::string> answered;
  if (result.ok() && result.response->contains("result")) {
    answered = (*result.response)["result"].value("protocolVersion", std::string());
  }
  if (auto* http = dynamic_cast<client::StreamableHttpTransport*>(transport.get());
      http && !http->session_id().empty()) {
    http->delete_session("probe cleanup");  // leave no sessions behind
  }
  transport->shutdown();
  if (outcome) *outcome = std::move(result);
  return answered;
}

Probe probe_server(const Target& target) {
  Probe probe;
  client::CallResult first;
  const auto latest_text = std::string(to_string(kLatestProtocolVersion));
  if (target.is_stdio()) {
    probe.transport = client::TransportKind::kStdio;
  } else if (target.transport == TransportChoice::kSse) {
    probe.transport = client::TransportKind::kLegacySse;
  }
  client::Transcript transcript;
  auto answered = try_initialize(target, probe.transport, latest_text, &first, &transcript);
  if (!answered && probe.transport == client::TransportKind::kStreamableHttp &&
      target.transport == TransportChoice::kAuto &&
      (first.http_status == 400 || first.http_status == 404 || first.http_status == 405)) {
    client::CallResult legacy;
    if (auto legacy_answer =
            try_initialize(target, client::TransportKind::kLegacySse, latest_text, &legacy)) {
      probe.transport = client::TransportKind::kLegacySse;
      answered = legacy_answer;
    }
  }
  if (!answered) {
    probe.exchanges = transcript.exchanges();
    // It is the server's fault (a failed check, not exit 3) when an MCP server
    // evidently answered: a 2xx, or any message over stdio.
    const bool answered_at_all = first.response.has_value() || first.http_status / 100 == 2;
    if (client::is_connect_failure(first.http_error)) {
      probe.unreachable = true;
      probe.failure = "cannot reach " + (target.is_stdio() ? target.stdio_command : target.url) +
                      ": " + first.error;
    } else if (first.http_status == 401 || first.http_status == 403) {
      probe.unreachable = true;
      probe.failure = "the server refused the harness with HTTP " +
                      std::to_string(first.http_status) +
                      " (pass --bearer TOKEN or --header for its authorization)";
    } else if (!answered_at_all) {
      probe.unreachable = true;
      probe.failure =
          "no MCP server answered initialize at " +
          (target.is_stdio() ? target.stdio_command : target.url) + ": " +
          (first.error.empty() ? "HTTP " + std::to_string(first.http_status) : first.error);
    } else {
      probe.broken = true;
      probe.failure = "initialize did not succeed: " +
                      (first.error.empty() ? first.response.value_or(Json()).dump() : first.error);
    }
    return probe;
  }
  if (const auto v = parse_protocol_version(*answered)) probe.latest = *v;
  for (const auto v : all_protocol_versions()) {
    if (v == ProtocolVersion::k2024_11_05 &&
        probe.transport == client::TransportKind::kStreamableHttp)
      continue;
    if (try_initialize(target, probe.transport, to_string(v), nullptr) ==
        std::string(to_string(v))) {
      probe.supported.push_back(v);
    }
  }
  return probe;
}

/// Every page of a list method (at most 100 pages).
std::vector<Json> list_all(McpSession& session, const std::string& method, const std::string& key) {
  std::vector<Json> items;
  Json params = Json::object();
  for (int page = 0; page < 100; ++page) {
    const auto r = session.request(method, params);
    if (!r.ok() || !r.response->contains("result")) break;
    const auto& result = (*r.response)["result"];
    if (!result.is_object() || !result.contains(key) || !result[key].is_array()) break;
    for (const auto& item : result[key])
      items.push_back(item);
    if (!result.contains("nextCursor") || !result["nextCursor"].is_string()) break;
    params["cursor"] = result["nextCursor"];
  }
  return items;
}

void choose_call_tool(ServerFacts& facts, const RunOptions& options) {
  for (const auto& tool : facts.tools) {
    const auto name = string_member(tool, "name");
    const bool wanted =
        options.call_tool.empty() ? is_read_only_tool(tool) : name == options.call_tool;
    if (!wanted) continue;
    Json arguments = options.call_arguments;
    if (arguments.is_null()) {
      std::string why;
      auto generated = schema::example_arguments(tool.value("inputSchema", Json::object()), &why);
      if (!generated) continue;
      arguments = *generated;
    }
    facts.call_tool = tool;
    facts.call_arguments = arguments;
    return;
  }
  facts.call_tool_note =
      options.call_tool.empty()
          ? "no tool is annotated readOnlyHint and a run must not change anything: name one to "
            "call with --call-tool"
          : "the server lists no tool named " + options.call_tool;
}

/// Facts for one protocol version, from a session opened at that version.
/// Thrown when no session can be opened at a version the server said it speaks.
struct SessionFailure : std::runtime_error {
  SessionFailure(const std::string& what, std::vector<client::Exchange> seen)
      : std::runtime_error(what), exchanges(std::move(seen)) {}
  std::vector<client::Exchange> exchanges;
};

ServerFacts gather_facts(const RunOptions& options, const Probe& probe, ProtocolVersion version,
                         const SchemaAudit& schemas) {
  ServerFacts facts;
  facts.version = version;
  facts.transport = probe.transport;
  CheckContext context(options.target, facts, schemas);
  std::unique_ptr<McpSession> session;
  try {
    session = context.open_session();
  } catch (const std::exception& e) {
    throw SessionFailure(e.what(), context.transcript().exchanges());
  }
  facts.init_result = session->init_result();
  facts.capabilities = facts.init_result.value("capabilities", Json::object());
  if (auto* http = session->http()) facts.issues_sessions = !http->session_id().empty();
  if (facts.has_capability("tools")) facts.tools = list_all(*session, "tools/list", "tools");
  if (facts.has_capability("resources")) {
    facts.resources = list_all(*session, "resources/list", "resources");
    facts.templates = list_all(*session, "resources/templates/list", "resourceTemplates");
  }
  if (facts.has_capability("prompts"))
    facts.prompts = list_all(*session, "prompts/list", "prompts");
  choose_call_tool(facts, options);
  if (auto* http = session->http(); http && facts.issues_sessions)
    http->delete_session("probe cleanup");
  return facts;
}

bool is_loopback_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const auto rest = url.substr(scheme + 3);
  return http::is_loopback_host(http::host_header_host(rest.substr(0, rest.find('/'))));
}

/// Why a check cannot run against this server, or empty when it can.
std::string unmet_need(const Needs& needs, const ServerFacts& facts, const RunOptions& options) {
  if (!needs.capability.empty() && !facts.has_capability(needs.capability)) {
    return "the server does not declare the " + needs.capability + " capability";
  }
  if (needs.tool && facts.call_tool.is_null()) return facts.call_tool_note;
  if (needs.session && !facts.issues_sessions)
    return "the server issues no session ids (stateless), so session rules do not apply";
  if (needs.auth && !options.target.has_bearer) {
    return "authorization checks need an authenticated deployment: pass --bearer TOKEN";
  }
  if (needs.http && facts.transport == client::TransportKind::kStdio)
    return "applies to HTTP transports only";
  if (needs.streamable && facts.transport != client::TransportKind::kStreamableHttp) {
    return "applies to Streamable HTTP only (this server speaks " +
           std::string(client::to_string(facts.transport)) + ")";
  }
  if (needs.loopback && !is_loopback_url(options.target.url))
    return "applies to a server on this machine (a loopback URL)";
  return {};
}

struct Job {
  const Check* check = nullptr;
  std::size_t facts_index = 0;
  reports::CaseReport report;
  std::vector<client::Exchange> exchanges;
  bool run = true;
};

}  // namespace

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

/// Guide pitfall 2, spelled out when initialization fails: a session id under a
/// header name other than Mcp-Session-Id, which no MCP client reads.
static std::string misnamed_session_header_hint(const std::vector<client::Exchange>& exchanges) {
  for (const auto& e : exchanges) {
    if (const auto name = client::misnamed_session_header(e.response_headers)) {
      return "; the server sent its session id as " + *name +
             ", but clients (OpenAI's too) read only Mcp-Session-Id";
    }
  }
  return "";
}

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
    const auto& entry = list[i];
    if (!entry.is_object() || !entry.contains("id") || !entry.contains("reason") ||
        !entry["id"].is_string() || !entry["reason"].is_string() ||
        entry["reason"].get<std::string>().empty()) {
      if (error)
        *error = path + ": entry " + std::to_string(i + 1) + " needs an id and a non-empty reason";
      return std::nullopt;
    }
    if (!catalogue().find(entry["id"].get<std::string>())) {
      if (error)
        *error = path + ": entry " + std::to_string(i + 1) +
                 " names no check: " + entry["id"].get<std::string>();
      return std::nullopt;
    }
    std::string version;
    if (entry.contains("version")) {
      if (!entry["version"].is_string() ||
          !parse_protocol_version(entry["version"].get<std::string>())) {
        if (error)
          *error = path + ": entry " + std::to_string(i + 1) +
                   " has a version that is not a known protocol version";
        return std::nullopt;
      }
      version = entry["version"].get<std::string>();
    }
    out.push_back({entry["id"].get<std::string>(), entry["reason"].get<std::string>(), version});
  }
  return out;
}

Runner::Runner(RunOptions options) : options_(std::move(options)) {}

RunResult Runner::run(const std::function<void(const Progress&)>& progress) {
  RunResult result;
  auto& report = result.report;
  report.tool_version = kToolkitVersion;
  report.target = options_.target.is_stdio() ? options_.target.stdio_command : options_.target.url;
  report.profile = options_.profile;
  report.strict = options_.strict;
  report.started_at = utc_now();
  report.hostname = host_name();
  const auto started = Clock::now();

  const SchemaAudit schemas;
  const auto probe = probe_server(options_.target);
  report.transport = std::string(client::to_string(probe.transport));
  // Without a session no check can run: the report holds the one that failed
  // (an error when nothing answered), with the exchanges that show why.
  const auto abort_run = [&](ProtocolVersion version, bool unreachable, const std::string& why,
                             const std::vector<client::Exchange>& exchanges) {
    const auto* check = catalogue().find(kInitCheckId);
    reports::CaseReport c;
    c.id = check->info.id;
    c.title = check->info.title;
    c.area = check->info.area;
    c.section = check->info.section;
    c.level = std::string(to_string(check->info.level));
    c.requirement = check->info.requirement;
    c.description = check->info.description;
    c.verdict = unreachable ? Verdict::kError : Verdict::kFail;
    c.message = unreachable ? why + " (no check could run)"
                            : "expected: initialize to succeed and a session to open; got: " + why +
                                  " (no other check could run)";
    for (const auto& e : exchanges)
      c.exchanges.push_back(client::to_json(e));
    reports::SuiteReport suite;
    suite.area = c.area;
    suite.protocol_version = std::string(to_string(version));
    suite.name = suite.area + " (" + suite.protocol_version + ")";
    suite.cases.push_back(std::move(c));
    report.suites.push_back(std::move(suite));
    result.unreachable = unreachable;
    result.aborted_reason = why;
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.exit_code = unreachable ? 3 : 1;
    return result;
  };
  if (probe.unreachable || probe.broken)
    return abort_run(probe.latest, probe.unreachable, probe.failure, probe.exchanges);
  std::vector<ProtocolVersion> versions;
  if (options_.protocol_version.empty()) {
    versions.push_back(probe.supported.empty() ? probe.latest : probe.supported.back());
  } else if (options_.protocol_version == "all") {
    versions =
        probe.supported.empty() ? std::vector<ProtocolVersion>{probe.latest} : probe.supported;
  } else {
    const auto v = parse_protocol_version(options_.protocol_version);
    if (!v ||
        std::find(probe.supported.begin(), probe.supported.end(), *v) == probe.supported.end()) {
      std::string known;
      for (const auto s : probe.supported)
        known += (known.empty() ? "" : ", ") + std::string(to_string(s));
      result.usage_error = "the server does not speak protocol version " +
                           options_.protocol_version +
                           " (it echoes: " + (known.empty() ? "none" : known) + ")";
      report.exit_code = 2;
      return result;
    }
    versions.push_back(*v);
  }

  std::vector<ServerFacts> facts;
  Json supported = Json::array();
  for (const auto v : probe.supported)
    supported.push_back(to_string(v));
  report.server = {{"supported_versions", supported}, {"transport", report.transport}};
  for (const auto v : versions) {
    try {
      facts.push_back(gather_facts(options_, probe, v, schemas));
    } catch (const SessionFailure& e) {
      return abort_run(v, false,
                       "cannot open a session at " + std::string(to_string(v)) + ": " + e.what() +
                           misnamed_session_header_hint(e.exchanges),
                       e.exchanges);
    } catch (const std::exception& e) {
      return abort_run(
          v, false,
          "cannot learn what the server offers at " + std::string(to_string(v)) + ": " + e.what(),
          {});
    }
  }
  report.server["serverInfo"] = facts.front().init_result.value("serverInfo", Json::object());
  report.server["capabilities"] = facts.front().capabilities;
  report.server["issues_sessions"] = facts.front().issues_sessions;
  report.server["call_tool"] =
      facts.front().call_tool.is_null() ? Json(nullptr) : facts.front().call_tool["name"];

  // The jobs, in catalogue order per version.
  std::vector<Job> jobs;
  for (std::size_t f = 0; f < facts.size(); ++f) {
    for (const auto* check : catalogue().checks()) {
      const auto& info = check->info;
      if (!info.versions.contains(facts[f].version)) continue;
      if (options_.profile != "all" && std::find(info.profiles.begin(), info.profiles.end(),
                                                 options_.profile) == info.profiles.end()) {
        continue;
      }
      if (!options_.only.empty() &&
          std::none_of(options_.only.begin(), options_.only.end(),
                       [&](const std::string& g) { return glob_match(g, info.id); })) {
        continue;
      }
      if (std::any_of(options_.skip.begin(), options_.skip.end(),
                      [&](const std::string& g) { return glob_match(g, info.id); })) {
        continue;
      }
      Job job;
      job.check = check;
      job.facts_index = f;
      auto& c = job.report;
      c.id = info.id;
      c.title = info.title;
      c.area = info.area;
      c.section = info.section;
      c.level = std::string(to_string(info.level));
      c.requirement = info.requirement;
      c.description = info.description;
      if (const auto why = unmet_need(info.needs, facts[f], options_); !why.empty()) {
        c.verdict = Verdict::kSkip;
        c.message = why;
        job.run = false;
      }
      jobs.push_back(std::move(job));
    }
  }

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  const auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      auto& job = jobs[i];
      if (job.run) {
        CheckContext context(options_.target, facts[job.facts_index], schemas);
        const auto t0 = Clock::now();
        Outcome outcome;
        try {
          outcome = job.check->run(context);
        } catch (const HarnessError& e) {
          outcome = Outcome::error(e.what());
        } catch (const ServerValueError& e) {
          outcome = Outcome::fail("values of the types the schema defines", e.what());
        } catch (const std::exception& e) {
          outcome = Outcome::error(std::string("harness error: ") + e.what());
        }
        job.report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        job.report.verdict = outcome.verdict;
        job.report.message = outcome.message;
        // A broken SHOULD or MAY is a warning (--strict makes it count as a failure).
        if (outcome.verdict == Verdict::kFail && job.check->info.level != Level::kMust)
          job.report.verdict = Verdict::kWarn;
        job.exchanges = context.transcript().exchanges();
        for (const auto& e : job.exchanges)
          job.report.exchanges.push_back(client::to_json(e));
      }
      const std::lock_guard lock(progress_mutex);
      const auto finished = ++done;
      if (progress) {
        progress(Progress{finished, jobs.size(), job.report.id,
                          std::string(to_string(facts[job.facts_index].version)),
                          job.report.verdict, job.report.message});
      }
    }
  };
  std::vector<std::thread> threads;
  const unsigned n =
      std::max(1u, std::min<unsigned>(options_.jobs, static_cast<unsigned>(jobs.size())));
  for (unsigned t = 0; t < n; ++t)
    threads.emplace_back(worker);
  for (auto& t : threads)
    t.join();

  // Schema violations seen anywhere in the run are reported once, by the schema check.
  for (std::size_t f = 0; f < facts.size(); ++f) {
    Job* schema_job = nullptr;
    std::vector<std::string> violations;
    for (auto& job : jobs) {
      if (job.facts_index != f) continue;
      if (job.report.id == kSchemaCheckId) schema_job = &job;
      for (const auto& v : schemas.audit(facts[f].version, job.exchanges))
        violations.push_back(job.report.id + ": " + v);
    }
    if (schema_job && schema_job->run && schema_job->report.verdict == Verdict::kPass &&
        !violations.empty()) {
      std::string message = std::to_string(violations.size()) + " server message(s) break the " +
                            std::string(to_string(facts[f].version)) + " schema";
      for (std::size_t i = 0; i < violations.size() && i < 10; ++i)
        message += "\n- " + violations[i];
      schema_job->report.verdict = Verdict::kFail;
      schema_job->report.message =
          "expected: every server message valid against the official schema; got: " + message;
    }
  }

  // Expected failures: listed and failing is fine. An entry is stale when the
  // check passed wherever it applies (its version, or every version of the run)
  // and failed nowhere: then its passing results are marked, and fail the run.
  const auto broke = [](Verdict v) {
    return v == Verdict::kFail || v == Verdict::kWarn || v == Verdict::kError;
  };
  for (const auto& expected : options_.expected_failures) {
    std::vector<Job*> matching;
    for (auto& job : jobs) {
      if (expected.id != job.report.id) continue;
      if (!expected.version.empty() &&
          expected.version != to_string(facts[job.facts_index].version))
        continue;
      matching.push_back(&job);
    }
    const bool failed_somewhere = std::any_of(matching.begin(), matching.end(),
                                              [&](Job* j) { return broke(j->report.verdict); });
    for (auto* job : matching) {
      job->report.expected_reason = expected.reason;
      if (broke(job->report.verdict)) job->report.expected_failure = true;
      if (!failed_somewhere && job->report.verdict == Verdict::kPass) job->report.stale = true;
    }
  }

  // One suite per area and version, in catalogue order.
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
      if (!suite.cases.empty()) report.suites.push_back(std::move(suite));
    }
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report.exit_code = exit_code(result);
  return result;
}

int exit_code(const RunResult& result) {
  if (result.unreachable) return 3;
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
