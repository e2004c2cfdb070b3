// Spec page basic/patterns/subscriptions (2026-07-28): subscriptions/listen,
// the stream that replaced the GET stream and resources/subscribe.
#include <algorithm>
#include <memory>
#include <optional>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

using namespace std::chrono_literals;

const std::string kSubscriptionsArea = "subscriptions";

const CheckInfo kAck{
    .id = "subs.v26.ack",
    .title = "A listen stream begins with its acknowledgement",
    .area = kSubscriptionsArea,
    .section = "basic/patterns/subscriptions",
    .rule =
        "A subscription stream begins with an acknowledgement naming the subscription and the "
        "notifications it will carry.",
    .versions = kModernVersions,
    .needs = {.capability = "tools.listChanged", .streamable = true},
    .description =
        "Opens subscriptions/listen for toolsListChanged (the server declares "
        "tools.listChanged): the first message on the stream must be "
        "notifications/subscriptions/acknowledged whose params hold a notifications object and "
        "whose _meta io.modelcontextprotocol/subscriptionId is the listen request's id."};

/// The bound on waiting for what a listen stream will carry: the acknowledgement
/// comes at once, and a notification as soon as the call that caused it ends.
std::chrono::milliseconds listen_wait(const CheckContext& c) {
  return std::min<std::chrono::milliseconds>(c.target().deadlines.first_byte, 5s);
}

/// subscriptions/listen asking for `filter`, with request id `id`, open on a thread.
std::unique_ptr<client::ListenStream> open_listen(CheckContext& c, const Json& id,
                                                  const Json& filter) {
  auto connection = c.open_modern();
  const auto request =
      connection->session().make_request(id, "subscriptions/listen", {{"notifications", filter}});
  client::HttpSettings settings;
  settings.url = c.target().url;
  settings.headers = c.target().headers;
  settings.deadlines = c.target().deadlines;
  settings.limits = c.target().limits;
  return std::make_unique<client::ListenStream>(
      settings, request, client::modern_headers(c.version_text(), request), &c.transcript());
}

Outcome ack(CheckContext& c) {
  const Json id = "conformance-listen-" + random_suffix();
  auto stream = open_listen(c, id, {{"toolsListChanged", true}});
  // The acknowledgement comes first and at once; waiting longer shows nothing more.
  const int status = stream->wait_status(listen_wait(c));
  const auto messages = stream->wait_messages(1, listen_wait(c));
  stream->close();
  if (status != 200) return Outcome::fail("HTTP 200 and an SSE stream", std::to_string(status));
  if (messages.empty()) return Outcome::fail("an acknowledgement", "no message on the stream");
  const auto& first = messages.front();
  if (member(first, "method") != "notifications/subscriptions/acknowledged")
    return Outcome::fail("notifications/subscriptions/acknowledged first", brief(first));
  const auto& params = member(first, "params");
  if (!member(params, "notifications").is_object())
    return Outcome::fail("params.notifications, an object", brief(first));
  if (member(member(params, "_meta"), modern::kSubscriptionIdKey) != id) {
    return Outcome::fail(
        "_meta[\"" + std::string(modern::kSubscriptionIdKey) + "\"] = " + id.dump(), brief(first));
  }
  return Outcome::pass();
}

// ---- what a listen stream carries while the server's lists change ----------

/// A kind of list change: the listen filter key that asks for it, and the
/// official suite's fixture tool that makes one.
struct SubscribedList {
  std::string_view key;
  std::string_view method;
  std::string_view capability;
  std::string_view trigger;
};
constexpr SubscribedList kPromptChanges{"promptsListChanged", "notifications/prompts/list_changed",
                                        "prompts.listChanged", "test_trigger_prompt_change"};
constexpr SubscribedList kToolChanges{"toolsListChanged", "notifications/tools/list_changed",
                                      "tools.listChanged", "test_trigger_tool_change"};

/// True when the server lists the fixture `name` and the run may call it.
bool lists_tool(const ServerFacts& facts, std::string_view name) {
  return may_call_named(facts, name);
}

/// True when the server declares listChanged for `kind` and lists its fixture.
bool can_trigger(const ServerFacts& facts, const SubscribedList& kind) {
  return facts.has_capability(kind.capability) && lists_tool(facts, kind.trigger);
}

