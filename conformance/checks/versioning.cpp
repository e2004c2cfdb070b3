// Spec pages basic/versioning and server/discover (2026-07-28): which versions a
// server speaks, how it says so, and how it refuses the others.
#include <algorithm>

#include "conformance/checks/check_util.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::string kVersioningArea = "versioning";
/// A version no server speaks.
const std::string kFutureVersion = "2099-01-01";

/// server/discover's result in a connection of the check's own; nullopt (and
/// `got` set) when there is none.
std::optional<Json> discover(CheckContext& c, std::string* got) {
  auto s = session(c);
  const auto r = s->request("server/discover");
  if (!has_result(r)) {
    *got = describe(r);
    return std::nullopt;
  }
  return result_of(r);
}

const CheckInfo kDiscoverServerInfo{
    .id = "version.v26.discover-serverinfo",
    .title = "server/discover names the server in its _meta",
    .area = kVersioningArea,
    .section = "server/discover",
    .rule = "The server/discover result names the server in its _meta.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .description =
        "Calls server/discover: its result's _meta must hold "
        "io.modelcontextprotocol/serverInfo, an object with a string name."};

Outcome discover_server_info(CheckContext& c) {
  std::string got;
  const auto result = discover(c, &got);
  if (!result) return Outcome::fail("a server/discover result", got);
  const auto info = member(member(*result, "_meta"), modern::kServerInfoKey);
  if (!member(info, "name").is_string())
    return Outcome::fail("_meta[\"" + std::string(modern::kServerInfoKey) + "\"] with a name",
                         brief(*result));
  return Outcome::pass();
}

const CheckInfo kUnsupported{
    .id = "version.v26.unsupported",
    .title = "A version the server does not speak is refused with the list it does",
    .area = kVersioningArea,
    .section = "basic/versioning",
    .rule =
        "A request for a version the server does not implement gets error -32022 listing "
        "the versions it supports, over HTTP with status 400.",
    .versions = kModernVersions,
    .description =
        "Sends server/discover with the envelope and MCP-Protocol-Version saying 2099-01-01: "
        "the answer must be error -32022 whose data.supported is a non-empty array of "
        "strings, with HTTP status 400."};

Outcome unsupported(CheckContext& c) {
  auto connection = c.open_modern();
  auto& s = connection->session();
  auto message = s.make_request(Json(s.next_id()), "server/discover", Json::object());
  message["params"]["_meta"][modern::kProtocolVersionKey] = kFutureVersion;
  const auto r = s.send_raw(message, client::modern_headers(kFutureVersion, message));
  const bool http = r.http_status != 0;
  if (error_code(r) != jsonrpc::kUnsupportedProtocolVersion || (http && r.http_status != 400)) {
    return Outcome::fail(std::string("error -32022") + (http ? " with HTTP 400" : ""), describe(r));
  }
  const auto supported = member(member((*r.response)["error"], "data"), "supported");
  const bool listed = supported.is_array() && !supported.empty() &&
                      std::ranges::all_of(supported, [](const Json& v) { return v.is_string(); });
  if (!listed) return Outcome::fail("data.supported listing the versions it speaks", describe(r));
  return Outcome::pass();
}

const CheckInfo kLegacyInitializeVersion{
    .id = "version.v26.legacy-initialize",
    .title = "A refused initialize names the versions the server speaks",
    .area = kVersioningArea,
    .section = "basic/versioning",
    .rule =
        "A server that speaks only 2026-07-28 names the versions it supports in any error it "
        "returns to initialize.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .description =
        "Sends a legacy initialize offering 2025-11-25. A server that serves it speaks both eras "
        "and is not judged (skip); an error must carry data.supported, a non-empty array of "
        "version strings."};

Outcome legacy_initialize_version(CheckContext& c) {
  const auto r = initialize_alone(c, std::string(to_string(kLatestLegacyVersion)));
  if (has_result(r)) return Outcome::skip("the server serves initialize (it speaks both eras)");
  if (!r.response || !r.response->contains("error"))
    return Outcome::fail("an initialize result or a JSON-RPC error", describe(r));
  const auto supported = member(member((*r.response)["error"], "data"), "supported");
  const bool listed = supported.is_array() && !supported.empty() &&
                      std::ranges::all_of(supported, [](const Json& v) { return v.is_string(); });
  if (!listed) return Outcome::fail("data.supported listing the versions it speaks", describe(r));
  return Outcome::pass();
}

}  // namespace

void register_versioning_v26_checks(Registry& registry);

void register_versioning_checks(Registry& registry) {
  registry.add(kDiscoverServerInfo, discover_server_info);
  registry.add(kUnsupported, unsupported);
  registry.add(kLegacyInitializeVersion, legacy_initialize_version);
  register_versioning_v26_checks(registry);
}

}  // namespace mcp::conformance
