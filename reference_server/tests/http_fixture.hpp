// Shared fixture of the HTTP integration tests: a real mcp-reference-server
// process on a free loopback port and a client for it.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/http_util.hpp"
#include "testing/child_process.hpp"
#include "testing/http_test_client.hpp"

namespace mcp::testing {

class HttpTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> args = {}) {
    server_ = std::make_unique<ReferenceServer>(std::move(args));
    client_ = std::make_unique<TestClient>(server_->host(), server_->port());
  }
  void SetUp() override {}

  ReferenceServer& server() { return *server_; }
  TestClient& client() { return *client_; }

  std::unique_ptr<SseStream> open_stream(const std::string& method, const httplib::Headers& headers,
                                         const std::string& body = {}) {
    return std::make_unique<SseStream>(server_->host(), server_->port(), method, "/mcp", headers,
                                       body);
  }

  static Json init_request(const std::string& version, Json id = 0) {
    return jsonrpc::make_request(id, "initialize",
                                 {{"protocolVersion", version},
                                  {"capabilities", Json::object()},
                                  {"clientInfo", {{"name", "tests"}, {"version", "1"}}}});
  }

 private:
  std::unique_ptr<ReferenceServer> server_;
  std::unique_ptr<TestClient> client_;
};

/// The next event with a JSON-RPC message (skipping priming events).
inline std::optional<Json> next_message(
    SseStream& stream, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto event = stream.next_event(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!event) return std::nullopt;
    if (!event->data.empty()) return Json::parse(event->data);
  }
  return std::nullopt;
}

}  // namespace mcp::testing
