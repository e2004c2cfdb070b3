// Spec page basic/utilities/progress. The three checks judge the same calls,
// each made afresh (checks run in parallel and share nothing).
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>

#include "conformance/checks/call_stream.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::conformance {
namespace {

const std::string kProgressArea = "progress";

/// How long every answered call with a token is watched for late progress.
constexpr std::chrono::milliseconds kLateProgressWindow{300};

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

/// When the client sent the request with `id` (the transcript clock), or -1.
double sent_at(const std::vector<client::Exchange>& exchanges, const Json& id) {
  for (const auto& e : exchanges) {
    if (e.request_body.empty()) continue;
    const auto parsed = jsonrpc::parse(e.request_body);
    if (parsed.value && parsed.value->is_object() && parsed.value->contains("method") &&
        member(*parsed.value, "id") == id)
      return e.started_ms;
  }
  return -1;
}

/// Another tool the run may call (may_call) that says it reports progress (its name or
/// description mentions it), with arguments made from its schema: such tools
/// send progress only when asked with a token, so progress checks call it too.
std::optional<std::pair<std::string, Json>> progress_sample(const ServerFacts& facts) {
  const auto mentions_progress = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text.find("progress") != std::string::npos;
  };
  for (const auto& tool : facts.tools) {
    const auto name = name_of(tool);
    if (name == string_member(facts.call_tool, "name") || name == "test_tool_with_progress" ||
        !may_call(facts, tool))
      continue;
    if (!mentions_progress(name) && !mentions_progress(string_member(tool, "description")))
      continue;
    if (auto arguments = sample_arguments(tool); !arguments.is_null())
      return std::make_pair(name, std::move(arguments));
  }
  return std::nullopt;
}

/// The calls of one run: each talking tool with two tokens and without one,
/// then the progress sample (which may take long) once, with a token.
std::vector<std::pair<std::pair<std::string, Json>, std::vector<Json>>> planned_calls(
    const ServerFacts& facts) {
  std::vector<std::pair<std::pair<std::string, Json>, std::vector<Json>>> plan;
  int n = 0;
  for (auto& tool : talking_tools(facts, "test_tool_with_progress")) {
    ++n;
    plan.push_back({std::move(tool), {Json("p-" + std::to_string(n)), Json(6 + n), Json()}});
  }
  if (auto sample = progress_sample(facts))
    plan.push_back({std::move(*sample), {Json("p-sample")}});
  return plan;
}

/// The calls of run_progress at 2026-07-28 over Streamable HTTP, each POSTed
/// raw and read to the end of its own stream: every message there is its
/// request's, whatever the order of arrival across streams. The stream's end
/// ends the request, answered or not. `sent` and `at` are the call's ordinal.
ProgressRun run_progress_on_own_streams(CheckContext& c) {
  ProgressRun run;
  for (const auto& [tool, tokens] : planned_calls(c.facts())) {
    const auto& [name, arguments] = tool;
    for (const Json& token : tokens) {
      ProgressCall call{name, token, "progress-call-" + std::to_string(run.calls.size() + 1)};
      call.sent = static_cast<double>(run.calls.size());
      const Json meta = token.is_null() ? Json::object() : Json{{"progressToken", token}};
      for (auto& m : answer_messages(post_tool_call(c, name, arguments, meta, call.id))) {
        if (is_response_to(m, call.id) && call.answered > run.messages.size())
          call.answered = run.messages.size();
        run.messages.push_back({call.sent, std::move(m)});
      }
      call.answered = std::min(call.answered, run.messages.size());
      run.calls.push_back(std::move(call));
    }
    run.exercised += (run.exercised.empty() ? "" : ", ") + name;
  }
  return run;
}

