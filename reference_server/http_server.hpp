// The reference server's HTTP face, on cpp-httplib: owns the parts and wires
// the routes. Streamable HTTP at /mcp (http_streamable), HTTP+SSE at /sse and
// /messages (http_legacy_sse), admission and CORS (http_admission), /health.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "reference_server/catalog.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/hooks.hpp"
#include "reference_server/http_admission.hpp"
#include "reference_server/http_legacy_sse.hpp"
#include "reference_server/http_streamable.hpp"
#include "reference_server/options.hpp"
#include "reference_server/session.hpp"
#include "reference_server/sse_streams.hpp"

namespace httplib {
class ThreadPool;
}  // namespace httplib

namespace mcp::server {

class GatedHttpServer;

class HttpServer {
 public:
  explicit HttpServer(Options options, Hooks hooks = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds the listening socket; returns the port. Throws std::runtime_error
  /// when the address cannot be bound.
  int bind();
  /// Serves until stop(); returns false if the accept loop failed.
  bool serve();
  /// Stops serving: cancels running tools, ends sessions and streams. Safe to
  /// call from any thread, and more than once.
  void stop();

  /// "http://HOST:PORT/mcp" once bound.
  std::string url() const;

 private:
  /// What a transport works with: everything here, and its own sessions.
  TransportParts transport_parts(SessionStore& sessions);
  void install_routes();
  void install_error_handlers();
  void answer_health(httplib::Response& res) const;

  Options options_;
  Hooks hooks_;
  std::string session_header_;  // Mcp-Session-Id, unless a hook renamed it
  std::unique_ptr<Catalog> catalog_;
  Dispatcher dispatcher_;
  SessionStore sessions_;
  SessionStore legacy_sessions_;  // HTTP+SSE sessions: each lives as long as its stream
  StreamPool streams_;
  std::unique_ptr<GatedHttpServer> http_;
  std::unique_ptr<httplib::ThreadPool> background_;  // runs requests answered over SSE
  Admission admission_;
  StreamableHttp streamable_;
  LegacySse legacy_;
  // serve() and stop() may race (a signal right after start-up): httplib's stop()
  // does nothing before its accept loop runs, so stop() waits for the loop to start.
  std::mutex lifecycle_mutex_;
  bool stopped_ = false;
  bool serving_ = false;
  int port_ = 0;
  int listening_socket_ = -1;  // set while binding, to widen cpp-httplib's backlog of 5
};

}  // namespace mcp::server
