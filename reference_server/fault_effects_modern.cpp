#include <httplib.h>

#include "protocol/headers.hpp"
#include "reference_server/fault_effects.hpp"

namespace mcp::server {
namespace {

/// What a client would be asked under a capability it does not have.
Json input_request_for(const std::string& capability) {
  if (capability == "sampling") {
    return {
        {"method", "sampling/createMessage"},
        {"params",
         {{"messages",
           Json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", "Go on?"}}}}})},
          {"maxTokens", 100}}}};
  }
  if (capability == "roots") return {{"method", "roots/list"}};
  return {{"method", "elicitation/create"},
          {"params",
           {{"message", "Go on?"},
            {"requestedSchema", {{"type", "object"}, {"properties", Json::object()}}}}}};
}

/// The notification a listen stream carries for one kind of its filter.
std::optional<Json> notification_for(const Json& filter, const Json& subscription_id) {
  static const std::pair<const char*, const char*> kKinds[] = {
      {"toolsListChanged", "notifications/tools/list_changed"},
      {"promptsListChanged", "notifications/prompts/list_changed"},
      {"resourcesListChanged", "notifications/resources/list_changed"}};
  Json params = Json::object();
  std::string method;
  for (const auto& [key, kind] : kKinds) {
    if (method.empty() && filter.value(key, false)) method = kind;
  }
  const auto uris = filter.value("resourceSubscriptions", Json::array());
  if (method.empty() && uris.is_array() && !uris.empty()) {
    method = "notifications/resources/updated";
    params["uri"] = uris[0];
  }
  if (method.empty()) return std::nullopt;
  params["_meta"] = {{modern::kSubscriptionIdKey, subscription_id}};
  return jsonrpc::make_notification(method, std::move(params));
}

}  // namespace

void serve_without_capabilities(const Json& request, const modern::EnvelopeProblem& problem,
                                std::optional<modern::Envelope>& envelope) {
  // Only the capabilities may be missing: the version is still needed.
  if (problem.key != modern::kClientCapabilitiesKey || problem.problem != "missing") return;
  const auto& meta = request["params"]["_meta"];
  envelope = modern::Envelope{.protocol_version = meta[modern::kProtocolVersionKey]};
  if (const auto info = meta.find(modern::kClientInfoKey); info != meta.end() && info->is_object())
    envelope->client_info = *info;
}

void ask_for_undeclared_capability(Json& error) {
  // The request asks the client for input it said it cannot give.
  const auto required =
      error["error"].value("data", Json::object()).value("requiredCapabilities", Json::object());
  if (!required.is_object() || required.empty()) return;
  Json result{{"resultType", "input_required"},
              {"inputRequests", {{"input-1", input_request_for(required.begin().key())}}}};
  error = jsonrpc::make_result(error["id"], std::move(result));
}

void notify_before_acknowledging(const Emit& emit, Json& ack) {
  if (ack.is_null()) return;
  const auto& params = ack["params"];
  const auto id = params.value("_meta", Json::object()).value(modern::kSubscriptionIdKey, Json());
  if (auto first = notification_for(params.value("notifications", Json::object()), id))
    emit(*first);
}

void require_exact_header_names(HeaderComparison& comparison) {
  // The headers looked up with a case-sensitive map: "mcp-method" is not "Mcp-Method".
  bool spelt_exactly = false;
  for (const auto& [name, value] : comparison.request.headers)
    spelt_exactly = spelt_exactly || name == comparison.header;
  if (!spelt_exactly) comparison.agree = false;
}

void compare_base64_undecoded(HeaderComparison& comparison) {
  const std::string_view header = comparison.header;
  if (header != headers::kName && !header.starts_with(headers::kParamPrefix)) return;
  const auto raw = comparison.request.get_header_value(std::string(header));
  if (raw.starts_with("=?base64?")) comparison.agree = raw == comparison.body;
}

void admit_foreign_origin_to_modern(const httplib::Request& req, bool& refuse) {
  // The check kept on the legacy code path and forgotten on the new one.
  const auto version = parse_protocol_version(req.get_header_value(headers::kProtocolVersion));
  bool modern_request = version && is_modern(*version);
  if (!modern_request && req.method == "POST") {
    const auto body = jsonrpc::parse(req.body);
    modern_request = body.value && modern::has_envelope(*body.value);
  }
  if (modern_request) refuse = false;
}

void duplicate_header_mark(Json& tools_list_result) {
  // Mcp-Param-Region would stand for two arguments: a client drops the tool.
  const auto tools = tools_list_result.find("tools");
  if (tools == tools_list_result.end() || !tools->is_array()) return;
  for (auto& tool : *tools) {
    if (!tool.is_object() || tool.value("name", Json()) != "test_custom_headers_null") continue;
    tool["inputSchema"]["properties"]["verbose"]["x-mcp-header"] = "Region";
  }
}

void cancel_ahead_of_answer(const httplib::Request& req, httplib::Response& res) {
  // The server tells the client it cancelled the call, then answers it anyway.
  const auto request = jsonrpc::parse(req.body);
  if (!request.value || !request.value->is_object() ||
      request.value->value("method", Json()) != "tools/call" ||
      res.get_header_value("Content-Type") != "application/json" || res.status != 200)
    return;
  const auto cancelled = jsonrpc::make_notification(
      "notifications/cancelled",
      {{"requestId", (*request.value)["id"]}, {"reason", "the server gave up on the call"}});
  const std::string events = "event: message\ndata: " + jsonrpc::serialize(cancelled) +
                             "\n\nevent: message\ndata: " + res.body + "\n\n";
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_content(events, "text/event-stream");
}

}  // namespace mcp::server
