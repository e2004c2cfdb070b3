#include "reference_server/http_server.hpp"

#include <httplib.h>

#include <charconv>
#include <stdexcept>
#include <thread>

#include "protocol/headers.hpp"
#include "protocol/http_util.hpp"
#include "protocol/sse.hpp"
#include "protocol/toolkit_version.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

constexpr const char* kMcpPath = "/mcp";
constexpr const char* kLegacySsePath = "/sse";
constexpr const char* kLegacyPostPath = "/messages";
constexpr std::size_t kRetainedEvents = 1024;  // per stream, for resumption
constexpr std::uint64_t kRetryMs = 1000;       // advised reconnection delay (2025-11-25 priming)
constexpr const char* kInstructions =
    "Reference MCP server for conformance testing. Tools: echo, add, sleep (timing and progress), "
    "fail (tool error), structured (structured output), toggle_list_entry (list changes), and the "
    "official suite's test_* fixtures; resources and prompts under test://.";

std::string supported_versions_text() {
  std::string out;
  for (const auto v : streamable_http_versions()) {
    if (!out.empty()) out += ", ";
    out += to_string(v);
  }
  return out;
}

/// A transport-level refusal with a JSON-RPC error body saying why.
void send_error(httplib::Response& res, int status, int code, const std::string& message,
                std::optional<ProtocolVersion> version = std::nullopt, const Json& id = nullptr) {
  Json body = jsonrpc::make_error(id, code, message);
  // An unknown id is null in JSON-RPC 2.0 (and the schemas up to 2025-06-18 need
  // the member); 2025-11-25 forbids null and omits it. Without a version, null.
  if (id.is_null() && version && *version >= ProtocolVersion::k2025_11_25) body.erase("id");
  res.status = status;
  res.set_content(jsonrpc::serialize(body), "application/json");
}

void send_json(httplib::Response& res, const Json& body) {
  res.status = 200;
  res.set_content(jsonrpc::serialize(body), "application/json");
}

/// The version the client says it speaks (the MCP-Protocol-Version header), if
/// it names one we know: it decides how an error's unknown id is written.
std::optional<ProtocolVersion> request_version(const httplib::Request& req) {
  const auto header = req.get_header_value(headers::kProtocolVersion);
  if (const auto known = parse_protocol_version(header)) return known;
  // A revision newer than ours (YYYY-MM-DD sorts by date) keeps 2025-11-25's rule.
  const bool date = header.size() == 10 && header[4] == '-' && header[7] == '-';
  if (date && header > to_string(kLatestProtocolVersion)) return kLatestProtocolVersion;
  return std::nullopt;
}

bool is_initialize_request(const Json& message) {
  if (!message.is_object() || !message.contains("id")) return false;
  const auto method = message.find("method");
  return method != message.end() && method->is_string() && *method == "initialize";
}

/// How an SSE response starts: what it sends before the stream's own messages.
struct SseStart {
  bool prime = false;               // 2025-11-25 priming event (id, empty data, retry)
  std::uint64_t after = 0;          // resume: only events after this sequence number
  std::optional<sse::Event> first;  // HTTP+SSE: the `endpoint` event
  std::vector<StoredEvent> replay;  // events of an earlier stream to send first
  bool per_stream_ids = false;      // --fault event-ids-per-stream
};

/// The writer of one SSE response: waits on the stream's condition variable and
/// writes each message the moment it is produced. `hold` is kept alive for as
/// long as the response is being written.
httplib::ContentProviderWithoutLength sse_writer(std::shared_ptr<Stream> stream, SseStart start,
                                                 std::chrono::seconds keepalive,
                                                 std::shared_ptr<void> hold) {
  return [stream = std::move(stream), start = std::move(start), keepalive, hold = std::move(hold),
          cursor = start.after, started = false](std::size_t, httplib::DataSink& sink) mutable {
    const auto write_event = [&](const StoredEvent& event) {
      // --fault event-ids-per-stream: the bare sequence number, which repeats across streams.
      const auto id = start.per_stream_ids ? std::to_string(event.seq) : event.id;
      const auto bytes =
          sse::encode(sse::Event{.type = "message", .data = event.data, .id = id, .retry_ms = {}});
      return sink.write(bytes.data(), bytes.size());
    };
    if (!started) {
      started = true;
      if (start.first) {
        const auto bytes = sse::encode(*start.first);
        if (!sink.write(bytes.data(), bytes.size())) return false;
      }
      if (start.prime) {
        // 2025-11-25: an event with an id and empty data lets the client resume
        // (GET with Last-Event-ID) even if the connection drops before any message.
        const auto priming =
            sse::encode(sse::Event{.type = "",
                                   .data = "",
                                   .id = start.per_stream_ids ? "0" : stream->priming_id(),
                                   .retry_ms = kRetryMs});
        if (!sink.write(priming.data(), priming.size())) return false;
      }
      for (const auto& event : start.replay) {
        if (!write_event(event)) return false;
      }
    }
    std::vector<StoredEvent> events;
    switch (stream->wait(cursor, Clock::now() + keepalive, events)) {
      case Stream::Wake::kEvents:
        for (const auto& event : events) {
          if (!write_event(event)) return false;
          cursor = event.seq;
        }
        return true;
      case Stream::Wake::kFinished:
      case Stream::Wake::kEndConnection:  // the stream goes on; the client resumes with GET
        sink.done();
        return true;
      case Stream::Wake::kTimeout: {
        // Keeps proxies from timing the stream out, and finds dead peers.
        const auto comment = sse::encode_comment("keepalive");
        return sink.write(comment.data(), comment.size());
      }
      case Stream::Wake::kProbe: {
        // Writing is the only way to learn whether the client is still there.
        const auto comment = sse::encode_comment("probe");
        return sink.write(comment.data(), comment.size());
      }
    }
    return false;
  };
}

