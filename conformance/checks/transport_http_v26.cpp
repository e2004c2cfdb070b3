// Spec page basic/transports/streamable-http at 2026-07-28: every POST stands
// alone, its headers mirror its body, and the HTTP status says what kind of
// refusal an error is. The checks send raw exchanges, so each controls every
// header it sends. Part of the transport-http area (transport_http.cpp
// registers these).
#include <algorithm>

#include "conformance/checks/check_util.hpp"
#include "protocol/headers.hpp"
#include "protocol/http_util.hpp"
#include "protocol/request_metadata.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::conformance {
namespace {

const std::string kTransportHttpV26Area = "transport-http";
const std::string kTransportHttpV26Page = "basic/transports/streamable-http";
const Needs kStreamableOnly{.streamable = true};

/// A request every 2026-07-28 server answers: tools/list when tools are
/// declared, else server/discover.
Json plain_request(const CheckContext& c) {
  return modern_request(c, c.facts().has_capability("tools") ? "tools/list" : "server/discover");
}

/// tools/call of the call-tool (null when there is none).
Json call_request(const CheckContext& c, Json meta = Json::object()) {
  if (c.facts().call_tool.is_null()) return nullptr;
  Json params{{"name", string_member(c.facts().call_tool, "name")},
              {"arguments", c.facts().call_arguments}};
  if (!meta.empty()) params["_meta"] = std::move(meta);
  return modern_request(c, "tools/call", std::move(params));
}

/// Each case of a header rule: what is sent, and the refusal it must get.
struct Refusal {
  std::string what;  // "MCP-Protocol-Version missing"
  Json request;
  HeaderEdit edit;
};

Outcome judge_refusals(CheckContext& c, const Json& control, const std::vector<Refusal>& cases,
                       int code) {
  if (const auto problem = not_served(post_modern(c, control)); !problem.empty())
    return Outcome::fail("a result for a request whose headers match its body", problem);
  for (const auto& refusal : cases) {
    const auto answer = post_modern(c, refusal.request, refusal.edit);
    if (const auto problem = not_refused(answer, 400, code); !problem.empty()) {
      return Outcome::fail("HTTP 400 with error " + std::to_string(code) + " for " + refusal.what,
                           problem);
    }
  }
  return Outcome::pass();
}

const CheckInfo kProtover{
    .id = "transport.http.v26.protover",
    .title = "MCP-Protocol-Version missing or unlike _meta: 400, -32020",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#protocol-version-header",
    .rule =
        "The MCP-Protocol-Version header must match the version in the request's _meta, and a "
        "missing or different one gets HTTP 400 with error -32020.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.protover",
    .description =
        "A request whose headers match is served; the same request with MCP-Protocol-Version "
        "2025-11-25 (the _meta saying 2026-07-28) must get 400 / -32020, and so must one "
        "without the header, unless the server also serves 2025-03-26 clients, which may treat "
        "it as 2025-03-26."};

Outcome protover(CheckContext& c) {
  const auto request = plain_request(c);
  std::vector<Refusal> cases{
      {"MCP-Protocol-Version 2025-11-25 with a 2026-07-28 _meta", request,
       [](client::Headers& h) { set_header(h, headers::kProtocolVersion, "2025-11-25"); }}};
  if (!c.facts().speaks_legacy) {
    cases.push_back({"no MCP-Protocol-Version", request,
                     [](client::Headers& h) { drop_header(h, headers::kProtocolVersion); }});
  }
  return judge_refusals(c, request, cases, jsonrpc::kHeaderMismatch);
}

const CheckInfo kStdHeaders{
    .id = "transport.http.v26.std-headers",
    .title = "Mcp-Method and Mcp-Name missing or unlike the body: 400, -32020",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#standard-request-headers",
    .rule =
        "Every request carries its method in Mcp-Method and, where it names a tool, resource or "
        "prompt, that name in Mcp-Name, and a missing or wrong one gets HTTP 400.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.std-headers",
    .description =
        "Without Mcp-Method, and with Mcp-Method naming another method, a request must get "
        "400 / -32020; a tools/call of the call-tool without Mcp-Name, or naming another tool, "
        "too (the control requests, headers matching, are served)."};

Outcome std_headers(CheckContext& c) {
  const auto request = plain_request(c);
  const auto other = request["method"] == "tools/list" ? "prompts/list" : "tools/list";
  auto verdict = judge_refusals(
      c, request,
      {{"no Mcp-Method", request, [](client::Headers& h) { drop_header(h, headers::kMethod); }},
       {std::string("Mcp-Method: ") + other + " on " + request["method"].get<std::string>(),
        request, [&](client::Headers& h) { set_header(h, headers::kMethod, other); }}},
      jsonrpc::kHeaderMismatch);
  if (verdict.verdict != reports::Verdict::kPass) return verdict;
  const auto call = call_request(c);
  if (call.is_null()) return Outcome::pass("no tool to call: Mcp-Name not tried");
  const auto wrong = "conformance-other-" + random_suffix();
  return judge_refusals(c, call,
                        {{"no Mcp-Name on tools/call", call,
                          [](client::Headers& h) { drop_header(h, headers::kName); }},
                         {"Mcp-Name: " + wrong + " on a call of another tool", call,
                          [&](client::Headers& h) { set_header(h, headers::kName, wrong); }}},
                        jsonrpc::kHeaderMismatch);
}

/// `text` in upper case (ASCII letters only).
std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return text;
}

