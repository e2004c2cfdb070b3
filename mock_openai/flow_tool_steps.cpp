// The steps that import and call tools: tools/list (every page) and tools/call
// (or the approval request OpenAI sends instead).
#include <algorithm>
#include <set>

#include "mock_openai/flow_replay.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::mock {
namespace {

using client::CallResult;

/// Why a tools/list page cannot be imported, or nullopt; `listed` tools came on earlier pages.
std::optional<std::string> tools_page_problem(const Json& response, std::size_t listed) {
  if (response.contains("error")) return jsonrpc_error_cause("tools/list", response);
  const Json& page = response["result"];
  if (page.is_array())
    return "tools/list returned a bare array; the result must be an object {\"tools\": [...]}";
  if (!page.is_object() || !page.contains("tools") || !page["tools"].is_array())
    return "tools/list result has no \"tools\" array";
  const Json& tools = page["tools"];
  for (std::size_t i = 0; i < tools.size(); ++i) {
    const Json& tool = tools[i];
    if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string() ||
        !tool.contains("inputSchema") || !tool["inputSchema"].is_object()) {
      return "tools/list entry " + std::to_string(listed + i) +
             " lacks a string \"name\" or an object \"inputSchema\"";
    }
  }
  return std::nullopt;
}

/// What a tools/call came to, as the mcp_call item reports it.
CallOutcome call_outcome(const CallResult& r, double deadline_ms) {
  CallOutcome outcome;
  if (is_timeout(r.http_error)) {
    outcome.kind = CallOutcome::Kind::kTimedOut;
    outcome.code = kRequestTimeoutCode;
    outcome.message = timeout_message(deadline_ms);
  } else if (r.session_terminated) {
    outcome.kind = CallOutcome::Kind::kSessionTerminated;
  } else if (!r.ok() && r.http_status != 0 && (r.http_status < 200 || r.http_status >= 300)) {
    outcome.kind = CallOutcome::Kind::kHttpError;
    outcome.code = r.http_status;
    outcome.message = http_reason_phrase(r.http_status);
  } else if (!r.ok()) {
    outcome.kind = CallOutcome::Kind::kTransportError;
    outcome.message = r.error;
  } else if ((*r.response).contains("error")) {
    outcome.kind = CallOutcome::Kind::kJsonRpcError;
    outcome.code = (*r.response)["error"].value("code", 0);
    outcome.message = (*r.response)["error"].value("message", std::string());
  } else if (!(*r.response)["result"].is_object() || !(*r.response)["result"].contains("content") ||
             !(*r.response)["result"]["content"].is_array()) {
    outcome.kind = CallOutcome::Kind::kJsonRpcError;
    outcome.code = jsonrpc::kInvalidParams;
    outcome.message = "invalid CallToolResult: no \"content\" array";
  } else {
    outcome.kind = CallOutcome::Kind::kResult;
    outcome.result = (*r.response)["result"];
  }
  return outcome;
}

}  // namespace

CallResult FlowRunner::Replay::send(const Step& step, const std::string& method, Json params,
                                    const std::string& label) {
  const auto id = next_request_id(step);
  if (modern_) {
    // 2026-07-28: the envelope goes into _meta beside what the profile adds.
    auto message = modern_->make_request(id, method, std::move(params));
    return transport()->request_with_headers(
        message, label, client::modern_headers(modern_->envelope().protocol_version, message));
  }
  return transport()->request(jsonrpc::make_request(id, method, std::move(params)), label);
}

bool FlowRunner::Replay::list_tools(const Step& step, StepRecord& record) {
  record.name = "tools/list";
  apply_session(step.session);
  Json tools = Json::array();
  std::set<std::string> cursors;
  Json cursor;
  for (int page = 0;; ++page) {
    Json params = Json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    auto r = send(step, "tools/list", params, record.name);
    const double before = record.total_ms;
    measure(record, r);
    record.total_ms += before;
    if (!r.ok()) {
      result_.could_not_connect = client::is_connect_failure(r.http_error);
      std::string reason = transport_failure(r, "tools/list");
      if (r.session_terminated) reason += " (the session id is no longer valid)";
      return fail(record, reason, list_failure_view(r, r.error));
    }
    if (const auto cause = tools_page_problem(*r.response, tools.size()))
      return fail(record, *cause, list_failure_view(r, *cause));
    Json& page_result = (*r.response)["result"];
    for (auto& tool : page_result["tools"])
      tools.push_back(std::move(tool));  // the answer is not read again: no copy of each tool
    if (!page_result.contains("nextCursor") || page_result["nextCursor"].is_null()) break;
    cursor = page_result["nextCursor"];
    if (!cursor.is_string() || !cursors.insert(cursor.get<std::string>()).second || page >= 100) {
      const std::string cause =
          "tools/list pagination does not end (a repeated or non-string nextCursor)";
      return fail(record, cause, list_failure_view(r, cause));
    }
  }
  listed_tools_ = std::move(tools);
  auto item = make_list_tools_item(ids_, flow_.server_label, listed_tools_, filter_);
  imported_tools_ = item["tools"];
  result_.items.push_back(std::move(item));
  record.note = std::to_string(listed_tools_.size()) + " tools listed, " +
                std::to_string(imported_tools_.size()) + " imported";
  if (imported_tools_.empty()) {
    record.outcome = StepOutcome::kWarning;
    record.note += listed_tools_.empty() ? ": the server lists no tools"
                                         : ": allowed_tools filtered every tool out";
  }
  return true;
}