/// Calls the call-tool (and the official progress fixture when listed) with the
/// progress tokens "p-1" and 7 (then "p-2" and 8), and once without a token,
/// with the GET stream open on stateful Streamable HTTP; watches until 300 ms
/// after the last call with a token was answered (the later calls count as
/// watching), then reads what arrived, in order, from the transcript.
ProgressRun run_progress(CheckContext& c) {
  if (c.version() == ProtocolVersion::k2026_07_28 && over_http(c))
    return run_progress_on_own_streams(c);
  ProgressRun run;
  auto s = session(c);
  watch_get_stream(c, *s);
  auto last_token_answered = std::chrono::steady_clock::now();
  for (const auto& [tool, tokens] : planned_calls(c.facts())) {
    const auto& [name, arguments] = tool;
    for (const Json& token : tokens) {
      const Json id = "progress-call-" + std::to_string(run.calls.size() + 1);
      s->request("tools/call", tool_call(name, arguments, token), id);
      if (!token.is_null()) last_token_answered = std::chrono::steady_clock::now();
      run.calls.push_back({name, token, id});
    }
    run.exercised += (run.exercised.empty() ? "" : ", ") + name;
  }
  const auto watched = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - last_token_answered);
  observe(std::max(kLateProgressWindow - watched, std::chrono::milliseconds(0)));
  s->transport().shutdown();  // ends the streams, so their events are in the transcript
  const auto exchanges = c.transcript().exchanges();
  run.messages = server_messages(exchanges);
  for (auto& call : run.calls) {
    call.sent = sent_at(exchanges, call.id);
    for (std::size_t i = 0; i < run.messages.size(); ++i) {
      if (is_response_to(run.messages[i].message, call.id)) {
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

/// True when message `index` names the token of a call answered before it.
bool after_its_response(const ProgressRun& run, std::size_t index) {
  const auto token = progress_token_of(run.messages[index].message);
  return std::any_of(run.calls.begin(), run.calls.end(), [&](const ProgressCall& call) {
    return !call.token.is_null() && same_token(call.token, token) && index > call.answered;
  });
}

std::size_t progress_count(const ProgressRun& run) {
  return static_cast<std::size_t>(
      std::count_if(run.messages.begin(), run.messages.end(),
                    [](const auto& r) { return is_progress(r.message); }));
}

/// The verdict when nothing broke the rule: a pass naming how many progress
/// notifications were judged, or a skip when none came (no evidence).
Outcome judged(const ProgressRun& run, const std::string& verdict) {
  const auto n = progress_count(run);
  if (n == 0) {
    return Outcome::skip("no progress notifications to judge: none came while calling " +
                         run.exercised + " with a progress token");
  }
  return Outcome::pass(std::to_string(n) + " progress notification(s), " + verdict);
}

const CheckInfo kTokenOnly{
    .id = "util.progress.token-only",
    .title = "Progress notifications carry only the token of an active request",
    .area = kProgressArea,
    .section = "basic/utilities/progress#behavior-requirements",
    .rule =
        "Progress notifications name only a progress token that the client gave in a "
        "request still in progress, with its JSON type and value unchanged.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool (and the official suite's test_tool_with_progress when listed) with "
        "progressToken \"p-1\", then 7, then without one (and, once with a token, another "
        "read-only "
        "tool that says it reports progress). No progress at all is no evidence: a skip. Every "
        "progress notification during a call must echo that call's token exactly (type and "
        "value), none may come for the call without a token, and none may name a token the "
        "client never sent. At 2026-07-28 over Streamable HTTP each call is read to the end of its "
        "own stream, and what is on it is that call's.",
    .evidence = Evidence::kNotification};

Outcome token_only(CheckContext& c) {
  const auto run = run_progress(c);
  for (std::size_t i = 0; i < run.messages.size(); ++i) {
    const auto& m = run.messages[i].message;
    // A token of a call already answered is util.progress.after-completion's
    // business, whether or not another call is in progress meanwhile.
    if (!is_progress(m) || after_its_response(run, i)) continue;
    const auto token = progress_token_of(m);
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
    const bool ours = std::any_of(run.calls.begin(), run.calls.end(), [&](const auto& call) {
      return !call.token.is_null() && same_token(call.token, token);
    });
    if (!ours) return Outcome::fail("progress only for tokens the client supplied", brief(m));
  }
  return judged(run, "all with the token of their request");
}

const CheckInfo kMonotonic{
    .id = "util.progress.monotonic",
    .title = "progress increases with every notification",
    .area = kProgressArea,
    .section = "basic/utilities/progress#progress-flow",
    .rule =
        "The progress value grows with every notification for a token, and total, when "
        "given, is a number.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "The same calls as util.progress.token-only: per token, progress is a number "
        "that increases strictly; total, when present, is a number.",
    .evidence = Evidence::kNotification};

Outcome monotonic(CheckContext& c) {
  const auto run = run_progress(c);
  std::map<std::string, double> last;  // serialised token -> last progress
  for (const auto& r : run.messages) {
    const auto& m = r.message;
    if (!is_progress(m)) continue;
    const auto params = member(m, "params");
    const auto progress = member(params, "progress");
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
  return judged(run, "increasing");
}

const CheckInfo kAfterCompletion{
    .id = "util.progress.after-completion",
    .title = "No progress notifications after the response",
    .area = kProgressArea,
    .section = "basic/utilities/progress#implementation-notes",
    .rule =
        "Once a request has been answered, no more progress notifications come for its "
        "token.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "The same calls as util.progress.token-only, with the GET stream open (stateful "
        "Streamable HTTP) and at least 300 ms of watching after each response to a call with "
        "a token: no progress notification may name a token whose request was already "
        "answered. (What the client reads of a POST stream ends with the response; later "
        "messages on other streams are seen; at 2026-07-28 over Streamable HTTP each call's own "
        "stream is read to its end, so a notification after the response there is seen.)",
    .evidence = Evidence::kNotification};

Outcome after_completion(CheckContext& c) {
  const auto run = run_progress(c);
  for (std::size_t i = 0; i < run.messages.size(); ++i) {
    const auto& m = run.messages[i].message;
    if (is_progress(m) && after_its_response(run, i)) {
      return Outcome::fail("no progress for token " + progress_token_of(m).dump() +
                               " after the response to its call",
                           brief(m));
    }
  }
  return judged(run, "none after its response");
}

}  // namespace

void register_progress_checks(Registry& registry) {
  registry.add(kTokenOnly, token_only);
  registry.add(kMonotonic, monotonic);
  registry.add(kAfterCompletion, after_completion);
}

}  // namespace mcp::conformance