const CheckInfo kHeaderCase{
    .id = "transport.http.v26.header-case",
    .title = "Header names ignore case, header values do not",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#case-sensitivity",
    .rule =
        "Header names are compared without regard to case, and header values with regard to it.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.header-case",
    .description =
        "The MCP headers spelt in lower case (mcp-protocol-version, mcp-method, mcp-name) must "
        "be accepted; Mcp-Method in upper case (TOOLS/LIST), and Mcp-Name in upper case for a "
        "call-tool whose name has lower-case letters, must get 400 / -32020."};

Outcome header_case(CheckContext& c) {
  const auto lower_names = [](client::Headers& headers) {
    for (auto& [name, value] : headers) {
      if (name.starts_with("MCP-") || name.starts_with("Mcp-"))
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    }
  };
  const auto request = plain_request(c);
  const auto call = call_request(c);
  for (const auto& sent : {request, call}) {
    if (sent.is_null()) continue;
    if (const auto problem = not_served(post_modern(c, sent, lower_names)); !problem.empty()) {
      return Outcome::fail("a result for " + sent["method"].get<std::string>() +
                               " with the MCP header names in lower case",
                           problem);
    }
  }
  const auto method = request["method"].get<std::string>();
  std::vector<Refusal> cases{{"Mcp-Method: " + upper(method), request, [&](client::Headers& h) {
                                set_header(h, headers::kMethod, upper(method));
                              }}};
  const auto name = string_member(c.facts().call_tool, "name");
  if (!call.is_null() && upper(name) != name && modern::is_plain_header_value(upper(name))) {
    cases.push_back({"Mcp-Name: " + upper(name) + " for the tool " + name, call,
                     [&](client::Headers& h) { set_header(h, headers::kName, upper(name)); }});
  }
  return judge_refusals(c, request, cases, jsonrpc::kHeaderMismatch);
}

const CheckInfo kBase64Headers{
    .id = "transport.http.v26.base64-headers",
    .title = "A =?base64?...?= Mcp-Name is decoded; bad Base64 is refused",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#value-encoding",
    .rule =
        "The server decodes base64-encoded Mcp-Name and Mcp-Param values before it compares "
        "them with the body.",
    .versions = kModernVersions,
    .needs = {.tool = true, .streamable = true},
    .requirement = "transport.v26.base64-headers",
    .description =
        "Calls the call-tool with its Mcp-Name sent as =?base64?<the name in Base64>?=: it "
        "must be served; the name in Base64 that has lost its padding or holds a character "
        "outside the alphabet must get 400 / -32020."};

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const unsigned char ch : bytes) {
    buffer = (buffer << 8) | ch;
    for (bits += 8; bits >= 6; bits -= 6)
      out += kAlphabet[(buffer >> (bits - 6)) & 63];
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  while (out.size() % 4)
    out += '=';
  return out;
}

