// Spec pages basic/utilities (ping, cancellation, progress) and server/utilities
// (pagination, logging, completion).
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "protocol/log_severity.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::conformance {
namespace {

constexpr VersionSet kFrom20250326 =
    VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_11_25);

/// A result that is {} or holds nothing but _meta.
bool empty_result(const Json& result) {
  if (!result.is_object()) return false;
  for (const auto& [key, unused] : result.items()) {
    if (key != "_meta") return false;
  }
  return true;
}

bool has_result(const client::CallResult& r) {
  return r.ok() && r.response->contains("result");
}

/// A response nobody waited for that names a request id (an HTTP error body
/// for a refused message may carry a JSON-RPC error with id null: that is allowed).
std::optional<Json> stray_response(McpSession& s) {
  for (const auto& m : s.transport().router().unexpected_responses()) {
    if (!m.message.value("id", Json()).is_null()) return m.message;
  }
  return std::nullopt;
}

/// The tool named `name` when the server lists it, else null.
Json listed_tool(const ServerFacts& facts, std::string_view name) {
  for (const auto& tool : facts.tools) {
    if (tool.value("name", std::string()) == name) return tool;
  }
  return nullptr;
}

/// The tools a check may call to make the server talk: the call-tool, and the
/// official suite's fixture `fixture` (no arguments) when the server lists it.
std::vector<std::pair<std::string, Json>> talking_tools(const ServerFacts& facts,
                                                        std::string_view fixture) {
  std::vector<std::pair<std::string, Json>> out;
  if (!facts.call_tool.is_null())
    out.emplace_back(facts.call_tool.value("name", std::string()), facts.call_arguments);
  if (!listed_tool(facts, fixture).is_null() && (out.empty() || out.front().first != fixture))
    out.emplace_back(std::string(fixture), Json::object());
  return out;
}

/// Opens the standalone GET stream of a stateful Streamable HTTP session, so
/// that messages the server sends outside a request's own stream are seen too.
void watch_get_stream(CheckContext& c, McpSession& s) {
  if (auto* http = s.http(); http && c.facts().issues_sessions) http->open_get_stream("GET stream");
}

Json tool_call(const std::string& name, const Json& arguments, const Json& token = nullptr) {
  Json params{{"name", name}, {"arguments", arguments}};
  if (!token.is_null()) params["_meta"] = {{"progressToken", token}};
  return params;
}

/// Same JSON type and value (7 is not "7", nor 7.0).
bool same_token(const Json& a, const Json& b) {
  return a == b && a.is_string() == b.is_string() && a.is_number_integer() == b.is_number_integer();
}

// ---- progress ---------------------------------------------------------------

/// A message the server sent, with when it arrived (ms on the transcript clock).
struct Received {
  double at = 0;
  Json message;
};

/// Every message the server sent in `exchanges`, in arrival order: SSE events
/// by their own timestamps, JSON bodies by their first byte, stdio lines as read.
/// Within one stream the order is exact; across streams it is by timestamp.
std::vector<Received> server_messages(const std::vector<client::Exchange>& exchanges) {
  std::vector<Received> out;
  const auto add = [&](double at, const std::string& text) {
    for (auto& m : jsonrpc::parse_messages(text))
      out.push_back({at, std::move(m)});
  };
  for (const auto& e : exchanges) {
    if (e.transport == "stdio") {
      if (e.method == "receive") add(e.started_ms, e.response_body);
      continue;
    }
    for (const auto& event : e.events) {
      if (!event.data.empty()) add(event.at_ms, event.data);
    }
    if (!e.sse && !e.response_body.empty())
      add(e.first_byte_ms >= 0 ? e.first_byte_ms : e.completed_ms, e.response_body);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Received& a, const Received& b) { return a.at < b.at; });
  return out;
}

/// When the client sent the request with `id` (the transcript clock), or -1.
double sent_at(const std::vector<client::Exchange>& exchanges, const Json& id) {
  for (const auto& e : exchanges) {
    if (e.request_body.empty()) continue;
    auto parsed = jsonrpc::parse(e.request_body);
    if (parsed.value && parsed.value->is_object() && parsed.value->contains("method") &&
        parsed.value->value("id", Json()) == id)
      return e.started_ms;
  }
  return -1;
}

struct ProgressCall {
  std::string tool;
  Json token;  // null: called without a progress token
  Json id;
  double sent = -1;                                                // when the request left
  std::size_t answered = std::numeric_limits<std::size_t>::max();  // index of its response
};

struct ProgressRun {
  std::vector<ProgressCall> calls;
  std::vector<Received> messages;  // everything the server sent, in order
  std::string exercised;           // what was called, for pass notes
};

bool is_progress(const Json& m) {
  return m.is_object() && m.value("method", "") == "notifications/progress";
}

Json progress_token_of(const Json& m) {
  const auto params = m.value("params", Json::object());
  return params.is_object() ? params.value("progressToken", Json()) : Json();
}

