// The connections of the HTTP server. cpp-httplib 0.11 gives every accepted
// socket a pool thread for as long as it stays open, and reads the request in
// that thread: 200 clients that send half a request head and stall held every
// thread, and a well-behaved client waited for the 10 s read timeout. Here a
// connection gets a worker only once a whole request has arrived. Until then,
// and between keep-alive requests, it waits in one epoll thread (the gate),
// under deadlines and a cap on how many may wait.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>

namespace mcp::server {

struct ConnectionLimits {
  std::chrono::milliseconds request_timeout;  // a request's first byte to its last
  std::chrono::milliseconds keep_alive;       // a connection without a request in progress
  std::chrono::milliseconds write_timeout;    // one write to a client that does not read
  std::size_t max_waiting;                    // connections in the gate
  std::size_t max_body_bytes;                 // a longer body is not waited for: 413 comes first
  std::size_t workers;                        // threads serving arrived requests and SSE streams
};

struct Connection;
class Gate;

class GatedHttpServer : public httplib::Server {
 public:
  explicit GatedHttpServer(const ConnectionLimits& limits);
  ~GatedHttpServer() override;
  GatedHttpServer(const GatedHttpServer&) = delete;
  GatedHttpServer& operator=(const GatedHttpServer&) = delete;

  /// Closes the waiting connections and lets the workers finish what they
  /// serve; a connection a worker finishes with is closed. Call after stop().
  /// Safe to call more than once.
  void close_connections();

 private:
  /// cpp-httplib calls this on its accept thread (the task queue runs tasks
  /// inline): the socket goes to the gate, and the accept loop goes on.
  bool process_and_close_socket(socket_t sock) override;
  /// On a worker: answers the request that arrived, then hands the connection
  /// back to the gate (keep-alive) or closes it.
  void serve(const std::shared_ptr<Connection>& connection);

  const ConnectionLimits limits_;
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::unique_ptr<Gate> gate_;
  std::mutex close_mutex_;
  bool closed_ = false;
};

}  // namespace mcp::server
