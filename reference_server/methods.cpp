// The MCP methods the dispatcher serves: initialize, the tools, resources and
// prompts of the catalog, completion and logging.
#include <charconv>

#include "reference_server/dispatcher.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

using jsonrpc::make_error;
using jsonrpc::make_result;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

/// A list method and how its answer is shaped.
struct ListMethod {
  std::string_view method;  // "tools/list"
  std::string_view cursor;  // cursors are "<cursor>-page-<offset>"
  std::string_view key;     // the result member holding the page
};
constexpr ListMethod kToolsList{"tools/list", "tools", "tools"};
constexpr ListMethod kResourcesList{"resources/list", "resources", "resources"};
constexpr ListMethod kTemplatesList{"resources/templates/list", "templates", "resourceTemplates"};
constexpr ListMethod kPromptsList{"prompts/list", "prompts", "prompts"};

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next;
};

/// Cursor-based paging shared by every list method. Cursors are opaque to the
/// client; here they are "<list>-page-<offset>", checked on the way back in.
/// Nullopt for a cursor this server did not hand out.
std::optional<Page> page_of(const Json& params, std::string_view list, std::size_t total,
                            std::size_t page_size) {
  const std::string prefix = std::string(list) + "-page-";
  Page page;
  if (const auto cursor = params.find("cursor"); cursor != params.end() && !cursor->is_null()) {
    if (!cursor->is_string()) return std::nullopt;
    const auto& text = cursor->get_ref<const std::string&>();
    const char* first = text.data() + std::min(prefix.size(), text.size());
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, page.begin);
    const bool valid = text.starts_with(prefix) && ec == std::errc{} && ptr == last &&
                       first != last && page.begin != 0 && page.begin < total;
    if (!valid) return std::nullopt;
  }
  page.end = page_size == 0 ? total : std::min(total, page.begin + page_size);
  if (page.end < total) page.next = prefix + std::to_string(page.end);
  return page;
}

/// One page of a list method's answer: describe(entry) for each entry of the
/// page, and nextCursor when there is more.
template <class Entries, class Describe>
Json list_page(const Json& id, const Json& params, const ListMethod& list, const Entries& entries,
               std::size_t page_size, const McpHooks& hooks, Describe describe) {
  auto page = page_of(params, list.cursor, entries.size(), page_size);
  if (!page) {
    bool refuse = true;
    hooks.cursor_unreadable(refuse);
    if (refuse) {
      return make_error(
          id, jsonrpc::kInvalidParams,
          std::string(list.method) + ": invalid cursor (use a nextCursor from an earlier page)");
    }
    page = page_of(Json::object(), list.cursor, entries.size(), page_size);
  }
  Json listed = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i)
    listed.push_back(describe(entries[i]));
  Json result{{list.key, std::move(listed)}};
  if (page->next) result["nextCursor"] = *page->next;
  return make_result(id, std::move(result));
}

}  // namespace

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
  ProtocolVersion version = kLatestLegacyVersion;
  const auto offered = parse_protocol_version(requested->get_ref<const std::string&>());
  if (offered) {
    for (const auto served : session.served_versions()) {
      if (served == *offered) version = *offered;
    }
  }
  hooks_.version_chosen(session.served_versions(), version);
  session.set_protocol_version(version);
  session.set_client(client_info, capabilities);

  Json result{{"protocolVersion", to_string(version)},
              {"capabilities", server_capabilities(version)},
              {"serverInfo", server_info_json(version)}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  return make_result(id, std::move(result));
}

Json Dispatcher::list_tools(const Json& id, const Json& params, ProtocolVersion version) const {
  return list_page(id, params, kToolsList, catalog_.tools.listed(), page_size_, hooks_,
                   [version](const Tool* tool) { return describe(*tool, version); });
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
  if (!tool) {
    std::optional<Json> result;
    hooks_.tool_not_found(tool_name, result);
    if (result) return make_result(id, std::move(*result));
    return make_error(id, jsonrpc::kInvalidParams, "Unknown tool: " + tool_name);
  }
  if (const auto problems = catalog_.tools.validate_arguments(*tool, arguments);
      !problems.empty()) {
    const std::string message =
        "Invalid arguments for tool " + tool_name + ": " + join(problems, "; ");
    // 2025-11-25 (SEP-1303) makes input validation a tool execution error so a
    // model can correct itself; earlier revisions treat it as invalid params.
    if (input_errors_are_tool_errors(session.protocol_version()))
      return make_result(id, tool_error(message));
    return make_error(id, jsonrpc::kInvalidParams, message, Json{{"problems", problems}});
  }
  return run_tool(*tool, id, arguments, progress_token, session, emit, end_connection);
}

ClientRequester Dispatcher::requester(const std::shared_ptr<CancelToken>& token, const Emit& emit) {
  if (!emit) return {};
  return [this, token, &emit](const Json& request, std::chrono::milliseconds timeout,
                              std::string* error) {
    return ask_client(request, token, emit, timeout, error);
  };
}