/// Calls the call-tool (and the official progress fixture when listed) with the
/// progress tokens "p-1" and 7 (then "p-2" and 8), and once without a token,
/// with the GET stream open on stateful Streamable HTTP; watches 300 ms more,
/// then reads what arrived, in order, from the transcript.
ProgressRun run_progress(CheckContext& c) {
  ProgressRun run;
  auto s = session(c);
  watch_get_stream(c, *s);
  int n = 0;
  for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_progress")) {
    ++n;
    for (const Json& token : {Json("p-" + std::to_string(n)), Json(6 + n), Json()}) {
      const Json id = "progress-call-" + std::to_string(run.calls.size() + 1);
      s->request("tools/call", tool_call(name, arguments, token), id);
      run.calls.push_back({name, token, id});
    }
    run.exercised += (run.exercised.empty() ? "" : ", ") + name;
  }
  observe(std::chrono::milliseconds(300));
  s->transport().shutdown();  // ends the streams, so their events are in the transcript
  const auto exchanges = c.transcript().exchanges();
  run.messages = server_messages(exchanges);
  for (auto& call : run.calls) {
    call.sent = sent_at(exchanges, call.id);
    for (std::size_t i = 0; i < run.messages.size(); ++i) {
      const auto& m = run.messages[i].message;
      if (m.is_object() && !m.contains("method") && m.value("id", Json()) == call.id) {
        call.answered = i;
        break;
      }
    }
  }
  return run;
}

/// The call in progress when message `index` arrived, if any: sent before it,
/// and not yet answered.
const ProgressCall* active_call(const ProgressRun& run, std::size_t index) {
  for (const auto& call : run.calls) {
    if (call.sent >= 0 && run.messages[index].at >= call.sent && index < call.answered)
      return &call;
  }
  return nullptr;
}

std::size_t progress_count(const ProgressRun& run) {
  return static_cast<std::size_t>(
      std::count_if(run.messages.begin(), run.messages.end(),
                    [](const auto& r) { return is_progress(r.message); }));
}

std::string none_sent(const ProgressRun& run) {
  return "no progress notifications sent (calling " + run.exercised + ")";
}

Outcome judge_token_only(const ProgressRun& run) {
  for (std::size_t i = 0; i < run.messages.size(); ++i) {
    const auto& m = run.messages[i].message;
    if (!is_progress(m)) continue;
    const auto token = progress_token_of(m);
    // A token of a call already answered is util.progress.after-completion's
    // business, whether or not another call is in progress meanwhile.
    const bool late = std::any_of(run.calls.begin(), run.calls.end(), [&](const auto& call) {
      return !call.token.is_null() && same_token(call.token, token) && i > call.answered;
    });
    if (late) continue;
    if (const auto* call = active_call(run, i)) {
      if (call->token.is_null()) {
        return Outcome::fail(
            "no progress for a call made without a progress token (" + call->tool + ")", brief(m));
      }
      if (!same_token(token, call->token)) {
        return Outcome::fail("only the token of the request in progress, " + call->token.dump() +
                                 " (same type and value)",
                             brief(m));
      }
      continue;
    }
    // Outside every call: a token of an earlier call is util.progress.after-completion's
    // business; any other token was never supplied.
    const bool ours = std::any_of(run.calls.begin(), run.calls.end(), [&](const auto& call) {
      return !call.token.is_null() && same_token(call.token, token);
    });
    if (!ours) return Outcome::fail("progress only for tokens the client supplied", brief(m));
  }
  const auto n = progress_count(run);
  return Outcome::pass(n == 0 ? none_sent(run)
                              : std::to_string(n) +
                                    " progress notification(s), all with the token of their "
                                    "request");
}

Outcome judge_monotonic(const ProgressRun& run) {
  std::map<std::string, double> last;  // serialised token -> last progress
  for (const auto& r : run.messages) {
    const auto& m = r.message;
    if (!is_progress(m)) continue;
    const auto params = m.value("params", Json::object());
    const auto progress = params.value("progress", Json());
    if (!progress.is_number()) return Outcome::fail("a numeric progress value", brief(m));
    if (params.contains("total") && !params["total"].is_number())
      return Outcome::fail("total, when present, a number", brief(m));
    const auto key = progress_token_of(m).dump();
    const auto value = progress.get<double>();
    if (const auto it = last.find(key); it != last.end() && value <= it->second) {
      return Outcome::fail("progress increasing with every notification for token " + key,
                           brief(Json(it->second)) + " then " + brief(m));
    }
    last[key] = value;
  }
  const auto n = progress_count(run);
  return Outcome::pass(n == 0 ? none_sent(run)
                              : std::to_string(n) + " progress notification(s), increasing");
}

Outcome judge_after_completion(const ProgressRun& run) {
  for (std::size_t i = 0; i < run.messages.size(); ++i) {
    const auto& m = run.messages[i].message;
    if (!is_progress(m)) continue;
    const auto token = progress_token_of(m);
    for (const auto& call : run.calls) {
      if (!call.token.is_null() && same_token(call.token, token) && i > call.answered) {
        return Outcome::fail(
            "no progress for token " + token.dump() + " after the response to its call", brief(m));
      }
    }
  }
  const auto n = progress_count(run);
  return Outcome::pass(n == 0 ? none_sent(run)
                              : "none of " + std::to_string(n) +
                                    " progress notification(s) came after its response");
}