/// What a server that takes UTF-8 for Latin-1 does to a body (--fault latin1-body).
std::string reinterpret_as_latin1(const std::string& body) {
  std::string out;
  out.reserve(body.size());
  for (const unsigned char c : body) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

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

HttpServer::HttpServer(Options options)
    : options_(std::move(options)),
      catalog_(make_reference_catalog()),
      dispatcher_(ServerInfo{.version = kToolkitVersion, .instructions = kInstructions}, *catalog_,
                  options_.page_size, options_.faults),
      sessions_(options_.max_sessions, std::chrono::seconds(options_.session_idle_timeout_s)),
      legacy_sessions_(options_.max_sessions, std::chrono::seconds(0)),
      http_(std::make_unique<httplib::Server>()) {
  // Server notifications go to each session's GET stream (or, for resource
  // updates, to the sessions subscribed to that resource).
  dispatcher_.set_notifier([this](const Json& notification, const std::string& uri) {
    const auto deliver = [&](Session& session) {
      if (uri.empty() || session.subscribed(uri)) session.notify(notification);
    };
    sessions_.for_each(deliver);
    legacy_sessions_.for_each(deliver);
  });
  session_header_ = options_.faults.has(Fault::kSessionHeaderName) ||
                            options_.faults.has(Fault::kSessionHeaderOptional)
                        ? "X-MCP-Session-Id"
                        : headers::kSessionId;
  loopback_bind_ =
      http::is_loopback_host(http::host_header_host(options_.host)) || options_.host == "::1";
  // One HTTP worker per possible SSE stream, plus the workers kept for plain
  // requests: open streams can never take every worker.
  const std::size_t threads = options_.max_streams + options_.workers;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  executor_ = std::make_unique<httplib::ThreadPool>(options_.max_streams);
  // Without TCP_NODELAY every keep-alive answer waits ~40 ms for Nagle and
  // delayed ACK. The accepted sockets inherit it from the listening socket.
  http_->set_tcp_nodelay(true);
  http_->set_keep_alive_max_count(1000000);
  http_->set_keep_alive_timeout(5);
  http_->set_read_timeout(10);
  http_->set_write_timeout(10);
  http_->set_payload_max_length(options_.max_body_bytes);
  install_routes();
}

HttpServer::~HttpServer() {
  stop();
  executor_->shutdown();
}

int HttpServer::bind() {
  port_ = options_.port == 0
              ? http_->bind_to_any_port(options_.host)
              : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) +
                             " (address in use, not local, or not resolvable)");
  }
  return port_;
}

bool HttpServer::serve() {
  {
    const std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) return true;
    serving_ = true;
  }
  return http_->listen_after_bind();
}

void HttpServer::stop() {
  bool serving = false;
  {
    const std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) return;
    stopped_ = true;
    serving = serving_;
  }
  dispatcher_.cancel_all();
  sessions_.shutdown();
  legacy_sessions_.shutdown();
  if (serving) {
    // listen_after_bind() was entered: its loop starts within microseconds.
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!http_->is_running() && Clock::now() < deadline)
      std::this_thread::yield();
  }
  http_->stop();
}

std::string HttpServer::url() const {
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" +
         std::to_string(port_) + kMcpPath;
}

