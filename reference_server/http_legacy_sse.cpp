#include "reference_server/http_legacy_sse.hpp"

#include <httplib.h>

#include "reference_server/http_admission.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/options.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::server {

void LegacySse::open_stream(const httplib::Request& req, httplib::Response& res) {
  if (!admission_.admit(req, res) ||
      !accepts_sse(req, res, "Not Acceptable: the HTTP+SSE stream needs Accept: text/event-stream"))
    return;
  if (!streams_.try_acquire()) {
    send_unavailable(res, "Service Unavailable: too many open SSE streams (--max-streams)",
                     request_version(req));
    return;
  }
  // The session lives exactly as long as this connection: it is the transport.
  auto session = std::make_shared<Session>(generate_session_id());
  session->set_served_versions(legacy_protocol_versions());
  auto stream = session->attach_get_stream(kRetainedEvents);
  if (!sessions_.insert(session)) {
    streams_.release();
    send_unavailable(res,
                     "Service Unavailable: the server already holds " +
                         std::to_string(sessions_.max_sessions()) + " sessions (--max-sessions)",
                     request_version(req));
    return;
  }
  auto activity = std::make_shared<Session::ActivityScope>(session);
  SseStart start;
  start.first = sse::Event{.type = "endpoint",
                           .data = std::string(kLegacyPostPath) + "?sessionId=" + session->id(),
                           .id = "",
                           .retry_ms = {}};
  answer_with_stream(res, std::move(stream), std::move(start),
                     std::chrono::seconds(options_.sse_keepalive_s), activity,
                     [this, session](bool) {
                       sessions_.remove(session->id());
                       streams_.release();
                     });
}

void LegacySse::post(const httplib::Request& req, httplib::Response& res) {
  if (!admission_.admit(req, res)) return;
  const auto id = req.get_param_value("sessionId");
  if (id.empty()) {
    send_error(res, 400, jsonrpc::kServerError,
               "Bad Request: the sessionId query parameter is required", request_version(req));
    return;
  }
  auto session = sessions_.find(id);
  if (!session) {
    send_error(res, 404, -32001,
               "Session not found: the SSE stream of this session is closed or never existed",
               request_version(req));
    return;
  }
  if (!has_json_body(req, res)) return;
  auto parsed = jsonrpc::parse(req.body);
  if (!parsed.value) {
    Refusal refusal{
        .status = 400, .code = jsonrpc::kParseError, .message = "Parse error: " + parsed.error};
    hooks_.body_unparsable(refusal);
    refuse(res, refusal, request_version(req));
    return;
  }
  auto stream = session->get_stream();
  if (!stream) {
    send_error(res, 404, -32001, "Session not found: its SSE stream is closed",
               request_version(req));
    return;
  }
  const Json body = std::move(*parsed.value);
  const Emit send = [stream](const Json& message) { stream->push(jsonrpc::serialize(message)); };
  std::optional<Json> post_body;
  if (body.is_array()) {
    bool accept = allows_batches(session->protocol_version());
    if (!body.empty()) hooks_.batch_judged(session->protocol_version(), accept);
    if (body.empty() || !accept) {
      send_error(res, 400, jsonrpc::kInvalidRequest,
                 "Invalid Request: batches exist only in 2025-03-26", request_version(req));
      return;
    }
    for (const auto& message : body)
      answer(message, session, send, post_body);
  } else {
    answer(body, session, send, post_body);
  }
  if (post_body) {
    send_json(res, *post_body);
    return;
  }
  res.status = 202;
  res.set_content("Accepted", "text/plain");
}

void LegacySse::answer(Json message, const std::shared_ptr<Session>& session, const Emit& send,
                       std::optional<Json>& post_body) {
  // Everything the server says goes on the session's one SSE stream.
  auto routed = dispatcher_.route(message, *session);
  if (routed.kind == Routed::Kind::kInvalid) {
    InvalidMessage invalid{.body = message};
    hooks_.invalid_message(invalid);
    if (invalid.outcome == InvalidMessage::Outcome::kRefuse) send(routed.error);
    if (invalid.outcome != InvalidMessage::Outcome::kServe) return;
  } else if (routed.kind != Routed::Kind::kRequest) {
    return;
  }
  LegacyRequest request{.request = message,
                        .session = *session,
                        .dispatcher = dispatcher_,
                        .send = send,
                        .post_body = post_body,
                        .answered = false};
  hooks_.legacy_request(request);
  if (request.answered) return;
  // Answered on the stream, so it can take its time: run it off this worker.
  background_.enqueue([this, session, message, send] {
    if (auto response = dispatcher_.handle_request(message, *session, send)) send(*response);
  });
}

}  // namespace mcp::server