/// The kind a check watches: prompts first (the fixture's extra prompt comes
/// last in the list, so a change shifts no page of a walk in progress), else
/// tools; null when the check can trigger neither.
const SubscribedList* watchable(const ServerFacts& facts) {
  for (const auto* kind : {&kPromptChanges, &kToolChanges}) {
    if (can_trigger(facts, *kind)) return kind;
  }
  return nullptr;
}

std::string no_trigger_reason() {
  return "the server lists no test_trigger_prompt_change or test_trigger_tool_change for a "
         "list whose listChanged it declares";
}

/// tools/call params of a fixture that makes a change of `kind`.
Json trigger_call(const SubscribedList& kind) {
  return tool_call(std::string(kind.trigger), Json::object());
}

/// What a listen stream carried while a check made the server talk.
struct Listened {
  Json id;
  int status = 0;
  std::vector<Json> messages;  // on the listen stream, in order
  std::size_t awaited = 0;     // how many of them are of the awaited method
  std::string awaited_method;
  std::string calls_note;  // "" when every call got a result
};

/// Opens subscriptions/listen for `filter`; once it is acknowledged, sends each
/// tools/call of `calls` in a session of the check's own, then waits until
/// `count` messages of method `awaited` are on the stream (or the stream ends,
/// or the wait runs out) and closes it. The fixtures flip their list, so a check calls
/// each twice: two changes, and the server's lists end as they began.
Listened listen_while(CheckContext& c, const Json& filter, const std::vector<Json>& calls,
                      std::string_view awaited, std::size_t count = 2) {
  Listened out;
  out.id = "conformance-listen-" + random_suffix();
  out.awaited_method = awaited;
  auto stream = open_listen(c, out.id, filter);
  out.status = stream->wait_status(listen_wait(c));
  if (out.status == 200) {
    stream->wait_messages(1, listen_wait(c));
    auto s = session(c);
    for (const auto& params : calls) {
      const auto r = s->request("tools/call", params);
      if (!has_result(r) && out.calls_note.empty())
        out.calls_note = member(params, "name").dump() + ": " + describe(r);
    }
    // Everything the calls caused is on its way: each ended after its change.
    const auto deadline = std::chrono::steady_clock::now() + listen_wait(c);
    const auto count_awaited = [&](const std::vector<Json>& messages) {
      return static_cast<std::size_t>(
          std::count_if(messages.begin(), messages.end(),
                        [&](const Json& m) { return member(m, "method") == awaited; }));
    };
    out.messages = stream->messages();
    while (count_awaited(out.messages) < count && std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      const auto seen = out.messages.size();
      out.messages = stream->wait_messages(seen + 1, left);
      if (out.messages.size() == seen) break;  // ended, or nothing more in time
    }
    out.awaited = count_awaited(out.messages);
  }
  stream->close();
  return out;
}

/// The failure of a listen stream that proves nothing (it was refused, or what
/// the calls were to cause never came); nullopt when it shows the stream works.
std::optional<Outcome> unproven(const Listened& l) {
  if (l.status != 200)
    return Outcome::fail("subscriptions/listen answered with an SSE stream (HTTP 200)",
                         l.status == 0 ? "no answer" : "HTTP " + std::to_string(l.status));
  if (l.awaited == 0) {
    return Outcome::fail(
        l.awaited_method + " on the listen stream after the change, showing it works",
        "none" + (l.calls_note.empty() ? "" : " (" + l.calls_note + ")"));
  }
  return std::nullopt;
}

const CheckInfo kFilter{
    .id = "subs.v26.filter",
    .title = "A listen stream carries only the notifications asked for",
    .area = kSubscriptionsArea,
    .section = "basic/patterns/subscriptions",
    .rule = "A subscription stream carries only the kinds of notification the client asked for.",
    .versions = kModernVersions,
    .needs = {.streamable = true},
    .description =
        "Listens for one list's changes (prompts, else tools: a listChanged the server declares) "
        "and makes a change of another kind: the official fixture update_watched_resource "
        "(resources/updated, which changes no list) when listed, else the other list's trigger "
        "(test_trigger_tool_change or test_trigger_prompt_change) twice in a row, so that list "
        "ends as it began; then calls the watched list's trigger twice. The asked-for "
        "list_changed must arrive, and no notification of another kind (the other list's "
        "list_changed, resources/list_changed or resources/updated) may.",
    .changes_lists = true};

