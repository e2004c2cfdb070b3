// The reference server's HTTP face: Streamable HTTP at /mcp, /health, CORS,
// DNS-rebinding protection and bearer auth, on cpp-httplib.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "reference_server/dispatcher.hpp"
#include "reference_server/options.hpp"
#include "reference_server/session.hpp"
#include "reference_server/tools.hpp"

namespace httplib {
class Server;
class ThreadPool;
struct Request;
struct Response;
}  // namespace httplib

namespace mcp::server {

class HttpServer {
 public:
  explicit HttpServer(Options options);
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
  struct Request;  // per-request view built from httplib's request
  void install_routes();
  bool admit(const httplib::Request& req, httplib::Response& res);
  void add_cors_headers(const httplib::Request& req, httplib::Response& res) const;
  bool origin_allowed(const std::string& origin) const;
  bool host_allowed(const std::string& host_header) const;

  void handle_post(const httplib::Request& req, httplib::Response& res);
  void handle_get(const httplib::Request& req, httplib::Response& res);
  void handle_delete(const httplib::Request& req, httplib::Response& res);
  void handle_options(const httplib::Request& req, httplib::Response& res) const;
  void handle_legacy_stream(const httplib::Request& req, httplib::Response& res);
  void handle_legacy_post(const httplib::Request& req, httplib::Response& res);
  void handle_health(httplib::Response& res) const;

  void answer_with_sse(const Json& request, std::shared_ptr<Session> session,
                       httplib::Response& res);
  std::shared_ptr<Session> resolve_session(const httplib::Request& req, httplib::Response& res);

  /// A slot for one more SSE stream; when all are taken, first reclaims the
  /// slots of clients that left without our noticing.
  bool try_acquire_stream_slot();
  bool take_free_stream_slot();
  void probe_long_lived_streams();
  std::string new_session_id();
  /// --fault session-as-auth / token-in-query: what they accept in place of the bearer token.
  bool accepted_without_bearer(const httplib::Request& req);
  int accepted_status() const;  // 202, or what --fault notification-200 sends
  void release_stream_slot();

  Options options_;
  bool loopback_bind_ = false;
  std::string session_header_;  // "Mcp-Session-Id" (another name under --fault session-header-name)
  std::unique_ptr<Catalog> catalog_;
  Dispatcher dispatcher_;
  SessionStore sessions_;
  SessionStore legacy_sessions_;  // HTTP+SSE sessions: each lives as long as its stream
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<httplib::ThreadPool> executor_;  // runs tools answered over SSE
  std::atomic<std::size_t> open_streams_{0};
  std::mutex slots_mutex_;  // with slots_freed_: wakes a reclaim waiting for a slot
  std::condition_variable slots_freed_;
  std::atomic<std::uint64_t> sequential_session_ids_{0};  // --fault sequential-session-ids
  // serve() and stop() may race (a signal right after start-up): httplib's stop()
  // does nothing before its accept loop runs, so stop() waits for the loop to start.
  std::mutex lifecycle_mutex_;
  bool stopped_ = false;
  bool serving_ = false;
  int port_ = 0;
};

}  // namespace mcp::server
