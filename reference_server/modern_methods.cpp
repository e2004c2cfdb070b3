// Protocol revision 2026-07-28 in the dispatcher: admission of an
// envelope-carrying request, server/discover, the methods that remain, the
// result rules (resultType, serverInfo, caching), multi round-trip requests
// and subscriptions/listen. docs/spec/2026-07-28.md says what each rule is.
#include <algorithm>
#include <array>
#include <chrono>

#include "protocol/request_metadata.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

using jsonrpc::make_error;
using jsonrpc::make_result;

constexpr std::array kModernVersions{ProtocolVersion::k2026_07_28};

/// How long a requestState stays good: a client answers in seconds; a state
/// replayed much later is refused rather than trusted forever.
constexpr std::chrono::minutes kRequestStateLifetime{30};

/// Methods of earlier revisions that 2026-07-28 removed: -32601 like unknown ones.
bool removed_in_modern(std::string_view method) {
  return method == "initialize" || method == "ping" || method == "logging/setLevel" ||
         method == "resources/subscribe" || method == "resources/unsubscribe" ||
         method.starts_with("tasks/");
}

/// Results a client may cache: they carry ttlMs and cacheScope.
bool cacheable(std::string_view method) {
  return method == "tools/list" || method == "prompts/list" || method == "resources/list" ||
         method == "resources/templates/list" || method == "resources/read" ||
         method == "server/discover";
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// The notification kinds a listen request may ask for, and the capability
/// that makes this server able to send each.
struct ListenKind {
  std::string_view filter_key;
  std::string_view method;
};
constexpr std::array kListenKinds{
    ListenKind{"toolsListChanged", "notifications/tools/list_changed"},
    ListenKind{"promptsListChanged", "notifications/prompts/list_changed"},
    ListenKind{"resourcesListChanged", "notifications/resources/list_changed"},
};

}  // namespace

std::span<const ProtocolVersion> Dispatcher::modern_versions() {
  return kModernVersions;
}

Json Dispatcher::unsupported_version(const Json& id, std::string_view requested) {
  Json supported = Json::array();
  std::string listed;
  for (const auto v : kModernVersions) {
    supported.push_back(to_string(v));
    listed += (listed.empty() ? "" : ", ") + std::string(to_string(v));
  }
  const auto message = "Unsupported protocol version '" + std::string(requested) +
                       "' (this server speaks " + listed + ", with the _meta envelope)";
  return make_error(id, jsonrpc::kUnsupportedProtocolVersion, message,
                    Json{{"supported", std::move(supported)}, {"requested", requested}});
}

ModernAdmission Dispatcher::admit_modern(const Json& request) const {
  const Json id = request.is_object() ? request.value("id", Json()) : Json();
  modern::EnvelopeProblem problem;
  auto envelope = modern::read_envelope(request, &problem);
  if (!envelope) hooks_.envelope_unusable(request, problem, envelope);
  if (!envelope) {
    return {nullptr,
            make_error(id, jsonrpc::kInvalidParams,
                       "Invalid params: the request's _meta envelope is not usable: " +
                           problem.key + " " + problem.problem,
                       Json{{"envelope", {{"key", problem.key}, {"problem", problem.problem}}}})};
  }
  return admit_modern(request, *envelope);
}

ModernAdmission Dispatcher::admit_modern(const Json& request,
                                         const modern::Envelope& envelope) const {
  const Json id = request.value("id", Json());
  const auto version = parse_protocol_version(envelope.protocol_version);
  bool served = false;
  for (const auto v : kModernVersions)
    served = served || version == v;
  if (!served) return {nullptr, unsupported_version(id, envelope.protocol_version)};

  const auto& meta = request["params"]["_meta"];
  std::optional<LogSeverity> log_level;
  if (const auto level = meta.find(modern::kLogLevelKey); level != meta.end()) {
    if (level->is_string()) log_level = parse_log_severity(level->get_ref<const std::string&>());
    if (!log_level) {
      return {nullptr,
              make_error(id, jsonrpc::kInvalidParams,
                         std::string("Invalid params: _meta[\"") + modern::kLogLevelKey +
                             "\"] must be one of debug, info, notice, warning, error, "
                             "critical, alert, emergency",
                         Json{{"envelope",
                               {{"key", modern::kLogLevelKey}, {"problem", "not a log level"}}}})};
    }
  }
  auto session = std::make_shared<Session>(std::string());
  session->set_served_versions(kModernVersions);
  session->set_protocol_version(*version);
  session->set_client(envelope.client_info.is_object() ? envelope.client_info : Json::object(),
                      envelope.client_capabilities);
  session->mark_initialized();
  session->set_logging(log_level.has_value());
  if (log_level) session->set_log_level(*log_level);
  hooks_.modern_admitted(request, *session);
  return {std::move(session), nullptr};
}