bool FlowRunner::Replay::call_tool(const Step& step, StepRecord& record) {
  record.name = "tools/call";
  const auto call = choose_call(record);
  if (!call) return record.outcome != StepOutcome::kFailed;
  std::optional<std::string> approval_id = flow_.approved_request_id;
  if (!approval_id && approval_.requires_approval(*call->tool)) {
    auto request_item =
        make_approval_request(ids_, flow_.server_label, call->name, call->arguments);
    approval_id = request_item["id"].get<std::string>();
    result_.items.push_back(request_item);
    if (!flow_.approve) {
      record.outcome = StepOutcome::kSkipped;
      record.note = "approval required: OpenAI answers with mcp_approval_request " + *approval_id +
                    " and sends no tools/call until it is approved (--approve runs it)";
      return true;
    }
  }
  apply_session(step.session);
  Json params{{"name", call->name}, {"arguments", call->arguments}};
  if (!step.meta.empty()) params["_meta"] = step.meta;
  const auto r = send(step, "tools/call", params, record.name);
  measure(record, r);
  apply_session(SessionUse::kCurrent);
  const auto outcome = call_outcome(r, flow_.budgets.request_deadline_ms());
  auto item =
      make_call_item(ids_, flow_.server_label, call->name, call->arguments, outcome, approval_id);
  result_.items.push_back(item);
  return judge_call(step, r, call->name, outcome, item, record);
}

std::optional<FlowRunner::Replay::ToolCall> FlowRunner::Replay::choose_call(StepRecord& record) {
  const auto skip = [&record](std::string why) -> std::optional<ToolCall> {
    record.outcome = StepOutcome::kSkipped;
    record.note = std::move(why);
    return std::nullopt;
  };
  if (flow_.call_forbidden) return skip(*flow_.call_forbidden);
  ToolCall call;
  if (choice_) {
    call.name = choice_->tool;
  } else if (flow_.call_tool) {
    call.name = *flow_.call_tool;
  } else if (imported_tools_.empty()) {
    return skip("no tool to call: none was imported");
  } else {
    // Only a tool its server calls read-only may be called unasked: a replay must
    // not change the user's data.
    const auto read_only = std::find_if(imported_tools_.begin(), imported_tools_.end(),
                                        [](const Json& t) { return is_read_only(t); });
    if (read_only == imported_tools_.end())
      return skip(
          "no imported tool is annotated readOnlyHint: true, and mock-openai calls no other "
          "unless you name it (--call TOOL)");
    call.name = (*read_only)["name"].get<std::string>();
  }
  for (const auto& t : listed_tools_) {
    if (t["name"] == call.name) call.tool = &t;
  }
  bool imported = false;
  for (const auto& t : imported_tools_)
    imported = imported || t["name"] == call.name;
  if (!call.tool || !imported) {
    fail(record,
         "tool " + call.name +
             (call.tool ? " is listed but not imported (allowed_tools)" : " is not in tools/list") +
             ": OpenAI can only call imported tools",
         nullptr);
    return std::nullopt;
  }
  if (choice_ && !choice_->arguments.is_null()) {
    call.arguments = choice_->arguments;
    return call;
  }
  if (!choice_ && flow_.call_arguments) {
    call.arguments = *flow_.call_arguments;
    return call;
  }
  std::string why;
  auto generated = schema::example_arguments((*call.tool)["inputSchema"], &why);
  if (!generated) {
    fail(record,
         "cannot make arguments for " + call.name + " from its inputSchema: " + why +
             " (pass --arguments)",
         nullptr);
    return std::nullopt;
  }
  call.arguments = *generated;
  return call;
}

bool FlowRunner::Replay::judge_call(const Step& step, const CallResult& r, const std::string& tool,
                                    const CallOutcome& outcome, const Json& item,
                                    StepRecord& record) {
  switch (outcome.kind) {
    case CallOutcome::Kind::kResult:
      record.note = "called " + tool;
      if (outcome.result.value("isError", false)) {
        record.outcome = StepOutcome::kWarning;
        record.note +=
            ": the tool reported an error (isError: true), shown as mcp_tool_execution_error";
      }
      return true;
    case CallOutcome::Kind::kSessionTerminated:
      return fail(
          record,
          "tools/call answered HTTP 404 for session " +
              (step.session == SessionUse::kDeleted ? deleted_session_ : std::string("id")) +
              ": OpenAI shows mcp_protocol_error 32600 \"Session terminated\" (a stateless "
              "server avoids this)",
          item);
    case CallOutcome::Kind::kJsonRpcError:
      return fail(record,
                  "tools/call answered JSON-RPC error " + std::to_string(outcome.code) + ": " +
                      outcome.message,
                  item);
    case CallOutcome::Kind::kHttpError:
    case CallOutcome::Kind::kTransportError:
    case CallOutcome::Kind::kTimedOut:
      return fail(record, transport_failure(r, "tools/call"), item);
  }
  return true;
}

}  // namespace mcp::mock
