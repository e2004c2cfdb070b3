#include "reference_server/dispatcher.hpp"

#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

using jsonrpc::make_error;

}  // namespace

/// A server-to-client request waiting for its answer.
struct Dispatcher::PendingClientRequest {
  std::shared_ptr<CancelToken> waiter;  // wakes the waiting tool (and its cancellation)
  std::atomic<bool> answered{false};
  Json response;  // written before `answered` is set
};

Dispatcher::Dispatcher(ServerInfo info, Catalog& catalog, std::size_t page_size, McpHooks hooks)
    : info_(std::move(info)), catalog_(catalog), page_size_(page_size), hooks_(std::move(hooks)) {
  catalog_.events = this;
  modern_server_info_ = server_info_json(kLatestModernVersion);
}

Dispatcher::~Dispatcher() {
  catalog_.events = nullptr;
}

void Dispatcher::set_notifier(Notifier notifier) {
  const std::lock_guard lock(notifier_mutex_);
  notifier_ = std::move(notifier);
}

void Dispatcher::list_changed(std::string_view list) {
  broadcast(
      jsonrpc::make_notification("notifications/" + std::string(list) + "/list_changed", nullptr),
      {});
}

void Dispatcher::resource_updated(const std::string& uri) {
  broadcast(jsonrpc::make_notification("notifications/resources/updated", {{"uri", uri}}), uri);
}

void Dispatcher::broadcast(Json notification, const std::string& uri) {
  deliver_to_listeners(notification, uri);  // 2026-07-28 listen streams
  const std::lock_guard lock(notifier_mutex_);
  if (!notifier_) return;
  static const Json kNoRequest;
  hooks_.message_out(kNoRequest, notification);
  notifier_(notification, uri);
}

Routed Dispatcher::route(const Json& message, Session& session) {
  auto classified = jsonrpc::classify(message);
  switch (classified.kind) {
    case jsonrpc::Kind::kInvalid:
      return {Routed::Kind::kInvalid, make_error(classified.id, jsonrpc::kInvalidRequest,
                                                 "Invalid Request: " + classified.problem)};
    case jsonrpc::Kind::kNotification: {
      handle_notification(message, session);
      std::optional<Json> answer;
      hooks_.notification_handled(message, answer);
      if (answer) return {Routed::Kind::kInvalid, std::move(*answer)};
      return {Routed::Kind::kConsumed, nullptr};
    }
    case jsonrpc::Kind::kResponse:
      // A client's answer to a server request (sampling, elicitation, roots): it
      // goes to the tool waiting for it. Unknown ids are accepted and dropped.
      handle_response(message);
      return {Routed::Kind::kConsumed, nullptr};
    case jsonrpc::Kind::kRequest:
      break;
  }
  return {Routed::Kind::kRequest, nullptr};
}

std::optional<Json> Dispatcher::route_batch(const Json& batch, Session& session, const Emit& emit) {
  Json responses = Json::array();
  for (const auto& message : batch) {
    auto routed = route(message, session);
    if (routed.kind == Routed::Kind::kInvalid) {
      responses.push_back(std::move(routed.error));
    } else if (routed.kind == Routed::Kind::kRequest) {
      if (auto response = handle_request(message, session, emit))
        responses.push_back(std::move(*response));
    }
  }
  if (responses.empty()) return std::nullopt;
  return responses;
}

const Tool* Dispatcher::called_tool(const Json& request) const {
  if (request.value("method", "") != "tools/call") return nullptr;
  const auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return nullptr;
  const auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return nullptr;
  return catalog_.tools.find(name->get_ref<const std::string&>());
}

bool Dispatcher::may_emit_before_response(const Json& request) const {
  const Tool* tool = called_tool(request);
  if (!tool) return false;
  if (tool->streaming == Streaming::kAlways || tool->streaming == Streaming::kAsksClient)
    return true;
  if (tool->streaming == Streaming::kNever) return false;
  const auto& params = request["params"];
  const auto meta = params.find("_meta");
  return meta != params.end() && meta->is_object() && meta->contains("progressToken");
}

std::optional<Json> Dispatcher::handle_request(const Json& request, Session& session,
                                               const Emit& emit,
                                               const std::function<void()>& end_connection) {
  const Json& id = request["id"];
  const auto& method = request["method"].get_ref<const std::string&>();
  static const Json kNoParams = Json::object();
  const auto params_it = request.find("params");
  const Json& params = params_it != request.end() ? *params_it : kNoParams;
  std::optional<Json> response;
  if (!params.is_object()) {
    response = make_error(id, jsonrpc::kInvalidParams, "params must be an object for MCP methods");
  } else {
    Emit hooked_emit;
    if (emit && hooks_.message_out) {
      hooked_emit = [this, &emit, &request](const Json& message) {
        Json copy = message;
        hooks_.message_out(request, copy);
        emit(copy);
      };
    }
    response =
        dispatch(method, id, params, session, hooked_emit ? hooked_emit : emit, end_connection);
    if (response && hooks_.result_ready) {
      if (const auto result = response->find("result"); result != response->end())
        hooks_.result_ready(ResultContext{method, params, catalog_}, *result);
    }
  }
  if (response) hooks_.response_ready(request, *response);
  return response;
}

