// The HTTP+SSE transport of 2024-11-05, beside Streamable HTTP for old
// clients: GET /sse opens the stream that is the session, POST /messages
// carries the client's messages, and every answer goes on the stream.
#pragma once

#include <memory>
#include <optional>

#include "reference_server/dispatcher.hpp"
#include "reference_server/http_transport.hpp"

namespace mcp::server {

inline constexpr char kLegacySsePath[] = "/sse";
inline constexpr char kLegacyPostPath[] = "/messages";

class LegacySse : HttpTransport {
 public:
  /// parts.sessions: the HTTP+SSE sessions, each of which lives as long as its stream.
  explicit LegacySse(const TransportParts& parts) : HttpTransport(parts) {}

  void open_stream(const httplib::Request& req, httplib::Response& res);  // GET /sse
  void post(const httplib::Request& req, httplib::Response& res);         // POST /messages

 private:
  /// Routes one message (of a batch, or alone), with the hooks Streamable HTTP
  /// calls at the same points, so its faults act here too.
  void answer(Json message, const std::shared_ptr<Session>& session, const Emit& send,
              std::optional<Json>& post_body);
};

}  // namespace mcp::server
