// The points where the server's behaviour can be changed from outside its core:
// each hook is named after what the core is doing when it calls it, and does
// nothing unless something was added to it. The only things added today are
// the deliberate faults (faults.cpp); the core never names a fault.
//
// An empty hook costs the core one test of an empty vector: no allocation, no
// call. The last parameter(s) of a hook are what it may change; the ones
// before are what it may look at.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/request_metadata.hpp"
#include "protocol/versions.hpp"
#include "reference_server/tools.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace mcp::server {

struct Catalog;
class Dispatcher;
class Session;
class SessionStore;
class Stream;
class StreamableHttp;
struct SseStart;

/// One named hook: the functions added to it, called in the order added.
template <class... Args>
class Hook {
 public:
  using Fn = std::function<void(Args...)>;
  void add(Fn fn) { fns_.push_back(std::move(fn)); }
  explicit operator bool() const { return !fns_.empty(); }
  void operator()(Args... args) const {
    for (const auto& fn : fns_)
      fn(args...);
  }

 private:
  std::vector<Fn> fns_;
};

// ---- The MCP core (dispatcher.cpp, methods.cpp) ----

/// What a result hook may look at besides the result.
struct ResultContext {
  std::string_view method;
  const Json& params;
  const Catalog& catalog;
};

struct McpHooks {
  /// initialize chose the version the session will run, from those it serves.
  Hook<std::span<const ProtocolVersion>, ProtocolVersion&> version_chosen;
  /// A request's method is looked up; `served` false makes it an unknown method.
  Hook<std::string_view, bool&> method_served;
  /// No method by that name: a result set here is sent instead of error -32601.
  Hook<std::string_view, std::optional<Json>&> method_not_found;
  /// tools/call names no tool: a result set here is sent instead of error -32602.
  Hook<const std::string&, std::optional<Json>&> tool_not_found;
  /// resources/read names no resource: a result set here is sent instead of -32002.
  Hook<const std::string&, std::optional<Json>&> resource_not_found;
  /// A list request's cursor cannot be read: `refuse` false serves the first page.
  Hook<bool&> cursor_unreadable;
  /// prompts/get lacks a required argument: `refuse` false answers anyway.
  Hook<bool&> prompt_argument_missing;
  /// logging/setLevel named a valid level: `honour` false leaves the session's as it was.
  Hook<bool&> log_level_requested;
  /// A method's result (initialize's too) is about to be sent.
  Hook<const ResultContext&, Json&> result_ready;
  /// The response (result or error) to a request is about to be sent.
  Hook<const Json&, Json&> response_ready;
  /// A client notification was handled: an answer set here is sent back as
  /// though it were a request's error response.
  Hook<const Json&, std::optional<Json>&> notification_handled;
  /// The server is about to send a message of its own (a notification, or a
  /// request to the client) while serving a request (first: that request; null
  /// for list changes and resource updates, which belong to no request).
  Hook<const Json&, Json&> message_out;

  // 2026-07-28 (modern_methods.cpp)
  /// A request's _meta envelope cannot be read (`problem` says why): an
  /// envelope set here admits it; left unset, it is refused with -32602.
  Hook<const Json&, const modern::EnvelopeProblem&, std::optional<modern::Envelope>&>
      envelope_unusable;
  /// A request was admitted: the session made for it alone (client,
  /// capabilities, log level) may still change.
  Hook<const Json&, Session&> modern_admitted;
  /// A method that 2026-07-28 removed (ping, logging/setLevel, ...) was
  /// requested: a result set here is sent instead of error -32601.
  Hook<std::string_view, std::optional<Json>&> removed_method;
  /// A requestState came back: `accept` says whether it opened, is this
  /// request's and has not expired; false refuses the request with -32602.
  Hook<bool&> request_state_judged;
  /// An InputRequiredResult is about to be sent.
  Hook<Json&> input_required;
  /// A request needs a capability the client did not declare: the -32021 error
  /// about to be sent (a hook may make it something else).
  Hook<Json&> capability_missing;
  /// subscriptions/listen: the notification kinds it will honour.
  Hook<Json&> listen_honoured;
  /// subscriptions/listen: the acknowledgement about to be sent (null: none);
  /// `emit` sends on the stream ahead of it.
  Hook<const Emit&, Json&> listen_acknowledging;
  /// Whether a notification (its method) goes to a listen stream.
  Hook<std::string_view, bool&> listen_filter;
  /// A notification about to be sent on a listen stream.
  Hook<Json&> listen_delivering;
  /// The server is closing a listen stream (it shuts down): `answer` false
  /// closes it without the complete result.
  Hook<bool&> listen_closing;
};

// ---- The HTTP transports (http_*.cpp, sse_streams.cpp) ----

