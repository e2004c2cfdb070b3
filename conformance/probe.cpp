// Before any check: reach the server, learn which versions it speaks, and
// what it offers at each version under test (capabilities, tools, the tool
// checks may call).
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>

#include "conformance/checks/check_util.hpp"
#include "conformance/run_steps.hpp"
#include "protocol/schema_example.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

client::HttpSettings settings_for(const Target& target) {
  client::HttpSettings settings;
  settings.url = target.url;
  settings.headers = {{"User-Agent", std::string("mcp-conformance/") + kToolkitVersion}};
  for (const auto& h : target.headers)
    settings.headers.push_back(h);
  settings.deadlines = target.deadlines;
  settings.limits = target.limits;
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

/// "127.0.0.1:8080" of "http://127.0.0.1:8080/mcp".
std::string authority(const std::string& url) {
  const auto scheme = url.find("://");
  const auto rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  return rest.substr(0, rest.find('/'));
}

/// The start of what the server sent in the last exchange that got an HTTP
/// answer, quoted, its unprintable bytes as '?' (it goes to a terminal).
std::string what_came_back(const std::vector<client::Exchange>& exchanges) {
  for (auto e = exchanges.rbegin(); e != exchanges.rend(); ++e) {
    if (e->status == 0) continue;
    auto body = e->events.empty() ? e->response_body : e->events.front().data;
    const bool cut = body.size() > 80;
    body.resize(std::min<std::size_t>(body.size(), 80));
    for (auto& ch : body) {
      if (ch < 0x20 || ch > 0x7e) ch = '?';
    }
    const auto type = client::find_header(e->response_headers, "Content-Type");
    return "HTTP " + std::to_string(e->status) + (type ? " " + *type : std::string()) +
           (body.empty() ? " with no body" : " '" + body + (cut ? "...'" : "'"));
  }
  return "";
}

bool is_timeout(client::HttpError error) {
  return error == client::HttpError::kFirstByteTimeout ||
         error == client::HttpError::kIdleTimeout || error == client::HttpError::kTotalTimeout;
}

/// Why the first initialize failed. Exit 3 (unreachable) while no MCP server
/// answered at all: no connection, a refusal of the harness, silence, or
/// answers that are not JSON-RPC. Once any JSON-RPC message came back (to
/// server/discover or initialize), an MCP server is there and misbehaves: a
/// failed check, exit 1.
Stop initialize_failure(const Target& target, const client::CallResult& first,
                        const std::vector<client::Exchange>& exchanges) {
  Stop stop;
  stop.unreachable = true;
  const auto reached = target.is_stdio() ? "started " + target.stdio_command + ", but "
                                         : "connected to " + authority(target.url) + ", but ";
  const auto seconds = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(target.deadlines.first_byte).count());
  const auto answer = what_came_back(exchanges);
  const auto messages = server_messages(exchanges);
  const bool mcp_answered = std::any_of(messages.begin(), messages.end(), [](const Received& m) {
    return m.message.is_object() && m.message.contains("jsonrpc");
  });
  if (mcp_answered) {
    stop.unreachable = false;
    stop.why = "initialize did not succeed: " +
               (first.error.empty() ? first.response.value_or(Json()).dump() : first.error);
  } else if (client::is_connect_failure(first.http_error) ||
             (target.is_stdio() && exchanges.empty())) {
    stop.why = "cannot reach " + (target.is_stdio() ? target.stdio_command : target.url) + ": " +
               first.error;
  } else if (first.http_status == 401 || first.http_status == 403) {
    const auto refused =
        std::find_if(exchanges.begin(), exchanges.end(),
                     [&](const client::Exchange& e) { return e.status == first.http_status; });
    stop.why =
        refused == exchanges.end()
            ? client::refusal_diagnosis(first.http_status, {}, {}, target.url, "--bearer TOKEN")
            : client::refusal_diagnosis(refused->status, refused->response_headers,
                                        refused->response_body, target.url, "--bearer TOKEN");
  } else if (is_timeout(first.http_error) || (target.is_stdio() && answer.empty())) {
    stop.why = reached + "no answer to initialize came within " + seconds + " s" +
               (answer.empty() ? "" : " (" + answer + ")");
  } else if (answer.empty()) {
    stop.why =
        reached + "it ended the connection without answering initialize (" + first.error + ")";
  } else {
    stop.why = reached + "the answer to initialize is not MCP: " + answer;
  }
  return stop;
}

using ListRequest = std::function<client::CallResult(const std::string& method, Json params)>;

