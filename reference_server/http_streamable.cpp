#include "reference_server/http_streamable.hpp"

#include <httplib.h>

#include <charconv>

#include "protocol/headers.hpp"
#include "reference_server/http_admission.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/options.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::server {
namespace {

/// Splits a Last-Event-ID ("<stream key>:<seq>") into its parts.
std::optional<std::pair<std::string, std::uint64_t>> parse_event_id(const std::string& id) {
  const auto colon = id.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::uint64_t seq = 0;
  const char* first = id.data() + colon + 1;
  const char* last = id.data() + id.size();
  const auto [ptr, ec] = std::from_chars(first, last, seq);
  if (ec != std::errc{} || ptr != last || first == last) return std::nullopt;
  return std::make_pair(id.substr(0, colon), seq);
}

}  // namespace

StreamableHttp::StreamableHttp(const TransportParts& parts, const std::string& session_header)
    : HttpTransport(parts), session_header_(session_header) {}

void StreamableHttp::in_background(std::function<void()> task) {
  background_.enqueue(std::move(task));
}

std::string StreamableHttp::issue_session_id() {
  auto id = generate_session_id();
  hooks_.session_id_issued(id);
  return id;
}

int StreamableHttp::accepted_status() const {
  int status = 202;
  hooks_.accepted_status(status);
  return status;
}

void StreamableHttp::refuse_unsupported_version(const httplib::Request& req,
                                                httplib::Response& res) {
  send_error(res, 400, jsonrpc::kServerError,
             "Bad Request: unsupported MCP-Protocol-Version '" +
                 req.get_header_value(headers::kProtocolVersion) +
                 "' (supported: " + supported_versions_text() + ")",
             request_version(req));
}

void StreamableHttp::post(const httplib::Request& req, httplib::Response& res) {
  if (!admission_.admit(req, res) || !has_json_body(req, res) || !accepts_json_and_sse(req, res))
    return;
  const auto header = read_version_header(req);
  auto body = read_body(req, res, header.served);
  if (!body) return;
  if (is_modern_post(req, *body)) {
    post_modern(req, res, *body);
    hooks_.modern_answered(req, res);
    return;
  }
  if (!batch_acceptable(*body, req, res, header.served)) return;
  const bool initialize = is_initialize_request(*body);
  const auto session = initialize ? open_session(req, res, *body) : session_for(req, res, header);
  if (!session) return;
  const auto version = session->protocol_version();
  if (!initialize && !header.present) {
    std::optional<Refusal> refusal;
    hooks_.version_header_missing(version, refusal);
    if (refusal) {
      refuse(res, *refusal, version);
      return;
    }
  }
  if (body->is_array()) {
    answer_batch(*body, session, res);
  } else {
    answer_message(*body, session, initialize, res);
  }
}

StreamableHttp::VersionHeader StreamableHttp::read_version_header(const httplib::Request& req) {
  // The version in effect: the session's, else this header's (2025-03-26 when
  // absent, as the spec says to assume).
  VersionHeader header;
  const auto found = req.headers.find(headers::kProtocolVersion);
  header.present = found != req.headers.end();
  if (header.present) {
    header.served = parse_protocol_version(found->second);
    bool served = false;
    for (const auto v : streamable_http_versions())
      served = served || (header.served == v);
    if (!served) header.served.reset();
  }
  return header;
}

std::optional<Json> StreamableHttp::read_body(const httplib::Request& req, httplib::Response& res,
                                              std::optional<ProtocolVersion> version) {
  auto parsed = [&] {
    if (!hooks_.body_read) return jsonrpc::parse(req.body);
    std::string body = req.body;
    hooks_.body_read(body);
    return jsonrpc::parse(body);
  }();
  if (!parsed.value) {
    Refusal refusal{
        .status = 400, .code = jsonrpc::kParseError, .message = "Parse error: " + parsed.error};
    hooks_.body_unparsable(refusal);
    refuse(res, refusal, version);
  }
  return std::move(parsed.value);
}

bool StreamableHttp::batch_acceptable(const Json& body, const httplib::Request& req,
                                      httplib::Response& res,
                                      std::optional<ProtocolVersion> version) {
  if (!body.is_array()) return true;
  if (body.empty()) {
    send_error(res, 400, jsonrpc::kInvalidRequest, "Invalid Request: empty batch", version);
    return false;
  }
  for (const auto& message : body) {
    if (is_initialize_request(message)) {
      send_error(res, 400, jsonrpc::kInvalidRequest,
                 "Invalid Request: initialize must not be part of a JSON-RPC batch",
                 request_version(req));
      return false;
    }
  }
  return true;
}

