#include "reference_server/dispatcher.hpp"

#include <charconv>
#include <thread>

#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

using jsonrpc::make_error;
using jsonrpc::make_result;

/// Resource not found: -32002 up to 2025-11-25 (the spec's SHOULD).
constexpr int kResourceNotFound = -32002;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

/// Cursor-based paging shared by every list method. Cursors are opaque to the
/// client; here they are "<list>-page-<offset>", checked on the way back in.
struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next;
};

/// `lenient` (--fault cursor-ignored): an unreadable cursor means the first page.
std::optional<Page> page_of(const Json& params, std::string_view list, std::size_t total,
                            std::size_t page_size, bool lenient = false) {
  const std::string prefix = std::string(list) + "-page-";
  Page page;
  if (const auto cursor = params.find("cursor"); cursor != params.end() && !cursor->is_null()) {
    if (!cursor->is_string()) {
      if (!lenient) return std::nullopt;
    } else {
      const auto& text = cursor->get_ref<const std::string&>();
      const char* first = text.data() + std::min(prefix.size(), text.size());
      const char* last = text.data() + text.size();
      const auto [ptr, ec] = std::from_chars(first, last, page.begin);
      const bool valid = text.starts_with(prefix) && ec == std::errc{} && ptr == last &&
                         first != last && page.begin != 0 && page.begin < total;
      if (!valid) {
        if (!lenient) return std::nullopt;
        page.begin = 0;
      }
    }
  }
  page.end = page_size == 0 ? total : std::min(total, page.begin + page_size);
  if (page.end < total) page.next = prefix + std::to_string(page.end);
  return page;
}

Json invalid_cursor(const Json& id, std::string_view method) {
  return make_error(
      id, jsonrpc::kInvalidParams,
      std::string(method) + ": invalid cursor (use a nextCursor from an earlier page)");
}

}  // namespace

/// A server-to-client request waiting for its answer.
struct Dispatcher::PendingClientRequest {
  std::shared_ptr<CancelToken> waiter;  // wakes the waiting tool (and its cancellation)
  std::atomic<bool> answered{false};
  Json response;  // written before `answered` is set
};

Dispatcher::Dispatcher(ServerInfo info, Catalog& catalog, std::size_t page_size, Faults faults)
    : info_(std::move(info)), catalog_(catalog), page_size_(page_size), faults_(faults) {
  catalog_.events = this;
}

Dispatcher::~Dispatcher() {
  catalog_.events = nullptr;
}

void Dispatcher::set_notifier(Notifier notifier) {
  const std::lock_guard lock(notifier_mutex_);
  notifier_ = std::move(notifier);
}

void Dispatcher::list_changed(std::string_view list) {
  const std::lock_guard lock(notifier_mutex_);
  if (!notifier_) return;
  auto notification =
      jsonrpc::make_notification("notifications/" + std::string(list) + "/list_changed", nullptr);
  if (faults_.has(Fault::kNotificationWithId)) notification["id"] = "notification";
  notifier_(notification, {});
}

void Dispatcher::resource_updated(const std::string& uri) {
  const std::lock_guard lock(notifier_mutex_);
  if (!notifier_) return;
  auto notification = jsonrpc::make_notification("notifications/resources/updated", {{"uri", uri}});
  if (faults_.has(Fault::kNotificationWithId)) notification["id"] = "notification";
  notifier_(notification, uri);
}

bool Dispatcher::may_emit_before_response(const Json& request) const {
  if (request.value("method", "") != "tools/call") return false;
  const auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return false;
  const auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return false;
  const Tool* tool = catalog_.tools.find(name->get_ref<const std::string&>());
  if (!tool) return false;
  if (tool->streaming == Streaming::kAlways) return true;
  if (tool->streaming == Streaming::kNever) return false;
  const auto meta = params->find("_meta");
  return meta != params->end() && meta->is_object() && meta->contains("progressToken");
}