Outcome base64_headers(CheckContext& c) {
  const auto call = call_request(c);
  if (call.is_null()) return Outcome::skip("no tool to call: " + c.facts().call_tool_note);
  const auto name = string_member(c.facts().call_tool, "name");
  const auto wrapped = "=?base64?" + base64(name) + "?=";
  if (const auto problem = not_served(post_modern(
          c, call, [&](client::Headers& h) { set_header(h, headers::kName, wrapped); }));
      !problem.empty()) {
    return Outcome::fail("a result for Mcp-Name: " + wrapped, problem);
  }
  auto unpadded = base64(name + "!");  // 1 or 2 '=' unless the length is a multiple of 3
  std::erase(unpadded, '=');
  const auto broken = unpadded.size() % 4 ? "=?base64?" + unpadded + "?="
                                          : "=?base64?" + unpadded.substr(1) + "*?=";
  return judge_refusals(c, call,
                        {{"Mcp-Name: " + broken + " (malformed Base64)", call,
                          [&](client::Headers& h) { set_header(h, headers::kName, broken); }}},
                        jsonrpc::kHeaderMismatch);
}

const CheckInfo kUnsupportedVersion{
    .id = "transport.http.v26.unsupported-version",
    .title = "An unsupported version: 400, -32022 with the supported versions",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#protocol-version-header",
    .rule =
        "A request for a version the server does not implement gets HTTP 400 with error -32022.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.unsupported-version",
    .description =
        "server/discover with version 2099-01-01 in the header and in _meta must get 400 / "
        "-32022 whose data.supported lists the versions the server speaks, 2026-07-28 among "
        "them."};

Outcome unsupported_version(CheckContext& c) {
  auto request = modern_request(c, "server/discover");
  request["params"]["_meta"][modern::kProtocolVersionKey] = "2099-01-01";
  const auto answer = post_modern(c, request, [](client::Headers& h) {
    set_header(h, headers::kProtocolVersion, "2099-01-01");
  });
  if (const auto problem = not_refused(answer, 400, jsonrpc::kUnsupportedProtocolVersion);
      !problem.empty())
    return Outcome::fail("HTTP 400 with error -32022 for version 2099-01-01", problem);
  const auto supported = member(member(member(response_in(answer), "error"), "data"), "supported");
  if (!supported.is_array() ||
      std::find(supported.begin(), supported.end(), Json(c.version_text())) == supported.end())
    return Outcome::fail("error.data.supported listing " + c.version_text(), describe(answer));
  return Outcome::pass();
}

const CheckInfo kModernUnknownMethod{
    .id = "transport.http.v26.unknown-method",
    .title = "An unknown method: 404 with -32601",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#protocol-version-header",
    .rule =
        "A request for a method the server does not implement gets HTTP 404 with a JSON-RPC "
        "error -32601.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.unknown-method",
    .description =
        "A made-up method, and ping (which 2026-07-28 removed), each with the envelope and "
        "matching headers, must get HTTP 404 with a JSON-RPC error -32601 in the body."};

Outcome modern_unknown_method(CheckContext& c) {
  for (const auto& method :
       {"conformance/no-such-method-" + random_suffix(), std::string("ping")}) {
    const auto answer = post_modern(c, modern_request(c, method));
    if (const auto problem = not_refused(answer, 404, jsonrpc::kMethodNotFound); !problem.empty())
      return Outcome::fail("HTTP 404 with error -32601 for " + method, problem);
  }
  return Outcome::pass();
}

const CheckInfo kModernNotification202{
    .id = "transport.http.v26.notification-202",
    .title = "An accepted notification gets 202, a malformed one an HTTP error",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#sending-messages-to-the-server",
    .rule =
        "A notification the server accepts gets HTTP 202 with an empty body, and one it cannot "
        "accept gets an HTTP error.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.notification-202",
    .description =
        "POSTs notifications/cancelled for a request that does not exist (servers ignore it) "
        "with its 2026-07-28 headers: 202 and no body; {\"jsonrpc\":\"2.0\",\"method\":42} "
        "must get a 4xx."};