std::shared_ptr<Session> StreamableHttp::open_session(const httplib::Request& req,
                                                      httplib::Response& res,
                                                      const Json& initialize) {
  if (!options_.stateless && req.has_header(session_header_)) {
    send_error(res, 400, jsonrpc::kInvalidRequest,
               "Invalid Request: initialize must not carry Mcp-Session-Id (this session is "
               "already initialized; omit the header to start a new session)",
               std::nullopt, initialize["id"]);
    return nullptr;
  }
  return std::make_shared<Session>(options_.stateless ? std::string() : issue_session_id());
}

std::shared_ptr<Session> StreamableHttp::session_for(const httplib::Request& req,
                                                     httplib::Response& res,
                                                     const VersionHeader& header) {
  if (header.present && !header.served) {
    bool refuse = true;
    hooks_.version_header_unsupported(refuse);
    if (refuse) {
      refuse_unsupported_version(req, res);
      return nullptr;
    }
  }
  // ChatGPT's 2026 client sends no Mcp-Session-Id after initialize. The spec
  // lets a server that needs sessions refuse that (400); this one needs none
  // for a single POST, so it serves such a request as a stateless server would.
  bool sessionless = options_.stateless || !req.has_header(session_header_);
  if (sessionless && !options_.stateless) hooks_.sessionless_post(sessionless);
  if (!sessionless) return resolve_session(req, res);
  auto session = std::make_shared<Session>(std::string());
  session->set_protocol_version(header.served.value_or(ProtocolVersion::k2025_03_26));
  return session;
}

std::shared_ptr<Session> StreamableHttp::resolve_session(const httplib::Request& req,
                                                         httplib::Response& res) {
  const auto id = req.get_header_value(session_header_);
  if (id.empty()) {
    Refusal refusal{
        .status = 400,
        .code = jsonrpc::kServerError,
        .message =
            "Bad Request: Mcp-Session-Id header is required (send initialize first to get one)"};
    hooks_.session_id_missing(refusal);
    refuse(res, refusal, request_version(req));
    return nullptr;
  }
  auto session = sessions_.find(id);
  if (!session) {
    Refusal refusal{.status = 404,
                    .code = -32001,
                    .message =
                        "Session not found: it expired, was deleted or never existed; send "
                        "initialize without Mcp-Session-Id to start a new one"};
    hooks_.session_unknown(refusal);
    refuse(res, refusal, request_version(req));
    return nullptr;
  }
  return session;
}

void StreamableHttp::answer_batch(const Json& batch, const std::shared_ptr<Session>& session,
                                  httplib::Response& res) {
  const auto version = session->protocol_version();
  bool accept = allows_batches(version);
  hooks_.batch_judged(version, accept);
  if (!accept) {
    send_error(res, 400, jsonrpc::kInvalidRequest,
               "Invalid Request: JSON-RPC batches are not accepted under protocol version " +
                   std::string(to_string(version)) + " (batching exists only in 2025-03-26)",
               version);
    return;
  }
  const Session::ActivityScope activity(session);
  // 2025-03-26 batches: answered together as one JSON array, in order.
  if (auto responses = dispatcher_.route_batch(batch, *session, {})) {
    send_json(res, *responses);
  } else {
    res.status = 202;
  }
}

void StreamableHttp::answer_message(Json& body, const std::shared_ptr<Session>& session,
                                    bool initialize, httplib::Response& res) {
  const auto version = session->protocol_version();
  const Session::ActivityScope activity(session);
  PostedMessage posted{.body = body, .session = *session, .refusal = std::nullopt};
  hooks_.message_posted(posted);
  if (posted.refusal) {
    refuse(res, *posted.refusal, version);
    return;
  }
  auto routed = dispatcher_.route(body, *session);
  if (routed.kind == Routed::Kind::kInvalid) {
    InvalidMessage invalid{.body = body};
    hooks_.invalid_message(invalid);
    if (invalid.outcome == InvalidMessage::Outcome::kRefuse) {
      send_error_response(res, 400, std::move(routed.error), version);
      return;
    }
    if (invalid.outcome == InvalidMessage::Outcome::kAccept) {
      res.status = accepted_status();
      return;
    }
  } else if (routed.kind == Routed::Kind::kConsumed) {
    res.status = accepted_status();
    return;
  }
  if (initialize) {
    answer_initialize(body, session, res);
  } else {
    answer_request(body, session, res);
  }
}