std::optional<Json> Dispatcher::dispatch(const std::string& method, const Json& id,
                                         const Json& params, Session& session, const Emit& emit,
                                         const std::function<void()>& end_connection) {
  bool served = true;
  hooks_.method_served(method, served);
  const auto version = session.protocol_version();
  if (served && is_modern(version))
    return dispatch_modern(method, id, params, session, emit, end_connection);
  if (served) {
    if (method == "initialize") return initialize(id, params, session);
    if (method == "ping") return jsonrpc::make_result(id, Json::object());
    if (method == "tools/list") return list_tools(id, params, version);
    if (method == "tools/call") return call_tool(id, params, session, emit, end_connection);
    if (method == "resources/list") return list_resources(id, params, version);
    if (method == "resources/templates/list") return list_resource_templates(id, params, version);
    if (method == "resources/read") return read_resource(id, params, session, emit);
    if (method == "resources/subscribe") return subscribe(id, params, session, true);
    if (method == "resources/unsubscribe") return subscribe(id, params, session, false);
    if (method == "prompts/list") return list_prompts(id, params, version);
    if (method == "prompts/get") return get_prompt(id, params, session, emit);
    if (method == "logging/setLevel") return set_log_level(id, params, session);
    // completion/complete and its `completions` capability arrived in 2025-03-26.
    if (method == "completion/complete" && version >= ProtocolVersion::k2025_03_26)
      return complete(id, params);
  }
  std::optional<Json> result;
  hooks_.method_not_found(method, result);
  if (result) return jsonrpc::make_result(id, std::move(*result));
  return make_error(id, jsonrpc::kMethodNotFound, "Method not found: " + method);
}

void Dispatcher::handle_notification(const Json& notification, Session& session) {
  const auto& method = notification["method"].get_ref<const std::string&>();
  if (method == "notifications/initialized") {
    session.mark_initialized();
  } else if (method == "notifications/cancelled") {
    // Unknown, finished or malformed cancellations are ignored, as the spec allows.
    const auto params = notification.value("params", Json::object());
    if (params.is_object() && params.contains("requestId") &&
        jsonrpc::is_valid_id(params["requestId"])) {
      if (session.cancel_request(params["requestId"])) {
        log_line(LogLevel::kInfo, "request " + params["requestId"].dump() + " cancelled by client");
      }
    }
  }
}
bool Dispatcher::handle_response(const Json& response) {
  std::shared_ptr<PendingClientRequest> pending;
  {
    const std::lock_guard lock(client_mutex_);
    const auto it = client_requests_.find(response.value("id", Json()).dump());
    if (it == client_requests_.end()) return false;
    pending = it->second;
    client_requests_.erase(it);
  }
  pending->response = response;
  pending->answered.store(true);
  pending->waiter->notify();
  return true;
}

std::optional<Json> Dispatcher::ask_client(const Json& request,
                                           const std::shared_ptr<CancelToken>& cancel,
                                           const Emit& emit, std::chrono::milliseconds timeout,
                                           std::string* error) {
  // Ids unique across the server, so an answer finds its request even from a
  // stateless POST that carries no session.
  const Json id = "srv-" + std::to_string(++client_request_counter_);
  auto pending = std::make_shared<PendingClientRequest>();
  pending->waiter = cancel;
  {
    const std::lock_guard lock(client_mutex_);
    client_requests_[id.dump()] = pending;
  }
  Json message = request;
  message["id"] = id;
  emit(message);
  const bool answered =
      cancel->wait_until(Clock::now() + timeout, [&] { return pending->answered.load(); });
  if (!answered) {
    const std::lock_guard lock(client_mutex_);
    client_requests_.erase(id.dump());
    if (error) {
      *error = cancel->cancelled()
                   ? "cancelled while waiting for the client"
                   : "the client did not answer " + message["method"].get<std::string>() +
                         " within " + std::to_string(timeout.count()) + " ms";
    }
    return std::nullopt;
  }
  return pending->response;
}

void Dispatcher::cancel_all() {
  std::set<std::shared_ptr<CancelToken>> inflight;
  {
    const std::lock_guard lock(inflight_mutex_);
    shutting_down_ = true;
    inflight = inflight_;
  }
  for (const auto& token : inflight)
    token->cancel();
}

}  // namespace mcp::server
