#include "reference_server/faults.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <memory>
#include <set>
#include <thread>

#include "protocol/http_util.hpp"
#include "reference_server/fault_effects.hpp"
#include "reference_server/http_legacy_sse.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/http_streamable.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::server {
namespace {

void lower_flag(bool& flag) {
  flag = false;
}

/// Changes the result of `method` (an exact method name) with `change`.
void on_result(Hooks& hooks, std::string_view method, void (*change)(Json& result)) {
  hooks.mcp.result_ready.add([method, change](const ResultContext& context, Json& result) {
    if (context.method == method) change(result);
  });
}

/// initialize leaves `capability` out of what it declares.
void undeclare(Hooks& hooks, std::string_view capability) {
  hooks.mcp.result_ready.add([capability](const ResultContext& context, Json& result) {
    if (context.method == "initialize") result["capabilities"].erase(std::string(capability));
  });
}

/// The session id travels under another name.
void rename_session_header(Hooks& hooks) {
  hooks.http.session_header_named.add([](std::string& name) { name = "X-MCP-Session-Id"; });
}

/// A DELETE or GET on the endpoint gets `refusal`.
void refuse_method(Hooks& hooks, std::string_view method, Refusal refusal) {
  hooks.http.endpoint_method.add(
      [method, refusal](std::string_view requested, std::optional<Refusal>& out) {
        if (requested == method) out = refusal;
      });
}

constexpr FaultInfo kFaults[] = {
    {"session-header-name",
     "the session id travels as X-MCP-Session-Id instead of Mcp-Session-Id, and requests need it "
     "(guide pitfall 2)",
     [](Hooks& h) {
       rename_session_header(h);
       h.http.sessionless_post.add(lower_flag);
     }},
    {"bare-tools-array",
     "tools/list returns a bare array instead of {\"tools\": [...]} (guide pitfall 3)",
     [](Hooks& h) {
       on_result(h, "tools/list", [](Json& result) {
         if (result.is_object()) result = std::move(result["tools"]);
       });
     }},
    {"hardcoded-id", "every response carries id 1 instead of the request's id (guide pitfall 1)",
     [](Hooks& h) {
       h.mcp.response_ready.add([](const Json&, Json& response) { response["id"] = 1; });
     }},
    {"delete-405", "DELETE is answered 405 (guide pitfall 8)",
     [](Hooks& h) {
       refuse_method(h, "DELETE",
                     {.status = 405,
                      .message = "Method Not Allowed",
                      .headers = {{"Allow", "GET, POST, OPTIONS"}}});
     }},
    {"answer-on-get-stream",
     "with a GET stream open, a request gets 202 and its response goes to the GET stream "
     "(the guide's item 5; the spec forbids both)",
     [](Hooks& h) { h.http.request_answering.add(answer_on_get_stream); }},
    {"slow-tools-list", "tools/list takes 1.5 s (over the 1 s interactive budget)",
     [](Hooks& h) {
       on_result(h, "tools/list",
                 [](Json&) { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); });
     }},
    {"echo-any-version",
     "initialize echoes whatever version is requested, even one the server does not know, "
     "instead of counter-offering one it supports",
     [](Hooks& h) {
       h.mcp.result_ready.add([](const ResultContext& context, Json& result) {
         if (context.method == "initialize")
           result["protocolVersion"] = context.params["protocolVersion"];
       });
     }},
    {"no-origin-check", "a foreign Origin is accepted (no DNS-rebinding protection)",
     [](Hooks& h) {
       h.http.foreign_origin.add([](const httplib::Request&, bool& refuse) { refuse = false; });
     }},
    {"unknown-session-400", "an unknown or ended session id gets 400 instead of 404",
     [](Hooks& h) { h.http.session_unknown.add([](Refusal& refusal) { refusal.status = 400; }); }},
    {"notification-200",
     "notifications (and client responses) get 200 with an empty body instead of 202",
     [](Hooks& h) { h.http.accepted_status.add([](int& status) { status = 200; }); }},
    {"batches-always", "JSON-RPC batches are accepted under every version, not only 2025-03-26",
     [](Hooks& h) {
       h.http.batch_judged.add([](ProtocolVersion, bool& accept) { accept = true; });
     }},
    {"protocol-header-ignored",
     "a request with an unsupported MCP-Protocol-Version is processed instead of getting 400",
     [](Hooks& h) { h.http.version_header_unsupported.add(lower_flag); }},
    {"unknown-method-result", "an unknown method gets an empty result instead of error -32601",
     [](Hooks& h) {
       h.mcp.method_not_found.add(
           [](std::string_view, std::optional<Json>& result) { result = Json::object(); });
     }},
    {"string-error-codes",
     "JSON-RPC error codes are written as strings (\"-32601\") instead of integers",
     [](Hooks& h) { h.mcp.response_ready.add(write_error_code_as_string); }},
    {"null-id-accepted", "a request with id null is answered instead of refused",
     [](Hooks& h) { h.http.invalid_message.add(serve_null_id); }},
    {"session-id-space", "session ids contain a space (outside visible ASCII 0x21-0x7E)",
     [](Hooks& h) { h.http.session_id_issued.add([](std::string& id) { id = "session " + id; }); }},
    {"sequential-session-ids", "session ids are 1, 2, 3, ... (guessable)",
     [](Hooks& h) {
       h.http.session_id_issued.add([issued = std::make_shared<std::atomic<std::uint64_t>>(0)](
                                        std::string& id) { id = std::to_string(++*issued); });
     }},
    {"session-required",
     "a POST without Mcp-Session-Id gets 400: allowed by the spec, fatal for ChatGPT's 2026 "
     "client, which sends none",
     [](Hooks& h) { h.http.sessionless_post.add(lower_flag); }},
    {"session-missing-404",
     "a POST without Mcp-Session-Id gets 404, as if its session had expired, not 400",
     [](Hooks& h) {
       h.http.sessionless_post.add(lower_flag);
       h.http.session_id_missing.add([](Refusal& refusal) { refusal.status = 404; });
     }},
    {"event-ids-per-stream",
     "SSE event ids restart at 1 on every stream instead of being unique in the session",
     [](Hooks& h) {
       h.http.sse_opening.add([](SseOpening& opening) {
         opening.start.event_id = [](std::uint64_t seq) { return std::to_string(seq); };
       });
     }},
    {"latin1-body", "request bodies are read as Latin-1, so non-ASCII text comes back mangled",
     [](Hooks& h) { h.http.body_read.add(reinterpret_as_latin1); }},
    {"notification-with-id", "server notifications (progress, logging, list changes) carry an id",
     [](Hooks& h) {
       h.mcp.message_out.add([](const Json&, Json& message) {
         if (!message.contains("id")) message["id"] = "notification";
       });
     }},
    {"bad-meta-key",
     "tools/list carries the _meta key \"-reserved/-bad\", which breaks the naming rules",
     [](Hooks& h) {
       on_result(h, "tools/list", [](Json& result) {
         if (result.is_object()) result["_meta"] = {{"-reserved/-bad", true}};
       });
     }},
    {"invalid-tool-schema", "the echo tool's inputSchema is not a JSON Schema that compiles",
     [](Hooks& h) { on_result(h, "tools/list", break_echo_schema); }},
    {"undeclared-prompts", "prompts are served but the prompts capability is not declared",
     [](Hooks& h) { undeclare(h, "prompts"); }},
    {"tool-error-as-jsonrpc",
     "a tool that fails answers JSON-RPC error -32603 instead of a result with isError",
     [](Hooks& h) {
       h.mcp.response_ready.add([](const Json& request, Json& response) {
         const auto result = response.find("result");
         if (request.value("method", "") != "tools/call" || result == response.end() ||
             !result->is_object() || result->value("isError", false) != true)
           return;
         response.erase("result");
         response["error"] = Json{{"code", jsonrpc::kInternalError},
                                  {"message", "Internal error: the tool failed"}};
       });
     }},
    {"unknown-tool-result",
     "calling an unknown tool gets an isError result instead of error -32602",
     [](Hooks& h) {
       h.mcp.tool_not_found.add([](const std::string& name, std::optional<Json>& result) {
         result = Json{{"content", Json::array({text_content("Unknown tool: " + name)})},
                       {"isError", true}};
       });
     }},
    {"resource-not-found-empty",
     "reading an unknown resource gets empty contents instead of error -32002",
     [](Hooks& h) {
       h.mcp.resource_not_found.add([](const std::string&, std::optional<Json>& result) {
         result = Json{{"contents", Json::array()}};
       });
     }},
    {"prompt-args-unchecked",
     "prompts/get without a required argument answers instead of error -32602",
     [](Hooks& h) { h.mcp.prompt_argument_missing.add(lower_flag); }},
    {"progress-decreasing", "progress values decrease from one notification to the next",
     [](Hooks& h) {
       h.mcp.message_out.add([](const Json&, Json& message) {
         if (message.value("method", "") != "notifications/progress") return;
         auto& progress = message["params"]["progress"];
         progress = 1000000 - progress.get<double>();
       });
     }},
    {"progress-after-response",
     "a progress notification follows the response it belongs to, on the GET stream",
     [](Hooks& h) { h.http.sse_answer_finished.add(send_late_progress); }},
    {"cursor-ignored", "an invalid cursor returns the first page instead of error -32602",
     [](Hooks& h) { h.mcp.cursor_unreadable.add(lower_flag); }},
    {"log-level-ignored", "logging/setLevel is accepted but messages below the level keep coming",
     [](Hooks& h) { h.mcp.log_level_requested.add(lower_flag); }},
    {"structured-mismatch",
     "the structured tool's structuredContent does not match its outputSchema",
     [](Hooks& h) {
       h.mcp.result_ready.add([](const ResultContext&, Json& result) {
         if (result.is_object() && result.contains("structuredContent"))
           result["structuredContent"] = {{"unexpected", "shape"}};
       });
     }},
    {"bad-tool-name",
     "tools/list includes a tool named \"bad tool!\" (space and '!' are not allowed)",
     [](Hooks& h) {
       on_result(h, "tools/list", [](Json& result) {
         if (!result.is_object() || result["tools"].empty()) return;
         Json bad = result["tools"][0];
         bad["name"] = "bad tool!";
         result["tools"].push_back(std::move(bad));
       });
     }},
    {"annotations-wrong-type",
     "tool annotations carry readOnlyHint as the string \"yes\" instead of a boolean",
     [](Hooks& h) {
       on_result(h, "tools/list", [](Json& result) {
         if (!result.is_object()) return;
         for (auto& tool : result["tools"]) {
           if (tool.contains("annotations")) tool["annotations"]["readOnlyHint"] = "yes";
         }
       });
     }},
    {"session-as-auth",
     "with --auth-token, a request with a valid session id needs no bearer token",
     [](Hooks& h) { h.http.unauthenticated.add(admit_known_session); }},
    {"token-in-query",
     "with --auth-token, the token is also accepted from the ?access_token= query parameter",
     [](Hooks& h) {
       h.http.unauthenticated.add([](AuthFailure& failure) {
         if (http::constant_time_equals(failure.request.get_param_value("access_token"),
                                        failure.expected_token))
           failure.admit = true;
       });
     }},
    {"undeclared-tools", "tools are served but the tools capability is not declared",
     [](Hooks& h) { undeclare(h, "tools"); }},
    {"undeclared-resources", "resources are served but the resources capability is not declared",
     [](Hooks& h) { undeclare(h, "resources"); }},
    {"undeclared-logging", "log messages are sent but the logging capability is not declared",
     [](Hooks& h) { undeclare(h, "logging"); }},
    {"undeclared-completions",
     "completion/complete answers but the completions capability is not declared",
     [](Hooks& h) { undeclare(h, "completions"); }},
    {"ping-pong", "ping is answered {\"message\": \"pong\"} instead of an empty result",
     [](Hooks& h) { on_result(h, "ping", [](Json& result) {
                      result = {{"message", "pong"}};
                    }); }},
    {"parse-error-500", "an unparsable JSON body gets HTTP 500 instead of 400 with -32700",
     [](Hooks& h) { h.http.body_unparsable.add([](Refusal& refusal) { refusal.status = 500; }); }},
    {"jsonrpc-version-unchecked",
     "a request with \"jsonrpc\": \"1.0\" is processed instead of refused with -32600",
     [](Hooks& h) { h.http.invalid_message.add(serve_any_jsonrpc_version); }},
    {"error-id-zero", "the parse error for an unreadable body carries id 0 instead of null",
     [](Hooks& h) { h.http.body_unparsable.add([](Refusal& refusal) { refusal.id = 0; }); }},
    {"batches-refused",
     "JSON-RPC batches are refused under 2025-03-26 too, where they must be accepted",
     [](Hooks& h) {
       h.http.batch_judged.add([](ProtocolVersion, bool& accept) { accept = false; });
     }},
    {"version-step-down",
     "initialize answers the version before the one it would choose (an off-by-one in the "
     "version table), so a supported version is not echoed",
     [](Hooks& h) { h.mcp.version_chosen.add(step_down_version); }},
    {"instructions-array", "instructions is an array of lines instead of a string",
     [](Hooks& h) {
       on_result(h, "initialize", [](Json& result) {
         if (result.contains("instructions"))
           result["instructions"] = Json::array({result["instructions"]});
       });
     }},
    {"early-server-request",
     "a GET stream opened before notifications/initialized gets a roots/list request",
     [](Hooks& h) {
       h.http.sse_opening.add([](SseOpening& opening) {
         if (!opening.get_stream || opening.session.initialized()) return;
         opening.stream.push(jsonrpc::serialize(
             jsonrpc::make_request("srv-early-roots", "roots/list", Json::object())));
       });
     }},
    {"no-cors", "the CORS preflight (OPTIONS) is answered without Access-Control-* headers",
     [](Hooks& h) { h.http.preflight_answered.add(drop_cors_headers); }},
    {"health-500", "GET /health answers 500",
     [](Hooks& h) {
       h.http.health_answered.add([](httplib::Response& res) { res.status = 500; });
     }},
    {"prompt-role-system",
     "prompts/get messages have role \"system\" (only user and assistant exist)",
     [](Hooks& h) {
       on_result(h, "prompts/get", [](Json& result) {
         for (auto& message : result["messages"])
           message["role"] = "system";
       });
     }},
    {"prompt-required-string",
     "prompts/list gives an argument's required as the string \"true\" / \"false\"",
     [](Hooks& h) { on_result(h, "prompts/list", write_required_as_string); }},
    {"resource-size-string", "resources/list gives each resource's size as a string (\"12 bytes\")",
     [](Hooks& h) { h.mcp.result_ready.add(write_resource_sizes_as_strings); }},
    {"read-contents-no-uri", "resources/read contents items carry no uri",
     [](Hooks& h) {
       on_result(h, "resources/read", [](Json& result) {
         for (auto& item : result["contents"])
           item.erase("uri");
       });
     }},
    {"template-uri-key", "resource templates carry their template as uri instead of uriTemplate",
     [](Hooks& h) {
       on_result(h, "resources/templates/list", [](Json& result) {
         for (auto& entry : result["resourceTemplates"]) {
           entry["uri"] = std::move(entry["uriTemplate"]);
           entry.erase("uriTemplate");
         }
       });
     }},
    {"image-data-url", "tool image content carries a data: URL instead of bare base64 data",
     [](Hooks& h) { on_result(h, "tools/call", write_images_as_data_urls); }},
    {"structured-array",
     "structuredContent is wrapped in an array instead of being the object itself",
     [](Hooks& h) {
       h.mcp.result_ready.add([](const ResultContext&, Json& result) {
         if (!result.is_object() || !result.contains("structuredContent")) return;
         auto& structured = result["structuredContent"];
         structured = Json::array({structured});
       });
     }},
    {"delete-400", "DELETE of a session is answered 400 instead of 2xx (or 405)",
     [](Hooks& h) {
       refuse_method(h, "DELETE",
                     {.status = 400, .message = "Bad Request: sessions cannot be deleted"});
     }},
    {"protocol-header-required",
     "a request without MCP-Protocol-Version gets 400 instead of assuming 2025-03-26",
     [](Hooks& h) {
       h.http.version_header_missing.add([](ProtocolVersion version,
                                            std::optional<Refusal>& refusal) {
         // Only a session that negotiated a version which sends the header.
         if (version >= ProtocolVersion::k2025_06_18)
           refusal = Refusal{.status = 400,
                             .message = "Bad Request: the MCP-Protocol-Version header is required"};
       });
     }},
    {"json-as-text-plain", "JSON answers to requests other than initialize are labelled text/plain",
     [](Hooks& h) {
       // The body written with the framework's default text/plain type.
       h.http.json_answered.add(
           [](httplib::Response& res) { res.set_content(std::string(res.body), "text/plain"); });
     }},
    {"no-priming-event",
     "under 2025-11-25 an SSE answer starts without the priming event (id, empty data)",
     [](Hooks& h) {
       h.http.sse_opening.add([](SseOpening& opening) {
         if (!opening.get_stream) opening.start.prime = false;
       });
     }},
    {"sse-response-dropped", "an SSE answer ends after its notifications without the response",
     [](Hooks& h) {
       h.http.sse_response_ready.add([](SseAnswer& answer) { answer.deliver = false; });
     }},
    {"get-404", "GET on the MCP endpoint is answered 404 instead of SSE or 405",
     [](Hooks& h) {
       // A server with no GET route at all: the framework's 404, not 405.
       refuse_method(h, "GET",
                     {.status = 404, .message = std::string("Not Found: GET ") + kMcpPath});
     }},
    {"invalid-notification-202",
     "an invalid message without an id (\"method\": 42) is accepted with 202",
     [](Hooks& h) {
       h.http.invalid_message.add([](InvalidMessage& invalid) {
         // No id taken to mean a notification, unchecked.
         if (invalid.outcome == InvalidMessage::Outcome::kRefuse && invalid.body.is_object() &&
             !invalid.body.contains("id"))
           invalid.outcome = InvalidMessage::Outcome::kAccept;
       });
     }},
    {"last-page-cursor",
     "prompts/list's last page carries a nextCursor, which prompts/list then refuses",
     [](Hooks& h) { h.mcp.result_ready.add(add_cursor_past_the_end); }},
    {"progress-wrong-token",
     "progress notifications carry the request's id as progressToken, not the token sent",
     [](Hooks& h) {
       h.mcp.message_out.add([](const Json& request, Json& message) {
         if (message.value("method", "") == "notifications/progress")
           message["params"]["progressToken"] = request.value("id", Json());
       });
     }},
    {"cancel-unknown-500", "a cancellation of an unknown or finished request gets HTTP 500",
     [](Hooks& h) { h.http.message_posted.add(fail_unknown_cancellation); }},
    {"unsubscribe-missing", "resources/unsubscribe gets -32601 although subscriptions are declared",
     [](Hooks& h) {
       h.mcp.method_served.add([](std::string_view method, bool& served) {
         if (method == "resources/unsubscribe") served = false;
       });
     }},
    {"auth-skips-initialize",
     "with --auth-token, initialize is served without checking the bearer token",
     [](Hooks& h) { h.http.unauthenticated.add(admit_initialize); }},
    {"invalid-token-403", "with --auth-token, an invalid bearer token gets 403 instead of 401",
     [](Hooks& h) {
       h.http.unauthenticated.add([](AuthFailure& failure) {
         if (!failure.had_bearer) return;
         failure.refusal.status = 403;
         failure.refusal.message = "Forbidden: the bearer token is not valid";
       });
     }},
    {"no-www-authenticate", "with --auth-token, a 401 carries no WWW-Authenticate challenge",
     [](Hooks& h) {
       h.http.unauthenticated.add([](AuthFailure& failure) {
         std::erase_if(failure.refusal.headers,
                       [](const auto& header) { return header.first == "WWW-Authenticate"; });
       });
     }},
    {"version-unpadded",
     "initialize writes the version's date without zero padding (2025-6-18, 2025-3-26)",
     [](Hooks& h) { on_result(h, "initialize", unpad_version); }},
    {"session-header-optional",
     "the session id is sent as X-MCP-Session-Id, and a request without it is served "
     "sessionless, so clients never learn there is a session",
     [](Hooks& h) { rename_session_header(h); }},
    {"session-id-per-response",
     "every answer within a session carries a new Mcp-Session-Id, not the one initialize "
     "assigned",
     [](Hooks& h) {
       // As if every request opened a session of its own.
       h.http.request_answering.add([](PostedRequest& posted) {
         if (!posted.session->id().empty())
           posted.response.set_header(posted.endpoint.session_header(),
                                      posted.endpoint.issue_session_id());
       });
     }},
    {"sse-answer-in-post-body",
     "HTTP+SSE (2024-11-05): a POSTed request is answered 200 with its response in the body, "
     "besides the copy on the SSE stream",
     [](Hooks& h) { h.http.legacy_request.add(answer_in_post_body); }},
    {"sse-no-origin-check",
     "HTTP+SSE (2024-11-05): a foreign Origin is accepted on /sse and /messages (the "
     "Streamable HTTP endpoint still checks it)",
     [](Hooks& h) {
       // The check left out where an older code path would have.
       h.http.foreign_origin.add([](const httplib::Request& req, bool& refuse) {
         if (req.path == kLegacySsePath || req.path == kLegacyPostPath) refuse = false;
       });
     }},
    {"error-without-jsonrpc",
     "the error for an unknown method leaves out \"jsonrpc\": \"2.0\" (a hand-rolled error path)",
     [](Hooks& h) {
       h.mcp.response_ready.add([](const Json&, Json& response) {
         const auto error = response.find("error");
         if (error != response.end() && error->value("code", 0) == jsonrpc::kMethodNotFound)
           response.erase("jsonrpc");
       });
     }},
    {"unknown-notification-answered",
     "a notification of an unknown method is answered with error -32601 (id null), as if it "
     "were a request",
     [](Hooks& h) {
       h.mcp.notification_handled.add([](const Json& notification, std::optional<Json>& answer) {
         static const std::set<std::string, std::less<>> kKnown{
             "notifications/initialized", "notifications/cancelled", "notifications/progress",
             "notifications/roots/list_changed"};
         const auto method = notification.value("method", std::string());
         if (!kKnown.contains(method))
           answer = jsonrpc::make_error(nullptr, jsonrpc::kMethodNotFound,
                                        "Method not found: " + method);
       });
     }},
};

}  // namespace

std::span<const FaultInfo> all_faults() {
  static const std::vector<FaultInfo> all = [] {
    std::vector<FaultInfo> out(std::begin(kFaults), std::end(kFaults));
    std::ranges::copy(modern_faults(), std::back_inserter(out));
    return out;
  }();
  return all;
}

const FaultInfo* find_fault(std::string_view name) {
  const auto faults = all_faults();
  const auto it = std::ranges::find(faults, name, &FaultInfo::name);
  return it == faults.end() ? nullptr : &*it;
}

Hooks fault_hooks(const std::vector<std::string>& names) {
  Hooks hooks;
  for (const auto& fault : all_faults()) {
    if (std::ranges::find(names, fault.name) != names.end()) fault.hooks_into(hooks);
  }
  return hooks;
}

}  // namespace mcp::server
