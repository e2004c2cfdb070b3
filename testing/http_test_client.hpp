// HTTP helpers for integration tests, on cpp-httplib's client (independent of
// our own libcurl client, so server tests do not depend on the code they check).
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/sse.hpp"

namespace mcp::testing {

struct HttpReply {
  int status = 0;  // 0: no response (see error)
  httplib::Headers headers;
  std::string body;
  std::string error;

  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
  /// The body parsed as JSON; null if it is not JSON.
  Json json() const;
};

/// Default request headers of a well-behaved MCP client.
httplib::Headers mcp_headers(const std::string& session_id = {},
                             const std::string& protocol_version = {});

class TestClient {
 public:
  TestClient(std::string host, int port);

  HttpReply send(const std::string& method, const std::string& path,
                 const httplib::Headers& headers, const std::string& body = {});
  /// POST /mcp with the given raw body and headers.
  HttpReply post(const std::string& body, const httplib::Headers& headers);
  HttpReply post(const Json& message, const httplib::Headers& headers) {
    return post(jsonrpc::serialize(message), headers);
  }

  /// initialize + notifications/initialized; returns the session id ("" when
  /// stateless). Fails the test on any error.
  std::string open_session(const std::string& version = "2025-11-25");
  /// A request on an open session, with the protocol version header.
  HttpReply request(const std::string& session_id, const std::string& version, const Json& id,
                    const std::string& method, const Json& params = Json::object());

 private:
  std::string host_;
  int port_;
  httplib::Client client_;
};

/// A streaming request (GET stream or a POST answered with SSE) read on its own
/// connection and thread; events are decoded with the project's SSE decoder.
class SseStream {
 public:
  SseStream(const std::string& host, int port, const std::string& method, const std::string& path,
            const httplib::Headers& headers, const std::string& body = {});
  ~SseStream();
  SseStream(const SseStream&) = delete;
  SseStream& operator=(const SseStream&) = delete;

  /// The response status once the headers arrived (0 on timeout or failure).
  int wait_status(std::chrono::milliseconds timeout);
  std::string header(const std::string& name) const;
  /// The next decoded event, or nullopt on timeout / end of stream.
  std::optional<sse::Event> next_event(std::chrono::milliseconds timeout);
  /// Waits until the server ended the response.
  bool wait_closed(std::chrono::milliseconds timeout);
  /// Every event received so far (including ones already taken by next_event).
  std::vector<sse::Event> all_events() const;
  /// Bytes received so far.
  std::string raw() const;
  /// Drops the connection from the client side.
  void disconnect();

 private:
  httplib::Client client_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int status_ = 0;
  httplib::Headers headers_;
  bool closed_ = false;
  bool stop_ = false;
  sse::Decoder decoder_;
  std::vector<sse::Event> events_;
  std::size_t next_index_ = 0;
  std::string raw_;
};

}  // namespace mcp::testing
