#include "reference_server/dispatcher.hpp"

#include <charconv>
#include <thread>

#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

using jsonrpc::make_error;
using jsonrpc::make_result;

constexpr std::string_view kCursorPrefix = "tools-page-";

std::string make_cursor(std::size_t offset) {
  return std::string(kCursorPrefix) + std::to_string(offset);
}

std::optional<std::size_t> parse_cursor(const Json& cursor, std::size_t tool_count) {
  if (!cursor.is_string()) return std::nullopt;
  const auto& text = cursor.get_ref<const std::string&>();
  if (!text.starts_with(kCursorPrefix)) return std::nullopt;
  std::size_t offset = 0;
  const char* first = text.data() + kCursorPrefix.size();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, offset);
  if (ec != std::errc{} || ptr != last || first == last || offset == 0 || offset >= tool_count) {
    return std::nullopt;
  }
  return offset;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace

Dispatcher::Dispatcher(ServerInfo info, const ToolRegistry& tools, std::size_t page_size,
                       Faults faults)
    : info_(std::move(info)), tools_(tools), page_size_(page_size), faults_(faults) {}

bool Dispatcher::may_emit_before_response(const Json& request) const {
  if (request.value("method", "") != "tools/call") return false;
  const auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return false;
  const auto meta = params->find("_meta");
  if (meta == params->end() || !meta->is_object() || !meta->contains("progressToken")) {
    return false;
  }
  const auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return false;
  const Tool* tool = tools_.find(name->get_ref<const std::string&>());
  return tool && tool->emits_progress;
}

std::optional<Json> Dispatcher::handle_request(const Json& request, Session& session,
                                               const Emit& emit) {
  auto response = dispatch(request, session, emit);
  if (response && faults_.has(Fault::kHardcodedId)) (*response)["id"] = 1;
  return response;
}

std::optional<Json> Dispatcher::dispatch(const Json& request, Session& session, const Emit& emit) {
  const Json& id = request["id"];
  const auto& method = request["method"].get_ref<const std::string&>();
  static const Json kNoParams = Json::object();
  const auto params_it = request.find("params");
  const Json& params = params_it != request.end() ? *params_it : kNoParams;
  if (!params.is_object()) {
    return make_error(id, jsonrpc::kInvalidParams, "params must be an object for MCP methods");
  }
  if (method == "initialize") return initialize(id, params, session);
  if (method == "ping") return make_result(id, Json::object());
  if (method == "tools/list") return list_tools(id, params, session.protocol_version());
  if (method == "tools/call") return call_tool(id, params, session, emit);
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
  // Echo a version we serve; otherwise counter-offer our latest.
  ProtocolVersion version = kLatestProtocolVersion;
  if (const auto offered = parse_protocol_version(requested->get_ref<const std::string&>())) {
    for (const auto served : streamable_http_versions()) {
      if (served == *offered) version = *offered;
    }
  }
  session.set_protocol_version(version);
  session.set_client(client_info, capabilities);

  Json server_info{{"name", info_.name}, {"version", info_.version}};
  if (version >= ProtocolVersion::k2025_06_18) server_info["title"] = info_.title;
  if (version >= ProtocolVersion::k2025_11_25) {
    server_info["description"] = "Known-good MCP server of the mcp-conformance toolkit";
  }
  Json result{{"protocolVersion", to_string(version)},
              {"capabilities", {{"tools", Json::object()}}},
              {"serverInfo", std::move(server_info)}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  return make_result(id, std::move(result));
}

Json Dispatcher::list_tools(const Json& id, const Json& params, ProtocolVersion version) const {
  const auto& all = tools_.tools();
  std::size_t offset = 0;
  if (const auto cursor = params.find("cursor"); cursor != params.end() && !cursor->is_null()) {
    const auto parsed = parse_cursor(*cursor, all.size());
    if (!parsed) {
      return make_error(id, jsonrpc::kInvalidParams,
                        "tools/list: invalid cursor (use a nextCursor from an earlier page)");
    }
    offset = *parsed;
  }
  const std::size_t end = page_size_ == 0 ? all.size() : std::min(all.size(), offset + page_size_);
  Json listed = Json::array();
  for (std::size_t i = offset; i < end; ++i)
    listed.push_back(ToolRegistry::describe(all[i], version));
  if (faults_.has(Fault::kSlowToolsList))
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  if (faults_.has(Fault::kBareToolsArray)) return make_result(id, std::move(listed));
  Json result{{"tools", std::move(listed)}};
  if (end < all.size()) result["nextCursor"] = make_cursor(end);
  return make_result(id, std::move(result));
}

std::optional<Json> Dispatcher::call_tool(const Json& id, const Json& params, Session& session,
                                          const Emit& emit) {
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
  const Tool* tool = tools_.find(tool_name);
  if (!tool) return make_error(id, jsonrpc::kInvalidParams, "Unknown tool: " + tool_name);

  const auto version = session.protocol_version();
  if (const auto problems = tools_.validate_arguments(*tool, arguments); !problems.empty()) {
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
  ToolContext context(version, progress_token, emit, token);
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

}  // namespace mcp::server
