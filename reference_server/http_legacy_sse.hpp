// The HTTP+SSE transport of 2024-11-05, beside Streamable HTTP for old
// clients: GET /sse opens the stream that is the session, POST /messages
// carries the client's messages, and every answer goes on the stream.
#pragma once

#include <chrono>

#include "reference_server/dispatcher.hpp"
#include "reference_server/hooks.hpp"

namespace httplib {
class ThreadPool;
struct Request;
struct Response;
}  // namespace httplib

namespace mcp::server {

class Admission;
class StreamPool;

inline constexpr char kLegacySsePath[] = "/sse";
inline constexpr char kLegacyPostPath[] = "/messages";

class LegacySse {
 public:
  /// What the transport works with; all of it outlives the transport.
  struct Parts {
    const HttpHooks& hooks;
    Dispatcher& dispatcher;
    const Admission& admission;
    SessionStore& sessions;  // each lives as long as its stream
    StreamPool& streams;
    httplib::ThreadPool& background;  // runs the requests
    std::chrono::seconds keepalive;
  };
  explicit LegacySse(Parts parts);

  void open_stream(const httplib::Request& req, httplib::Response& res);  // GET /sse
  void post(const httplib::Request& req, httplib::Response& res);         // POST /messages

 private:
  void answer(const Json& message, const std::shared_ptr<Session>& session, const Emit& send,
              std::optional<Json>& post_body);

  const HttpHooks& hooks_;
  Dispatcher& dispatcher_;
  const Admission& admission_;
  SessionStore& sessions_;
  StreamPool& streams_;
  httplib::ThreadPool& background_;
  const std::chrono::seconds keepalive_;
};

}  // namespace mcp::server
