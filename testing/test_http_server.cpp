#include "testing/test_http_server.hpp"

#include <stdexcept>

namespace mcp::testing {

TestHttpServer::TestHttpServer() {
  server_.set_tcp_nodelay(true);
}

TestHttpServer::~TestHttpServer() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void TestHttpServer::start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server cannot bind");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // httplib's stop() is a no-op until the accept loop runs; wait for it so a
  // server destroyed right after start() still stops (it starts in microseconds).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_.is_running()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("test server did not start");
    std::this_thread::yield();
  }
}

std::string TestHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

bool TestHttpServer::hold(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, duration, [&] { return stopping_; });
}

}  // namespace mcp::testing
