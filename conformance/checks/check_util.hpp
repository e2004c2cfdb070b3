// What the check files share: describing what came back, reading server values
// without trusting their types, and the exchanges that several spec pages use.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "client/transport.hpp"
#include "conformance/context.hpp"

namespace mcp::conformance {

// ---- what came back --------------------------------------------------------

/// A short text of a JSON value for "got: ..." messages (truncated).
std::string brief(const Json& value, std::size_t max = 240);

/// "HTTP 200 (application/json) {...}" / "no answer: <why>": what a request got.
std::string describe(const client::CallResult& result);
std::string describe(const client::HttpResponse& response);

/// The JSON-RPC error code in a result's response, if it is an error response
/// with an integer code.
std::optional<int> error_code(const client::CallResult& result);
/// True when the request got a response with a result member.
bool has_result(const client::CallResult& result);
/// That result (null when there is none).
const Json& result_of(const client::CallResult& result);
/// A result that is {} or holds nothing but _meta.
bool empty_result(const Json& result);
/// The body of a raw response parsed as JSON (the first SSE message for SSE); null if none.
Json first_message(const client::HttpResponse& response);
/// True when a request got no answer at all: no JSON-RPC response, and the
/// exchange ended without an HTTP status or in a timeout or a dropped
/// connection. A refusal (an HTTP 4xx, a JSON-RPC error) is an answer.
bool unanswered(const client::CallResult& result);
bool unanswered(const client::HttpResponse& response);
/// `result` when it was answered; else throws HarnessError (the check errs):
/// silence is no evidence, so a rule is never passed on it. `what` names the
/// request in the message.
client::CallResult answered(client::CallResult result, const std::string& what);
client::HttpResponse answered(client::HttpResponse response, const std::string& what);
/// Why a call's answer breaks a tolerance rule (a 5xx, or silence), or "" for
/// any other answer: a result, a JSON-RPC error, an HTTP 4xx.
std::string unhealthy(const client::CallResult& result, bool http);

inline bool is_2xx(int status) {
  return status >= 200 && status < 300;
}
inline bool is_4xx(int status) {
  return status >= 400 && status < 500;
}

// ---- server values, read without trusting their types -----------------------

/// `object[key]`, or null when `object` is not an object or has no such member.
Json member(const Json& object, std::string_view key);
/// The name of a listed tool or prompt, "?" when it has no string name.
std::string name_of(const Json& item);
/// A tool's inputSchema ({} when it has none).
Json input_schema(const Json& tool);
/// True when a result says isError: true. An isError that is not a boolean is
/// the server's mistake: ServerValueError.
bool is_tool_error(const Json& result);
/// Why a content block (of a tool result or a prompt message) is not one that
/// `version` defines, or "".
std::string content_problem(const Json& block, ProtocolVersion version);
bool is_base64(const std::string& text);
/// A media type such as "image/png" (parameters allowed).
bool is_media_type(const Json& value);

// ---- what a check sends ------------------------------------------------------

/// A method every server answers with a result: ping, or server/discover at
/// 2026-07-28 (which removed ping).
std::string answered_method(const CheckContext& c);
/// Digits nobody else would choose, for names that must not exist.
std::string random_suffix();
/// initialize params offering `version`, as `client_info` (null: mcp-conformance).
Json initialize_params(const std::string& version, Json capabilities = Json::object(),
                       Json client_info = nullptr);
/// A serialized initialize request with those params.
std::string initialize_body(const std::string& version, int id = 0);
/// initialize offering `version` on a transport of its own, which is then closed
/// (its session deleted): the answer, or why none came.
client::CallResult initialize_alone(CheckContext& c, const std::string& version,
                                    Json capabilities = Json::object(), Json client_info = nullptr);
/// tools/call params, with a progress token when one is given.
Json tool_call(const std::string& name, const Json& arguments,
               const Json& progress_token = nullptr);
/// Arguments that break `schema`: a declared property given a value of another
/// type, else a required one left out of `good`; null when the schema allows
/// anything. The second member says what was broken.
std::pair<Json, std::string> schema_breaking_arguments(const Json& schema, const Json& good);

// ---- sessions ----------------------------------------------------------------

/// A session of the check's own (initialized at the version under test).
inline std::unique_ptr<McpSession> session(CheckContext& c, Json capabilities = Json::object()) {
  return c.open_session(std::move(capabilities));
}
/// The needs of a check that judges every listed tool: nothing to judge when
/// none is listed, an error when the probe's tools/list got no answer.
inline const Needs kListedTools{.capability = "tools", .listed = "tools/list"};
/// An HTTP transport (Streamable HTTP or HTTP+SSE), not stdio.
bool over_http(const CheckContext& c);
/// The deprecated HTTP+SSE transport of 2024-11-05.
bool legacy_sse(const CheckContext& c);
/// The headers a POST of session `s` carries: its session id, and from 2025-06-18
/// its protocol version.
client::Headers session_post_headers(const CheckContext& c, McpSession& s);
/// Opens the standalone GET stream of a stateful Streamable HTTP session, so
/// that messages the server sends outside a request's own stream are seen too.
void watch_get_stream(const CheckContext& c, McpSession& s);
/// One raw exchange that carries the target's headers except Authorization, plus
/// `headers` (which may bring an Authorization of their own), recorded in the
/// check's transcript. SSE answers are read up to their first event only.
client::HttpResponse send_without_token(CheckContext& c, const std::string& method,
                                        client::Headers headers, const std::string& body = {},
                                        const std::string& url = {});
/// Waits a fixed window: rules about what must NOT arrive can only be judged by
/// watching for a while (never used to wait for something that will come).
void observe(std::chrono::milliseconds window);
/// How observe() waits: it sleeps, unless a unit test installs a shorter wait
/// (returns the one it replaces, to put back).
using ObserveWait = std::function<void(std::chrono::milliseconds)>;
ObserveWait set_observe_wait(ObserveWait wait);

// ---- 2026-07-28 raw exchanges ------------------------------------------------

/// A 2026-07-28 request with the envelope the harness sends.
Json modern_request(const CheckContext& c, const std::string& method, Json params = Json::object(),
                    Json id = "conformance-v26");
/// Replaces (or adds) header `name`, whatever the case of the one replaced.
void set_header(client::Headers& headers, const std::string& name, const std::string& value);
void drop_header(client::Headers& headers, const std::string& name);
using HeaderEdit = std::function<void(client::Headers&)>;
/// POSTs `request` raw with the headers a client sends for it (Mcp-Param-* for
/// `header_params`), changed by `edit`, so a check controls every header.
client::HttpResponse post_modern(CheckContext& c, const Json& request, const HeaderEdit& edit = {},
                                 const std::vector<modern::HeaderParam>& header_params = {});
/// The JSON-RPC response in an answer (on an SSE stream, the message with an id).
Json response_in(const client::HttpResponse& r);
/// Why an answer is not the refusal `status` with JSON-RPC error `code`, or "".
std::string not_refused(const client::HttpResponse& r, int status, int code);
/// Why an answer is not a served request (2xx with a result of any shape), or "".
std::string not_served(const client::HttpResponse& r);

// ---- lists -------------------------------------------------------------------

struct ListWalk {
  std::vector<Json> pages;  // each page's whole response
  std::vector<Json> items;
  std::string problem;          // why the walk stopped before the last page; "" when it got there
  bool unanswered = false;      // it stopped because a page request got no answer at all
  bool cursor_problem = false;  // a nextCursor was refused, not a string, or handed out twice
};

/// Every page of a list method (at most 100), stopping at the first problem.
ListWalk walk_list(McpSession& s, const std::string& method, const std::string& key);
/// The first way a page breaks the version's schema for `method`, or "".
std::string schema_problem(const CheckContext& c, const std::vector<Json>& pages,
                           const std::string& method);
/// What the check of a list method needs to know of it.
struct ListShape {
  std::string method;       // "tools/list"
  std::string key;          // the array in its result: "tools"
  std::string result_type;  // the schema's name of its result: "ListToolsResult"
  std::string noun;         // what it lists: "tool"
  std::function<std::string(const Json&)> item_problem;  // why an item breaks its type, or ""
  bool every_page = true;  // false: a later page that fails is another check's business
};
/// The check of a list method: a first page answered, every page valid against
/// the version's schema, every item well typed, and every page reached.
CheckFunction list_check(ListShape shape);
/// The check of a server feature's capability ("tools", "resources", "prompts"):
/// declared, it is an object whose `flags` are booleans when present and
/// <capability>/list answers; not declared, <capability>/list lists nothing.
CheckFunction capability_check(std::string capability, std::vector<std::string> flags);

// ---- calling tools -------------------------------------------------------------

struct ToolCall {
  Json tool;
  Json arguments;
  bool chosen = false;        // the call-tool (the others are extra samples)
  client::CallResult result;  // once called
};

/// The tools a check may call, with their arguments: the call-tool, then every
/// other tool it may call (may_call) whose arguments can be made from its
/// schema. At most 20.
std::vector<ToolCall> callable_tools(const ServerFacts& facts);
/// Arguments for a sample call of `tool` (not the user's call-tool): made from
/// its schema, with optional numeric properties that read as a wait
/// ("duration", "delay", "seconds", "ms", ...) set to 1 or their minimum, so a
/// demo tool that runs for 10 s by default answers in about one. Null when no
/// arguments can be made.
Json sample_arguments(const Json& tool);
/// Calls each tool of `calls` once in session `s`, keeping the answers.
void call_all(McpSession& s, std::vector<ToolCall>& calls);
/// The result a call got (null for an error response); HarnessError when it got no answer.
Json answered_call(const ToolCall& call);

// ---- what the server sends while a tool runs --------------------------------

/// The tools a check may call to make the server talk: the call-tool, and the
/// official suite's fixture `fixture` (no arguments) when the server lists it
/// and it may be called (may_call).
std::vector<std::pair<std::string, Json>> talking_tools(const ServerFacts& facts,
                                                        std::string_view fixture);

/// A message the server sent, with when it arrived (ms on the transcript clock).
struct Received {
  double at = 0;
  Json message;
};
/// Every message the server sent in `exchanges`, in arrival order: SSE events
/// by their own timestamps, JSON bodies by their first byte, stdio lines as read.
/// Within one stream the order is exact; across streams it is by timestamp.
std::vector<Received> server_messages(const std::vector<client::Exchange>& exchanges);
/// True for the response (not a request or notification) with id `id`.
bool is_response_to(const Json& message, const Json& id);
bool is_progress(const Json& message);
/// The progressToken of a progress notification (null when it has none).
Json progress_token_of(const Json& message);
/// Same JSON type and value (7 is not "7", nor 7.0).
bool same_token(const Json& a, const Json& b);

}  // namespace mcp::conformance