void HttpServer::install_routes() {
  http_->Post(kMcpPath, [this](const httplib::Request& req, httplib::Response& res) {
    handle_post(req, res);
  });
  http_->Get(kMcpPath,
             [this](const httplib::Request& req, httplib::Response& res) { handle_get(req, res); });
  http_->Delete(kMcpPath, [this](const httplib::Request& req, httplib::Response& res) {
    handle_delete(req, res);
  });
  http_->Options(kMcpPath, [this](const httplib::Request& req, httplib::Response& res) {
    handle_options(req, res);
  });
  const auto method_not_allowed = [this](const httplib::Request& req, httplib::Response& res) {
    add_cors_headers(req, res);
    res.set_header("Allow", options_.stateless ? "POST, OPTIONS" : "GET, POST, DELETE, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError,
               "Method Not Allowed: " + req.method + " " + kMcpPath, request_version(req));
  };
  http_->Put(kMcpPath, method_not_allowed);
  http_->Patch(kMcpPath, method_not_allowed);
  // The HTTP+SSE transport of 2024-11-05, beside Streamable HTTP for old clients.
  http_->Get(kLegacySsePath, [this](const httplib::Request& req, httplib::Response& res) {
    handle_legacy_stream(req, res);
  });
  http_->Post(kLegacyPostPath, [this](const httplib::Request& req, httplib::Response& res) {
    handle_legacy_post(req, res);
  });
  for (const char* path : {kLegacySsePath, kLegacyPostPath}) {
    http_->Options(path, [this](const httplib::Request& req, httplib::Response& res) {
      handle_options(req, res);
    });
  }
  http_->Get("/health",
             [this](const httplib::Request&, httplib::Response& res) { handle_health(res); });

  // Give bodiless error statuses (413 from the body limit, 404 for other paths)
  // a JSON-RPC body that says what happened.
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.is_chunked_content_provider_) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        if (res.status == 413) {
          send_error(res, 413, jsonrpc::kInvalidRequest,
                     "Payload Too Large: the request body exceeds " +
                         std::to_string(options_.max_body_bytes) + " bytes (--max-body-bytes)",
                     request_version(req));
        } else if (res.status == 404) {
          send_error(res, 404, jsonrpc::kServerError,
                     "Not Found: " + req.path + " (the MCP endpoint is " + kMcpPath + ")",
                     request_version(req));
        } else {
          send_error(res, res.status, jsonrpc::kServerError,
                     "HTTP error " + std::to_string(res.status), request_version(req));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  http_->set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log_line(LogLevel::kError,
             "internal error handling " + req.method + " " + req.path + ": " + what);
    send_error(res, 500, jsonrpc::kInternalError, "Internal error: " + what, request_version(req));
  });
  if (log_enabled(LogLevel::kDebug)) {
    http_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
      log_line(LogLevel::kDebug, req.method + " " + req.path + " -> " + std::to_string(res.status));
    });
  }
}

bool HttpServer::origin_allowed(const std::string& origin) const {
  if (http::is_loopback_host(http::origin_host(origin))) return true;
  for (const auto& allowed : options_.allowed_origins) {
    if (allowed == "*" || http::iequals(allowed, origin)) return true;
  }
  return false;
}

bool HttpServer::host_allowed(const std::string& host_header) const {
  const auto host = http::host_header_host(host_header);
  if (host.empty() || http::is_loopback_host(host)) return true;
  for (const auto& allowed : options_.allowed_hosts) {
    if (http::iequals(http::host_header_host(allowed), host)) return true;
  }
  return false;
}

void HttpServer::add_cors_headers(const httplib::Request& req, httplib::Response& res) const {
  const auto origin = req.get_header_value("Origin");
  if (origin.empty() || !origin_allowed(origin)) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Expose-Headers",
                 "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
  res.set_header("Vary", "Origin");
}

bool HttpServer::admit(const httplib::Request& req, httplib::Response& res) {
  const auto origin = req.get_header_value("Origin");
  // The legacy-only fault leaves the check out where an older code path would have.
  const bool legacy_path = req.path == kLegacySsePath || req.path == kLegacyPostPath;
  const bool unchecked = options_.faults.has(Fault::kNoOriginCheck) ||
                         (legacy_path && options_.faults.has(Fault::kSseNoOriginCheck));
  if (!origin.empty() && !origin_allowed(origin) && !unchecked) {
    send_error(res, 403, jsonrpc::kServerError,
               "Forbidden: Origin '" + origin +
                   "' is not allowed (DNS-rebinding protection; add it with --allowed-origin)",
               request_version(req));
    return false;
  }
  // A server bound to loopback is only reachable through a rebinding attack
  // when the Host names something else.
  if (loopback_bind_ && !host_allowed(req.get_header_value("Host"))) {
    send_error(res, 403, jsonrpc::kServerError,
               "Forbidden: Host '" + req.get_header_value("Host") +
                   "' is not allowed for a server bound to a loopback address (DNS-rebinding "
                   "protection; add it with --allowed-host)",
               request_version(req));
    return false;
  }
  add_cors_headers(req, res);
  if (!options_.auth_token.empty() && !accepted_without_bearer(req)) {
    const auto authorization = req.get_header_value("Authorization");
    constexpr std::string_view kScheme = "Bearer ";
    const bool has_bearer =
        authorization.size() > kScheme.size() &&
        http::iequals(std::string_view(authorization).substr(0, kScheme.size()), kScheme);
    if (!has_bearer ||
        !http::constant_time_equals(std::string_view(authorization).substr(kScheme.size()),
                                    options_.auth_token)) {
      if (!options_.faults.has(Fault::kNoWwwAuthenticate)) {
        res.set_header("WWW-Authenticate",
                       has_bearer ? R"(Bearer realm="mcp-reference-server", error="invalid_token")"
                                  : R"(Bearer realm="mcp-reference-server")");
      }
      const bool forbidden = has_bearer && options_.faults.has(Fault::kInvalidToken403);
      send_error(res, forbidden ? 403 : 401, jsonrpc::kServerError,
                 forbidden    ? "Forbidden: the bearer token is not valid"
                 : has_bearer ? "Unauthorized: the bearer token is not valid"
                              : "Unauthorized: send Authorization: Bearer <token>",
                 request_version(req));
      return false;
    }
  }
  return true;
}