// ---- pagination -------------------------------------------------------------

struct ListMethod {
  std::string method;
  std::string key;       // the array in the result
  std::string item_key;  // what identifies an item
};

std::vector<ListMethod> declared_lists(const ServerFacts& facts) {
  std::vector<ListMethod> out;
  if (facts.has_capability("tools")) out.push_back({"tools/list", "tools", "name"});
  if (facts.has_capability("resources")) {
    out.push_back({"resources/list", "resources", "uri"});
    out.push_back({"resources/templates/list", "resourceTemplates", "uriTemplate"});
  }
  if (facts.has_capability("prompts")) out.push_back({"prompts/list", "prompts", "name"});
  return out;
}

// ---- logging ----------------------------------------------------------------

std::vector<Json> log_messages(McpSession& s, std::size_t from = 0) {
  std::vector<Json> out;
  const auto all = s.transport().router().notifications();
  for (std::size_t i = from; i < all.size(); ++i) {
    if (all[i].message.value("method", "") == "notifications/message")
      out.push_back(all[i].message);
  }
  return out;
}

// ---- completion -------------------------------------------------------------

/// The first variable name of an RFC 6570 template ("{+path}", "{id*}", "{?a,b}" -> path, id, a).
std::string first_template_variable(const std::string& uri_template) {
  const auto open = uri_template.find('{');
  const auto close = uri_template.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::string expression = uri_template.substr(open + 1, close - open - 1);
  if (!expression.empty() && std::string("+#./;?&").find(expression.front()) != std::string::npos)
    expression.erase(0, 1);
  expression = expression.substr(0, expression.find(','));
  expression = expression.substr(0, expression.find_first_of("*:"));
  return expression;
}

/// A completion request for the first prompt argument or template variable the
/// server lists, or null when there is none.
Json completion_request(const ServerFacts& facts) {
  for (const auto& prompt : facts.prompts) {
    const auto arguments = prompt.value("arguments", Json::array());
    if (!prompt.value("name", Json()).is_string() || !arguments.is_array() || arguments.empty())
      continue;
    const auto name = arguments[0].value("name", Json());
    if (!name.is_string()) continue;
    return Json{{"ref", {{"type", "ref/prompt"}, {"name", prompt["name"]}}},
                {"argument", {{"name", name}, {"value", ""}}}};
  }
  for (const auto& t : facts.templates) {
    const auto uri_template = t.value("uriTemplate", Json());
    if (!uri_template.is_string()) continue;
    const auto variable = first_template_variable(uri_template.get<std::string>());
    if (variable.empty()) continue;
    return Json{{"ref", {{"type", "ref/resource"}, {"uri", uri_template}}},
                {"argument", {{"name", variable}, {"value", ""}}}};
  }
  return nullptr;
}

// ---- tasks (2025-11-25, experimental) --------------------------------------

std::string task_support(const Json& tool) {
  const auto execution = tool.is_object() ? tool.value("execution", Json()) : Json();
  const auto support = execution.is_object() ? execution.value("taskSupport", Json()) : Json();
  return support.is_string() ? support.get<std::string>() : "forbidden";
}

/// Arguments that break `schema`: its required properties left out, else a
/// declared property of the wrong type. Null when the schema allows anything.
Json invalid_arguments(const Json& schema) {
  const auto required = schema.is_object() ? schema.value("required", Json()) : Json();
  if (required.is_array() && !required.empty()) return Json::object();
  const auto properties = schema.is_object() ? schema.value("properties", Json()) : Json();
  if (!properties.is_object()) return nullptr;
  for (const auto& [name, property] : properties.items()) {
    const auto type = property.is_object() ? property.value("type", Json()) : Json();
    if (type == "string") return Json{{name, 12345}};
    if (type.is_string()) return Json{{name, "not-a-" + type.get<std::string>()}};
  }
  return nullptr;
}

bool terminal(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

/// Why `task` is not a valid Task, or "".
std::string task_problem(const Json& task) {
  if (!task.is_object()) return "a task that is not an object: " + brief(task);
  if (!task.value("taskId", Json()).is_string() || task["taskId"].get<std::string>().empty())
    return "no taskId string: " + brief(task);
  static const std::set<std::string> kStatuses{"working", "input_required", "completed", "failed",
                                               "cancelled"};
  const auto status = task.value("status", Json());
  if (!status.is_string() || !kStatuses.count(status.get<std::string>()))
    return "a status outside working, input_required, completed, failed, cancelled: " + brief(task);
  for (const char* key : {"createdAt", "lastUpdatedAt"}) {
    if (!task.value(key, Json()).is_string()) return std::string("no ") + key + ": " + brief(task);
  }
  if (!task.contains("ttl") || !(task["ttl"].is_null() || task["ttl"].is_number_integer()))
    return "ttl missing or not an integer (null for unlimited): " + brief(task);
  return "";
}

}  // namespace

