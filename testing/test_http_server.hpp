// An in-process HTTP server on a free loopback port, for tests that need a
// server to misbehave in a precise way (never answer, trickle, flood...).
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace mcp::testing {

class TestHttpServer {
 public:
  TestHttpServer();
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  /// Register routes on this before start().
  httplib::Server& http() { return server_; }
  /// Binds 127.0.0.1:0, starts serving, and returns once it accepts connections.
  void start();
  int port() const { return port_; }
  std::string url(const std::string& path = "/mcp") const;

  /// For handlers that must hold a connection open: waits until `duration`
  /// passes or the server is being torn down. Returns false when torn down.
  bool hold(std::chrono::milliseconds duration);

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace mcp::testing