void StreamableHttp::answer_initialize(const Json& request, const std::shared_ptr<Session>& session,
                                       httplib::Response& res) {
  auto response = dispatcher_.handle_request(request, *session, {});
  if (response && response->contains("result") && !options_.stateless) {
    if (!sessions_.insert(session)) {
      send_unavailable(
          res,
          "Service Unavailable: the server already holds " +
              std::to_string(sessions_.max_sessions()) +
              " sessions (--max-sessions); end one with DELETE or wait for idle ones to "
              "expire",
          std::nullopt, request["id"]);
      return;
    }
    res.set_header(session_header_, session->id());
  }
  send_json(res, *response);
}

void StreamableHttp::answer_request(const Json& request, const std::shared_ptr<Session>& session,
                                    httplib::Response& res) {
  PostedRequest posted{.request = request,
                       .session = session,
                       .response = res,
                       .endpoint = *this,
                       .answered = false};
  hooks_.request_answering(posted);
  if (posted.answered) return;
  if (dispatcher_.may_emit_before_response(request) && streams_.try_acquire()) {
    answer_over_sse(request, session, res);
    return;
  }
  // Plain JSON, computed on this thread: no hand-off on the common path.
  if (auto response = dispatcher_.handle_request(request, *session, {})) {
    send_json(res, *response);
    hooks_.json_answered(res);
  } else {
    res.status = 202;  // cancelled before it finished: no response may be sent
  }
}

void StreamableHttp::answer_over_sse(const Json& request, std::shared_ptr<Session> session,
                                     httplib::Response& res) {
  auto stream = std::make_shared<Stream>(session->next_stream_key('p'), kRetainedEvents);
  session->register_stream(stream);  // resumable with GET + Last-Event-ID
  auto activity = std::make_shared<Session::ActivityScope>(session);
  background_.enqueue(
      [this, request, session, stream, activity] { run_sse_answer(request, *session, *stream); });
  SseStart start{.prime = primes_sse_streams(session->protocol_version())};
  SseOpening opening{.start = start, .session = *session, .stream = *stream, .get_stream = false};
  hooks_.sse_opening(opening);
  answer_with_stream(res, stream, std::move(start), std::chrono::seconds(options_.sse_keepalive_s),
                     nullptr, [this](bool) { streams_.release(); });
}

void StreamableHttp::run_sse_answer(const Json& request, Session& session, Stream& stream) {
  const Emit emit = [&stream](const Json& message) { stream.push(jsonrpc::serialize(message)); };
  // Resumable only where the client can come back for it: a stored session.
  std::function<void()> end_connection;
  if (!session.id().empty()) end_connection = [&stream] { stream.end_connection(); };
  const auto response = dispatcher_.handle_request(request, session, emit, end_connection);
  if (!response) {
    stream.finish();
    return;
  }
  SseAnswer answer{.request = request, .session = session, .deliver = true};
  hooks_.sse_response_ready(answer);
  if (answer.deliver) {
    stream.push_final(jsonrpc::serialize(*response));
  } else {
    stream.finish();
  }
  hooks_.sse_answer_finished(answer);
}

bool StreamableHttp::refused_by_hooks(std::string_view method, const httplib::Request& req,
                                      httplib::Response& res) {
  if (!hooks_.endpoint_method) return false;
  std::optional<Refusal> refusal;
  hooks_.endpoint_method(method, refusal);
  if (!refusal) return false;
  refuse(res, *refusal, request_version(req));
  return true;
}