/// tools/call params that make the server send a notification of a kind other
/// than `wanted`: resources/updated where the fixture is listed, as it leaves
/// every list as it is for the other checks of the run walking them; else the
/// other list's trigger twice, back to back, so that list is changed briefly.
std::vector<Json> unwanted_changes(const ServerFacts& facts, const SubscribedList& wanted) {
  if (lists_tool(facts, "update_watched_resource"))
    return {tool_call("update_watched_resource", Json::object())};
  const auto& other = &wanted == &kPromptChanges ? kToolChanges : kPromptChanges;
  if (!lists_tool(facts, other.trigger)) return {};
  return {trigger_call(other), trigger_call(other)};
}

Outcome filter(CheckContext& c) {
  const auto* wanted = watchable(c.facts());
  if (wanted == nullptr) return Outcome::skip(no_trigger_reason());
  auto calls = unwanted_changes(c.facts(), *wanted);
  if (calls.empty()) {
    return Outcome::skip(
        "the server lists neither update_watched_resource nor a second trigger fixture "
        "(test_trigger_tool_change, test_trigger_prompt_change)");
  }
  calls.push_back(trigger_call(*wanted));
  calls.push_back(trigger_call(*wanted));
  const auto l = listen_while(c, {{wanted->key, true}}, calls, wanted->method);
  if (auto outcome = unproven(l)) return *outcome;
  static constexpr std::string_view kKinds[]{
      "notifications/tools/list_changed", "notifications/prompts/list_changed",
      "notifications/resources/list_changed", "notifications/resources/updated"};
  for (const auto& m : l.messages) {
    const auto method = member(m, "method");
    const bool unasked =
        method != wanted->method && std::any_of(std::begin(kKinds), std::end(kKinds),
                                                [&](std::string_view k) { return method == k; });
    if (unasked)
      return Outcome::fail("only " + std::string(wanted->method) + " (" + std::string(wanted->key) +
                               " was asked for)",
                           brief(m));
  }
  return Outcome::pass();
}

const CheckInfo kSubscriptionId{
    .id = "subs.v26.subscription-id",
    .title = "Every notification on a listen stream names its subscription",
    .area = kSubscriptionsArea,
    .section = "basic/patterns/subscriptions",
    .rule = "Every notification on a subscription stream names its subscription in _meta.",
    .versions = kModernVersions,
    .needs = {.streamable = true},
    .description =
        "Listens for one list's changes (prompts, else tools) and calls its official trigger "
        "fixture twice (test_trigger_prompt_change or test_trigger_tool_change; the list ends "
        "as it began): a list_changed must arrive, and every notification on the stream, the "
        "acknowledgement included, must carry _meta io.modelcontextprotocol/subscriptionId equal "
        "to the listen request's id.",
    .changes_lists = true};

Outcome subscription_id(CheckContext& c) {
  const auto* kind = watchable(c.facts());
  if (kind == nullptr) return Outcome::skip(no_trigger_reason());
  const auto l = listen_while(c, {{kind->key, true}}, {trigger_call(*kind), trigger_call(*kind)},
                              kind->method);
  if (auto outcome = unproven(l)) return *outcome;
  for (const auto& m : l.messages) {
    // Only notifications: the listen request's own result names it by its id,
    // and a request of the server's is base.v26.no-server-requests' finding.
    if (!m.contains("method") || m.contains("id")) continue;
    if (member(member(member(m, "params"), "_meta"), modern::kSubscriptionIdKey) != l.id) {
      return Outcome::fail(
          "_meta[\"" + std::string(modern::kSubscriptionIdKey) + "\"] = " + l.id.dump(), brief(m));
    }
  }
  return Outcome::pass();
}

const CheckInfo kNoRequestScoped{
    .id = "subs.v26.no-request-scoped",
    .title = "A listen stream carries no progress or log messages",
    .area = kSubscriptionsArea,
    .section = "basic/patterns/subscriptions",
    .rule = "A subscription stream carries no progress or log notifications.",
    .versions = kModernVersions,
    .needs = {.streamable = true},
    .description =
        "Listens for one list's changes (prompts, else tools); while the stream is open calls "
        "the official fixtures test_tool_with_progress (with a progressToken) and "
        "test_logging_tool (with _meta io.modelcontextprotocol/logLevel debug) when listed, then "
        "the list's trigger fixture twice: a list_changed must arrive, and no "
        "notifications/progress or notifications/message may be on the listen stream.",
    .changes_lists = true};