std::optional<Json> Dispatcher::handle_request(const Json& request, Session& session,
                                               const Emit& emit,
                                               const std::function<void()>& end_connection) {
  Emit emit_used = emit;
  if (emit && (faults_.has(Fault::kNotificationWithId) || faults_.has(Fault::kProgressDecreasing) ||
               faults_.has(Fault::kProgressWrongToken))) {
    emit_used = [emit, this, request_id = request.value("id", Json())](const Json& message) {
      Json copy = message;
      if (faults_.has(Fault::kNotificationWithId) && !copy.contains("id"))
        copy["id"] = "notification";
      if (faults_.has(Fault::kProgressDecreasing) &&
          copy.value("method", "") == "notifications/progress") {
        auto& progress = copy["params"]["progress"];
        progress = 1000000 - progress.get<double>();
      }
      // The request id mistaken for the progress token: a token the client never sent.
      if (faults_.has(Fault::kProgressWrongToken) &&
          copy.value("method", "") == "notifications/progress") {
        copy["params"]["progressToken"] = request_id;
      }
      emit(copy);
    };
  }
  auto response = dispatch(request, session, emit_used, end_connection);
  if (response && faults_.has(Fault::kStructuredMismatch) && response->contains("result") &&
      (*response)["result"].is_object() && (*response)["result"].contains("structuredContent")) {
    (*response)["result"]["structuredContent"] = {{"unexpected", "shape"}};
  }
  if (response && faults_.has(Fault::kStructuredArray) && response->contains("result") &&
      (*response)["result"].is_object() && (*response)["result"].contains("structuredContent")) {
    auto& structured = (*response)["result"]["structuredContent"];
    structured = Json::array({structured});
  }
  if (response && faults_.has(Fault::kImageDataUrl) &&
      request.value("method", "") == "tools/call" && response->contains("result") &&
      (*response)["result"].is_object()) {
    // The browser habit: an image as a data: URL, where MCP wants the bare base64.
    auto& content = (*response)["result"]["content"];
    if (content.is_array()) {
      for (auto& block : content) {
        if (block.is_object() && block.value("type", "") == "image" && block.contains("data") &&
            block["data"].is_string()) {
          block["data"] = "data:" + block.value("mimeType", std::string("image/png")) + ";base64," +
                          block["data"].get<std::string>();
        }
      }
    }
  }
  if (response && faults_.has(Fault::kHardcodedId)) (*response)["id"] = 1;
  if (response && faults_.has(Fault::kStringErrorCodes) && response->contains("error")) {
    auto& code = (*response)["error"]["code"];
    if (code.is_number_integer()) code = std::to_string(code.get<int>());
  }
  return response;
}

std::optional<Json> Dispatcher::dispatch(const Json& request, Session& session, const Emit& emit,
                                         const std::function<void()>& end_connection) {
  const Json& id = request["id"];
  const auto& method = request["method"].get_ref<const std::string&>();
  static const Json kNoParams = Json::object();
  const auto params_it = request.find("params");
  const Json& params = params_it != request.end() ? *params_it : kNoParams;
  if (!params.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams, "params must be an object for MCP methods");
  }
  const auto version = session.protocol_version();
  if (method == "initialize") return initialize(id, params, session);
  if (method == "ping") {
    if (faults_.has(Fault::kPingPong)) return make_result(id, Json{{"message", "pong"}});
    return make_result(id, Json::object());
  }
  if (method == "tools/list") return list_tools(id, params, version);
  if (method == "tools/call") return call_tool(id, params, session, emit, end_connection);
  if (method == "resources/list") return list_resources(id, params, version);
  if (method == "resources/templates/list") return list_resource_templates(id, params, version);
  if (method == "resources/read") return read_resource(id, params);
  if (method == "resources/subscribe") return subscribe(id, params, session, true);
  if (method == "resources/unsubscribe" && !faults_.has(Fault::kUnsubscribeMissing))
    return subscribe(id, params, session, false);
  if (method == "prompts/list") return list_prompts(id, params, version);
  if (method == "prompts/get") return get_prompt(id, params);
  if (method == "logging/setLevel") return set_log_level(id, params, session);
  // completion/complete and its `completions` capability arrived in 2025-03-26.
  if (method == "completion/complete" && version >= ProtocolVersion::k2025_03_26)
    return complete(id, params);
  if (faults_.has(Fault::kUnknownMethodResult)) return make_result(id, Json::object());
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