Outcome modern_notification_202(CheckContext& c) {
  const auto notification =
      jsonrpc::make_notification("notifications/cancelled", {{"requestId", "none"}});
  const auto accepted = post_modern(c, notification);
  if (accepted.status != 202 || !accepted.body.empty() || !accepted.events.empty())
    return Outcome::fail("HTTP 202 and no body", describe(accepted));
  // Hand-made headers: the client's would need a method name to mirror.
  const auto refused = c.http("POST",
                              {{"Content-Type", "application/json"},
                               {"Accept", "application/json, text/event-stream"},
                               {headers::kProtocolVersion, c.version_text()},
                               {headers::kMethod, "42"}},
                              R"({"jsonrpc":"2.0","method":42})");
  if (!is_4xx(refused.status))
    return Outcome::fail("HTTP 4xx for a notification whose method is 42", describe(refused));
  return Outcome::pass();
}

const CheckInfo kSessionIgnored{
    .id = "transport.http.v26.session-ignored",
    .title = "No session ids: a bogus Mcp-Session-Id is ignored, none is issued",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#earlier-streamable-http-revisions",
    .rule = "The server neither issues nor honours session ids and ignores Last-Event-ID.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.session-ignored",
    .description =
        "A request with a matching set of headers, and the same with a never-issued "
        "Mcp-Session-Id and a Last-Event-ID, must both be served, and neither answer may carry "
        "an Mcp-Session-Id."};

Outcome session_ignored(CheckContext& c) {
  const auto request = plain_request(c);
  const auto plain = post_modern(c, request);
  const auto bogus = post_modern(c, request, [](client::Headers& h) {
    h.emplace_back(headers::kSessionId, "conformance-never-issued-" + random_suffix());
    h.emplace_back(headers::kLastEventId, "conformance-0");
  });
  for (const auto* answer : {&plain, &bogus}) {
    const auto what = answer == &plain ? std::string("a request") : "a bogus Mcp-Session-Id";
    if (const auto problem = not_served(*answer); !problem.empty())
      return Outcome::fail("a result for " + what, problem);
    if (const auto id = answer->header(headers::kSessionId))
      return Outcome::fail("no Mcp-Session-Id on the answer to " + what, "Mcp-Session-Id: " + *id);
  }
  return Outcome::pass();
}

const CheckInfo kXAccel{
    .id = "transport.http.v26.sse.x-accel",
    .title = "SSE answers carry X-Accel-Buffering: no",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#receiving-messages",
    .rule = "An event stream response carries the header X-Accel-Buffering: no.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.sse.x-accel",
    .description =
        "Calls the call-tool with a progress token; when that is answered with SSE, or else "
        "when the server declares listChanged and subscriptions/listen answers with SSE, the "
        "answer must carry X-Accel-Buffering: no (skipped when nothing is answered with SSE)."};

/// The headers of a subscriptions/listen stream for every list the server says changes.
std::optional<client::Headers> listen_headers(CheckContext& c) {
  Json filter = Json::object();
  for (const auto* kind : {"tools", "prompts", "resources"}) {
    if (c.facts().has_capability(std::string(kind) + ".listChanged"))
      filter[std::string(kind) + "ListChanged"] = true;
  }
  if (filter.empty()) return std::nullopt;
  const auto request =
      modern_request(c, "subscriptions/listen", Json{{"notifications", std::move(filter)}});
  client::HttpSettings settings;
  settings.url = c.target().url;
  settings.headers = c.target().headers;
  settings.deadlines = c.target().deadlines;
  settings.limits = c.target().limits;
  client::ListenStream stream(settings, request, client::modern_headers(c.version_text(), request),
                              &c.transcript());
  const auto status = stream.wait_status(std::chrono::seconds(5));
  auto headers = stream.headers();
  stream.close();
  const auto type = http::media_type(client::find_header(headers, "Content-Type").value_or(""));
  if (status != 200 || type != "text/event-stream") return std::nullopt;
  return headers;
}

Outcome x_accel(CheckContext& c) {
  std::optional<client::Headers> sse_headers;
  std::string what;
  if (const auto call = call_request(c, {{"progressToken", "conformance-x-accel"}});
      !call.is_null()) {
    const auto answer = post_modern(c, call);
    if (answer.sse) {
      sse_headers = answer.headers;
      what = "the SSE answer to tools/call";
    }
  }
  if (!sse_headers) {
    sse_headers = listen_headers(c);
    what = "the subscriptions/listen stream";
  }
  if (!sse_headers) return Outcome::skip("nothing the check sent was answered with SSE");
  const auto value = client::find_header(*sse_headers, "X-Accel-Buffering");
  if (value != "no")
    return Outcome::fail("X-Accel-Buffering: no on " + what,
                         value ? "X-Accel-Buffering: " + *value : "no X-Accel-Buffering");
  return Outcome::pass();
}