std::shared_ptr<Session> HttpServer::resolve_session(const httplib::Request& req,
                                                     httplib::Response& res) {
  const auto id = req.get_header_value(session_header_);
  if (id.empty()) {
    send_error(res, options_.faults.has(Fault::kSessionMissing404) ? 404 : 400,
               jsonrpc::kServerError,
               "Bad Request: Mcp-Session-Id header is required (send initialize first to get one)",
               request_version(req));
    return nullptr;
  }
  auto session = sessions_.find(id);
  if (!session) {
    send_error(res, options_.faults.has(Fault::kUnknownSession400) ? 400 : 404, -32001,
               "Session not found: it expired, was deleted or never existed; send initialize "
               "without Mcp-Session-Id to start a new one",
               request_version(req));
    return nullptr;
  }
  return session;
}

void HttpServer::handle_post(const httplib::Request& req, httplib::Response& res) {
  if (!admit(req, res)) return;
  if (http::media_type(req.get_header_value("Content-Type")) != "application/json") {
    send_error(res, 415, jsonrpc::kServerError,
               "Unsupported Media Type: Content-Type must be application/json",
               request_version(req));
    return;
  }
  const auto accept = req.get_header_value("Accept");
  if (!http::accepts(accept, "application/json") || !http::accepts(accept, "text/event-stream")) {
    send_error(res, 406, jsonrpc::kServerError,
               "Not Acceptable: the Accept header must allow both application/json and "
               "text/event-stream",
               request_version(req));
    return;
  }

  // The version in effect: the session's, else the MCP-Protocol-Version header
  // (2025-03-26 when absent, as the spec says to assume).
  std::optional<ProtocolVersion> header_version;
  const bool has_version_header = req.has_header(headers::kProtocolVersion);
  if (has_version_header) {
    const auto value = req.get_header_value(headers::kProtocolVersion);
    header_version = parse_protocol_version(value);
    bool served = false;
    for (const auto v : streamable_http_versions())
      served = served || (header_version == v);
    if (!served) header_version.reset();
  }
  const bool version_header_refused =
      has_version_header && !header_version && !options_.faults.has(Fault::kProtocolHeaderIgnored);

  auto parsed = jsonrpc::parse(
      options_.faults.has(Fault::kLatin1Body) ? reinterpret_as_latin1(req.body) : req.body);
  if (!parsed.value) {
    // --fault parse-error-500: the parser's exception escapes as a server error.
    // --fault error-id-zero: an id the body never had, where it must be null.
    send_error(res, options_.faults.has(Fault::kParseError500) ? 500 : 400, jsonrpc::kParseError,
               "Parse error: " + parsed.error, header_version,
               options_.faults.has(Fault::kErrorIdZero) ? Json(0) : Json(nullptr));
    return;
  }
  Json& body = *parsed.value;
  const bool batch = body.is_array();
  if (batch && body.empty()) {
    send_error(res, 400, jsonrpc::kInvalidRequest, "Invalid Request: empty batch", header_version);
    return;
  }
  const bool initialize = is_initialize_request(body);
  if (batch) {
    for (const auto& message : body) {
      if (is_initialize_request(message)) {
        send_error(res, 400, jsonrpc::kInvalidRequest,
                   "Invalid Request: initialize must not be part of a JSON-RPC batch",
                   request_version(req));
        return;
      }
    }
  }

  std::shared_ptr<Session> session;
  if (initialize) {
    if (!options_.stateless && req.has_header(session_header_.c_str())) {
      send_error(res, 400, jsonrpc::kInvalidRequest,
                 "Invalid Request: initialize must not carry Mcp-Session-Id (this session is "
                 "already initialized; omit the header to start a new session)",
                 std::nullopt, body["id"]);
      return;
    }
    session = std::make_shared<Session>(options_.stateless ? std::string() : new_session_id());
  } else {
    if (version_header_refused) {
      send_error(res, 400, jsonrpc::kServerError,
                 "Bad Request: unsupported MCP-Protocol-Version '" +
                     req.get_header_value(headers::kProtocolVersion) +
                     "' (supported: " + supported_versions_text() + ")",
                 request_version(req));
      return;
    }
    // ChatGPT's 2026 client sends no Mcp-Session-Id after initialize. The spec
    // lets a server that needs sessions refuse that (400); this one needs none
    // for a single POST, so it serves such a request as a stateless server would.
    const bool sessionless = !req.has_header(session_header_.c_str()) &&
                             !options_.faults.has(Fault::kSessionRequired) &&
                             !options_.faults.has(Fault::kSessionHeaderName) &&
                             !options_.faults.has(Fault::kSessionMissing404);
    if (options_.stateless || sessionless) {
      session = std::make_shared<Session>(std::string());
      session->set_protocol_version(header_version.value_or(ProtocolVersion::k2025_03_26));
    } else {
      session = resolve_session(req, res);
      if (!session) return;
    }
  }
  const auto version = session->protocol_version();
  // --fault protocol-header-required: a session that negotiated 2025-06-18 or later
  // refuses a request without the header instead of assuming 2025-03-26.
  if (!initialize && !has_version_header && version >= ProtocolVersion::k2025_06_18 &&
      options_.faults.has(Fault::kProtocolHeaderRequired)) {
    send_error(res, 400, jsonrpc::kServerError,
               "Bad Request: the MCP-Protocol-Version header is required", version);
    return;
  }
  if (batch && (!allows_batches(version) || options_.faults.has(Fault::kBatchesRefused)) &&
      !options_.faults.has(Fault::kBatchesAlways)) {
    send_error(res, 400, jsonrpc::kInvalidRequest,
               "Invalid Request: JSON-RPC batches are not accepted under protocol version " +
                   std::string(to_string(version)) + " (batching exists only in 2025-03-26)",
               version);
    return;
  }
  const Session::ActivityScope activity(session);

  if (batch) {
    // 2025-03-26 batches: answered together as one JSON array, in order.
    Json responses = Json::array();
    for (const auto& message : body) {
      const auto kind = jsonrpc::classify(message);
      switch (kind.kind) {
        case jsonrpc::Kind::kInvalid:
          responses.push_back(jsonrpc::make_error(kind.id, jsonrpc::kInvalidRequest,
                                                  "Invalid Request: " + kind.problem));
          break;
        case jsonrpc::Kind::kNotification:
          dispatcher_.handle_notification(message, *session);
          break;
        case jsonrpc::Kind::kResponse:
          dispatcher_.handle_response(message);
          break;
        case jsonrpc::Kind::kRequest:
          if (auto response = dispatcher_.handle_request(message, *session, {})) {
            responses.push_back(std::move(*response));
          }
          break;
      }
    }
    if (responses.empty()) {
      res.status = 202;
    } else {
      send_json(res, responses);
    }
    return;
  }

  const auto kind = jsonrpc::classify(body);
  switch (kind.kind) {
    case jsonrpc::Kind::kInvalid:
      if (options_.faults.has(Fault::kNullIdAccepted) && body.contains("id") &&
          body["id"].is_null() && body.value("method", Json()).is_string()) {
        break;  // answered like any request
      }
      // --fault jsonrpc-version-unchecked: only the method and id are looked at.
      if (options_.faults.has(Fault::kJsonrpcVersionUnchecked) && body.is_object()) {
        Json relabelled = body;
        relabelled["jsonrpc"] = "2.0";
        if (jsonrpc::classify(relabelled).kind == jsonrpc::Kind::kRequest) {
          body = std::move(relabelled);
          break;
        }
      }
      // --fault invalid-notification-202: no id taken to mean a notification, unchecked.
      if (options_.faults.has(Fault::kInvalidNotification202) && body.is_object() &&
          !body.contains("id")) {
        res.status = accepted_status();
        return;
      }
      send_error(res, 400, jsonrpc::kInvalidRequest, "Invalid Request: " + kind.problem, version,
                 kind.id);
      return;
    case jsonrpc::Kind::kNotification:
      // --fault cancel-unknown-500: the server throws on a request id it does not know.
      if (options_.faults.has(Fault::kCancelUnknown500) &&
          body["method"] == "notifications/cancelled") {
        const auto params = body.value("params", Json::object());
        const auto request_id = params.is_object() ? params.value("requestId", Json()) : Json();
        if (!jsonrpc::is_valid_id(request_id) || !session->cancel_request(request_id)) {
          send_error(res, 500, jsonrpc::kInternalError,
                     "Internal error: no request " + request_id.dump() + " to cancel", version);
          return;
        }
      }
      dispatcher_.handle_notification(body, *session);
      res.status = accepted_status();
      return;
    case jsonrpc::Kind::kResponse:
      // A client's answer to a server request (sampling, elicitation, roots):
      // it goes to the tool waiting for it. Unknown ids are accepted and dropped.
      dispatcher_.handle_response(body);
      res.status = accepted_status();
      return;
    case jsonrpc::Kind::kRequest:
      break;
  }

  if (initialize) {
    auto response = dispatcher_.handle_request(body, *session, {});
    if (response && response->contains("result") && !options_.stateless) {
      if (!sessions_.insert(session)) {
        res.set_header("Retry-After", "5");
        send_error(res, 503, jsonrpc::kServerError,
                   "Service Unavailable: the server already holds " +
                       std::to_string(sessions_.max_sessions()) +
                       " sessions (--max-sessions); end one with DELETE or wait for idle ones "
                       "to expire",
                   std::nullopt, body["id"]);
        return;
      }
      res.set_header(session_header_, session->id());
    }
    send_json(res, *response);
    return;
  }

  // As if every request opened a session of its own.
  if (options_.faults.has(Fault::kSessionIdPerResponse) && !session->id().empty())
    res.set_header(session_header_, new_session_id());
  if (options_.faults.has(Fault::kAnswerOnGetStream)) {
    if (const auto stream = session->get_stream()) {
      // The community guide's design: accept now, answer on the GET stream.
      executor_->enqueue([this, body, session, stream] {
        if (auto response = dispatcher_.handle_request(body, *session, {})) {
          stream->push(jsonrpc::serialize(*response));
        }
      });
      res.status = 202;
      return;
    }
  }
  if (dispatcher_.may_emit_before_response(body) && try_acquire_stream_slot()) {
    answer_with_sse(body, session, res);
    return;
  }
  // Plain JSON, computed on this thread: no hand-off on the common path.
  if (auto response = dispatcher_.handle_request(body, *session, {})) {
    send_json(res, *response);
    // The body written with the framework's default text/plain type.
    if (options_.faults.has(Fault::kJsonAsTextPlain))
      res.set_content(jsonrpc::serialize(*response), "text/plain");
  } else {
    res.status = 202;  // cancelled before it finished: no response may be sent
  }
}

