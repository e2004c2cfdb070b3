// Spec page basic/index, the rules 2026-07-28 adds: what every result carries,
// and the per-request envelope a server must insist on. Registered with the
// base area (base.cpp calls register_base_v26_checks).
#include "conformance/checks/check_util.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::string kBaseV26Area = "base";

/// A request of each kind the server declares, with the answers that hold a
/// result: the results the rules about every result are judged on.
std::vector<std::pair<std::string, Json>> sample_results(CheckContext& c, McpSession& s) {
  std::vector<std::pair<std::string, client::CallResult>> calls;
  calls.emplace_back("server/discover", s.request("server/discover"));
  for (const auto* feature : {"tools", "resources", "prompts"}) {
    if (c.facts().has_capability(feature))
      calls.emplace_back(std::string(feature) + "/list", s.request(std::string(feature) + "/list"));
  }
  if (!c.facts().call_tool.is_null()) {
    calls.emplace_back("tools/call", s.request("tools/call", tool_call(name_of(c.facts().call_tool),
                                                                       c.facts().call_arguments)));
  }
  std::vector<std::pair<std::string, Json>> out;
  for (const auto& [method, call] : calls) {
    if (has_result(answered(call, method))) out.emplace_back(method, result_of(call));
  }
  return out;
}

const CheckInfo kResultType{
    .id = "base.v26.result-type",
    .title = "Every result states its resultType",
    .area = kBaseV26Area,
    .section = "basic/index#responses",
    .rule =
        "Every result states its resultType: complete, input_required, or an extension value "
        "the server declared.",
    .versions = kModernVersions,
    .description =
        "Calls server/discover, each declared list and the call-tool; every result must carry "
        "resultType as a non-empty string. Which extension values a server declared cannot be "
        "known here, so any string is accepted."};

Outcome result_type(CheckContext& c) {
  auto s = session(c);
  const auto results = sample_results(c, *s);
  if (results.empty()) return Outcome::fail("a result to server/discover", "none");
  for (const auto& [method, result] : results) {
    const auto type = member(result, "resultType");
    if (!type.is_string() || type.get<std::string>().empty())
      return Outcome::fail(method + " result with a resultType string", brief(result));
  }
  return Outcome::pass();
}

const CheckInfo kServerInfo{
    .id = "base.v26.server-info",
    .title = "Every result names the server in its _meta",
    .area = kBaseV26Area,
    .section = "basic/index#responses",
    .rule = "Every result names the server in its _meta.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .description =
        "Calls each declared list and the call-tool; every result's _meta must hold "
        "io.modelcontextprotocol/serverInfo, an object with a string name. server/discover's "
        "is version.v26.discover-serverinfo's business."};

Outcome server_info(CheckContext& c) {
  auto s = session(c);
  const auto results = sample_results(c, *s);
  std::size_t judged = 0;
  for (const auto& [method, result] : results) {
    if (method == "server/discover") continue;
    ++judged;
    const auto info = member(member(result, "_meta"), modern::kServerInfoKey);
    if (!member(info, "name").is_string())
      return Outcome::fail(method + " result whose _meta names the server", brief(result));
  }
  if (judged == 0) return Outcome::skip("no result but server/discover's to judge");
  return Outcome::pass();
}

const CheckInfo kMetaRequired{
    .id = "base.v26.meta-required",
    .title = "A request without the envelope's required keys is refused",
    .area = kBaseV26Area,
    .section = "basic/index#requests",
    .rule =
        "A request whose _meta lacks the protocol version or the client capabilities gets "
        "error -32602, over HTTP with status 400.",
    .versions = kModernVersions,
    .description =
        "Sends server/discover (tools/list when tools are declared) with an envelope that lacks "
        "io.modelcontextprotocol/clientCapabilities, headers as a client would send them: the "
        "answer must be error -32602, with HTTP status 400."};

Outcome meta_required(CheckContext& c) {
  auto s = session(c);
  auto& modern_session = *s->modern();
  const std::string method = c.facts().has_capability("tools") ? "tools/list" : "server/discover";
  auto message =
      modern_session.make_request(Json(modern_session.next_id()), method, Json::object());
  message["params"]["_meta"].erase(modern::kClientCapabilitiesKey);
  const auto r =
      modern_session.send_raw(message, client::modern_headers(c.version_text(), message));
  const bool http = r.http_status != 0;
  if (error_code(r) != jsonrpc::kInvalidParams || (http && r.http_status != 400)) {
    return Outcome::fail(std::string("error -32602") + (http ? " with HTTP 400" : ""), describe(r));
  }
  return Outcome::pass();
}

}  // namespace

void register_base_v26_more_checks(Registry& registry);

void register_base_v26_checks(Registry& registry) {
  registry.add(kResultType, result_type);
  registry.add(kServerInfo, server_info);
  registry.add(kMetaRequired, meta_required);
  register_base_v26_more_checks(registry);
}

}  // namespace mcp::conformance