const CheckInfo kOrigin{
    .id = "transport.http.v26.origin",
    .title = "A foreign Origin gets 403; no Origin is fine",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#security-warning",
    .rule =
        "The server checks the Origin of every request and answers one it does not accept with "
        "HTTP 403.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.origin",
    .description =
        "A 2026-07-28 request with Origin: http://evil.example must get HTTP 403 (DNS-rebinding "
        "defence); without an Origin header it must be served."};

Outcome origin(CheckContext& c) {
  const auto request = plain_request(c);
  const auto refused = post_modern(
      c, request, [](client::Headers& h) { h.emplace_back("Origin", "http://evil.example"); });
  if (refused.status != 403)
    return Outcome::fail("HTTP 403 for Origin http://evil.example", describe(refused));
  if (const auto problem = not_served(post_modern(c, request)); !problem.empty())
    return Outcome::fail("a result without an Origin header", problem);
  return Outcome::pass();
}

const CheckInfo kModernRequestContentType{
    .id = "transport.http.v26.request-content-type",
    .title = "Requests are answered with application/json or text/event-stream",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#sending-messages-to-the-server",
    .rule = "A request is answered either with one JSON object or with an event stream.",
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.request-content-type",
    .description =
        "server/discover, and tools/list when tools are declared: each answer is 2xx, "
        "application/json holding one JSON object or text/event-stream."};

Outcome modern_request_content_type(CheckContext& c) {
  std::vector<Json> requests{modern_request(c, "server/discover")};
  if (c.facts().has_capability("tools")) requests.push_back(modern_request(c, "tools/list"));
  for (const auto& request : requests) {
    const auto answer = post_modern(c, request);
    const auto type = http::media_type(answer.header("Content-Type").value_or(""));
    const bool json = type == "application/json" && first_message(answer).is_object();
    if (!is_2xx(answer.status) || !(json || (type == "text/event-stream" && answer.sse))) {
      return Outcome::fail(
          "2xx with one JSON object or an event stream for " + request["method"].get<std::string>(),
          describe(answer));
    }
  }
  return Outcome::pass();
}

const CheckInfo kGetDelete405{
    .id = "transport.http.v26.get-delete-405",
    .title = "A modern-only server answers GET and DELETE with 405",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#earlier-streamable-http-revisions",
    .rule =
        "A server that speaks only 2026-07-28 answers GET and DELETE on its endpoint with HTTP "
        "405.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = kStreamableOnly,
    .requirement = "transport.v26.get-delete-405",
    .description =
        "For a server that refuses initialize (it speaks 2026-07-28 only): GET with Accept: "
        "text/event-stream and DELETE on the endpoint each get 405 (a dual-era server may "
        "still serve them to legacy clients: skipped)."};

Outcome get_delete_405(CheckContext& c) {
  if (c.facts().speaks_legacy)
    return Outcome::skip(
        "the server also speaks the legacy era, whose GET and DELETE it may serve");
  const client::Headers version{{headers::kProtocolVersion, c.version_text()}};
  for (const std::string method : {"GET", "DELETE"}) {
    auto headers = version;
    if (method == "GET") headers.emplace_back("Accept", "text/event-stream");
    const auto answer = c.http(method, headers);
    if (answer.status != 405) return Outcome::fail("HTTP 405 for " + method, describe(answer));
  }
  return Outcome::pass();
}