void HttpServer::answer_with_sse(const Json& request, std::shared_ptr<Session> session,
                                 httplib::Response& res) {
  auto stream = std::make_shared<Stream>(session->next_stream_key('p'), kRetainedEvents);
  session->register_stream(stream);  // resumable with GET + Last-Event-ID
  auto activity = std::make_shared<Session::ActivityScope>(session);
  executor_->enqueue([this, request, session, stream, activity] {
    const Emit emit = [&stream](const Json& message) { stream->push(jsonrpc::serialize(message)); };
    // Resumable only where the client can come back for it: a stored session.
    std::function<void()> end_connection;
    if (!session->id().empty()) end_connection = [&stream] { stream->end_connection(); };
    if (auto response = dispatcher_.handle_request(request, *session, emit, end_connection)) {
      const auto token =
          request["params"].value("_meta", Json::object()).value("progressToken", Json());
      if (options_.faults.has(Fault::kSseResponseDropped)) {
        stream->finish();  // the stream ends with the notifications; the response is lost
      } else {
        stream->push_final(jsonrpc::serialize(*response));
      }
      // The bug of a server that reports progress from a worker outliving the
      // request: the late notification goes out on the session's GET stream,
      // a little after the response (long enough that no client can see it first).
      if (options_.faults.has(Fault::kProgressAfterResponse) && !token.is_null()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (auto get_stream = session->get_stream()) {
          get_stream->push(jsonrpc::serialize(jsonrpc::make_notification(
              "notifications/progress", {{"progressToken", token}, {"progress", 1000000}})));
        }
      }
    } else {
      stream->finish();
    }
  });

  const bool prime = primes_sse_streams(session->protocol_version()) &&
                     !options_.faults.has(Fault::kNoPrimingEvent);
  const auto keepalive = std::chrono::seconds(options_.sse_keepalive_s);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      sse_writer(stream,
                 SseStart{.prime = prime,
                          .per_stream_ids = options_.faults.has(Fault::kEventIdsPerStream)},
                 keepalive, nullptr),
      [this](bool) { release_stream_slot(); });
}