void register_utilities_checks(Registry& registry) {
  registry.add({.id = "util.ping.respond",
                .title = "ping gets an empty result, promptly",
                .area = "utilities",
                .section = "basic/utilities/ping#behavior-requirements",
                .level = Level::kMust,
                .versions = kAllVersions,
                .requirement = "util.ping.respond",
                .description = "Sends ping: the result must be an empty object (_meta "
                               "allowed). An answer slower than 2 s is a warning."},
               [](CheckContext& c) {
                 auto s = session(c);
                 const auto r = s->request("ping");
                 if (!has_result(r)) return Outcome::fail("a result", describe(r));
                 const auto& result = (*r.response)["result"];
                 if (!empty_result(result))
                   return Outcome::fail("an empty result ({} or only _meta)", brief(result));
                 if (r.elapsed_ms > 2000) {
                   return Outcome{reports::Verdict::kWarn,
                                  "ping answered after " +
                                      std::to_string(static_cast<long>(r.elapsed_ms)) +
                                      " ms (promptly: under 2 s)"};
                 }
                 return Outcome::pass();
               });

  registry.add(
      {.id = "util.cancel.ignore-invalid",
       .title = "Cancellations of unknown requests, or malformed ones, are ignored",
       .area = "utilities",
       .section = "basic/utilities/cancellation#behavior-requirements",
       .level = Level::kShould,
       .versions = kAllVersions,
       .requirement = "util.cancel.ignore-invalid",
       .description =
           "Sends notifications/cancelled for a request id never used (a string and an integer) "
           "and one without a requestId. The first two must be accepted (2xx over HTTP), the "
           "malformed one accepted or refused with a 4xx, none answered with a JSON-RPC message; "
           "ping must still work afterwards."},
      [](CheckContext& c) {
        auto s = session(c);
        const bool http = c.facts().transport != client::TransportKind::kStdio;
        const std::vector<std::pair<Json, bool>> cancels{
            {{{"requestId", "conformance-never-sent"}, {"reason", "conformance: unknown id"}},
             false},
            {{{"requestId", 987654321}}, false},
            {{{"reason", "conformance: no requestId"}}, true}};
        for (const auto& [params, malformed] : cancels) {
          const auto r = s->notify("notifications/cancelled", params);
          const bool accepted = http ? is_2xx(r.http_status) : r.ok();
          if (!accepted && !(malformed && is_4xx(r.http_status))) {
            return Outcome::fail(std::string(malformed ? "the malformed cancellation ignored "
                                                         "(2xx) or refused (4xx)"
                                                       : "the cancellation accepted (2xx)") +
                                     ": " + brief(params),
                                 describe(r));
          }
        }
        const auto ping = s->request("ping");
        if (!has_result(ping))
          return Outcome::fail("ping answered after the cancellations", describe(ping));
        observe(std::chrono::milliseconds(100));
        if (const auto extra = stray_response(*s))
          return Outcome::fail("no response to a notification", brief(*extra));
        return Outcome::pass();
      });

  registry.add(
      {.id = "util.cancel.race",
       .title = "A cancellation that arrives after the response is handled gracefully",
       .area = "utilities",
       .section = "basic/utilities/cancellation#timing-considerations",
       .level = Level::kMust,
       .versions = kAllVersions,
       .requirement = "util.cancel.race",
       .description =
           "Three times: a request (the call-tool, else ping), then notifications/cancelled for it "
           "right after its response. The cancellation must not be refused with a 5xx, no second "
           "response may come for the request, and the server must still answer ping."},
      [](CheckContext& c) {
        auto s = session(c);
        const bool http = c.facts().transport != client::TransportKind::kStdio;
        const bool tool = !c.facts().call_tool.is_null();
        for (int i = 0; i < 3; ++i) {
          const Json id = "conformance-race-" + std::to_string(i);
          const auto r =
              tool ? s->request("tools/call",
                                tool_call(c.facts().call_tool.value("name", std::string()),
                                          c.facts().call_arguments),
                                id)
                   : s->request("ping", Json::object(), id);
          if (!r.ok()) return Outcome::fail("an answer to request " + id.dump(), describe(r));
          const auto n = s->notify("notifications/cancelled",
                                   {{"requestId", id}, {"reason", "conformance: cancel race"}});
          if ((http && (n.http_status == 0 || n.http_status >= 500)) || (!http && !n.ok())) {
            return Outcome::fail("the late cancellation accepted or ignored", describe(n));
          }
        }
        const auto ping = s->request("ping");
        if (!has_result(ping))
          return Outcome::fail("ping answered after the late cancellations", describe(ping));
        observe(std::chrono::milliseconds(200));
        if (const auto extra = stray_response(*s))
          return Outcome::fail("one response per request", "another: " + brief(*extra));
        return Outcome::pass(tool ? "" : "no tool to call: raced against ping");
      });

  registry.add(
      {.id = "util.progress.token-only",
       .title = "Progress notifications carry only the token of an active request",
       .area = "utilities",
       .section = "basic/utilities/progress#behavior-requirements",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = {.tool = true},
       .requirement = "util.progress.token-only",
       .description =
           "Calls the call-tool (and the official suite's test_tool_with_progress when listed) "
           "with progressToken \"p-1\", then 7, then without one. Sending no progress passes; "
           "every progress notification during a call must echo that call's token exactly (type "
           "and value), none may come for the call without a token, and none may name a token "
           "the client never sent."},
      [](CheckContext& c) { return judge_token_only(run_progress(c)); });

  registry.add({.id = "util.progress.monotonic",
                .title = "progress increases with every notification",
                .area = "utilities",
                .section = "basic/utilities/progress#progress-flow",
                .level = Level::kMust,
                .versions = kAllVersions,
                .needs = {.tool = true},
                .requirement = "util.progress.monotonic",
                .description = "The same calls as util.progress.token-only: per token, progress "
                               "is a number that "
                               "increases strictly; total, when present, is a number."},
               [](CheckContext& c) { return judge_monotonic(run_progress(c)); });

  registry.add(
      {.id = "util.progress.after-completion",
       .title = "No progress notifications after the response",
       .area = "utilities",
       .section = "basic/utilities/progress#implementation-notes",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = {.tool = true},
       .requirement = "util.progress.after-completion",
       .description =
           "The same calls as util.progress.token-only, with the GET stream open (stateful "
           "Streamable HTTP) and 300 ms of watching after the last response: no progress "
           "notification may name a token whose request was already answered. (What the "
           "client reads of a POST stream ends with the response; later messages on other "
           "streams are seen.)"},
      [](CheckContext& c) { return judge_after_completion(run_progress(c)); });

  registry.add(
      {.id = "util.pagination.cursor",
       .title = "Every page of every list can be walked with its nextCursor",
       .area = "utilities",
       .section = "server/utilities/pagination",
       .level = Level::kShould,
       .versions = kAllVersions,
       .requirement = "util.pagination.cursor",
       .description =
           "Walks tools/list, resources/list, resources/templates/list and prompts/list (those "
           "declared) to the end, up to 100 pages: every nextCursor handed out must be accepted, "
           "no cursor may repeat (a loop), and no item (name, uri, uriTemplate) may appear twice."},
      [](CheckContext& c) {
        const auto lists = declared_lists(c.facts());
        if (lists.empty())
          return Outcome::skip("the server declares no tools, resources or prompts");
        auto s = session(c);
        std::string note;
        for (const auto& list : lists) {
          Json params = Json::object();
          std::set<std::string> cursors;
          std::set<std::string> items;
          int pages = 0;
          std::size_t count = 0;
          for (; pages < 100; ++pages) {
            const auto r = s->request(list.method, params);
            if (!has_result(r)) {
              if (pages == 0) break;  // the list itself fails: other checks say so
              return Outcome::fail(
                  list.method + " to accept its own nextCursor " + params["cursor"].dump(),
                  describe(r));
            }
            const auto& result = (*r.response)["result"];
            if (!result.is_object() || !result.value(list.key, Json()).is_array()) break;
            for (const auto& item : result[list.key]) {
              ++count;
              if (!item.is_object() || !item.value(list.item_key, Json()).is_string()) continue;
              const auto key = item[list.item_key].get<std::string>();
              if (!items.insert(key).second) {
                return Outcome::fail("each item once across the pages of " + list.method,
                                     list.item_key + " \"" + key + "\" twice (page " +
                                         std::to_string(pages + 1) + ")");
              }
            }
            const auto next = result.value("nextCursor", Json());
            if (next.is_null()) {
              ++pages;
              break;
            }
            if (!next.is_string())
              return Outcome::fail("nextCursor a string in " + list.method, brief(next));
            if (!cursors.insert(next.get<std::string>()).second) {
              return Outcome::fail("a new cursor on every page of " + list.method,
                                   "cursor " + next.dump() + " again (a loop)");
            }
            params["cursor"] = next;
          }
          note += (note.empty() ? "" : "; ") + list.method + ": " + std::to_string(pages) +
                  " page(s), " + std::to_string(count) + " item(s)";
        }
        return Outcome::pass(note);
      });

  registry.add({.id = "util.pagination.invalid-cursor",
                .title = "An invalid cursor gets -32602",
                .area = "utilities",
                .section = "server/utilities/pagination#error-handling",
                .level = Level::kShould,
                .versions = kAllVersions,
                .requirement = "util.pagination.invalid-cursor",
                .description = "Sends cursor \"!!not-a-cursor!!\" to the first declared list "
                               "(tools/list, prompts/list "
                               "or resources/list): expects error -32602; a page of results is a "
                               "warning."},
               [](CheckContext& c) {
                 std::string method;
                 if (c.facts().has_capability("tools"))
                   method = "tools/list";
                 else if (c.facts().has_capability("prompts"))
                   method = "prompts/list";
                 else if (c.facts().has_capability("resources"))
                   method = "resources/list";
                 else
                   return Outcome::skip("the server declares no tools, resources or prompts");
                 auto s = session(c);
                 const auto r = s->request(method, {{"cursor", "!!not-a-cursor!!"}});
                 if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
                 return Outcome::fail(
                     "error -32602 for " + method + " with cursor \"!!not-a-cursor!!\"",
                     describe(r));
               });

  registry.add(
      {.id = "util.logging.capability",
       .title = "Log messages come only from a server that declares logging",
       .area = "utilities",
       .section = "server/utilities/logging#capabilities",
       .level = Level::kMust,
       .versions = kAllVersions,
       .requirement = "util.logging.capability",
       .description =
           "When logging is not declared: calls the call-tool (and the official suite's "
           "test_tool_with_logging when listed), with the GET stream open on stateful Streamable "
           "HTTP, and watches 300 ms: any notifications/message fails. A server that declares "
           "logging passes."},
      [](CheckContext& c) {
        if (c.facts().has_capability("logging")) return Outcome::pass("logging is declared");
        auto s = session(c);
        watch_get_stream(c, *s);
        for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_logging"))
          s->request("tools/call", tool_call(name, arguments));
        s->request("ping");
        observe(std::chrono::milliseconds(300));
        const auto logs = log_messages(*s);
        if (!logs.empty())
          return Outcome::fail("no notifications/message (logging is not declared)",
                               brief(logs.front()));
        return Outcome::pass("logging not declared, and no log messages seen");
      });

  registry.add(
      {.id = "util.logging.setlevel",
       .title = "logging/setLevel works, refuses unknown levels, and is honoured",
       .area = "utilities",
       .section = "server/utilities/logging#setting-log-level",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = {.capability = "logging"},
       .requirement = "util.logging.setlevel",
       .description =
           "setLevel debug must answer {}; level \"not-a-level\" must get -32602. Then, after "
           "setLevel error, calls the call-tool (and test_tool_with_logging when listed): no "
           "message below error may arrive (not judged on a stateless server: no session "
           "keeps the level)."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto ok = s->request("logging/setLevel", {{"level", "debug"}});
        if (!has_result(ok) || !empty_result((*ok.response)["result"]))
          return Outcome::fail("an empty result for level debug", describe(ok));
        const auto bad = s->request("logging/setLevel", {{"level", "not-a-level"}});
        if (error_code(bad) != jsonrpc::kInvalidParams)
          return Outcome::fail("error -32602 for level \"not-a-level\"", describe(bad));
        const auto error_level = s->request("logging/setLevel", {{"level", "error"}});
        if (!has_result(error_level))
          return Outcome::fail("an empty result for level error", describe(error_level));
        // A level can only bind later requests where there is a session to keep it in.
        if (s->http() && s->http()->session_id().empty()) {
          return Outcome::pass(
              "setLevel answered; honouring not judged: no Mcp-Session-Id (stateless), so a "
              "level set by one POST cannot bind the next");
        }
        watch_get_stream(c, *s);
        const auto from = s->transport().router().notifications().size();
        for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_logging"))
          s->request("tools/call", tool_call(name, arguments));
        observe(std::chrono::milliseconds(200));
        for (const auto& m : log_messages(*s, from)) {
          const auto level = m.value("params", Json::object()).value("level", Json());
          const auto severity =
              level.is_string() ? parse_log_severity(level.get<std::string>()) : std::nullopt;
          if (!severity) return Outcome::fail("a known log level", brief(m));
          if (*severity < LogSeverity::kError)
            return Outcome::fail("only messages at level error or above after setLevel error",
                                 brief(m));
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "util.completion.capability",
       .title = "completion/complete is offered with the completions capability, and answers "
                "at most 100 values",
       .area = "utilities",
       .section = "server/utilities/completion",
       .level = Level::kMust,
       .versions = kFrom20250326,
       .requirement = "util.completion.capability",
       .description =
           "With completions declared: completes the first prompt argument (or resource template "
           "variable) the server lists, value \"\": completion.values must be an array of at "
           "most 100 strings, total an integer and hasMore a boolean when present. Without it: "
           "completion/complete must be refused."},
      [](CheckContext& c) {
        const auto params = completion_request(c.facts());
        if (!c.facts().has_capability("completions")) {
          auto s = session(c);
          const auto r = s->request(
              "completion/complete",
              params.is_null() ? Json{{"ref", {{"type", "ref/prompt"}, {"name", "x-conformance"}}},
                                      {"argument", {{"name", "x"}, {"value", ""}}}}
                               : params);
          if (has_result(r))
            return Outcome::fail("completion/complete refused (completions is not declared)",
                                 describe(r));
          return Outcome::pass("completions not declared, and completion/complete is refused");
        }
        if (params.is_null())
          return Outcome::skip("nothing to complete: no prompt argument or template variable");
        auto s = session(c);
        const auto r = s->request("completion/complete", params);
        if (!has_result(r)) {
          return Outcome::fail("a completion for " + brief(params) + " (completions is declared)",
                               describe(r));
        }
        const auto& result = (*r.response)["result"];
        const auto completion = result.value("completion", Json());
        if (!completion.is_object() || !completion.value("values", Json()).is_array())
          return Outcome::fail("result.completion.values, an array", brief(result));
        const auto& values = completion["values"];
        if (values.size() > 100)
          return Outcome::fail("at most 100 values", std::to_string(values.size()) + " values");
        for (const auto& v : values) {
          if (!v.is_string()) return Outcome::fail("string values", brief(v));
        }
        if (completion.contains("total") && !completion["total"].is_number_integer())
          return Outcome::fail("total, when present, an integer", brief(completion["total"]));
        if (completion.contains("hasMore") && !completion["hasMore"].is_boolean())
          return Outcome::fail("hasMore, when present, a boolean", brief(completion["hasMore"]));
        return Outcome::pass(std::to_string(values.size()) + " value(s) for " +
                             brief(params["ref"]));
      });

  registry.add(
      {.id = "tasks.v25c.negotiation",
       .title = "Tool-level task support is enforced with -32601",
       .area = "utilities",
       .section = "2025-11-25/basic/utilities/tasks#tool-level-negotiation",
       .level = Level::kMust,
       .versions = kFrom20251125,
       .needs = {.capability = "tasks.requests.tools.call"},
       .requirement = "tasks.v25c.negotiation",
       .description =
           "A tool with execution.taskSupport \"required\" called without a task must get -32601 "
           "(a tool that is not read-only is sent arguments that break its schema, so that a "
           "server that ignores taskSupport still does not run it; -32602 then is "
           "inconclusive). The call-tool, when its taskSupport is forbidden or absent, called as "
           "a task should get -32601 (a warning otherwise)."},
      [](CheckContext& c) {
        auto s = session(c);
        std::string notes;
        for (const auto& tool : c.facts().tools) {
          if (task_support(tool) != "required") continue;
          const bool safe =
              is_read_only_tool(tool) ||
              (!c.facts().call_tool.is_null() &&
               tool.value("name", Json()) == c.facts().call_tool.value("name", Json()));
          std::string why;
          Json arguments =
              safe ? schema::example_arguments(tool.value("inputSchema", Json::object()), &why)
                         .value_or(Json::object())
                   : invalid_arguments(tool.value("inputSchema", Json::object()));
          const auto name = tool.value("name", std::string("?"));
          if (arguments.is_null()) {
            notes = "not called " + name +
                    " (taskSupport required): it is not read-only and its schema gives no "
                    "arguments to get wrong";
            break;
          }
          const auto r = s->request("tools/call", tool_call(name, arguments));
          const auto code = error_code(r);
          if (code == jsonrpc::kMethodNotFound) {
            notes = name + " without a task: -32601";
          } else if (!safe && code == jsonrpc::kInvalidParams) {
            notes = name + " without a task: -32602 for its invalid arguments (inconclusive)";
          } else {
            return Outcome::fail(
                "error -32601 for " + name + " (taskSupport required) called without a task",
                describe(r));
          }
          break;
        }
        const auto& tool = c.facts().call_tool;
        if (!tool.is_null() && task_support(tool) == "forbidden") {
          const auto name = tool.value("name", std::string("?"));
          Json params = tool_call(name, c.facts().call_arguments);
          params["task"] = {{"ttl", 60000}};
          const auto r = s->request("tools/call", params);
          if (error_code(r) != jsonrpc::kMethodNotFound) {
            return Outcome{reports::Verdict::kWarn,
                           "expected: error -32601 for " + name +
                               " (taskSupport forbidden) called as a task (SHOULD); got: " +
                               describe(r) + (notes.empty() ? "" : "; " + notes)};
          }
          notes += (notes.empty() ? "" : "; ") + name + " as a task: -32601";
        }
        if (notes.empty())
          return Outcome::skip("no tool requires tasks and no call-tool forbids them");
        return Outcome::pass(notes);
      });

  registry.add(
      {.id = "tasks.v25c.lifecycle",
       .title = "A task-augmented tools/call runs through the task lifecycle",
       .area = "utilities",
       .section = "2025-11-25/basic/utilities/tasks#behavior-requirements",
       .level = Level::kMust,
       .versions = kFrom20251125,
       .needs = {.capability = "tasks.requests.tools.call"},
       .requirement = "tasks.v25c.lifecycle, util.progress.tasks",
       .description =
           "Calls the call-tool (or a read-only tool) whose taskSupport is optional or required "
           "as a task, with a progress token: the answer is a CreateTaskResult (taskId, status "
           "working, createdAt, lastUpdatedAt, ttl); tasks/get is polled to a terminal status, "
           "which then never changes; tasks/result returns a valid CallToolResult for a "
           "completed task; tasks/cancel of the finished task gets -32602 (when cancel is "
           "declared); a second task gets another id. Progress for the token must stop once the "
           "task is terminal."},
      [](CheckContext& c) {
        Json tool;
        Json arguments;
        for (const auto& candidate : c.facts().tools) {
          const auto support = task_support(candidate);
          if (support != "optional" && support != "required") continue;
          const bool chosen =
              !c.facts().call_tool.is_null() &&
              candidate.value("name", Json()) == c.facts().call_tool.value("name", Json());
          if (chosen) {
            tool = candidate;
            arguments = c.facts().call_arguments;
            break;
          }
          if (!is_read_only_tool(candidate) || !tool.is_null()) continue;
          std::string why;
          if (auto generated =
                  schema::example_arguments(candidate.value("inputSchema", Json::object()), &why)) {
            tool = candidate;
            arguments = *generated;
          }
        }
        if (tool.is_null())
          return Outcome::skip(
              "no tool the checks may call (the call-tool or a read-only one) supports tasks");
        const auto name = tool.value("name", std::string("?"));
        auto s = session(c);
        watch_get_stream(c, *s);
        const auto start_task = [&](const Json& token) {
          Json params = tool_call(name, arguments, token);
          params["task"] = {{"ttl", 60000}};
          return s->request("tools/call", params);
        };
        const Json token = "task-progress-1";
        const auto created = start_task(token);
        if (!created.ok() || !created.response->contains("result"))
          return Outcome::fail("a CreateTaskResult for " + name + " called as a task",
                               describe(created));
        const auto task = (*created.response)["result"].value("task", Json());
        if (const auto problem = task_problem(task); !problem.empty())
          return Outcome::fail("a CreateTaskResult with a valid task", problem);
        if (task["status"] != "working")
          return Outcome::fail("a new task in status working", brief(task));
        const auto task_id = task["taskId"];
        // Poll to a terminal status (at most 30 s), honouring pollInterval.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        Json state = task;
        Json terminal_id;
        for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
          const auto interval = state.value("pollInterval", Json(100));
          observe(std::chrono::milliseconds(std::clamp<std::int64_t>(
              interval.is_number_integer() ? interval.get<std::int64_t>() : 100, 20, 2000)));
          const Json id = "task-get-" + std::to_string(i);
          const auto got = s->request("tasks/get", {{"taskId", task_id}}, id);
          if (!got.ok() || !got.response->contains("result"))
            return Outcome::fail("tasks/get to answer for task " + task_id.dump(), describe(got));
          state = (*got.response)["result"];
          if (const auto problem = task_problem(state); !problem.empty())
            return Outcome::fail("a valid Task from tasks/get", problem);
          if (state["taskId"] != task_id)
            return Outcome::fail("taskId " + task_id.dump(), brief(state));
          const auto status = state["status"].get<std::string>();
          if (status == "input_required")
            return Outcome::skip("the task asks for input, which the harness cannot give");
          if (terminal(status)) {
            terminal_id = id;
            break;
          }
        }
        if (terminal_id.is_null())
          return Outcome::fail("a terminal status within 30 s", brief(state));
        const auto final_status = state["status"].get<std::string>();
        if (final_status == "completed") {
          const auto payload = s->request("tasks/result", {{"taskId", task_id}});
          if (!payload.ok() || !payload.response->contains("result"))
            return Outcome::fail("tasks/result for the completed task", describe(payload));
          const auto& result = (*payload.response)["result"];
          if (!result.is_object() || !result.value("content", Json()).is_array())
            return Outcome::fail("tasks/result: the CallToolResult the call would have given",
                                 brief(result));
        }
        const auto again = s->request("tasks/get", {{"taskId", task_id}});
        if (!again.ok() || !again.response->contains("result") ||
            (*again.response)["result"].value("status", Json()) != final_status)
          return Outcome::fail("the terminal status " + final_status + " to stay", describe(again));
        if (c.facts().has_capability("tasks.cancel")) {
          const auto cancel = s->request("tasks/cancel", {{"taskId", task_id}});
          if (error_code(cancel) != jsonrpc::kInvalidParams)
            return Outcome::fail("error -32602 for tasks/cancel of a " + final_status + " task",
                                 describe(cancel));
        }
        const auto second = start_task(nullptr);
        if (second.ok() && second.response->contains("result")) {
          const auto other = (*second.response)["result"].value("task", Json());
          if (other.is_object() && other.value("taskId", Json()) == task_id)
            return Outcome::fail("a new taskId for a second task", brief(other));
        }
        observe(std::chrono::milliseconds(300));
        s->transport().shutdown();
        // util.progress.tasks: nothing for the token after the poll that saw the end.
        const auto messages = server_messages(c.transcript().exchanges());
        bool ended = false;
        for (const auto& r : messages) {
          const auto& m = r.message;
          if (m.is_object() && !m.contains("method") && m.value("id", Json()) == terminal_id)
            ended = true;
          if (ended && is_progress(m) && same_token(progress_token_of(m), token))
            return Outcome::fail("no progress for the task's token once it is " + final_status,
                                 brief(m));
        }
        return Outcome::pass(name + ": task " + task_id.dump() + " " + final_status);
      });
}

}  // namespace mcp::conformance
