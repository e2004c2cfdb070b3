// Spec page basic/utilities/cancellation.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kCancellationArea = "cancellation";

/// A response nobody waited for that names a request id (an HTTP error body
/// for a refused message may carry a JSON-RPC error with id null: that is allowed).
std::optional<Json> stray_response(McpSession& s) {
  for (const auto& m : s.transport().router().unexpected_responses()) {
    if (!member(m.message, "id").is_null()) return m.message;
  }
  return std::nullopt;
}

const CheckInfo kIgnoreInvalid{
    .id = "util.cancel.ignore-invalid",
    .title = "Cancellations of unknown requests, or malformed ones, are ignored",
    .area = kCancellationArea,
    .section = "basic/utilities/cancellation#behavior-requirements",
    .rule =
        "A cancellation that names no request in progress, or that is malformed, is "
        "ignored rather than answered.",
    .level = Level::kShould,
    .description =
        "Sends notifications/cancelled for a request id never used (a string and an integer) "
        "and one without a requestId. The first two must be accepted (2xx over HTTP), the "
        "malformed one accepted or refused with a 4xx, none answered with a JSON-RPC message; "
        "ping must still work afterwards."};

Outcome ignore_invalid(CheckContext& c) {
  auto s = session(c);
  const std::vector<std::pair<Json, bool>> cancels{
      // params, malformed
      {{{"requestId", "conformance-never-sent"}, {"reason", "conformance: unknown id"}}, false},
      {{{"requestId", 987654321}}, false},
      {{{"reason", "conformance: no requestId"}}, true}};
  for (const auto& [params, malformed] : cancels) {
    const auto r = s->notify("notifications/cancelled", params);
    const bool accepted = over_http(c) ? is_2xx(r.http_status) : r.ok();
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
}

const CheckInfo kRace{
    .id = "util.cancel.race",
    .title = "A cancellation that arrives after the response is handled gracefully",
    .area = kCancellationArea,
    .section = "basic/utilities/cancellation#timing-considerations",
    .rule = "A cancellation that crosses the response to its request does the server no harm.",
    .versions = kEveryVersion,
    .description =
        "Three times: a request (the call-tool, else ping), then notifications/cancelled for it "
        "right after its response. The cancellation must not be refused with a 5xx, no second "
        "response may come for the request, and the server must still answer ping. At "
        "2026-07-28 (no ping) server/discover stands in for ping, and the cancellation is a "
        "notification POST with its 2026-07-28 headers."};

Outcome race(CheckContext& c) {
  auto s = session(c);
  const bool tool = !c.facts().call_tool.is_null();
  for (int i = 0; i < 3; ++i) {
    const Json id = "conformance-race-" + std::to_string(i);
    const auto r = tool ? s->request("tools/call",
                                     tool_call(string_member(c.facts().call_tool, "name"),
                                               c.facts().call_arguments),
                                     id)
                        : s->request(answered_method(c), Json::object(), id);
    if (!r.ok()) return Outcome::fail("an answer to request " + id.dump(), describe(r));
    const auto n = s->notify("notifications/cancelled",
                             {{"requestId", id}, {"reason", "conformance: cancel race"}});
    if (over_http(c) ? (n.http_status == 0 || n.http_status >= 500) : !n.ok())
      return Outcome::fail("the late cancellation accepted or ignored", describe(n));
  }
  const auto ping = s->request(answered_method(c));
  if (!has_result(ping)) {
    return Outcome::fail(answered_method(c) + " answered after the late cancellations",
                         describe(ping));
  }
  observe(std::chrono::milliseconds(200));
  if (const auto extra = stray_response(*s))
    return Outcome::fail("one response per request", "another: " + brief(*extra));
  return Outcome::pass(tool ? "" : "no tool to call: raced against " + answered_method(c));
}

}  // namespace

void register_cancellation_checks(Registry& registry) {
  registry.add(kIgnoreInvalid, ignore_invalid);
  registry.add(kRace, race);
}

}  // namespace mcp::conformance