void HttpServer::handle_get(const httplib::Request& req, httplib::Response& res) {
  if (!admit(req, res)) return;
  // A server with no GET route at all: the framework's 404, not 405.
  if (options_.faults.has(Fault::kGet404)) {
    send_error(res, 404, jsonrpc::kServerError, "Not Found: GET " + req.path, request_version(req));
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
  if (!http::accepts(req.get_header_value("Accept"), "text/event-stream")) {
    send_error(res, 406, jsonrpc::kServerError,
               "Not Acceptable: GET opens an SSE stream; the Accept header must allow "
               "text/event-stream",
               request_version(req));
    return;
  }
  if (req.has_header(headers::kProtocolVersion) &&
      !parse_protocol_version(req.get_header_value(headers::kProtocolVersion)) &&
      !options_.faults.has(Fault::kProtocolHeaderIgnored)) {
    send_error(res, 400, jsonrpc::kServerError,
               "Bad Request: unsupported MCP-Protocol-Version '" +
                   req.get_header_value(headers::kProtocolVersion) +
                   "' (supported: " + supported_versions_text() + ")",
               request_version(req));
    return;
  }
  auto session = resolve_session(req, res);
  if (!session) return;
  const auto keepalive = std::chrono::seconds(options_.sse_keepalive_s);

  // Resumption: Last-Event-ID names the stream ("<key>:<seq>") and how far the
  // client got. Only that stream's messages are replayed, never another's.
  SseStart start{.prime = primes_sse_streams(session->protocol_version()),
                 .per_stream_ids = options_.faults.has(Fault::kEventIdsPerStream)};
  if (const auto last = parse_event_id(req.get_header_value(headers::kLastEventId))) {
    const auto& [key, seq] = *last;
    if (auto resumed = session->find_stream(key); resumed && key.starts_with('p')) {
      if (!try_acquire_stream_slot()) {
        res.set_header("Retry-After", "5");
        send_error(res, 503, jsonrpc::kServerError,
                   "Service Unavailable: too many open SSE streams (--max-streams)",
                   request_version(req));
        return;
      }
      auto activity = std::make_shared<Session::ActivityScope>(session);
      res.set_header("Cache-Control", "no-cache");
      res.set_header("X-Accel-Buffering", "no");
      res.set_chunked_content_provider(
          "text/event-stream", sse_writer(resumed, SseStart{.after = seq}, keepalive, activity),
          [this](bool) { release_stream_slot(); });
      return;
    } else if (resumed) {
      start.prime = false;
      resumed->wait(seq, Clock::now(), start.replay);  // what the client missed, without waiting
    }
  }

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
  if (!try_acquire_stream_slot()) {
    session->detach_get_stream(stream);
    stream->finish();
    res.set_header("Retry-After", "5");
    send_error(res, 503, jsonrpc::kServerError,
               "Service Unavailable: " + std::to_string(options_.max_streams) +
                   " SSE streams are open (--max-streams)",
               request_version(req));
    return;
  }
  session->register_stream(stream);
  // --fault early-server-request: asks for roots before the client said initialized.
  if (options_.faults.has(Fault::kEarlyServerRequest) && !session->initialized()) {
    stream->push(
        jsonrpc::serialize(jsonrpc::make_request("srv-early-roots", "roots/list", Json::object())));
  }
  auto activity = std::make_shared<Session::ActivityScope>(session);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider("text/event-stream",
                                   sse_writer(stream, std::move(start), keepalive, activity),
                                   [this, session, stream](bool) {
                                     stream->finish();
                                     session->detach_get_stream(stream);
                                     release_stream_slot();
                                   });
}

void HttpServer::handle_legacy_stream(const httplib::Request& req, httplib::Response& res) {
  if (!admit(req, res)) return;
  if (!http::accepts(req.get_header_value("Accept"), "text/event-stream")) {
    send_error(res, 406, jsonrpc::kServerError,
               "Not Acceptable: the HTTP+SSE stream needs Accept: text/event-stream",
               request_version(req));
    return;
  }
  if (!try_acquire_stream_slot()) {
    res.set_header("Retry-After", "5");
    send_error(res, 503, jsonrpc::kServerError,
               "Service Unavailable: too many open SSE streams (--max-streams)",
               request_version(req));
    return;
  }
  // The session lives exactly as long as this connection: it is the transport.
  auto session = std::make_shared<Session>(generate_session_id());
  session->set_served_versions(all_protocol_versions());
  auto stream = session->attach_get_stream(kRetainedEvents);
  if (!legacy_sessions_.insert(session)) {
    release_stream_slot();
    res.set_header("Retry-After", "5");
    send_error(res, 503, jsonrpc::kServerError,
               "Service Unavailable: the server already holds " +
                   std::to_string(legacy_sessions_.max_sessions()) + " sessions (--max-sessions)",
               request_version(req));
    return;
  }
  auto activity = std::make_shared<Session::ActivityScope>(session);
  SseStart start;
  start.first = sse::Event{.type = "endpoint",
                           .data = std::string(kLegacyPostPath) + "?sessionId=" + session->id(),
                           .id = "",
                           .retry_ms = {}};
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      sse_writer(stream, std::move(start), std::chrono::seconds(options_.sse_keepalive_s),
                 activity),
      [this, session](bool) {
        legacy_sessions_.remove(session->id());
        release_stream_slot();
      });
}

