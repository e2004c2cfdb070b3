// Streamable HTTP at /mcp: POST carries client messages, GET opens the
// session's stream, DELETE ends a session.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "protocol/request_metadata.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/http_transport.hpp"
#include "reference_server/session.hpp"

namespace mcp::server {

struct SseStart;

class StreamableHttp : HttpTransport {
 public:
  /// `session_header`: the name of the session id header (Mcp-Session-Id).
  StreamableHttp(const TransportParts& parts, const std::string& session_header);

  void post(const httplib::Request& req, httplib::Response& res);
  void get(const httplib::Request& req, httplib::Response& res);
  void remove(const httplib::Request& req, httplib::Response& res);  // DELETE

  // For hooks that answer a request themselves.
  Dispatcher& dispatcher() { return dispatcher_; }
  void in_background(std::function<void()> task);
  std::string issue_session_id();
  const std::string& session_header() const { return session_header_; }

  /// At shutdown: waits (up to `limit`) until the 2026-07-28 streams have
  /// written their last message (a listen stream's closing result).
  void drain_modern_streams(std::chrono::milliseconds limit);

 private:
  /// The MCP-Protocol-Version header of a POST.
  struct VersionHeader {
    bool present = false;
    std::optional<ProtocolVersion> served;  // set when it names a version served here
  };

  static VersionHeader read_version_header(const httplib::Request& req);
  std::optional<Json> read_body(const httplib::Request& req, httplib::Response& res,
                                std::optional<ProtocolVersion> version);
  bool batch_acceptable(const Json& body, const httplib::Request& req, httplib::Response& res,
                        std::optional<ProtocolVersion> version);
  std::shared_ptr<Session> open_session(const httplib::Request& req, httplib::Response& res,
                                        const Json& initialize);
  std::shared_ptr<Session> session_for(const httplib::Request& req, httplib::Response& res,
                                       const VersionHeader& header);
  std::shared_ptr<Session> resolve_session(const httplib::Request& req, httplib::Response& res);
  void answer_batch(const Json& batch, const std::shared_ptr<Session>& session,
                    httplib::Response& res);
  void answer_message(Json& body, const std::shared_ptr<Session>& session, bool initialize,
                      httplib::Response& res);
  void answer_initialize(const Json& request, const std::shared_ptr<Session>& session,
                         httplib::Response& res);
  void answer_request(const Json& request, const std::shared_ptr<Session>& session,
                      httplib::Response& res);
  void answer_over_sse(const Json& request, std::shared_ptr<Session> session,
                       httplib::Response& res);
  void run_sse_answer(const Json& request, Session& session, Stream& stream);
  void resume_stream(const httplib::Request& req, httplib::Response& res,
                     std::shared_ptr<Session> session, std::shared_ptr<Stream> stream,
                     std::uint64_t after);
  void open_get_stream(const httplib::Request& req, httplib::Response& res,
                       std::shared_ptr<Session> session, SseStart start);
  bool refused_by_hooks(std::string_view method, const httplib::Request& req,
                        httplib::Response& res);
  void refuse_unsupported_version(const httplib::Request& req, httplib::Response& res);
  int accepted_status() const;

  // Protocol revision 2026-07-28 (http_modern.cpp).
  bool is_modern_post(const httplib::Request& req, const Json& body) const;
  bool is_modern_stream_request(const httplib::Request& req) const;
  void refuse_modern_stream(const httplib::Request& req, httplib::Response& res);
  void post_modern(const httplib::Request& req, httplib::Response& res, Json& body);
  /// The -32020 (or -32022) error for headers that disagree with the body.
  std::optional<Json> header_mismatch(const httplib::Request& req, const Json& request,
                                      const modern::Envelope& envelope) const;
  std::optional<Json> param_header_mismatch(const httplib::Request& req, const Json& request) const;
  void answer_modern(const Json& request, std::shared_ptr<Session> session, httplib::Response& res);
  static void send_modern_json(httplib::Response& res, const Json& response);
  void answer_modern_over_sse(const Json& request, std::shared_ptr<Session> session,
                              httplib::Response& res);

  const std::string& session_header_;
  std::mutex modern_streams_mutex_;
  std::condition_variable modern_streams_drained_;
  std::size_t modern_streams_ = 0;
};

}  // namespace mcp::server