/// A refusal about to be written: HTTP status, JSON-RPC error, extra headers.
struct Refusal {
  int status = 400;
  int code = jsonrpc::kServerError;
  std::string message;
  Json id = nullptr;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// A request to an endpoint that needs a bearer token, without a valid one.
struct AuthFailure {
  const httplib::Request& request;
  std::string_view expected_token;
  const std::string& session_header;
  SessionStore& sessions;  // the Streamable HTTP sessions
  bool had_bearer = false;
  Refusal refusal;     // 401, with a WWW-Authenticate challenge
  bool admit = false;  // set: the request proceeds after all
};

/// One message (not a batch) POSTed to the MCP endpoint, about to be routed.
struct PostedMessage {
  Json& body;
  Session& session;
  std::optional<Refusal> refusal;  // set: refused instead of routed
};

/// A POSTed message that is not valid JSON-RPC.
struct InvalidMessage {
  enum class Outcome { kRefuse, kAccept, kServe };
  Json& body;
  Outcome outcome = Outcome::kRefuse;  // 400; accepted as a notification; served as a request
};

/// A POSTed request about to be answered (it is not initialize).
struct PostedRequest {
  const Json& request;
  const std::shared_ptr<Session>& session;
  httplib::Response& response;
  StreamableHttp& endpoint;
  bool answered = false;  // set: the hook answered it, the core does nothing more
};

/// An SSE stream of the MCP endpoint about to open: a POST's answer or the GET stream.
struct SseOpening {
  SseStart& start;
  Session& session;
  Stream& stream;
  bool get_stream = false;
};

/// A POST answered over SSE whose response is ready.
struct SseAnswer {
  const Json& request;
  Session& session;
  bool deliver = true;  // false: the stream ends without the response
};

/// A request POSTed to the HTTP+SSE transport's /messages, about to be answered.
struct LegacyRequest {
  const Json& request;
  Session& session;
  Dispatcher& dispatcher;
  const Emit& send;                // onto the session's SSE stream
  std::optional<Json>& post_body;  // set: the POST answers 200 with this body
  bool answered = false;           // set: the hook answered it
};

/// A header of a 2026-07-28 request compared with the body (Mcp-Method, Mcp-Name, ...).
struct HeaderComparison {
  const httplib::Request& request;
  std::string_view header;  // its name as the spec spells it
  std::string_view sent;    // its value, decoded
  std::string_view body;    // the value in the body it must equal
  bool agree = false;       // the verdict; false refuses the request (400, -32020)
};

struct HttpHooks {
  // Sessions
  /// At start-up: the name of the session id header.
  Hook<std::string&> session_header_named;
  /// A session id is about to be issued.
  Hook<std::string&> session_id_issued;
  /// A POST without a session id: `allowed` false refuses it instead of serving it sessionless.
  Hook<bool&> sessionless_post;
  /// A request that needs a session names none.
  Hook<Refusal&> session_id_missing;
  /// A request names a session that does not exist (any more).
  Hook<Refusal&> session_unknown;

  // Admission
  /// A request carries an Origin that is not allowed: `refuse` false admits it.
  Hook<const httplib::Request&, bool&> foreign_origin;
  /// A request needs the bearer token and has no valid one.
  Hook<AuthFailure&> unauthenticated;
  /// A CORS preflight's answer is about to be written.
  Hook<httplib::Response&> preflight_answered;

  // POST on the MCP endpoint
  /// The body is about to be parsed.
  Hook<std::string&> body_read;
  /// The body is not JSON: the refusal about to be sent.
  Hook<Refusal&> body_unparsable;
  /// MCP-Protocol-Version names a version not served: `refuse` false serves the request.
  Hook<bool&> version_header_unsupported;
  /// A request (not initialize) without MCP-Protocol-Version, in a session running `version`.
  Hook<ProtocolVersion, std::optional<Refusal>&> version_header_missing;
  /// A batch arrives in a session running `version`: `accept` says whether it is served.
  Hook<ProtocolVersion, bool&> batch_judged;
  /// A single message is about to be routed.
  Hook<PostedMessage&> message_posted;
  /// A single message is not valid JSON-RPC.
  Hook<InvalidMessage&> invalid_message;
  /// A POSTed notification or client response was accepted: the status it gets.
  Hook<int&> accepted_status;
  /// A request (not initialize) is about to be answered.
  Hook<PostedRequest&> request_answering;
  /// A POSTed request's plain JSON answer has been written.
  Hook<httplib::Response&> json_answered;
  /// An SSE stream (a POST's answer or the GET stream) is about to open.
  Hook<SseOpening&> sse_opening;
  /// A POST answered over SSE has its response ready.
  Hook<SseAnswer&> sse_response_ready;
  /// A POST's SSE answer sent its response (or ended without it).
  Hook<SseAnswer&> sse_answer_finished;

  // GET and DELETE on the MCP endpoint
  /// A GET or DELETE (the method) is about to be served: a refusal set here is sent instead.
  Hook<std::string_view, std::optional<Refusal>&> endpoint_method;

  // 2026-07-28 (http_modern.cpp)
  /// A header was compared with the request's body.
  Hook<HeaderComparison&> header_compared;
  /// A 2026-07-28 POST was answered: status, headers and body (or the SSE
  /// stream) are set, and may still change.
  Hook<const httplib::Request&, httplib::Response&> modern_answered;
  /// A GET or DELETE of 2026-07-28 (no sessions, no standalone stream) is
  /// about to be refused (405).
  Hook<Refusal&> modern_stream_refused;

  // The rest
  /// GET /health's answer has been written.
  Hook<httplib::Response&> health_answered;
  /// A request POSTed to /messages is about to be answered.
  Hook<LegacyRequest&> legacy_request;
};

struct Hooks {
  McpHooks mcp;
  HttpHooks http;
};

}  // namespace mcp::server
