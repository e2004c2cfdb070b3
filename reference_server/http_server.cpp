#include "reference_server/http_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <stdexcept>
#include <thread>

#include "protocol/headers.hpp"
#include "protocol/toolkit_version.hpp"
#include "reference_server/http_connections.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

constexpr const char* kInstructions =
    "Reference MCP server for conformance testing. Tools: echo, add, sleep (timing and progress), "
    "fail (tool error), structured (structured output), toggle_list_entry (list changes), and the "
    "official suite's test_* fixtures; resources and prompts under test://.";

std::string session_header_name(const HttpHooks& hooks) {
  std::string name = headers::kSessionId;
  hooks.session_header_named(name);
  return name;
}

/// One HTTP worker per possible SSE stream, plus the workers kept for plain
/// requests: open streams can never take every worker.
ConnectionLimits connection_limits(const Options& options) {
  return {.request_timeout = std::chrono::seconds(options.request_timeout_s),
          .keep_alive = std::chrono::seconds(options.keep_alive_timeout_s),
          .write_timeout = std::chrono::seconds(10),
          .max_waiting = options.max_connections,
          .max_body_bytes = options.max_body_bytes,
          .workers = options.max_streams + options.workers};
}

}  // namespace

HttpServer::HttpServer(Options options, Hooks hooks)
    : options_(std::move(options)),
      hooks_(std::move(hooks)),
      session_header_(session_header_name(hooks_.http)),
      catalog_(make_reference_catalog(options_.trap_tool)),
      dispatcher_(ServerInfo{.version = kToolkitVersion, .instructions = kInstructions}, *catalog_,
                  options_.page_size, hooks_.mcp),
      sessions_(options_.max_sessions, std::chrono::seconds(options_.session_idle_timeout_s)),
      legacy_sessions_(options_.max_sessions, std::chrono::seconds(0)),
      streams_(options_.max_streams, {&sessions_, &legacy_sessions_}),
      http_(std::make_unique<GatedHttpServer>(connection_limits(options_))),
      background_(std::make_unique<httplib::ThreadPool>(options_.max_streams)),
      admission_(options_, hooks_.http, sessions_, session_header_),
      streamable_(transport_parts(sessions_), session_header_),
      legacy_(transport_parts(legacy_sessions_)) {
  // Server notifications go to each session's GET stream (or, for resource
  // updates, to the sessions subscribed to that resource).
  dispatcher_.set_notifier([this](const Json& notification, const std::string& uri) {
    const auto deliver = [&](Session& session) {
      if (uri.empty() || session.subscribed(uri)) session.notify(notification);
    };
    sessions_.for_each(deliver);
    legacy_sessions_.for_each(deliver);
  });
  // Without TCP_NODELAY every keep-alive answer waits ~40 ms for Nagle and
  // delayed ACK. The accepted sockets inherit it from the listening socket.
  http_->set_tcp_nodelay(true);
  http_->set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket_ = sock;
  });
  // What the Keep-Alive header announces; the gate keeps the time (http_connections.hpp).
  http_->set_keep_alive_max_count(1000000);
  http_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
  http_->set_payload_max_length(options_.max_body_bytes);
  install_routes();
  install_error_handlers();
}

TransportParts HttpServer::transport_parts(SessionStore& sessions) {
  return {.options = options_,
          .hooks = hooks_.http,
          .dispatcher = dispatcher_,
          .admission = admission_,
          .sessions = sessions,
          .streams = streams_,
          .background = *background_};
}

HttpServer::~HttpServer() {
  stop();
  background_->shutdown();
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
  // cpp-httplib listens with a backlog of 5: a client opening more connections
  // at once (mcp-conformance runs checks in parallel) had its SYNs dropped and
  // waited a second for the retransmission. Listening again only resizes the queue.
  ::listen(listening_socket_, SOMAXCONN);
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
  // Listen streams answer a server-initiated close with a result: let them write it.
  streamable_.drain_modern_streams(std::chrono::seconds(2));
  sessions_.shutdown();
  legacy_sessions_.shutdown();
  if (serving) {
    // listen_after_bind() was entered: its loop starts within microseconds.
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!http_->is_running() && Clock::now() < deadline)
      std::this_thread::yield();
  }
  http_->stop();
  http_->close_connections();
}

std::string HttpServer::url() const {
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" +
         std::to_string(port_) + kMcpPath;
}

void HttpServer::install_routes() {
  using Handler = void (StreamableHttp::*)(const httplib::Request&, httplib::Response&);
  const auto endpoint = [this](Handler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (streamable_.*handler)(req, res);
    };
  };
  const auto preflight = [this](const httplib::Request& req, httplib::Response& res) {
    admission_.answer_preflight(req, res);
  };
  http_->Post(kMcpPath, endpoint(&StreamableHttp::post));
  http_->Get(kMcpPath, endpoint(&StreamableHttp::get));
  http_->Delete(kMcpPath, endpoint(&StreamableHttp::remove));
  http_->Options(kMcpPath, preflight);
  const auto method_not_allowed = [this](const httplib::Request& req, httplib::Response& res) {
    admission_.add_cors_headers(req, res);
    res.set_header("Allow", options_.stateless ? "POST, OPTIONS" : "GET, POST, DELETE, OPTIONS");
    send_error(res, 405, jsonrpc::kServerError,
               "Method Not Allowed: " + req.method + " " + kMcpPath, request_version(req));
  };
  http_->Put(kMcpPath, method_not_allowed);
  http_->Patch(kMcpPath, method_not_allowed);
  http_->Get(kLegacySsePath, [this](const httplib::Request& req, httplib::Response& res) {
    legacy_.open_stream(req, res);
  });
  http_->Post(kLegacyPostPath, [this](const httplib::Request& req, httplib::Response& res) {
    legacy_.post(req, res);
  });
  http_->Options(kLegacySsePath, preflight);
  http_->Options(kLegacyPostPath, preflight);
  http_->Get("/health",
             [this](const httplib::Request&, httplib::Response& res) { answer_health(res); });
}

void HttpServer::install_error_handlers() {
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

void HttpServer::answer_health(httplib::Response& res) const {
  const Json body{{"status", "ok"},
                  {"server", "mcp-reference-server"},
                  {"version", kToolkitVersion},
                  {"stateless", options_.stateless},
                  {"sessions", sessions_.size()},
                  {"openStreams", streams_.open()}};
  send_json(res, body);
  hooks_.http.health_answered(res);
}

}  // namespace mcp::server