/// Every page of a list method (at most 100 pages). A page left unanswered is
/// noted in facts.unlisted: then what the server lists is unknown, not empty.
std::vector<Json> list_all(const ListRequest& request, const std::string& method,
                           const std::string& key, ServerFacts& facts) {
  std::vector<Json> items;
  Json params = Json::object();
  for (int page = 0; page < 100; ++page) {
    const auto r = request(method, params);
    if (unanswered(r)) facts.unlisted[method] = describe(r);
    if (!r.ok() || !r.response->contains("result")) break;
    const auto& result = (*r.response)["result"];
    if (!result.is_object() || !result.contains(key) || !result[key].is_array()) {
      facts.unreadable[method] = method + " answered " + brief(result, 120) +
                                 ", not an object with a \"" + key + "\" array";
      break;
    }
    for (const auto& item : result[key])
      items.push_back(item);
    if (!result.contains("nextCursor") || !result["nextCursor"].is_string()) break;
    params["cursor"] = result["nextCursor"];
  }
  return items;
}

/// What the server lists of each feature it declares.
void learn_lists(ServerFacts& facts, const ListRequest& request) {
  if (facts.has_capability("tools")) facts.tools = list_all(request, "tools/list", "tools", facts);
  if (facts.has_capability("resources")) {
    facts.resources = list_all(request, "resources/list", "resources", facts);
    facts.templates = list_all(request, "resources/templates/list", "resourceTemplates", facts);
  }
  if (facts.has_capability("prompts"))
    facts.prompts = list_all(request, "prompts/list", "prompts", facts);
}

/// Why no tool may be called, by the first cause that applies: the list could
/// not be read, lists nothing, has no tool of that name, has no read-only tool,
/// or no arguments could be made for the read-only ones.
std::string no_call_tool_reason(const ServerFacts& facts, const RunOptions& options) {
  if (const auto it = facts.unreadable.find("tools/list"); it != facts.unreadable.end())
    return it->second;
  if (const auto it = facts.unlisted.find("tools/list"); it != facts.unlisted.end())
    return "no answer to tools/list: " + it->second;
  if (facts.tools.empty()) return "the server lists no tools";
  if (!options.call_tool.empty()) {
    const bool listed = std::any_of(facts.tools.begin(), facts.tools.end(), [&](const Json& tool) {
      return string_member(tool, "name") == options.call_tool;
    });
    return listed ? "no arguments could be made from the input schema of " + options.call_tool +
                        ": give them with --call-arguments JSON"
                  : "the server lists no tool named " + options.call_tool;
  }
  std::vector<std::string> read_only;
  for (const auto& tool : facts.tools) {
    if (is_read_only_tool(tool)) read_only.push_back(string_member(tool, "name"));
  }
  if (read_only.empty()) {
    return "no tool is annotated readOnlyHint and a run must not change anything: name one to "
           "call with --call-tool";
  }
  std::string names;
  for (const auto& name : read_only)
    names += (names.empty() ? "" : ", ") + name;
  return "no arguments could be made from the input schema of the read-only tool(s) " + names +
         ": give them with --call-tool NAME --call-arguments JSON";
}

void choose_call_tool(ServerFacts& facts, const RunOptions& options) {
  facts.allowed_tools.insert(options.allow_tools.begin(), options.allow_tools.end());
  if (!options.call_tool.empty()) facts.allowed_tools.insert(options.call_tool);
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
  facts.call_tool_note = no_call_tool_reason(facts, options);
}

/// Thrown when no session can be opened at a version the server said it speaks.
struct SessionFailure : std::runtime_error {
  SessionFailure(const std::string& what, std::vector<client::Exchange> seen)
      : std::runtime_error(what), exchanges(std::move(seen)) {}
  std::vector<client::Exchange> exchanges;
};

/// Facts for one protocol version, from a session opened at that version.
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
  learn_lists(facts, [&](const std::string& method, Json params) {
    return session->request(method, std::move(params));
  });
  choose_call_tool(facts, options);
  if (auto* http = session->http(); http && facts.issues_sessions)
    http->delete_session("probe cleanup");
  return facts;
}

/// Guide pitfall 2, spelled out when initialization fails: a session id under a
/// header name other than Mcp-Session-Id, which no MCP client reads.
std::string misnamed_session_header_hint(const std::vector<client::Exchange>& exchanges) {
  for (const auto& e : exchanges) {
    if (const auto name = client::misnamed_session_header(e.response_headers)) {
      return "; the server sent its session id as " + *name +
             ", but clients (OpenAI's too) read only Mcp-Session-Id";
    }
  }
  return "";
}