void HttpServer::handle_legacy_post(const httplib::Request& req, httplib::Response& res) {
  if (!admit(req, res)) return;
  const auto id = req.get_param_value("sessionId");
  if (id.empty()) {
    send_error(res, 400, jsonrpc::kServerError,
               "Bad Request: the sessionId query parameter is required", request_version(req));
    return;
  }
  auto session = legacy_sessions_.find(id);
  if (!session) {
    send_error(res, 404, -32001,
               "Session not found: the SSE stream of this session is closed or never existed",
               request_version(req));
    return;
  }
  if (http::media_type(req.get_header_value("Content-Type")) != "application/json") {
    send_error(res, 415, jsonrpc::kServerError,
               "Unsupported Media Type: Content-Type must be application/json",
               request_version(req));
    return;
  }
  auto parsed = jsonrpc::parse(req.body);
  if (!parsed.value) {
    send_error(res, 400, jsonrpc::kParseError, "Parse error: " + parsed.error,
               request_version(req));
    return;
  }
  auto stream = session->get_stream();
  if (!stream) {
    send_error(res, 404, -32001, "Session not found: its SSE stream is closed",
               request_version(req));
    return;
  }
  // Everything the server says goes on the session's one SSE stream.
  const Json body = std::move(*parsed.value);
  const auto send = [stream](const Json& message) { stream->push(jsonrpc::serialize(message)); };
  std::optional<Json> post_answer;  // --fault sse-answer-in-post-body only
  const auto process = [this, session, send, &post_answer](const Json& message) {
    const auto kind = jsonrpc::classify(message);
    switch (kind.kind) {
      case jsonrpc::Kind::kInvalid:
        send(jsonrpc::make_error(kind.id, jsonrpc::kInvalidRequest,
                                 "Invalid Request: " + kind.problem));
        break;
      case jsonrpc::Kind::kNotification:
        dispatcher_.handle_notification(message, *session);
        break;
      case jsonrpc::Kind::kResponse:
        dispatcher_.handle_response(message);
        break;
      case jsonrpc::Kind::kRequest:
        // The mistake of a server half-way between transports: answer in the POST too.
        // (Handled inline, so no progress: it could reach the client after the body.)
        if (options_.faults.has(Fault::kSseAnswerInPostBody)) {
          if (auto response = dispatcher_.handle_request(message, *session, {})) {
            send(*response);
            post_answer = *response;
          }
          break;
        }
        // Answered on the stream, so it can take its time: run it off this worker.
        executor_->enqueue([this, session, message, send] {
          if (auto response = dispatcher_.handle_request(message, *session, send)) send(*response);
        });
        break;
    }
  };
  if (body.is_array()) {
    if (body.empty() || !allows_batches(session->protocol_version())) {
      send_error(res, 400, jsonrpc::kInvalidRequest,
                 "Invalid Request: batches exist only in 2025-03-26", request_version(req));
      return;
    }
    for (const auto& message : body)
      process(message);
  } else {
    process(body);
  }
  if (post_answer) {
    send_json(res, *post_answer);
    return;
  }
  res.status = 202;
  res.set_content("Accepted", "text/plain");
}