Json Dispatcher::initialize(const Json& id, const Json& params, Session& session) {
  const auto requested = params.find("protocolVersion");
  if (requested == params.end() || !requested->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "initialize: params.protocolVersion must be a string");
  }
  const auto capabilities = params.value("capabilities", Json::object());
  if (!capabilities.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "initialize: params.capabilities must be an object");
  }
  const auto client_info = params.value("clientInfo", Json::object());
  if (!client_info.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "initialize: params.clientInfo must be an object");
  }
  // Echo a version this transport serves; otherwise counter-offer our latest.
  ProtocolVersion version = kLatestProtocolVersion;
  const auto offered = parse_protocol_version(requested->get_ref<const std::string&>());
  if (offered) {
    for (const auto served : session.served_versions()) {
      if (served == *offered) version = *offered;
    }
  }
  // --fault version-step-down: an off-by-one in the version table answers (and
  // runs) the version before the one chosen; the oldest served one stays.
  if (faults_.has(Fault::kVersionStepDown)) {
    const auto served = session.served_versions();
    for (std::size_t i = 1; i < served.size(); ++i) {
      if (served[i] == version) {
        version = served[i - 1];
        break;
      }
    }
  }
  session.set_protocol_version(version);
  // --fault echo-any-version: the session runs at our latest, the answer claims the request.
  std::string answered = faults_.has(Fault::kEchoAnyVersion) ? requested->get<std::string>()
                                                             : std::string(to_string(version));
  // --fault version-unpadded: the date printed from numbers, as "%d-%d-%d" would.
  if (faults_.has(Fault::kVersionUnpadded) && answered.size() == 10) {
    const auto part = [&](std::size_t at, std::size_t n) {
      return std::to_string(std::stoi(answered.substr(at, n)));
    };
    answered = part(0, 4) + "-" + part(5, 2) + "-" + part(8, 2);
  }
  session.set_client(client_info, capabilities);

  Json server_info{{"name", info_.name}, {"version", info_.version}};
  if (version >= ProtocolVersion::k2025_06_18) server_info["title"] = info_.title;
  if (version >= ProtocolVersion::k2025_11_25) {
    server_info["description"] = "Known-good MCP server of the mcp-conformance toolkit";
  }
  // Declared exactly as served: each list can change (a tool triggers it) and
  // resources can be subscribed to.
  Json server_capabilities{{"tools", {{"listChanged", true}}},
                           {"resources", {{"subscribe", true}, {"listChanged", true}}},
                           {"prompts", {{"listChanged", true}}},
                           {"logging", Json::object()}};
  if (version >= ProtocolVersion::k2025_03_26) server_capabilities["completions"] = Json::object();
  if (faults_.has(Fault::kUndeclaredPrompts)) server_capabilities.erase("prompts");
  if (faults_.has(Fault::kUndeclaredTools)) server_capabilities.erase("tools");
  if (faults_.has(Fault::kUndeclaredResources)) server_capabilities.erase("resources");
  if (faults_.has(Fault::kUndeclaredLogging)) server_capabilities.erase("logging");
  if (faults_.has(Fault::kUndeclaredCompletions)) server_capabilities.erase("completions");
  Json result{{"protocolVersion", answered},
              {"capabilities", std::move(server_capabilities)},
              {"serverInfo", std::move(server_info)}};
  if (!info_.instructions.empty()) {
    result["instructions"] = faults_.has(Fault::kInstructionsArray)
                                 ? Json::array({info_.instructions})
                                 : Json(info_.instructions);
  }
  return make_result(id, std::move(result));
}

Json Dispatcher::list_tools(const Json& id, const Json& params, ProtocolVersion version) const {
  const auto all = catalog_.tools.listed();
  const auto page =
      page_of(params, "tools", all.size(), page_size_, faults_.has(Fault::kCursorIgnored));
  if (!page) return invalid_cursor(id, "tools/list");
  Json listed = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i)
    listed.push_back(ToolRegistry::describe(*all[i], version));
  if (faults_.has(Fault::kInvalidToolSchema)) {
    for (auto& tool : listed) {
      if (tool["name"] == "echo") tool["inputSchema"]["properties"]["text"]["type"] = "text";
    }
  }
  if (faults_.has(Fault::kSlowToolsList))
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  if (faults_.has(Fault::kBareToolsArray)) return make_result(id, std::move(listed));
  Json result{{"tools", std::move(listed)}};
  if (page->next) result["nextCursor"] = *page->next;
  if (faults_.has(Fault::kBadMetaKey)) result["_meta"] = {{"-reserved/-bad", true}};
  if (faults_.has(Fault::kBadToolName) && !result["tools"].empty()) {
    Json bad = result["tools"][0];
    bad["name"] = "bad tool!";
    result["tools"].push_back(std::move(bad));
  }
  if (faults_.has(Fault::kAnnotationsWrongType)) {
    for (auto& tool : result["tools"]) {
      if (tool.contains("annotations")) tool["annotations"]["readOnlyHint"] = "yes";
    }
  }
  return make_result(id, std::move(result));
}