bool Dispatcher::may_emit_before_modern_response(const Json& request) const {
  const Tool* tool = called_tool(request);
  if (!tool) return false;
  const auto& params = request["params"];
  const auto meta = params.find("_meta");
  const bool has_meta = meta != params.end() && meta->is_object();
  const bool progress = has_meta && meta->contains("progressToken");
  const bool logs = has_meta && meta->contains(modern::kLogLevelKey);
  switch (tool->streaming) {
    case Streaming::kWithProgressToken:
      return progress;
    case Streaming::kAlways:
      return progress || logs;
    case Streaming::kNever:
    case Streaming::kAsksClient:
      break;
  }
  return false;
}

Json Dispatcher::server_info_json(ProtocolVersion version) const {
  Json server_info{{"name", info_.name}, {"version", info_.version}};
  if (version >= ProtocolVersion::k2025_06_18) server_info["title"] = info_.title;
  if (version >= ProtocolVersion::k2025_11_25) {
    server_info["description"] = "Known-good MCP server of the mcp-conformance toolkit";
  }
  return server_info;
}

Json Dispatcher::server_capabilities(ProtocolVersion version) const {
  // Declared exactly as served: each list can change (a tool triggers it) and
  // resources can be subscribed to (2026-07-28: through subscriptions/listen).
  Json capabilities{{"tools", {{"listChanged", true}}},
                    {"resources", {{"subscribe", true}, {"listChanged", true}}},
                    {"prompts", {{"listChanged", true}}},
                    {"logging", Json::object()}};
  if (version >= ProtocolVersion::k2025_03_26) capabilities["completions"] = Json::object();
  return capabilities;
}

