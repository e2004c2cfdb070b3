// Spec page basic/utilities/ping.
#include "conformance/checks/check_util.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::string kPingArea = "ping";

const CheckInfo kRespond{
    .id = "util.ping.respond",
    .title = "ping gets an empty result, promptly",
    .area = kPingArea,
    .section = "basic/utilities/ping#behavior-requirements",
    .rule = "A server answers ping promptly with an empty result.",
    .description =
        "Sends ping: the result must be an empty object (_meta allowed). An answer "
        "slower than 2 s is a warning."};

Outcome respond(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("ping");
  if (!has_result(r)) return Outcome::fail("a result", describe(r));
  if (!empty_result(result_of(r)))
    return Outcome::fail("an empty result ({} or only _meta)", brief(result_of(r)));
  if (r.elapsed_ms > 2000) {
    return Outcome::warn("an answer within 2 s (promptly)",
                         std::to_string(static_cast<long>(r.elapsed_ms)) + " ms");
  }
  return Outcome::pass();
}

const CheckInfo kRemoved{
    .id = "util.ping.removed",
    .title = "2026-07-28: ping is an unknown method",
    .area = kPingArea,
    .section = "changelog",
    .rule = "2026-07-28 has no ping, so a ping gets the answer to any unknown method.",
    .versions = kModernVersions,
    .description =
        "Sends ping with the envelope: the answer must be JSON-RPC error -32601 (over Streamable "
        "HTTP its status is transport.http.v26.unknown-method's business)."};

Outcome removed(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("ping");
  if (error_code(r) != jsonrpc::kMethodNotFound) return Outcome::fail("error -32601", describe(r));
  return Outcome::pass();
}

}  // namespace

void register_ping_checks(Registry& registry) {
  registry.add(kRespond, respond);
  registry.add(kRemoved, removed);
}

}  // namespace mcp::conformance