std::optional<Json> Dispatcher::call_tool(const Json& id, const Json& params, Session& session,
                                          const Emit& emit,
                                          const std::function<void()>& end_connection) {
  const auto name = params.find("name");
  if (name == params.end() || !name->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams, "tools/call: params.name must be a string");
  }
  static const Json kNoArguments = Json::object();
  const auto arguments_it = params.find("arguments");
  const Json& arguments = arguments_it != params.end() ? *arguments_it : kNoArguments;
  if (!arguments.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "tools/call: params.arguments must be an object");
  }
  Json progress_token;
  if (const auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
    if (const auto token = meta->find("progressToken"); token != meta->end()) {
      if (!jsonrpc::is_valid_id(*token)) {
        return make_error(id, jsonrpc::kInvalidParams,
                          "tools/call: _meta.progressToken must be a string or an integer");
      }
      progress_token = *token;
    }
  }
  const auto& tool_name = name->get_ref<const std::string&>();
  const Tool* tool = catalog_.tools.find(tool_name);
  if (!tool && faults_.has(Fault::kUnknownToolResult)) {
    return make_result(
        id,
        Json{{"content", Json::array({{{"type", "text"}, {"text", "Unknown tool: " + tool_name}}})},
             {"isError", true}});
  }
  if (!tool) return make_error(id, jsonrpc::kInvalidParams, "Unknown tool: " + tool_name);

  const auto version = session.protocol_version();
  if (const auto problems = catalog_.tools.validate_arguments(*tool, arguments);
      !problems.empty()) {
    const std::string message =
        "Invalid arguments for tool " + tool_name + ": " + join(problems, "; ");
    // 2025-11-25 (SEP-1303) makes input validation a tool execution error so a
    // model can correct itself; earlier revisions treat it as invalid params.
    if (input_errors_are_tool_errors(version)) {
      return make_result(
          id, Json{{"content", Json::array({text_content(message)})}, {"isError", true}});
    }
    return make_error(id, jsonrpc::kInvalidParams, message, Json{{"problems", problems}});
  }

  // Only long-running tools are registered for cancellation; an instant tool
  // gets a token nobody can cancel.
  static const auto never_cancelled = std::make_shared<CancelToken>();
  auto token = tool->long_running ? session.begin_request(id) : never_cancelled;
  if (tool->long_running) {
    const std::lock_guard lock(inflight_mutex_);
    if (shutting_down_) token->cancel();
    inflight_.insert(token);
  }
  ClientRequester requester;
  if (emit) {
    requester = [this, token, &emit](const Json& request, std::chrono::milliseconds timeout,
                                     std::string* error) {
      return ask_client(request, token, emit, timeout, error);
    };
  }
  ToolContext context(version, progress_token, emit, token, &session, std::move(requester),
                      end_connection);
  std::optional<Json> response;
  try {
    Json result = tool->run(arguments, context);
    if (!context.cancelled()) response = make_result(id, std::move(result));
  } catch (const std::exception& e) {
    log_line(LogLevel::kError, "tool " + tool_name + " threw: " + e.what());
    response =
        make_error(id, jsonrpc::kInternalError, "tool " + tool_name + " failed: " + e.what());
  }
  if (tool->long_running) {
    session.end_request(id);
    const std::lock_guard lock(inflight_mutex_);
    inflight_.erase(token);
  }
  return response;
}