/// server/discover at 2026-07-28 over a fresh transport: sets probe.modern.
void probe_modern(const Target& target, Probe& probe, client::Transcript* transcript) {
  std::unique_ptr<client::Transport> transport;
  if (target.is_stdio()) {
    auto stdio = std::make_unique<client::StdioTransport>(target.stdio_command, target.deadlines,
                                                          transcript);
    if (!stdio->start()) return;
    transport = std::move(stdio);
  } else {
    transport = std::make_unique<client::StreamableHttpTransport>(settings_for(target), transcript);
  }
  const modern::Envelope envelope{
      .protocol_version = std::string(to_string(kLatestModernVersion)),
      .client_capabilities = Json::object(),
      .client_info = {{"name", "mcp-conformance-probe"}, {"version", kToolkitVersion}}};
  const auto era = client::probe_era(*transport, envelope);
  transport->shutdown();
  // Any server/discover result makes the server a 2026-07-28 one to test,
  // even one that lists no such version: that lapse is version.v26.discover's
  // finding, which taking it for a legacy server would hide. An error (a
  // legacy server's "not initialized") leaves it legacy.
  probe.modern = !era.result.is_null();
  probe.discover = era.result;
}

/// Facts at 2026-07-28: what server/discover and the lists say, without a session.
ServerFacts gather_modern_facts(const RunOptions& options, const Probe& probe,
                                const SchemaAudit& schemas) {
  ServerFacts facts;
  facts.version = kLatestModernVersion;
  facts.transport = probe.transport;
  facts.speaks_legacy = probe.legacy;
  facts.init_result = probe.discover;
  facts.capabilities = probe.discover.value("capabilities", Json::object());
  CheckContext context(options.target, facts, schemas);
  auto connection = context.open_modern();
  learn_lists(facts, [&](const std::string& method, Json params) {
    return connection->request(method, std::move(params));
  });
  choose_call_tool(facts, options);
  return facts;
}

}  // namespace

Probe probe_server(const Target& target) {
  Probe probe;
  client::CallResult first;
  const auto latest_text = std::string(to_string(kLatestLegacyVersion));
  if (target.is_stdio()) {
    probe.transport = client::TransportKind::kStdio;
  } else if (target.transport == TransportChoice::kSse) {
    probe.transport = client::TransportKind::kLegacySse;
  }
  client::Transcript transcript;
  if (probe.transport != client::TransportKind::kLegacySse)
    probe_modern(target, probe, &transcript);
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
  if (!answered && probe.modern) {
    // A modern-only server: nothing wrong with refusing initialize.
    probe.legacy = false;
    probe.transport =
        target.is_stdio() ? client::TransportKind::kStdio : client::TransportKind::kStreamableHttp;
    probe.supported.push_back(kLatestModernVersion);
    return probe;
  }
  if (!answered) {
    probe.stop = initialize_failure(target, first, transcript.exchanges());
    probe.stop->version = probe.latest;
    probe.stop->exchanges = transcript.exchanges();
    return probe;
  }
  if (const auto v = parse_protocol_version(*answered)) probe.latest = *v;
  for (const auto v : legacy_protocol_versions()) {
    if (v == ProtocolVersion::k2024_11_05 &&
        probe.transport == client::TransportKind::kStreamableHttp)
      continue;
    if (try_initialize(target, probe.transport, to_string(v), nullptr) ==
        std::string(to_string(v))) {
      probe.supported.push_back(v);
    }
  }
  if (probe.modern) probe.supported.push_back(kLatestModernVersion);
  return probe;
}

std::optional<Stop> learn_facts(const RunOptions& options, const Probe& probe,
                                const std::vector<ProtocolVersion>& versions,
                                const SchemaAudit& schemas, std::vector<ServerFacts>* facts) {
  for (const auto v : versions) {
    const auto version = std::string(to_string(v));
    try {
      facts->push_back(is_modern(v) ? gather_modern_facts(options, probe, schemas)
                                    : gather_facts(options, probe, v, schemas));
    } catch (const SessionFailure& e) {
      return Stop{v, false,
                  "cannot open a session at " + version + ": " + e.what() +
                      misnamed_session_header_hint(e.exchanges),
                  e.exchanges};
    } catch (const std::exception& e) {
      return Stop{
          v, false, "cannot learn what the server offers at " + version + ": " + e.what(), {}};
    }
  }
  return std::nullopt;
}

}  // namespace mcp::conformance