void StreamableHttp::get(const httplib::Request& req, httplib::Response& res) {
  if (!admission_.admit(req, res) || refused_by_hooks("GET", req, res)) return;
  if (is_modern_stream_request(req)) {
    refuse_modern_stream(req, res);
    return;
  }
  if (options_.stateless || req.method == "HEAD") {
    res.set_header("Allow", options_.stateless ? "POST, OPTIONS" : "GET, POST, DELETE, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError,
               options_.stateless
                   ? "Method Not Allowed: this server is stateless and offers no GET stream"
                   : "Method Not Allowed: HEAD",
               request_version(req));
    return;
  }
  if (!accepts_sse(req, res,
                   "Not Acceptable: GET opens an SSE stream; the Accept header must allow "
                   "text/event-stream"))
    return;
  if (req.has_header(headers::kProtocolVersion) &&
      !parse_protocol_version(req.get_header_value(headers::kProtocolVersion))) {
    bool refuse = true;
    hooks_.version_header_unsupported(refuse);
    if (refuse) {
      refuse_unsupported_version(req, res);
      return;
    }
  }
  auto session = resolve_session(req, res);
  if (!session) return;
  // Resumption: Last-Event-ID names the stream ("<key>:<seq>") and how far the
  // client got. Only that stream's messages are replayed, never another's.
  SseStart start{.prime = primes_sse_streams(session->protocol_version())};
  if (const auto last = parse_event_id(req.get_header_value(headers::kLastEventId))) {
    const auto& [key, seq] = *last;
    if (auto resumed = session->find_stream(key); resumed && key.starts_with('p')) {
      resume_stream(req, res, session, resumed, seq);
      return;
    } else if (resumed) {
      start.prime = false;
      resumed->wait(seq, Clock::now(), start.replay);  // what the client missed, without waiting
    }
  }
  open_get_stream(req, res, std::move(session), std::move(start));
}

void StreamableHttp::resume_stream(const httplib::Request& req, httplib::Response& res,
                                   std::shared_ptr<Session> session, std::shared_ptr<Stream> stream,
                                   std::uint64_t after) {
  if (!streams_.try_acquire()) {
    send_unavailable(res, "Service Unavailable: too many open SSE streams (--max-streams)",
                     request_version(req));
    return;
  }
  auto activity = std::make_shared<Session::ActivityScope>(std::move(session));
  answer_with_stream(res, std::move(stream), SseStart{.after = after},
                     std::chrono::seconds(options_.sse_keepalive_s), activity,
                     [this](bool) { streams_.release(); });
}

void StreamableHttp::open_get_stream(const httplib::Request& req, httplib::Response& res,
                                     std::shared_ptr<Session> session, SseStart start) {
  auto stream = session->attach_get_stream(kRetainedEvents);
  if (!stream) {
    // The previous stream's client may have gone without a FIN we noticed yet:
    // ask its writer to check the connection before refusing.
    // Two probes: the first write after the peer's close only draws its RST.
    if (const auto previous = session->get_stream()) {
      previous->probe();
      if (!previous->wait_finished(Clock::now() + std::chrono::milliseconds(100))) {
        previous->probe();
        previous->wait_finished(Clock::now() + std::chrono::milliseconds(400));
      }
    }
    stream = session->attach_get_stream(kRetainedEvents);
  }
  if (!stream) {
    send_error(res, 409, jsonrpc::kServerError,
               "Conflict: this session already has an open GET stream (one per session)",
               request_version(req));
    return;
  }
  if (!streams_.try_acquire()) {
    session->detach_get_stream(stream);
    stream->finish();
    send_unavailable(res,
                     "Service Unavailable: " + std::to_string(options_.max_streams) +
                         " SSE streams are open (--max-streams)",
                     request_version(req));
    return;
  }
  session->register_stream(stream);
  SseOpening opening{.start = start, .session = *session, .stream = *stream, .get_stream = true};
  hooks_.sse_opening(opening);
  auto activity = std::make_shared<Session::ActivityScope>(session);
  answer_with_stream(res, stream, std::move(start), std::chrono::seconds(options_.sse_keepalive_s),
                     activity, [this, session, stream](bool) {
                       stream->finish();
                       session->detach_get_stream(stream);
                       streams_.release();
                     });
}

void StreamableHttp::remove(const httplib::Request& req, httplib::Response& res) {
  if (!admission_.admit(req, res)) return;
  if (is_modern_stream_request(req)) {
    refuse_modern_stream(req, res);
    return;
  }
  if (options_.stateless) {
    res.set_header("Allow", "POST, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError,
               "Method Not Allowed: this server is stateless; there is no session to delete",
               request_version(req));
    return;
  }
  if (refused_by_hooks("DELETE", req, res)) return;
  const auto id = req.get_header_value(session_header_);
  if (id.empty()) {
    send_error(res, 400, jsonrpc::kServerError,
               "Bad Request: DELETE needs the Mcp-Session-Id header of the session to end",
               request_version(req));
    return;
  }
  if (!sessions_.remove(id)) {
    send_error(res, 404, -32001, "Session not found: it expired, was deleted or never existed",
               request_version(req));
    return;
  }
  res.status = 204;
}

}  // namespace mcp::server