Outcome no_request_scoped(CheckContext& c) {
  const auto* kind = watchable(c.facts());
  if (kind == nullptr) return Outcome::skip(no_trigger_reason());
  std::vector<Json> calls;
  if (lists_tool(c.facts(), "test_tool_with_progress"))
    calls.push_back(tool_call("test_tool_with_progress", Json::object(), "conformance-progress"));
  if (lists_tool(c.facts(), "test_logging_tool")) {
    auto logging = tool_call("test_logging_tool", Json::object());
    logging["_meta"][modern::kLogLevelKey] = "debug";
    calls.push_back(std::move(logging));
  }
  calls.push_back(trigger_call(*kind));
  calls.push_back(trigger_call(*kind));
  const auto l = listen_while(c, {{kind->key, true}}, calls, kind->method);
  if (auto outcome = unproven(l)) return *outcome;
  for (const auto& m : l.messages) {
    const auto method = member(m, "method");
    if (method == "notifications/progress" || method == "notifications/message")
      return Outcome::fail("no progress or log notification on the listen stream", brief(m));
  }
  return Outcome::pass();
}

const CheckInfo kPromptsListChanged{
    .id = "prompts.list-changed",
    .title = "A prompts list change reaches a listen stream",
    .area = "prompts",
    .section = "server/prompts#list-changed-notification",
    .rule =
        "A server that declared listChanged for prompts sends a list-changed notification when "
        "its prompts change.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = {.capability = "prompts.listChanged", .streamable = true},
    .description =
        "Listens for promptsListChanged and calls the official fixture "
        "test_trigger_prompt_change twice (each call shows or hides one prompt, so the list "
        "ends as it began): notifications/prompts/list_changed must arrive on the stream.",
    .changes_lists = true};

Outcome prompts_list_changed(CheckContext& c) {
  if (!lists_tool(c.facts(), kPromptChanges.trigger))
    return Outcome::skip("the server lists no test_trigger_prompt_change");
  const auto l = listen_while(c, {{kPromptChanges.key, true}},
                              {trigger_call(kPromptChanges), trigger_call(kPromptChanges)},
                              kPromptChanges.method);
  if (auto outcome = unproven(l)) return *outcome;
  return Outcome::pass(std::to_string(l.awaited) + " list_changed for 2 changes");
}

const CheckInfo kToolsListChanged{
    .id = "tools.list-changed",
    .title = "A tools list change reaches a listen stream",
    .area = "tools",
    .section = "server/tools#list-changed-notification",
    .rule =
        "A server that declared listChanged for tools sends a list-changed notification when "
        "its set of tools changes.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = {.capability = "tools.listChanged", .streamable = true},
    .description =
        "Listens for toolsListChanged and calls the official fixture test_trigger_tool_change "
        "twice (each call shows or hides one tool, so the list ends as it began): "
        "notifications/tools/list_changed must arrive on the stream. It runs after the other "
        "checks, alone, so no other check sees the tool list change.",
    .changes_lists = true};

Outcome tools_list_changed(CheckContext& c) {
  if (!lists_tool(c.facts(), kToolChanges.trigger))
    return Outcome::skip("the server lists no test_trigger_tool_change");
  const auto l =
      listen_while(c, {{kToolChanges.key, true}},
                   {trigger_call(kToolChanges), trigger_call(kToolChanges)}, kToolChanges.method);
  if (auto outcome = unproven(l)) return *outcome;
  return Outcome::pass(std::to_string(l.awaited) + " list_changed for 2 changes");
}

// ---- what the server sends on every stream a client can watch ---------------

/// Every message the server sent while a check made it talk: over Streamable
/// HTTP, a listen stream for the lists whose changes it declares (with two changes when it lists a
/// trigger fixture), and tools/call of the call-tool and of the official
/// fixtures that need the client's input, which a 2026-07-28 server asks for
/// in a result, never in a request of its own.
struct Observed {
  std::vector<Json> messages;
  Json listen_id;  // null when the server declares no list changes
};

