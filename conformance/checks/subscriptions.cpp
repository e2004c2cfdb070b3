// Spec page basic/patterns/subscriptions (2026-07-28): subscriptions/listen,
// the stream that replaced the GET stream and resources/subscribe.
#include <algorithm>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

using namespace std::chrono_literals;

const std::string kArea = "subscriptions";
const VersionSet kModern{ProtocolVersion::k2026_07_28};

const CheckInfo kAck{
    .id = "subs.v26.ack",
    .title = "A listen stream begins with its acknowledgement",
    .area = kArea,
    .section = "basic/patterns/subscriptions",
    .rule =
        "A subscription stream begins with an acknowledgement naming the subscription and the "
        "notifications it will carry.",
    .versions = kModern,
    .needs = {.capability = "tools.listChanged", .streamable = true},
    .description =
        "Opens subscriptions/listen for toolsListChanged (the server declares "
        "tools.listChanged): the first message on the stream must be "
        "notifications/subscriptions/acknowledged whose params hold a notifications object and "
        "whose _meta io.modelcontextprotocol/subscriptionId is the listen request's id."};

Outcome ack(CheckContext& c) {
  auto connection = c.open_modern();
  auto& s = connection->session();
  const Json id = "conformance-listen-" + random_suffix();
  const auto request =
      s.make_request(id, "subscriptions/listen", {{"notifications", {{"toolsListChanged", true}}}});
  client::HttpSettings settings;
  settings.url = c.target().url;
  settings.headers = c.target().headers;
  settings.deadlines = c.target().deadlines;
  client::ListenStream stream(settings, request, client::modern_headers(c.version_text(), request),
                              &c.transcript());
  // The acknowledgement comes first and at once; waiting longer shows nothing more.
  const auto wait = std::min<std::chrono::milliseconds>(c.target().deadlines.first_byte, 5s);
  const int status = stream.wait_status(wait);
  const auto messages = stream.wait_messages(1, wait);
  stream.close();
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

}  // namespace

void register_subscriptions_checks(Registry& registry) {
  registry.add(kAck, ack);
}

}  // namespace mcp::conformance