Json Dispatcher::list_resources(const Json& id, const Json& params, ProtocolVersion version) const {
  const auto all = catalog_.resources.listed();
  const auto page =
      page_of(params, "resources", all.size(), page_size_, faults_.has(Fault::kCursorIgnored));
  if (!page) return invalid_cursor(id, "resources/list");
  Json listed = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const auto& r = *all[i];
    Json entry{{"uri", r.uri}, {"name", r.name}};
    if (version >= ProtocolVersion::k2025_06_18 && !r.title.empty()) entry["title"] = r.title;
    if (!r.description.empty()) entry["description"] = r.description;
    if (!r.mime_type.empty()) entry["mimeType"] = r.mime_type;
    if (faults_.has(Fault::kResourceSizeString)) {
      std::size_t size = 0;
      for (const auto& c : r.read())
        size += c.text ? c.text->size() : c.blob.value_or("").size() / 4 * 3;
      entry["size"] = std::to_string(size) + " bytes";
    }
    listed.push_back(std::move(entry));
  }
  Json result{{"resources", std::move(listed)}};
  if (page->next) result["nextCursor"] = *page->next;
  return make_result(id, std::move(result));
}

Json Dispatcher::list_resource_templates(const Json& id, const Json& params,
                                         ProtocolVersion version) const {
  const auto& all = catalog_.resources.templates();
  const auto page =
      page_of(params, "templates", all.size(), page_size_, faults_.has(Fault::kCursorIgnored));
  if (!page) return invalid_cursor(id, "resources/templates/list");
  Json listed = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const auto& t = all[i];
    Json entry{{faults_.has(Fault::kTemplateUriKey) ? "uri" : "uriTemplate", t.uri_template},
               {"name", t.name}};
    if (version >= ProtocolVersion::k2025_06_18 && !t.title.empty()) entry["title"] = t.title;
    if (!t.description.empty()) entry["description"] = t.description;
    if (!t.mime_type.empty()) entry["mimeType"] = t.mime_type;
    listed.push_back(std::move(entry));
  }
  Json result{{"resourceTemplates", std::move(listed)}};
  if (page->next) result["nextCursor"] = *page->next;
  return make_result(id, std::move(result));
}

Json Dispatcher::read_resource(const Json& id, const Json& params) const {
  const auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams, "resources/read: params.uri must be a string");
  }
  const auto& text = uri->get_ref<const std::string&>();
  const auto contents = catalog_.resources.read(text);
  if (!contents && faults_.has(Fault::kResourceNotFoundEmpty))
    return make_result(id, Json{{"contents", Json::array()}});
  if (!contents) {
    return make_error(id, kResourceNotFound, "Resource not found: " + text, Json{{"uri", text}});
  }
  Json out = Json::array();
  for (const auto& c : *contents) {
    out.push_back(to_json(c));
    if (faults_.has(Fault::kReadContentsNoUri)) out.back().erase("uri");
  }
  return make_result(id, Json{{"contents", std::move(out)}});
}

Json Dispatcher::subscribe(const Json& id, const Json& params, Session& session, bool on) const {
  const char* method = on ? "resources/subscribe" : "resources/unsubscribe";
  const auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      std::string(method) + ": params.uri must be a string");
  }
  const auto& text = uri->get_ref<const std::string&>();
  if (on && !catalog_.resources.exists(text)) {
    return make_error(id, kResourceNotFound, "Resource not found: " + text, Json{{"uri", text}});
  }
  if (on) {
    session.subscribe(text);
  } else {
    session.unsubscribe(text);
  }
  return make_result(id, Json::object());
}

Json Dispatcher::list_prompts(const Json& id, const Json& params, ProtocolVersion version) const {
  const auto all = catalog_.prompts.listed();
  const auto page =
      page_of(params, "prompts", all.size(), page_size_, faults_.has(Fault::kCursorIgnored));
  if (!page) return invalid_cursor(id, "prompts/list");
  Json listed = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const auto& p = *all[i];
    Json entry{{"name", p.name}};
    if (version >= ProtocolVersion::k2025_06_18 && !p.title.empty()) entry["title"] = p.title;
    if (!p.description.empty()) entry["description"] = p.description;
    if (!p.arguments.empty()) {
      Json arguments = Json::array();
      for (const auto& a : p.arguments) {
        Json argument{{"name", a.name}, {"required", a.required}};
        if (faults_.has(Fault::kPromptRequiredString))
          argument["required"] = a.required ? "true" : "false";
        if (!a.description.empty()) argument["description"] = a.description;
        arguments.push_back(std::move(argument));
      }
      entry["arguments"] = std::move(arguments);
    }
    listed.push_back(std::move(entry));
  }
  Json result{{"prompts", std::move(listed)}};
  if (page->next) result["nextCursor"] = *page->next;
  // --fault last-page-cursor: an off-by-one hands out a cursor at the end, which page_of refuses.
  if (!page->next && faults_.has(Fault::kLastPageCursor))
    result["nextCursor"] = "prompts-page-" + std::to_string(all.size());
  return make_result(id, std::move(result));
}

