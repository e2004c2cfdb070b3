#include "mock_openai/serve_turn.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "mock_openai/cli.hpp"
#include "protocol/schema_example.hpp"
#include "reports/atomic_file.hpp"

namespace mcp::mock::serve {
namespace {

/// The last error-free mcp_list_tools of `label` in the conversation, as MCP tools
/// (input_schema back to inputSchema), or nullopt when the server was never listed.
std::optional<Json> listed_before(const Json& context, const std::string& label) {
  std::optional<Json> tools;
  for (const auto& item : context) {
    if (!item.is_object() || item.value("type", "") != "mcp_list_tools" ||
        item.value("server_label", "") != label || !item.value("error", Json()).is_null() ||
        !item.contains("tools") || !item["tools"].is_array())
      continue;
    Json mcp_tools = Json::array();
    for (const auto& entry : item["tools"]) {
      if (!entry.is_object() || !entry.contains("name")) continue;
      Json tool{{"name", entry["name"]}, {"inputSchema", entry.value("input_schema", Json())}};
      if (entry.contains("description") && !entry["description"].is_null())
        tool["description"] = entry["description"];
      if (entry.contains("annotations") && !entry["annotations"].is_null())
        tool["annotations"] = entry["annotations"];
      mcp_tools.push_back(std::move(tool));
    }
    tools = std::move(mcp_tools);
  }
  return tools;
}

/// Roughly OpenAI's four characters a token; the mock has no tokenizer (documented).
std::int64_t tokens(std::size_t bytes) {
  return static_cast<std::int64_t>((bytes + 3) / 4);
}

std::string error_text(const Json& error) {
  if (error.is_object() && error.contains("message") && error["message"].is_string())
    return error["message"].get<std::string>();
  return jsonrpc::serialize(error);
}

}  // namespace

ResponsesService::TurnRun::TurnRun(const ServiceOptions& options, Turn& turn, const EventSink& sink)
    : options_(options), turn_(turn), sink_(sink) {
  for (const auto& binding : turn_.request.bindings) {
    if (binding.authorization) secrets_.add(*binding.authorization);
    for (const auto& [name, value] : binding.headers)
      redaction::add_header_secret(secrets_, value);
    for (const auto& value : redaction::url_query_secrets(binding.server_url))
      secrets_.add(value);
  }
}

std::variant<ApiError, Json> ResponsesService::TurnRun::run() {
  if (sink_) emit_events(events_.started(response("in_progress")));
  if (!turn_.approvals.empty()) {
    run_approvals();
  } else if (auto error = run_input()) {
    write_transcript("failed");
    return *error;
  }
  for (const auto& item : deferred_)
    emit(item);
  if (!message_.empty()) {
    emit(Json{{"type", "message"},
              {"id", new_id("msg_")},
              {"status", "completed"},
              {"role", "assistant"},
              {"content", Json::array({Json{{"type", "output_text"},
                                            {"text", message_},
                                            {"annotations", Json::array()},
                                            {"logprobs", Json::array()}}})}});
  }
  auto finished = response("completed");
  if (sink_) emit_events(events_.finished(finished));
  write_transcript("completed");
  return finished;
}

void ResponsesService::TurnRun::run_approvals() {
  for (const auto& approval : turn_.approvals) {
    const Json& asked = approval.request_item;
    const auto label = asked.value("server_label", "");
    const auto name = asked.value("name", "");
    if (!approval.approve) {
      message_ += (message_.empty() ? "" : "\n") + std::string("The call of ") + name + " on " +
                  label + " was not approved" +
                  (approval.reason.empty() ? "." : ": " + approval.reason);
      continue;
    }
    const auto binding = std::find_if(turn_.request.bindings.begin(), turn_.request.bindings.end(),
                                      [&](const McpBinding& b) { return b.server_label == label; });
    auto parsed = jsonrpc::parse(asked.value("arguments", "{}"));
    const CallChoice choice{name, parsed.value ? *parsed.value : Json::object()};
    const auto id = asked.value("id", "");
    auto result = run_flow(*binding, listed_before(turn_.context, label), id,
                           [&](const Json&) -> std::optional<CallChoice> { return choice; });
    // A server listed only now (the items were passed back without its listing) shows it.
    for (const auto& item : result.items) {
      if (item["type"] == "mcp_list_tools") emit(item);
    }
    if (auto call = call_item_of(*binding, result, choice, id)) {
      note_call(*call);
      deferred_.push_back(std::move(*call));
    }
  }
}

std::optional<ApiError> ResponsesService::TurnRun::run_input() {
  const auto& request = turn_.request;
  const auto text = latest_user_text(request.input);
  if (request.tool_choice.mode == ToolChoice::Mode::kNone) {
    decision_.reply = "No tool was called: tool_choice is \"none\".";
  } else if (request.max_tool_calls && *request.max_tool_calls == 0) {
    decision_.reply = "No tool was called: max_tool_calls is 0.";
  } else if (auto scripted = options_.script ? options_.script->decide(text) : std::nullopt) {
    decision_ = *scripted;
  } else if (auto directed = directive(text)) {
    decision_ = *directed;
  } else {
    decision_.source = "default";  // the first imported tool
  }
  if (request.tool_choice.mode == ToolChoice::Mode::kMcp && decision_.reply.empty()) {
    decision_.server_label = request.tool_choice.server_label;
    if (!request.tool_choice.name.empty() && request.tool_choice.name != decision_.tool) {
      decision_.tool = request.tool_choice.name;
      decision_.arguments = nullptr;
    }
  }
  for (const auto& binding : request.bindings) {
    const auto known = listed_before(turn_.context, binding.server_label);
    if (known) {
      // Listed earlier in the conversation: no new mcp_list_tools (S3, R18); a call still
      // connects again.
      Json imported = Json::array();
      for (const auto& tool : *known) {
        if (binding.filter.allows(tool)) imported.push_back(tool);
      }
      for (auto& tool : imported)
        tool["input_schema"] = tool["inputSchema"];
      const auto choice = resolve(binding, imported);
      if (!choice) continue;
      auto result = run_flow(binding, known, std::nullopt,
                             [&](const Json&) -> std::optional<CallChoice> { return choice; });
      if (auto call = call_item_of(binding, result, *choice, std::nullopt)) {
        note_call(*call);
        deferred_.push_back(std::move(*call));
      }
      continue;
    }
    std::optional<CallChoice> chosen;
    auto result = run_flow(binding, std::nullopt, std::nullopt,
                           [&](const Json& imported) -> std::optional<CallChoice> {
                             chosen = resolve(binding, imported);
                             return chosen;
                           });
    if (auto body = list_failure(binding, result)) return fail_listing(binding, *body);
    for (const auto& item : result.items) {
      if (item["type"] == "mcp_list_tools") emit(item);
    }
    if (chosen) {
      if (auto call = call_item_of(binding, result, *chosen, std::nullopt)) {
        note_call(*call);
        deferred_.push_back(std::move(*call));
      }
    }
  }
  if (!decision_.reply.empty()) {
    message_ = decision_.reply;
  } else if (!call_made_ && message_.empty()) {
    message_ = decision_.tool.empty()
                   ? "No tool was called: no mcp tool of this request imported any tool."
                   : "No tool was called: " + decision_.tool + " is not among the imported tools" +
                         (decision_.server_label ? " of " + *decision_.server_label : "") + ".";
  }
  return std::nullopt;
}

std::optional<CallChoice> ResponsesService::TurnRun::resolve(const McpBinding& binding,
                                                             const Json& imported) {
  if (call_made_ || !decision_.reply.empty()) return std::nullopt;
  if (decision_.server_label && *decision_.server_label != binding.server_label)
    return std::nullopt;
  const Json* tool = nullptr;
  for (const auto& entry : imported) {
    if (decision_.tool.empty() || entry.value("name", "") == decision_.tool) {
      tool = &entry;
      break;
    }
  }
  if (!tool) return std::nullopt;
  call_made_ = true;
  CallChoice choice{(*tool)["name"].get<std::string>(), decision_.arguments};
  if (choice.arguments.is_null()) {
    std::string why;
    auto generated = schema::example_arguments(tool->value("input_schema", Json()), &why);
    if (!generated) {
      message_ = "No tool was called: cannot make arguments for " + choice.tool + " from its " +
                 "input schema (" + why + "); name them with @call " + choice.tool + " {...}.";
      return std::nullopt;
    }
    choice.arguments = *generated;
  }
  if (binding.approval.requires_approval(*tool)) {
    deferred_.push_back(
        make_approval_request(ids_, binding.server_label, choice.tool, choice.arguments));
    return std::nullopt;  // OpenAI sends no tools/call before the approval (S3)
  }
  return choice;
}

FlowResult ResponsesService::TurnRun::run_flow(const McpBinding& binding,
                                               const std::optional<Json>& known_tools,
                                               const std::optional<std::string>& approved_id,
                                               CallChooser chooser) {
  FlowOptions flow;
  flow.url = binding.server_url;
  flow.server_label = binding.server_label;
  flow.headers = binding.headers;
  flow.authorization = binding.authorization;
  flow.authorization_raw = options_.authorization_raw;
  flow.allowed_tools = binding.allowed_tools;
  flow.require_approval = "never";  // asked for above, before the flow
  flow.budgets = budgets_for(options_.profile, options_.budget_specs);
  flow.limits = options_.limits;
  flow.report_body_limit = options_.report_body_limit;
  flow.known_tools = known_tools;
  flow.approved_request_id = approved_id;
  FlowRunner runner(options_.profile, {}, flow);
  runner.set_call_chooser(std::move(chooser));
  auto result = runner.run();
  if (!options_.transcript_dir.empty()) {
    auto record = to_json(result);
    record["server_label"] = binding.server_label;
    record["transcript"] = result.transcript->to_json(options_.report_body_limit);
    flows_.push_back(std::move(record));
  }
  return result;
}

std::optional<Json> ResponsesService::TurnRun::call_item_of(
    const McpBinding& binding, const FlowResult& result, const CallChoice& choice,
    const std::optional<std::string>& approved_id) {
  std::optional<Json> call;
  for (const auto& item : result.items) {
    if (item["type"] == "mcp_call") call = item;
  }
  if (!call) {
    // The flow broke before its tools/call (the call's own session could not be opened):
    // the call failed as far as the Responses API can tell.
    if (result.ok) return std::nullopt;
    CallOutcome outcome;
    outcome.kind = CallOutcome::Kind::kTransportError;
    outcome.message = result.failure;
    call = make_call_item(ids_, binding.server_label, choice.tool, choice.arguments, outcome,
                          approved_id);
  }
  // A binding budget of the call phase exceeded shows as the timeout OpenAI's client reports.
  for (const auto& budget : result.budgets) {
    if (budget.verdict() != "failed" ||
        (!budget.step.starts_with("call/") && budget.step != "total"))
      continue;
    (*call)["status"] = "failed";
    (*call)["output"] = nullptr;
    (*call)["error"] =
        Json{{"type", "mcp_protocol_error"},
             {"code", kRequestTimeoutCode},
             {"message", timeout_message(budget.limit_ms) + " (" + budget.describe() + ")"}};
    break;
  }
  return call;
}

std::optional<Json> ResponsesService::TurnRun::list_failure(const McpBinding& binding,
                                                            const FlowResult& result) const {
  const bool listed = std::any_of(result.items.begin(), result.items.end(), [](const Json& item) {
    return item["type"] == "mcp_list_tools";
  });
  if (!listed) {
    if (result.openai_view.is_object() && result.openai_view.contains("error"))
      return result.openai_view;
    return make_list_failure_424(binding.server_label, 0,
                                 result.failure.empty() ? "no tools/list answer" : result.failure);
  }
  const bool called = std::any_of(result.items.begin(), result.items.end(),
                                  [](const Json& item) { return item["type"] == "mcp_call"; });
  for (const auto& budget : result.budgets) {
    if (budget.verdict() != "failed") continue;
    // The whole flow's budget counts against the call when there was one.
    if (!budget.step.starts_with("list/") && (budget.step != "total" || called)) continue;
    return make_list_failure_424(binding.server_label, 0,
                                 timeout_message(budget.limit_ms) + " (" + budget.describe() + ")");
  }
  return std::nullopt;
}

ApiError ResponsesService::TurnRun::fail_listing(const McpBinding& binding, const Json& body) {
  const Json& error = body["error"];
  ApiError api_error;
  api_error.status = kListFailureHttpStatus;
  api_error.message = error.value("message", "");
  api_error.type = error.value("type", "external_connector_error");
  api_error.param = error.value("param", "tools");
  api_error.code = error.value("code", "http_error");
  if (sink_) {
    // The stream has begun: the listing shows as failed, then the error ends the stream.
    emit(Json{{"type", "mcp_list_tools"},
              {"id", ids_.next_list_tools_id()},
              {"server_label", binding.server_label},
              {"tools", Json::array()},
              {"error", api_error.message}});
    emit_events(events_.error(body));
  }
  return api_error;
}

void ResponsesService::TurnRun::emit(const Json& item) {
  output_.push_back(item);
  // Events copy the item (a tool list can be large): only built when a stream reads them.
  if (sink_ && !client_gone_) emit_events(events_.item(item, output_.size() - 1));
}

void ResponsesService::TurnRun::emit_events(const std::vector<Json>& events) {
  if (!sink_ || client_gone_) return;
  for (const auto& event : events) {
    if (!sink_(event)) {
      client_gone_ = true;  // the turn still finishes and is stored
      return;
    }
  }
}

void ResponsesService::TurnRun::note_call(const Json& call) {
  const std::string who = call.value("name", "") + " on " + call.value("server_label", "");
  const std::string line = call.value("status", "") == "completed"
                               ? who + " returned: " + call.value("output", "")
                               : who + " failed: " + error_text(call.value("error", Json()));
  message_ += (message_.empty() ? "" : "\n") + line;
}

Json ResponsesService::TurnRun::response(const std::string& status) const {
  const auto& request = turn_.request;
  Json tools = Json::array();
  for (const auto& binding : request.bindings)
    tools.push_back(binding.echoed());
  for (const auto& tool : request.other_tools)
    tools.push_back(tool);
  return Json{{"id", turn_.response_id},
              {"object", "response"},
              {"created_at", turn_.created_at},
              {"status", status},
              {"background", false},
              {"error", nullptr},
              {"incomplete_details", nullptr},
              {"instructions", request.instructions},
              {"max_output_tokens", request.max_output_tokens},
              {"max_tool_calls", request.max_tool_calls ? Json(*request.max_tool_calls) : Json()},
              {"metadata", request.metadata.is_null() ? Json::object() : request.metadata},
              {"model", request.model},
              {"output", output_},
              {"parallel_tool_calls", request.parallel_tool_calls},
              {"previous_response_id",
               request.previous_response_id ? Json(*request.previous_response_id) : Json()},
              {"reasoning", Json{{"effort", nullptr}, {"summary", nullptr}}},
              {"service_tier", "default"},
              {"store", request.store},
              {"temperature", request.temperature},
              {"text", Json{{"format", Json{{"type", "text"}}}}},
              {"tool_choice", request.tool_choice.echoed},
              {"tools", std::move(tools)},
              {"top_p", request.top_p},
              {"truncation", "disabled"},
              {"usage", status == "completed" ? usage() : Json()},
              {"user", nullptr}};
}

Json ResponsesService::TurnRun::usage() const {
  // Text a model would read and write: the input's and instructions' text, the message and
  // the call arguments (serialising whole tool lists per request cost more than the rest).
  std::size_t read = latest_user_text(turn_.request.input).size();
  if (turn_.request.instructions.is_string())
    read += turn_.request.instructions.get_ref<const std::string&>().size();
  std::size_t written = message_.size();
  for (const auto& item : output_) {
    if (item.contains("arguments") && item["arguments"].is_string())
      written += item["arguments"].get_ref<const std::string&>().size();
  }
  const auto input = tokens(read);
  const auto output = tokens(written);
  return Json{{"input_tokens", input},
              {"input_tokens_details", Json{{"cached_tokens", 0}}},
              {"output_tokens", output},
              {"output_tokens_details", Json{{"reasoning_tokens", 0}}},
              {"total_tokens", input + output}};
}

void ResponsesService::TurnRun::write_transcript(const std::string& status) {
  if (options_.transcript_dir.empty()) return;
  const Json record{{"format", "mock-openai-serve-transcript"},
                    {"version", 1},
                    {"response_id", turn_.response_id},
                    {"status", status},
                    {"profile", options_.profile.name},
                    {"flows", flows_},
                    {"output", output_}};
  const auto path =
      (std::filesystem::path(options_.transcript_dir) / (turn_.response_id + ".json")).string();
  std::string error;
  // Nothing the user gave to authenticate reaches the file, whatever a server echoed.
  if (!reports::write_file_atomically(
          path, secrets_.redact(jsonrpc::serialize_indented(record)) + "\n", &error)) {
    std::fprintf(stderr, "mock-openai serve: cannot write %s: %s\n", path.c_str(), error.c_str());
  }
}

}  // namespace mcp::mock::serve