Observed observe_streams(CheckContext& c) {
  const auto& facts = c.facts();
  std::vector<Json> calls;
  if (!facts.call_tool.is_null())
    calls.push_back(tool_call(name_of(facts.call_tool), facts.call_arguments));
  for (const auto* fixture :
       {"test_input_required_result_elicitation", "test_input_required_result_sampling",
        "test_input_required_result_list_roots"}) {
    if (lists_tool(facts, fixture)) calls.push_back(tool_call(fixture, Json::object()));
  }
  Json filter = Json::object();
  for (const auto* kind : {&kToolChanges, &kPromptChanges}) {
    if (facts.has_capability(kind->capability)) filter[kind->key] = true;
  }
  if (facts.has_capability("resources.listChanged")) filter["resourcesListChanged"] = true;
  Observed out;
  // A listen stream is an HTTP response; over stdio only the calls' answers show.
  if (filter.empty() || facts.transport != client::TransportKind::kStreamableHttp) {
    auto s = session(c);
    for (const auto& params : calls)
      s->request("tools/call", params);
  } else if (const auto* kind = watchable(facts)) {
    calls.push_back(trigger_call(*kind));
    calls.push_back(trigger_call(*kind));
    out.listen_id = listen_while(c, filter, calls, kind->method).id;
  } else {
    out.listen_id =
        listen_while(c, filter, calls, "notifications/subscriptions/acknowledged", 1).id;
  }
  for (auto& received : server_messages(c.transcript().exchanges()))
    out.messages.push_back(std::move(received.message));
  return out;
}

const CheckInfo kNoServerRequests{
    .id = "base.v26.no-server-requests",
    .title = "The server sends no request of its own",
    .area = "base",
    .section = "basic/index",
    .rule = "The server never sends the client a JSON-RPC request of its own.",
    .versions = kModernVersions,
    .description =
        "Opens subscriptions/listen for the list changes the server declares (calling the "
        "official test_trigger_prompt_change or test_trigger_tool_change twice when listed) "
        "and calls the call-tool and the official fixtures "
        "test_input_required_result_{elicitation,sampling,list_roots} when listed: no message "
        "on the listen stream or on any response stream may be a request (a method and an "
        "id). Passes only once some answer was seen.",
    .changes_lists = true};

Outcome no_server_requests(CheckContext& c) {
  const auto observed = observe_streams(c);
  if (observed.messages.empty()) return Outcome::fail("the server's answers to judge", "none");
  for (const auto& m : observed.messages) {
    if (m.contains("method") && m.contains("id"))
      return Outcome::fail("notifications and responses only", brief(m));
  }
  return Outcome::pass(std::to_string(observed.messages.size()) + " message(s) seen");
}

const CheckInfo kServerCancel{
    .id = "util.cancel.v26-server-cancel",
    .title = "The server cancels nothing but a listen stream it tears down",
    .area = "cancellation",
    .section = "basic/utilities/cancellation",
    .rule =
        "The server sends a cancellation only to end a subscription stream that it is tearing "
        "down.",
    .versions = kModernVersions,
    .description =
        "Watches the same streams as base.v26.no-server-requests (a listen stream while lists "
        "change, and the answers to tools/call of the call-tool and the input-needing official "
        "fixtures): no notifications/cancelled may arrive, except on the listen stream for the "
        "listen request itself. Whether the server does cancel a listen stream it tears down "
        "needs a shutdown (subs.v26.graceful-close).",
    .changes_lists = true};

Outcome server_cancel(CheckContext& c) {
  const auto observed = observe_streams(c);
  if (observed.messages.empty()) return Outcome::fail("the server's answers to judge", "none");
  for (const auto& m : observed.messages) {
    if (member(m, "method") != "notifications/cancelled") continue;
    if (!observed.listen_id.is_null() &&
        member(member(m, "params"), "requestId") == observed.listen_id)
      continue;  // the server ending the listen stream: what the rule allows
    return Outcome::fail("no notifications/cancelled (no listen stream was torn down)", brief(m));
  }
  return Outcome::pass(std::to_string(observed.messages.size()) + " message(s) seen");
}

}  // namespace

void register_subscriptions_checks(Registry& registry) {
  registry.add(kAck, ack);
  registry.add(kFilter, filter);
  registry.add(kSubscriptionId, subscription_id);
  registry.add(kNoRequestScoped, no_request_scoped);
  registry.add(kPromptsListChanged, prompts_list_changed);
  registry.add(kToolsListChanged, tools_list_changed);
  registry.add(kNoServerRequests, no_server_requests);
  registry.add(kServerCancel, server_cancel);
}

}  // namespace mcp::conformance
