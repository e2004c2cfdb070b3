// The faults of protocol revision 2026-07-28: each breaks one rule of the
// modern era (docs/spec/2026-07-28.md) and leaves the legacy era as it is, so
// it only ever acts on a request that carries the 2026-07-28 envelope (or on a
// POST served by the modern rules).
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>

#include "protocol/headers.hpp"
#include "reference_server/fault_effects.hpp"
#include "reference_server/faults.hpp"
#include "reference_server/session.hpp"

namespace mcp::server {
namespace {

using modern::kServerInfoKey;

void set(bool& flag) {
  flag = true;
}

void clear(bool& flag) {
  flag = false;
}

void set_agree(HeaderComparison& comparison) {
  comparison.agree = true;
}

/// Changes the response to a 2026-07-28 request (`method` empty: every method).
void on_modern_response(Hooks& hooks, std::string_view method,
                        void (*change)(const Json& request, Json& response)) {
  hooks.mcp.response_ready.add([method, change](const Json& request, Json& response) {
    if (!modern::has_envelope(request)) return;
    if (method.empty() || request["method"] == method) change(request, response);
  });
}

/// Changes the result of a 2026-07-28 request (`method` empty: every method).
void on_modern_result(Hooks& hooks, std::string_view method, void (*change)(Json& result)) {
  hooks.mcp.response_ready.add([method, change](const Json& request, Json& response) {
    if (!modern::has_envelope(request)) return;
    if (!method.empty() && request["method"] != method) return;
    const auto result = response.find("result");
    if (result != response.end() && result->is_object()) change(*result);
  });
}

/// Changes the answer to every 2026-07-28 POST.
void on_modern_answer(Hooks& hooks, void (*change)(httplib::Response& res)) {
  hooks.http.modern_answered.add(
      [change](const httplib::Request&, httplib::Response& res) { change(res); });
}

/// Changes the JSON body of an answer (an SSE answer has none here).
void rewrite_json_body(httplib::Response& res, void (*change)(Json& body)) {
  auto parsed = jsonrpc::parse(res.body);
  if (res.body.empty() || !parsed.value) return;
  change(*parsed.value);
  res.set_content(jsonrpc::serialize(*parsed.value), res.get_header_value("Content-Type"));
}

/// Judges the comparisons of the headers `header` names (a prefix with `prefix`).
void on_header(Hooks& hooks, std::string_view header, bool prefix,
               void (*judge)(HeaderComparison& comparison)) {
  hooks.http.header_compared.add([header, prefix, judge](HeaderComparison& comparison) {
    if (prefix ? comparison.header.starts_with(header) : comparison.header == header)
      judge(comparison);
  });
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

/// The client capabilities of the first request are kept for every later one,
/// as if the connection had a session.
void keep_first_capabilities(Hooks& hooks) {
  struct First {
    std::mutex mutex;
    std::optional<Json> capabilities;
  };
  hooks.mcp.modern_admitted.add([first = std::make_shared<First>()](const Json& request,
                                                                    Session& session) {
    const std::lock_guard lock(first->mutex);
    if (!first->capabilities) {
      first->capabilities = session.client_capabilities();
      return;
    }
    const auto& meta = request["params"]["_meta"];
    session.set_client(meta.value(modern::kClientInfoKey, Json::object()), *first->capabilities);
  });
}

/// A retry whose inputResponses answer something the last round did not ask
/// is refused: the server remembers what it asked under each requestState.
void refuse_extra_responses(Hooks& hooks) {
  struct Asked {
    std::mutex mutex;
    std::map<std::string, std::set<std::string>> by_state;
  };
  auto asked = std::make_shared<Asked>();
  hooks.mcp.input_required.add([asked](Json& result) {
    const auto state = result.value("requestState", Json());
    if (!state.is_string()) return;
    const auto requests = result.value("inputRequests", Json::object());
    std::set<std::string> keys;
    for (const auto& [key, unused] : requests.items())
      keys.insert(key);
    const std::lock_guard lock(asked->mutex);
    if (asked->by_state.size() > 1000) asked->by_state.clear();  // a fault, not a cache
    asked->by_state[state.get<std::string>()] = std::move(keys);
  });
  hooks.mcp.response_ready.add([asked](const Json& request, Json& response) {
    if (!modern::has_envelope(request)) return;
    const auto& params = request["params"];
    const auto given = params.value("inputResponses", Json());
    if (!given.is_object()) return;
    const auto state = params.value("requestState", Json());
    std::set<std::string> known;
    {
      const std::lock_guard lock(asked->mutex);
      if (const auto it = asked->by_state.find(state.is_string() ? state.get<std::string>() : "");
          it != asked->by_state.end())
        known = it->second;
    }
    for (const auto& [key, unused] : given.items()) {
      if (known.contains(key)) continue;
      response = jsonrpc::make_error(
          request["id"], jsonrpc::kInvalidParams,
          "Invalid params: inputResponses[\"" + key + "\"] answers no input request");
      return;
    }
  });
}

/// The listen acknowledgement goes out, then `extra` on the same stream.
void after_acknowledgement(Hooks& hooks, Json (*extra)()) {
  hooks.mcp.listen_acknowledging.add([extra](const Emit& emit, Json& ack) {
    if (ack.is_null()) return;
    emit(ack);
    emit(extra());
    ack = nullptr;
  });
}

constexpr FaultInfo kModernFaults[] = {
    // Results (basic/index.mdx, server/discover, caching)
    {"no-result-type", "2026-07-28: complete results carry no resultType",
     [](Hooks& h) {
       on_modern_result(h, "", [](Json& result) {
         if (result.value("resultType", "") == "complete") result.erase("resultType");
       });
     }},
    {"no-server-info",
     "2026-07-28: results (server/discover's aside) carry no "
     "_meta[\"io.modelcontextprotocol/serverInfo\"]",
     [](Hooks& h) {
       on_modern_response(h, "", [](const Json& request, Json& response) {
         if (request["method"] == "server/discover" || !response.contains("result")) return;
         auto& result = response["result"];
         if (result.is_object() && result.contains("_meta")) result["_meta"].erase(kServerInfoKey);
       });
     }},
    {"discover-no-server-info",
     "2026-07-28: server/discover's result does not name the server in its _meta",
     [](Hooks& h) {
       on_modern_result(h, "server/discover", [](Json& result) {
         if (result.contains("_meta")) result["_meta"].erase(kServerInfoKey);
       });
     }},
    {"discover-no-versions", "2026-07-28: server/discover answers without supportedVersions",
     [](Hooks& h) {
       on_modern_result(h, "server/discover",
                        [](Json& result) { result.erase("supportedVersions"); });
     }},
    {"ttl-missing", "2026-07-28: list and read results carry cacheScope but no ttlMs",
     [](Hooks& h) { on_modern_result(h, "", [](Json& result) { result.erase("ttlMs"); }); }},
    {"cache-scope-per-page",
     "2026-07-28: the pages after the first of a list say cacheScope \"public\", the first "
     "\"private\"",
     [](Hooks& h) {
       on_modern_response(h, "", [](const Json& request, Json& response) {
         if (!request["params"].contains("cursor") || !response.contains("result")) return;
         auto& result = response["result"];
         if (result.is_object() && result.contains("cacheScope")) result["cacheScope"] = "public";
       });
     }},
    {"result-type-task",
     "2026-07-28: tool results say resultType \"task\", an extension the client never "
     "negotiated",
     [](Hooks& h) {
       on_modern_result(h, "tools/call", [](Json& result) {
         if (result.value("resultType", "") == "complete") result["resultType"] = "task";
       });
     }},
    {"x-mcp-header-duplicate",
     "2026-07-28: test_custom_headers_null is listed with its verbose argument marked "
     "x-mcp-header \"Region\", the mark of its region argument too",
     [](Hooks& h) { on_modern_result(h, "tools/list", duplicate_header_mark); }},
    {"resource-not-found-32002",
     "2026-07-28: an unknown resource gets the retired error -32002 instead of -32602",
     [](Hooks& h) {
       on_modern_response(h, "resources/read", [](const Json&, Json& response) {
         const auto error = response.find("error");
         if (error != response.end() && (*error)["code"] == jsonrpc::kInvalidParams &&
             error->value("data", Json::object()).contains("uri"))
           (*error)["code"] = jsonrpc::kResourceNotFound;
       });
     }},
    // Admission of a request (the envelope, statelessness, removed methods)
    {"capabilities-optional",
     "2026-07-28: a request whose _meta lacks clientCapabilities is served (as if it declared "
     "none) instead of refused with -32602",
     [](Hooks& h) { h.mcp.envelope_unusable.add(serve_without_capabilities); }},
    {"capabilities-remembered",
     "2026-07-28: the client capabilities of the server's first request are used for every later "
     "request, whatever that one declares",
     [](Hooks& h) { keep_first_capabilities(h); }},
    {"removed-methods-answered",
     "2026-07-28: ping, logging/setLevel and resources/(un)subscribe get an empty result instead "
     "of -32601",
     [](Hooks& h) {
       h.mcp.removed_method.add([](std::string_view method, std::optional<Json>& result) {
         if (method != "initialize" && !method.starts_with("tasks/")) result = Json::object();
       });
     }},
    {"logs-without-log-level",
     "2026-07-28: log messages of every level go out on a request's stream, whatever (if any) "
     "log level its _meta asks for",
     [](Hooks& h) {
       h.mcp.modern_admitted.add([](const Json&, Session& session) {
         session.set_logging(true);
         session.set_log_level(LogSeverity::kDebug);
       });
     }},
    {"foreign-progress-token",
     "2026-07-28: a request's progress notifications carry another request's progressToken",
     [](Hooks& h) {
       h.mcp.message_out.add([](const Json& request, Json& message) {
         if (modern::has_envelope(request) && message["method"] == "notifications/progress")
           message["params"]["progressToken"] = "another-request";
       });
     }},
    // HTTP: statuses, headers, Origin (basic/transports.mdx)
    {"unknown-method-200", "2026-07-28: an unknown method's -32601 goes with HTTP 200, not 404",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) {
         if (res.status == 404) res.status = 200;
       });
     }},
    {"notification-200-modern",
     "2026-07-28: a notification gets HTTP 200 with an empty body instead of 202",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) {
         if (res.status == 202) res.status = 200;
       });
     }},
    {"session-id-modern", "2026-07-28: every answer carries an Mcp-Session-Id",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) {
         res.set_header(headers::kSessionId, generate_session_id());
       });
     }},
    {"no-x-accel-buffering", "2026-07-28: SSE answers lack X-Accel-Buffering: no",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) { res.headers.erase("X-Accel-Buffering"); });
     }},
    {"json-answer-text-plain", "2026-07-28: JSON answers are labelled text/plain",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) {
         if (res.get_header_value("Content-Type") == "application/json")
           res.set_content(std::string(res.body), "text/plain");
       });
     }},
    {"unsupported-version-no-list",
     "2026-07-28: the -32022 for an unsupported version leaves out data.supported",
     [](Hooks& h) {
       on_modern_answer(h, [](httplib::Response& res) {
         rewrite_json_body(res, [](Json& body) {
           if (body.contains("error") &&
               body["error"]["code"] == jsonrpc::kUnsupportedProtocolVersion)
             body["error"]["data"].erase("supported");
         });
       });
     }},
    {"protocol-version-mismatch-accepted",
     "2026-07-28: an MCP-Protocol-Version that differs from the _meta version is accepted",
     [](Hooks& h) { on_header(h, headers::kProtocolVersion, false, set_agree); }},
    {"method-header-unchecked",
     "2026-07-28: an Mcp-Method that differs from the method is accepted",
     [](Hooks& h) { on_header(h, headers::kMethod, false, set_agree); }},
    {"name-header-unchecked",
     "2026-07-28: an Mcp-Name that differs from the tool, prompt or resource named is accepted",
     [](Hooks& h) { on_header(h, headers::kName, false, set_agree); }},
    {"header-names-case-sensitive",
     "2026-07-28: an MCP header spelt in another case (mcp-method) counts as different",
     [](Hooks& h) { h.http.header_compared.add(require_exact_header_names); }},
    {"header-values-case-insensitive",
     "2026-07-28: header values that differ from the body only in case are accepted",
     [](Hooks& h) {
       h.http.header_compared.add([](HeaderComparison& comparison) {
         if (equal_ignoring_case(comparison.sent, comparison.body)) comparison.agree = true;
       });
     }},
    {"base64-headers-undecoded",
     "2026-07-28: =?base64?...?= values of Mcp-Name and Mcp-Param-* are compared undecoded",
     [](Hooks& h) { h.http.header_compared.add(compare_base64_undecoded); }},
    {"param-headers-unchecked",
     "2026-07-28: Mcp-Param-* headers that differ from their x-mcp-header arguments are accepted",
     [](Hooks& h) { on_header(h, headers::kParamPrefix, true, set_agree); }},
    {"param-integers-as-text",
     "2026-07-28: integer Mcp-Param-* values are compared as text (\"42.0\" is not 42)",
     [](Hooks& h) {
       on_header(h, headers::kParamPrefix, true, [](HeaderComparison& comparison) {
         comparison.agree = comparison.sent == comparison.body;
       });
     }},
    {"stream-methods-400-modern",
     "2026-07-28: GET and DELETE on the endpoint get 400 instead of 405",
     [](Hooks& h) {
       h.http.modern_stream_refused.add([](Refusal& refusal) {
         refusal.status = 400;
         refusal.message = "Bad Request: 2026-07-28 requests are POSTed";
         refusal.headers.clear();
       });
     }},
    {"call-stream-cancel",
     "2026-07-28: a tools/call's JSON answer becomes an event stream that carries "
     "notifications/cancelled for the call ahead of its response",
     [](Hooks& h) { h.http.modern_answered.add(cancel_ahead_of_answer); }},
    {"origin-unchecked-modern", "2026-07-28: a foreign Origin is accepted on 2026-07-28 requests",
     [](Hooks& h) { h.http.foreign_origin.add(admit_foreign_origin_to_modern); }},
    // Multi round-trip requests
    {"request-state-unchecked",
     "2026-07-28: a requestState that was changed (or never issued) is accepted",
     [](Hooks& h) { h.mcp.request_state_judged.add(set); }},
    {"input-request-undeclared",
     "2026-07-28: a request needing a capability the client did not declare asks for it in an "
     "InputRequiredResult",
     [](Hooks& h) { h.mcp.capability_missing.add(ask_for_undeclared_capability); }},
    {"missing-capability-internal-error",
     "2026-07-28: a request needing an undeclared capability gets -32603 instead of -32021",
     [](Hooks& h) {
       h.mcp.capability_missing.add([](Json& error) {
         error = jsonrpc::make_error(error["id"], jsonrpc::kInternalError,
                                     "Internal error: the client cannot do what this needs");
       });
     }},
    {"input-required-empty",
     "2026-07-28: an InputRequiredResult holds neither inputRequests nor requestState",
     [](Hooks& h) {
       h.mcp.input_required.add([](Json& result) {
         result.erase("inputRequests");
         result.erase("requestState");
       });
     }},
    {"retry-missing-error",
     "2026-07-28: a retry still missing an input response gets -32602 instead of a new "
     "InputRequiredResult",
     [](Hooks& h) {
       on_modern_response(h, "", [](const Json& request, Json& response) {
         if (!request["params"].contains("requestState") || !response.contains("result") ||
             response["result"].value("resultType", "") != "input_required")
           return;
         response = jsonrpc::make_error(request["id"], jsonrpc::kInvalidParams,
                                        "Invalid params: an input response is missing");
       });
     }},
    {"extra-responses-refused",
     "2026-07-28: a retry with an input response nobody asked for is refused instead of ignoring "
     "it",
     [](Hooks& h) { refuse_extra_responses(h); }},
    {"list-input-required",
     "2026-07-28: tools/list answers an InputRequiredResult (only tools/call, prompts/get and "
     "resources/read may)",
     [](Hooks& h) {
       on_modern_response(h, "tools/list", [](const Json& request, Json& response) {
         if (request["params"].contains("requestState")) return;
         response = jsonrpc::make_result(
             request["id"], {{"resultType", "input_required"}, {"requestState", "tools-list"}});
       });
     }},
    // subscriptions/listen
    {"listen-no-ack", "2026-07-28: a listen stream starts without its acknowledgement",
     [](Hooks& h) {
       h.mcp.listen_acknowledging.add([](const Emit&, Json& ack) { ack = nullptr; });
     }},
    {"listen-ack-not-first",
     "2026-07-28: a listen stream carries a notification before its acknowledgement",
     [](Hooks& h) { h.mcp.listen_acknowledging.add(notify_before_acknowledging); }},
    {"listen-filter-ignored",
     "2026-07-28: a listen stream carries every kind of notification, asked for or not",
     [](Hooks& h) {
       h.mcp.listen_filter.add([](std::string_view, bool& wanted) { wanted = true; });
     }},
    {"listen-no-subscription-id",
     "2026-07-28: notifications on a listen stream do not name their subscription",
     [](Hooks& h) {
       h.mcp.listen_delivering.add([](Json& notification) {
         auto& params = notification["params"];
         params["_meta"].erase(modern::kSubscriptionIdKey);
         if (params["_meta"].empty()) params.erase("_meta");
       });
     }},
    {"listen-log-message",
     "2026-07-28: a listen stream carries a log message (notifications/message) after its "
     "acknowledgement",
     [](Hooks& h) {
       after_acknowledgement(h, [] {
         return jsonrpc::make_notification(
             "notifications/message",
             {{"level", "info"}, {"logger", "subscriptions"}, {"data", "subscription opened"}});
       });
     }},
    {"listen-server-request",
     "2026-07-28: a listen stream carries a request of the server's own (roots/list)",
     [](Hooks& h) {
       after_acknowledgement(h, [] {
         return jsonrpc::make_request("srv-listen-roots", "roots/list", Json::object());
       });
     }},
    {"listen-no-prompt-changes",
     "2026-07-28: a listen stream that asked for (and was acknowledged) prompt list changes "
     "gets none",
     [](Hooks& h) {
       h.mcp.listen_filter.add([](std::string_view method, bool& wanted) {
         if (method == "notifications/prompts/list_changed") wanted = false;
       });
     }},
    {"listen-no-tool-changes",
     "2026-07-28: a listen stream that asked for (and was acknowledged) tool list changes gets "
     "none",
     [](Hooks& h) {
       h.mcp.listen_filter.add([](std::string_view method, bool& wanted) {
         if (method == "notifications/tools/list_changed") wanted = false;
       });
     }},
    {"listen-no-close-result",
     "2026-07-28: a listen stream the server closes (at shutdown) ends without the listen "
     "request's result",
     [](Hooks& h) { h.mcp.listen_closing.add(clear); }},
};

}  // namespace

std::span<const FaultInfo> modern_faults() {
  return kModernFaults;
}

}  // namespace mcp::server