Json Dispatcher::get_prompt(const Json& id, const Json& params) const {
  const auto name = params.find("name");
  if (name == params.end() || !name->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams, "prompts/get: params.name must be a string");
  }
  const Prompt* prompt = catalog_.prompts.find(name->get_ref<const std::string&>());
  if (!prompt)
    return make_error(id, jsonrpc::kInvalidParams, "Unknown prompt: " + name->get<std::string>());
  const Json arguments = params.value("arguments", Json::object());
  if (!arguments.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams,
                      "prompts/get: params.arguments must be an object of strings");
  }
  for (const auto& [key, value] : arguments.items()) {
    if (!value.is_string()) {
      return make_error(id, jsonrpc::kInvalidParams,
                        "prompts/get: argument '" + key + "' must be a string");
    }
  }
  for (const auto& a : prompt->arguments) {
    if (a.required && !arguments.contains(a.name) && !faults_.has(Fault::kPromptArgsUnchecked)) {
      return make_error(
          id, jsonrpc::kInvalidParams,
          "prompts/get: missing required argument '" + a.name + "' for prompt " + prompt->name);
    }
  }
  Json result{{"messages", prompt->messages(arguments)}};
  if (faults_.has(Fault::kPromptRoleSystem)) {
    for (auto& message : result["messages"])
      message["role"] = "system";
  }
  if (!prompt->description.empty()) result["description"] = prompt->description;
  return make_result(id, std::move(result));
}

Json Dispatcher::complete(const Json& id, const Json& params) const {
  const auto ref = params.value("ref", Json());
  const auto argument = params.value("argument", Json());
  if (!ref.is_object() || !ref.contains("type") || !argument.is_object() ||
      !argument.contains("name") || !argument["name"].is_string() || !argument.contains("value") ||
      !argument["value"].is_string()) {
    return make_error(
        id, jsonrpc::kInvalidParams,
        "completion/complete: needs ref {type, name|uri} and argument {name, value} (strings)");
  }
  const auto arg_name = argument["name"].get<std::string>();
  const auto prefix = argument["value"].get<std::string>();
  std::vector<std::string> values;
  if (ref["type"] == "ref/prompt" && ref.contains("name") && ref["name"].is_string()) {
    const Prompt* prompt = catalog_.prompts.find(ref["name"].get<std::string>());
    if (!prompt)
      return make_error(id, jsonrpc::kInvalidParams, "completion/complete: unknown prompt");
    for (const auto& a : prompt->arguments) {
      if (a.name == arg_name && a.complete) values = a.complete(prefix);
    }
  } else if (ref["type"] == "ref/resource" && ref.contains("uri") && ref["uri"].is_string()) {
    const ResourceTemplate* t = catalog_.resources.find_template(ref["uri"].get<std::string>());
    if (!t)
      return make_error(id, jsonrpc::kInvalidParams,
                        "completion/complete: unknown resource template");
    if (t->complete) values = t->complete(arg_name, prefix);
  } else {
    return make_error(id, jsonrpc::kInvalidParams,
                      "completion/complete: ref.type must be ref/prompt or ref/resource");
  }
  // At most 100 values per answer, as the spec says; total tells how many there were.
  const std::size_t total = values.size();
  if (values.size() > 100) values.resize(100);
  return make_result(
      id, Json{{"completion", {{"values", values}, {"total", total}, {"hasMore", total > 100}}}});
}

Json Dispatcher::set_log_level(const Json& id, const Json& params, Session& session) const {
  const auto level = params.find("level");
  const auto severity = level != params.end() && level->is_string()
                            ? parse_log_severity(level->get_ref<const std::string&>())
                            : std::nullopt;
  if (!severity) {
    return make_error(
        id, jsonrpc::kInvalidParams,
        "logging/setLevel: level must be one of debug, info, notice, warning, error, critical, "
        "alert, emergency");
  }
  if (!faults_.has(Fault::kLogLevelIgnored)) session.set_log_level(*severity);
  return make_result(id, Json::object());
}

}  // namespace mcp::server