Json Dispatcher::discover(const Json& id) const {
  // Like the official SDK, only the modern versions: the legacy ones are
  // negotiated by initialize, which is not a modern method.
  Json supported = Json::array();
  for (const auto v : kModernVersions)
    supported.push_back(to_string(v));
  Json result{{"supportedVersions", std::move(supported)},
              {"capabilities", server_capabilities(kLatestModernVersion)}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  return make_result(id, std::move(result));
}

void Dispatcher::complete_modern_result(const std::string& method, Json& result) const {
  if (!result.is_object()) return;
  if (!result.contains("resultType")) result["resultType"] = "complete";
  if (cacheable(method)) {
    // Every list here can change at any moment (the trigger tools), so no
    // freshness is promised; nothing is specific to a user, but the server
    // may run behind a bearer token: private, the same on every page.
    if (!result.contains("ttlMs")) result["ttlMs"] = 0;
    if (!result.contains("cacheScope")) result["cacheScope"] = "private";
  }
  auto& meta = result["_meta"];
  if (!meta.is_object()) meta = Json::object();
  if (!meta.contains(modern::kServerInfoKey)) meta[modern::kServerInfoKey] = modern_server_info_;
}

std::optional<Json> Dispatcher::dispatch_modern(const std::string& method, const Json& id,
                                                const Json& params, Session& session,
                                                const Emit& emit,
                                                const std::function<void()>& end_connection) {
  const auto version = session.protocol_version();
  std::optional<Json> response;
  if (method == "server/discover") {
    response = discover(id);
  } else if (method == "tools/list") {
    response = list_tools(id, params, version);
  } else if (method == "tools/call") {
    response = with_input_rounds(method, id, params, session, [&](const Json& p) {
      return call_tool(id, p, session, emit, end_connection);
    });
  } else if (method == "resources/list") {
    response = list_resources(id, params, version);
  } else if (method == "resources/templates/list") {
    response = list_resource_templates(id, params, version);
  } else if (method == "resources/read") {
    response = with_input_rounds(method, id, params, session, [&](const Json& p) {
      return std::optional<Json>(read_resource(id, p, session, emit));
    });
  } else if (method == "prompts/list") {
    response = list_prompts(id, params, version);
  } else if (method == "prompts/get") {
    response = with_input_rounds(method, id, params, session, [&](const Json& p) {
      return std::optional<Json>(get_prompt(id, p, session, emit));
    });
  } else if (method == "completion/complete") {
    response = complete(id, params);
  } else if (method == "subscriptions/listen") {
    response = listen(id, params, session, emit);
  } else {
    std::optional<Json> result;
    if (removed_in_modern(method)) {
      hooks_.removed_method(method, result);
    } else {
      hooks_.method_not_found(method, result);
    }
    if (result) {
      response = make_result(id, std::move(*result));
    } else {
      return make_error(id, jsonrpc::kMethodNotFound,
                        removed_in_modern(method)
                            ? "Method not found: " + method + " does not exist in protocol " +
                                  std::string(to_string(version))
                            : "Method not found: " + method);
    }
  }
  if (response) {
    if (const auto result = response->find("result"); result != response->end())
      complete_modern_result(method, *result);
  }
  return response;
}

std::optional<Json> Dispatcher::with_input_rounds(
    const std::string& method, const Json& id, const Json& params, Session& session,
    const std::function<std::optional<Json>(const Json& params)>& run) {
  // The digest costs a hash of the params: made only when a state is involved.
  std::optional<std::string> digest;
  const auto digest_of_request = [&]() -> const std::string& {
    if (!digest) digest = request_digest(method, params);
    return *digest;
  };
  Json answers = Json::object();
  if (const auto state = params.find("requestState"); state != params.end()) {
    std::optional<Json> opened;
    if (state->is_string()) opened = seal_.open(state->get_ref<const std::string&>());
    bool accept = opened && opened->is_object() && opened->value("d", "") == digest_of_request() &&
                  opened->value("e", std::int64_t{0}) >= now_seconds() && opened->contains("a") &&
                  (*opened)["a"].is_object();
    hooks_.request_state_judged(accept);
    if (!accept) {
      return make_error(id, jsonrpc::kInvalidParams,
                        "Invalid params: requestState was not issued by this server for this "
                        "request, was changed, or has expired; start the request again without it");
    }
    if (opened && opened->contains("a") && (*opened)["a"].is_object()) answers = (*opened)["a"];
  }
  if (const auto given = params.find("inputResponses"); given != params.end()) {
    if (!given->is_object()) {
      return make_error(id, jsonrpc::kInvalidParams,
                        "Invalid params: inputResponses must be an object keyed like the "
                        "inputRequests it answers");
    }
    for (const auto& [key, value] : given->items()) {
      if (!value.is_object()) {
        return make_error(
            id, jsonrpc::kInvalidParams,
            "Invalid params: inputResponses[\"" + key + "\"] must be the client's result object");
      }
      answers[key] = value;
    }
  }
  auto rounds = std::make_shared<InputRounds>(std::move(answers));
  session.set_input_rounds(rounds);
  try {
    return run(params);
  } catch (const InputRequired& required) {
    Json state{
        {"d", digest_of_request()},
        {"a", rounds->used_answers()},
        {"e", now_seconds() +
                  std::chrono::duration_cast<std::chrono::seconds>(kRequestStateLifetime).count()}};
    Json result{{"resultType", "input_required"},
                {"inputRequests", required.input_requests},
                {"requestState", seal_.seal(state)}};
    hooks_.input_required(result);
    return make_result(id, std::move(result));
  } catch (const MissingClientCapability& missing) {
    Json required = Json::object();
    required[missing.capability] = missing.detail;
    auto error = make_error(id, jsonrpc::kMissingRequiredClientCapability,
                            std::string(missing.what()) + ", which this request needs",
                            Json{{"requiredCapabilities", std::move(required)}});
    hooks_.capability_missing(error);
    return error;
  }
}

// ---- subscriptions/listen ----

/// An open subscriptions/listen stream.
struct Dispatcher::Listener {
  Json id;
  Json honoured;  // the acknowledged filter
  Emit emit;
  std::shared_ptr<CancelToken> token;
  // Held from registration until the acknowledgement is out: a change that
  // happens in between is delivered, and after the acknowledgement.
  std::mutex ack_mutex;
};

std::optional<Json> Dispatcher::listen_filter(const Json& params, std::string* problem) {
  const auto fail = [&](std::string why) -> std::optional<Json> {
    *problem = std::move(why);
    return std::nullopt;
  };
  const auto filter = params.find("notifications");
  if (filter == params.end() || !filter->is_object())
    return fail("params.notifications must be an object naming the notifications wanted");
  Json honoured = Json::object();
  for (const auto& kind : kListenKinds) {
    const auto wanted = filter->find(kind.filter_key);
    if (wanted == filter->end()) continue;
    if (!wanted->is_boolean())
      return fail("notifications." + std::string(kind.filter_key) + " must be a boolean");
    if (wanted->get<bool>()) honoured[kind.filter_key] = true;
  }
  if (const auto uris = filter->find("resourceSubscriptions"); uris != filter->end()) {
    const bool all_strings =
        uris->is_array() &&
        std::all_of(uris->begin(), uris->end(), [](const Json& uri) { return uri.is_string(); });
    if (!all_strings) return fail("notifications.resourceSubscriptions must be an array of URIs");
    if (!uris->empty()) honoured["resourceSubscriptions"] = *uris;
  }
  return honoured;
}

std::optional<Json> Dispatcher::listen(const Json& id, const Json& params, Session& session,
                                       const Emit& emit) {
  std::string problem;
  auto honoured = listen_filter(params, &problem);
  if (!honoured) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "Invalid params: subscriptions/listen: " + problem);
  }
  if (!emit) {
    return make_error(id, jsonrpc::kInvalidRequest,
                      "Invalid Request: subscriptions/listen is answered on a stream only");
  }
  auto listener = std::make_shared<Listener>();
  listener->id = id;
  listener->honoured = std::move(*honoured);
  listener->emit = emit;
  listener->token = session.begin_request(id);
  hooks_.listen_honoured(listener->honoured);
  {
    const std::lock_guard lock(inflight_mutex_);
    if (shutting_down_) listener->token->cancel();
    inflight_.insert(listener->token);
  }
  {
    const std::lock_guard acknowledging(listener->ack_mutex);
    {
      const std::lock_guard lock(listeners_mutex_);
      listeners_.push_back(listener);
    }
    Json ack = jsonrpc::make_notification("notifications/subscriptions/acknowledged",
                                          Json{{"notifications", listener->honoured}});
    ack["params"]["_meta"] = Json{{modern::kSubscriptionIdKey, id}};
    hooks_.listen_acknowledging(emit, ack);
    if (!ack.is_null()) emit(ack);
  }
  // Open until the client goes (its stream closes, or it cancels on stdio) or
  // the server shuts down.
  listener->token->wait_until(Clock::time_point::max());
  {
    const std::lock_guard lock(listeners_mutex_);
    std::erase(listeners_, listener);
  }
  bool shutting_down = false;
  {
    const std::lock_guard lock(inflight_mutex_);
    inflight_.erase(listener->token);
    shutting_down = shutting_down_;
  }
  session.end_request(id);
  // The client left (its stream closed, or it cancelled): nobody to answer.
  if (session.terminated() || !shutting_down) return std::nullopt;
  // A server-initiated close: the complete result tells the client it was
  // deliberate (subscriptions.mdx, Graceful Closure).
  bool answer = true;
  hooks_.listen_closing(answer);
  if (!answer) return std::nullopt;
  Json result{{"_meta", {{modern::kSubscriptionIdKey, id}}}};
  return make_result(id, std::move(result));
}

void Dispatcher::deliver_to_listeners(const Json& notification, const std::string& uri) {
  const auto& method = notification["method"].get_ref<const std::string&>();
  std::vector<std::shared_ptr<Listener>> listeners;
  {
    const std::lock_guard lock(listeners_mutex_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) {
    bool wanted = false;
    if (method == "notifications/resources/updated") {
      const auto uris = listener->honoured.find("resourceSubscriptions");
      wanted = uris != listener->honoured.end() &&
               std::find(uris->begin(), uris->end(), Json(uri)) != uris->end();
    }
    for (const auto& kind : kListenKinds) {
      if (kind.method == method) wanted = listener->honoured.value(kind.filter_key, false);
    }
    hooks_.listen_filter(method, wanted);
    if (!wanted) continue;
    Json tagged = notification;
    if (!tagged["params"].is_object()) tagged["params"] = Json::object();
    tagged["params"]["_meta"][modern::kSubscriptionIdKey] = listener->id;
    hooks_.listen_delivering(tagged);
    const std::lock_guard acknowledged(listener->ack_mutex);
    listener->emit(tagged);
  }
}

}  // namespace mcp::server
