// Spec page 2025-11-25/basic/utilities/tasks (experimental in that revision).
#include <algorithm>
#include <set>
#include <variant>

#include "conformance/checks/check_util.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::conformance {
namespace {

const std::string kTasksArea = "tasks";
const std::string kTasksSection = "2025-11-25/basic/utilities/tasks";
const Needs kTaskTools{.capability = "tasks.requests.tools.call"};

/// A tool's execution.taskSupport ("forbidden" when absent or not a string).
std::string task_support(const Json& tool) {
  const auto support = member(member(tool, "execution"), "taskSupport");
  return support.is_string() ? support.get<std::string>() : "forbidden";
}

/// tools/call params that ask for the call to run as a task.
Json task_call(const std::string& name, const Json& arguments, const Json& progress_token) {
  Json params = tool_call(name, arguments, progress_token);
  params["task"] = {{"ttl", 60000}};
  return params;
}

// ---- tasks.v25c.negotiation ---------------------------------------------------

const CheckInfo kTaskNegotiation{
    .id = "tasks.v25c.negotiation",
    .title = "Tool-level task support is enforced with -32601",
    .area = kTasksArea,
    .section = kTasksSection + "#tool-level-negotiation",
    .rule =
        "A tool that requires tasks, called without one, gets -32601, and so should a tool "
        "that forbids tasks when called as one.",
    .versions = kFrom20251125,
    .needs = kTaskTools,
    .description =
        "A tool with execution.taskSupport \"required\" that the run may call (annotated "
        "readOnlyHint, or named with --call-tool / --allow-tool) called without a task must get "
        "-32601; no other tool is called. The call-tool, when its taskSupport is forbidden, "
        "called as a task should get -32601 (a warning otherwise)."};

/// Calls the first tool whose taskSupport is required without a task: a note
/// of what it got, or the failure.
std::variant<std::string, Outcome> required_without_task(CheckContext& c, McpSession& s) {
  std::string notes;
  for (const auto& tool : c.facts().tools) {
    if (task_support(tool) != "required") continue;
    const auto name = string_member(tool, "name");
    // Even arguments that break its schema could make a server that ignores
    // taskSupport run it: only a tool the run may call is called.
    if (!may_call(c.facts(), tool)) {
      notes += (notes.empty() ? "" : "; ") + not_called_reason(c.facts(), name);
      continue;
    }
    std::string why;
    const Json arguments =
        schema::example_arguments(input_schema(tool), &why).value_or(Json::object());
    const auto r =
        answered(s.request("tools/call", tool_call(name, arguments)), "tools/call " + name);
    if (error_code(r) == jsonrpc::kMethodNotFound) return name + " without a task: -32601";
    return Outcome::fail(
        "error -32601 for " + name + " (taskSupport required) called without a task", describe(r));
  }
  return notes.empty() ? std::string() : "untested: " + notes;
}

Outcome negotiation(CheckContext& c) {
  auto s = session(c);
  const auto required = required_without_task(c, *s);
  if (const auto* failed = std::get_if<Outcome>(&required)) return *failed;
  auto notes = std::get<std::string>(required);
  bool tested = !notes.empty() && !notes.starts_with("untested: ");
  const auto& tool = c.facts().call_tool;
  if (!tool.is_null() && task_support(tool) == "forbidden") {
    const auto name = string_member(tool, "name");
    const auto r =
        answered(s->request("tools/call", task_call(name, c.facts().call_arguments, nullptr)),
                 "tools/call " + name + " as a task");
    if (error_code(r) != jsonrpc::kMethodNotFound) {
      return Outcome::warn(
          "error -32601 for " + name + " (taskSupport forbidden) called as a task (SHOULD)",
          describe(r) + (notes.empty() ? "" : "; " + notes));
    }
    notes += (notes.empty() ? "" : "; ") + name + " as a task: -32601";
    tested = true;
  }
  if (!tested) {
    return Outcome::skip(notes.empty() ? "no tool requires tasks and no call-tool forbids them"
                                       : notes);
  }
  return Outcome::pass(notes);
}

// ---- tasks.v25c.lifecycle -----------------------------------------------------

const CheckInfo kLifecycle{
    .id = "tasks.v25c.lifecycle",
    .title = "A task-augmented tools/call runs through the task lifecycle",
    .area = kTasksArea,
    .section = kTasksSection + "#behavior-requirements",
    .rule =
        "A tools/call run as a task starts a new task in status working that reaches a "
        "terminal status it keeps, yields the tool's result, and stops its progress.",
    .versions = kFrom20251125,
    .needs = kTaskTools,
    .requirement = "tasks.v25c.lifecycle, util.progress.tasks",
    .description =
        "Calls the call-tool (or a read-only tool) whose taskSupport is optional or required as a "
        "task, with a progress token: the answer is a CreateTaskResult (taskId, status working, "
        "createdAt, lastUpdatedAt, ttl); tasks/get is polled to a terminal status, which then "
        "never changes; tasks/result returns a valid CallToolResult for a completed task; "
        "tasks/cancel of the finished task gets -32602 (when cancel is declared); a second task "
        "gets another id. Progress for the token must stop once the task is terminal."};

/// The first tool the checks may call (see callable_tools) that supports tasks;
/// null when none does.
std::optional<ToolCall> task_tool(const CheckContext& c) {
  for (auto& call : callable_tools(c.facts())) {
    const auto support = task_support(call.tool);
    if (support == "optional" || support == "required") return call;
  }
  return std::nullopt;
}

bool terminal(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

/// Why `task` is not a valid Task, or "".
std::string task_problem(const Json& task) {
  if (!task.is_object()) return "a task that is not an object: " + brief(task);
  if (string_member(task, "taskId").empty()) return "no taskId string: " + brief(task);
  static const std::set<std::string> kStatuses{"working", "input_required", "completed", "failed",
                                               "cancelled"};
  if (!kStatuses.count(string_member(task, "status")))
    return "a status outside working, input_required, completed, failed, cancelled: " + brief(task);
  for (const char* key : {"createdAt", "lastUpdatedAt"}) {
    if (!member(task, key).is_string()) return std::string("no ") + key + ": " + brief(task);
  }
  if (!task.contains("ttl") || !(task["ttl"].is_null() || task["ttl"].is_number_integer()))
    return "ttl missing or not an integer (null for unlimited): " + brief(task);
  return "";
}

struct Poll {
  Json state;        // the last valid Task tasks/get answered
  Json terminal_id;  // the id of the tasks/get that saw a terminal status; null: none did
};

/// Polls tasks/get (at most 30 s, honouring pollInterval) until a terminal
/// status; an outcome when the poll itself fails or cannot go on.
std::variant<Poll, Outcome> poll_to_terminal(McpSession& s, const Json& task) {
  const auto task_id = task["taskId"];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Poll poll{task, nullptr};
  for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
    const auto interval = member(poll.state, "pollInterval");
    observe(std::chrono::milliseconds(std::clamp<std::int64_t>(
        interval.is_number_integer() ? interval.get<std::int64_t>() : 100, 20, 2000)));
    const Json id = "task-get-" + std::to_string(i);
    const auto got = s.request("tasks/get", {{"taskId", task_id}}, id);
    if (!has_result(got))
      return Outcome::fail("tasks/get to answer for task " + task_id.dump(), describe(got));
    poll.state = result_of(got);
    if (const auto problem = task_problem(poll.state); !problem.empty())
      return Outcome::fail("a valid Task from tasks/get", problem);
    if (poll.state["taskId"] != task_id)
      return Outcome::fail("taskId " + task_id.dump(), brief(poll.state));
    const auto status = string_member(poll.state, "status");
    if (status == "input_required")
      return Outcome::skip("the task asks for input, which the harness cannot give");
    if (terminal(status)) {
      poll.terminal_id = id;
      return poll;
    }
  }
  return Outcome::fail("a terminal status within 30 s", brief(poll.state));
}

/// What a finished task must still do: give its result, keep its status, refuse
/// cancelling; and a second task gets an id of its own. A pass when it does.
Outcome after_the_end(CheckContext& c, McpSession& s, const ToolCall& tool, const Json& task_id,
                      const std::string& status) {
  if (status == "completed") {
    const auto payload = s.request("tasks/result", {{"taskId", task_id}});
    if (!has_result(payload))
      return Outcome::fail("tasks/result for the completed task", describe(payload));
    if (!member(result_of(payload), "content").is_array())
      return Outcome::fail("tasks/result: the CallToolResult the call would have given",
                           brief(result_of(payload)));
  }
  const auto again = s.request("tasks/get", {{"taskId", task_id}});
  if (string_member(result_of(again), "status") != status)
    return Outcome::fail("the terminal status " + status + " to stay", describe(again));
  if (c.facts().has_capability("tasks.cancel")) {
    const auto cancel = s.request("tasks/cancel", {{"taskId", task_id}});
    if (error_code(cancel) != jsonrpc::kInvalidParams)
      return Outcome::fail("error -32602 for tasks/cancel of a " + status + " task",
                           describe(cancel));
  }
  const auto second =
      s.request("tools/call", task_call(name_of(tool.tool), tool.arguments, nullptr));
  const auto other = member(result_of(second), "task");
  if (member(other, "taskId") == task_id)
    return Outcome::fail("a new taskId for a second task", brief(other));
  return Outcome::pass();
}

Outcome lifecycle(CheckContext& c) {
  const auto tool = task_tool(c);
  if (!tool)
    return Outcome::skip(
        "no tool the checks may call (the call-tool or a read-only one) supports tasks");
  const auto name = name_of(tool->tool);
  auto s = session(c);
  watch_get_stream(c, *s);
  const Json token = "task-progress-1";
  const auto created = s->request("tools/call", task_call(name, tool->arguments, token));
  if (!has_result(created))
    return Outcome::fail("a CreateTaskResult for " + name + " called as a task", describe(created));
  const auto task = member(result_of(created), "task");
  if (const auto problem = task_problem(task); !problem.empty())
    return Outcome::fail("a CreateTaskResult with a valid task", problem);
  if (task["status"] != "working")
    return Outcome::fail("a new task in status working", brief(task));
  const auto polled = poll_to_terminal(*s, task);
  if (const auto* stopped = std::get_if<Outcome>(&polled)) return *stopped;
  const auto& poll = std::get<Poll>(polled);
  const auto status = string_member(poll.state, "status");
  if (auto outcome = after_the_end(c, *s, *tool, task["taskId"], status);
      outcome.verdict != reports::Verdict::kPass)
    return outcome;
  observe(std::chrono::milliseconds(300));
  s->transport().shutdown();
  // util.progress.tasks: nothing for the token after the poll that saw the end.
  bool ended = false;
  for (const auto& r : server_messages(c.transcript().exchanges())) {
    ended = ended || is_response_to(r.message, poll.terminal_id);
    if (ended && is_progress(r.message) && same_token(progress_token_of(r.message), token))
      return Outcome::fail("no progress for the task's token once it is " + status,
                           brief(r.message));
  }
  return Outcome::pass(name + ": task " + task["taskId"].dump() + " " + status);
}

}  // namespace

void register_tasks_checks(Registry& registry) {
  registry.add(kTaskNegotiation, negotiation);
  registry.add(kLifecycle, lifecycle);
}

}  // namespace mcp::conformance