void HttpServer::handle_delete(const httplib::Request& req, httplib::Response& res) {
  if (!admit(req, res)) return;
  if (options_.stateless) {
    res.set_header("Allow", "POST, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError,
               "Method Not Allowed: this server is stateless; there is no session to delete",
               request_version(req));
    return;
  }
  if (options_.faults.has(Fault::kDelete400)) {
    send_error(res, 400, jsonrpc::kServerError, "Bad Request: sessions cannot be deleted",
               request_version(req));
    return;
  }
  if (options_.faults.has(Fault::kDelete405)) {
    res.set_header("Allow", "GET, POST, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError, "Method Not Allowed", request_version(req));
    return;
  }
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

void HttpServer::handle_options(const httplib::Request& req, httplib::Response& res) const {
  const auto origin = req.get_header_value("Origin");
  if (!origin.empty() && !origin_allowed(origin)) {
    send_error(res, 403, jsonrpc::kServerError,
               "Forbidden: Origin '" + origin + "' is not allowed (add it with --allowed-origin)",
               request_version(req));
    return;
  }
  // The preflight answered, but without the headers a browser needs.
  if (options_.faults.has(Fault::kNoCors)) {
    res.status = 204;
    return;
  }
  res.set_header("Access-Control-Allow-Origin", origin.empty() ? "*" : origin);
  res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.set_header("Access-Control-Allow-Headers",
                 "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
                 "Last-Event-ID");
  res.set_header("Access-Control-Expose-Headers",
                 "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
  res.set_header("Access-Control-Max-Age", "86400");
  if (!origin.empty()) res.set_header("Vary", "Origin");
  res.status = 204;
}

void HttpServer::handle_health(httplib::Response& res) const {
  const Json body{{"status", "ok"},
                  {"server", "mcp-reference-server"},
                  {"version", kToolkitVersion},
                  {"stateless", options_.stateless},
                  {"sessions", sessions_.size()},
                  {"openStreams", open_streams_.load()}};
  send_json(res, body);
  if (options_.faults.has(Fault::kHealth500)) res.status = 500;
}

bool HttpServer::accepted_without_bearer(const httplib::Request& req) {
  if (options_.faults.has(Fault::kAuthSkipsInitialize) && req.method == "POST") {
    const auto parsed = jsonrpc::parse(req.body);
    if (parsed.value && is_initialize_request(*parsed.value)) return true;
  }
  if (options_.faults.has(Fault::kTokenInQuery) &&
      http::constant_time_equals(req.get_param_value("access_token"), options_.auth_token)) {
    return true;
  }
  if (options_.faults.has(Fault::kSessionAsAuth)) {
    const auto id = req.get_header_value(session_header_);
    return !id.empty() && sessions_.find(id) != nullptr;
  }
  return false;
}

std::string HttpServer::new_session_id() {
  if (options_.faults.has(Fault::kSequentialSessionIds))
    return std::to_string(++sequential_session_ids_);
  if (options_.faults.has(Fault::kSessionIdSpace)) return "session " + generate_session_id();
  return generate_session_id();
}

int HttpServer::accepted_status() const {
  return options_.faults.has(Fault::kNotification200) ? 200 : 202;
}

bool HttpServer::take_free_stream_slot() {
  if (open_streams_.fetch_add(1) >= options_.max_streams) {
    open_streams_.fetch_sub(1);
    return false;
  }
  return true;
}

bool HttpServer::try_acquire_stream_slot() {
  if (take_free_stream_slot()) return true;
  // A client that closed its connection still holds a slot until a write to it
  // fails, and the first write after the peer's close still succeeds (it only
  // draws the RST): two rounds of probes find every departed client.
  for (int round = 0; round < 2; ++round) {
    probe_long_lived_streams();
    std::unique_lock lock(slots_mutex_);
    slots_freed_.wait_for(lock, std::chrono::milliseconds(100),
                          [&] { return open_streams_.load() < options_.max_streams; });
    lock.unlock();
    if (take_free_stream_slot()) return true;
  }
  return false;
}

void HttpServer::probe_long_lived_streams() {
  const auto probe = [](Session& session) {
    if (const auto stream = session.get_stream()) stream->probe();
  };
  sessions_.for_each(probe);
  legacy_sessions_.for_each(probe);
}

void HttpServer::release_stream_slot() {
  open_streams_.fetch_sub(1);
  {
    // Taken so a reclaim between its predicate check and its wait cannot miss this.
    const std::lock_guard lock(slots_mutex_);
  }
  slots_freed_.notify_all();
}

}  // namespace mcp::server