const CheckInfo kParamHeaders{
    .id = "transport.http.v26.param-headers",
    .title = "Mcp-Param-* headers are checked against their x-mcp-header arguments",
    .area = kTransportHttpV26Area,
    .section = kTransportHttpV26Page + "#custom-headers-from-tool-parameters",
    .rule =
        "For tool arguments marked x-mcp-header, the server checks that the matching Mcp-Param "
        "header agrees with the argument.",
    .versions = kModernVersions,
    .needs = {.tool = true, .streamable = true},
    .requirement = "transport.v26.param-headers",
    .description =
        "Calls a tool with x-mcp-header arguments (a read-only one, or the official suite's "
        "test_custom_headers): served with matching Mcp-Param-* headers; each header missing, "
        "or unlike its argument, must get 400 / -32020; an integer sent as 42.0 for 42 should "
        "be served (integers compare as numbers)."};

/// A listed tool with x-mcp-header arguments that the check may call, with its
/// arguments and marks (null tool when there is none).
struct MarkedTool {
  Json request;
  std::vector<modern::HeaderParam> params;
};

std::optional<MarkedTool> marked_tool(const CheckContext& c) {
  for (const auto& tool : c.facts().tools) {
    const auto name = name_of(tool);
    if (!may_call(c.facts(), tool)) continue;
    std::string why;
    auto params = modern::header_params(input_schema(tool), &why);
    auto arguments = schema::example_arguments(input_schema(tool), &why);
    if (!params || params->empty() || !arguments) continue;
    std::erase_if(*params,
                  [&](const auto& p) { return !modern::header_param_text(p, *arguments); });
    if (params->empty()) continue;
    return MarkedTool{modern_request(c, "tools/call", {{"name", name}, {"arguments", *arguments}}),
                      std::move(*params)};
  }
  return std::nullopt;
}

/// A value of the argument's type that differs from `text`.
std::string other_value(const modern::HeaderParam& param, const std::string& text) {
  if (param.type == "boolean") return text == "true" ? "false" : "true";
  if (param.type == "integer") return text == "7" ? "8" : "7";
  return text + "-other";
}

Outcome param_headers(CheckContext& c) {
  const auto tool = marked_tool(c);
  if (!tool) return Outcome::skip("no callable tool marks an argument with x-mcp-header");
  const auto& request = tool->request;
  const auto send = [&](const HeaderEdit& edit) {
    return post_modern(c, request, edit, tool->params);
  };
  if (const auto problem = not_served(send({})); !problem.empty())
    return Outcome::fail("a result with every Mcp-Param-* header matching", problem);
  const auto& arguments = request["params"]["arguments"];
  std::string integer_problem;
  for (const auto& param : tool->params) {
    const auto header = modern::header_param_name(param);
    const auto text = *modern::header_param_text(param, arguments);
    for (const auto& [what, edit] : std::vector<std::pair<std::string, HeaderEdit>>{
             {"no " + header, [&](client::Headers& h) { drop_header(h, header); }},
             {header + ": " + other_value(param, text) + " for " + text,
              [&](client::Headers& h) { set_header(h, header, other_value(param, text)); }}}) {
      if (const auto problem = not_refused(send(edit), 400, jsonrpc::kHeaderMismatch);
          !problem.empty())
        return Outcome::fail("HTTP 400 with error -32020 for " + what, problem);
    }
    if (param.type == "integer" && integer_problem.empty()) {
      const auto answer = send([&](client::Headers& h) { set_header(h, header, text + ".0"); });
      if (const auto problem = not_served(answer); !problem.empty())
        integer_problem = header + ": " + text + ".0 for " + text + ": " + problem;
    }
  }
  if (!integer_problem.empty())
    return Outcome::warn("integer headers compared as numbers", integer_problem);
  return Outcome::pass();
}

}  // namespace

void register_transport_http_v26_checks(Registry& registry) {
  registry.add(kProtover, protover);
  registry.add(kStdHeaders, std_headers);
  registry.add(kHeaderCase, header_case);
  registry.add(kBase64Headers, base64_headers);
  registry.add(kParamHeaders, param_headers);
  registry.add(kUnsupportedVersion, unsupported_version);
  registry.add(kModernUnknownMethod, modern_unknown_method);
  registry.add(kModernNotification202, modern_notification_202);
  registry.add(kSessionIgnored, session_ignored);
  registry.add(kXAccel, x_accel);
  registry.add(kOrigin, origin);
  registry.add(kModernRequestContentType, modern_request_content_type);
  registry.add(kGetDelete405, get_delete_405);
}

}  // namespace mcp::conformance