std::optional<Json> Dispatcher::run_tool(const Tool& tool, const Json& id, const Json& arguments,
                                         const Json& progress_token, Session& session,
                                         const Emit& emit,
                                         const std::function<void()>& end_connection) {
  // Only long-running tools are registered for cancellation; an instant tool
  // gets a token nobody can cancel.
  static const auto never_cancelled = std::make_shared<CancelToken>();
  auto token = tool.long_running ? session.begin_request(id) : never_cancelled;
  if (tool.long_running) {
    const std::lock_guard lock(inflight_mutex_);
    if (shutting_down_) token->cancel();
    inflight_.insert(token);
  }
  const auto unregister = [&] {
    if (!tool.long_running) return;
    session.end_request(id);
    const std::lock_guard lock(inflight_mutex_);
    inflight_.erase(token);
  };
  ToolContext context(session.protocol_version(), progress_token, emit, token, &session,
                      requester(token, emit), end_connection);
  context.set_input_rounds(session.input_rounds());
  std::optional<Json> response;
  try {
    Json result = tool.run(arguments, context);
    if (!context.cancelled()) response = make_result(id, std::move(result));
  } catch (const InputRequired&) {
    unregister();
    throw;  // the multi round-trip answer is the caller's to make
  } catch (const MissingClientCapability&) {
    unregister();
    throw;
  } catch (const std::exception& e) {
    log_line(LogLevel::kError, "tool " + tool.name + " threw: " + e.what());
    response =
        make_error(id, jsonrpc::kInternalError, "tool " + tool.name + " failed: " + e.what());
  }
  unregister();
  return response;
}

Json Dispatcher::list_resources(const Json& id, const Json& params, ProtocolVersion version) const {
  return list_page(id, params, kResourcesList, catalog_.resources.listed(), page_size_, hooks_,
                   [version](const Resource* resource) { return describe(*resource, version); });
}

Json Dispatcher::list_resource_templates(const Json& id, const Json& params,
                                         ProtocolVersion version) const {
  return list_page(id, params, kTemplatesList, catalog_.resources.templates(), page_size_, hooks_,
                   [version](const ResourceTemplate& t) { return describe(t, version); });
}

Json Dispatcher::read_resource(const Json& id, const Json& params, Session& session,
                               const Emit& emit) {
  const auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string()) {
    return make_error(id, jsonrpc::kInvalidParams, "resources/read: params.uri must be a string");
  }
  const auto version = session.protocol_version();
  const auto& text = uri->get_ref<const std::string&>();
  static const auto never_cancelled = std::make_shared<CancelToken>();
  ToolContext context(version, nullptr, emit, never_cancelled, &session,
                      requester(never_cancelled, emit));
  context.set_input_rounds(session.input_rounds());
  const auto contents = catalog_.resources.read(text, &context);
  if (!contents) {
    std::optional<Json> result;
    hooks_.resource_not_found(text, result);
    if (result) return make_result(id, std::move(*result));
    // -32002 up to 2025-11-25 (the spec's SHOULD); 2026-07-28 retired it for -32602.
    return make_error(id, is_modern(version) ? jsonrpc::kInvalidParams : jsonrpc::kResourceNotFound,
                      "Resource not found: " + text, Json{{"uri", text}});
  }
  Json out = Json::array();
  for (const auto& c : *contents)
    out.push_back(to_json(c));
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
    return make_error(id, jsonrpc::kResourceNotFound, "Resource not found: " + text,
                      Json{{"uri", text}});
  }
  if (on) {
    session.subscribe(text);
  } else {
    session.unsubscribe(text);
  }
  return make_result(id, Json::object());
}

Json Dispatcher::list_prompts(const Json& id, const Json& params, ProtocolVersion version) const {
  return list_page(id, params, kPromptsList, catalog_.prompts.listed(), page_size_, hooks_,
                   [version](const Prompt* prompt) { return describe(*prompt, version); });
}

Json Dispatcher::get_prompt(const Json& id, const Json& params, Session& session,
                            const Emit& emit) {
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
    if (!a.required || arguments.contains(a.name)) continue;
    bool refuse = true;
    hooks_.prompt_argument_missing(refuse);
    if (refuse) {
      return make_error(
          id, jsonrpc::kInvalidParams,
          "prompts/get: missing required argument '" + a.name + "' for prompt " + prompt->name);
    }
  }
  Json messages;
  if (prompt->messages_asking) {
    static const auto never_cancelled = std::make_shared<CancelToken>();
    ToolContext context(session.protocol_version(), nullptr, emit, never_cancelled, &session,
                        requester(never_cancelled, emit));
    context.set_input_rounds(session.input_rounds());
    messages = prompt->messages_asking(arguments, context);
  } else {
    messages = prompt->messages(arguments);
  }
  Json result{{"messages", std::move(messages)}};
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
  bool honour = true;
  hooks_.log_level_requested(honour);
  if (honour) session.set_log_level(*severity);
  return make_result(id, Json::object());
}

}  // namespace mcp::server
