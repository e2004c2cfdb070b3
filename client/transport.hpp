// MCP transports behind one interface: Streamable HTTP, the legacy HTTP+SSE
// transport of 2024-11-05, and stdio.
#pragma once

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/http_client.hpp"
#include "client/message_router.hpp"
#include "client/transcript.hpp"

namespace mcp::client {

enum class TransportKind { kStreamableHttp, kLegacySse, kStdio };
std::string_view to_string(TransportKind kind);

/// What happened to one JSON-RPC message sent through a transport.
struct CallResult {
  std::optional<Json> response;  // the JSON-RPC response (result or error), for requests
  int http_status = 0;           // status of the POST carrying the message (0: none / stdio)
  std::string content_type;      // media type of that POST's answer
  HttpError http_error = HttpError::kNone;
  std::string error;                // why there is no (valid) response; empty on success
  bool session_terminated = false;  // a session request answered 404
  std::vector<Json> related;  // messages the server sent before the response, on the same stream
  std::size_t related_dropped = 0;  // more of them, not kept (past kMaxRelated)
  static constexpr std::size_t kMaxRelated = 1000;
  double elapsed_ms = 0;
  double ttfb_ms = -1;
  std::vector<std::uint64_t> exchanges;  // transcript indexes

  bool ok() const { return error.empty(); }

  /// The HTTP side of a result: the exchange, status, content type, timings and,
  /// when no answer arrived, the transport error. Judging the status is the caller's.
  static CallResult from_http(const HttpResponse& response);
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual TransportKind kind() const = 0;
  /// Sends a request and waits (within the deadlines) for the response with its id.
  virtual CallResult request(const Json& message, const std::string& label) = 0;
  /// Sends a notification (or a response to a server request).
  virtual CallResult notify(const Json& message, const std::string& label) = 0;
  /// As request() and notify(), with headers of the message's own besides the
  /// transport's (2026-07-28: the headers that mirror the body). Transports
  /// without headers (stdio) ignore them.
  virtual CallResult request_with_headers(const Json& message, const std::string& label,
                                          const Headers& extra) {
    (void)extra;
    return request(message, label);
  }
  virtual CallResult notify_with_headers(const Json& message, const std::string& label,
                                         const Headers& extra) {
    (void)extra;
    return notify(message, label);
  }
  /// Ends the conversation: closes streams; for stdio, ends the process.
  virtual void shutdown() = 0;
  /// Sends `text` as it is (malformed on purpose): over stdio a line on stdin,
  /// over HTTP+SSE a POST to the session's endpoint. The result is what sending
  /// it got: over HTTP the status, with the body as `response` when it is
  /// JSON; over stdio nothing, or the error when the line could not be
  /// written. What the server then says about it comes to router(): watch it
  /// with a MessageCapture. Streamable HTTP answers in the POST itself, which
  /// a raw HTTP exchange reads whole, so it keeps this default: an error.
  virtual CallResult send_raw(const std::string& text, const std::string& label) {
    (void)text;
    CallResult out;
    out.error = "cannot send " + label + " as raw text over " + std::string(to_string(kind()));
    return out;
  }

  MessageRouter& router() { return router_; }
  void set_request_handler(MessageRouter::RequestHandler handler) {
    router_.set_request_handler(std::move(handler));
  }

 protected:
  MessageRouter router_;
};

/// Settings shared by the HTTP transports.
struct HttpSettings {
  std::string url;
  Headers headers;  // sent on every request: User-Agent, Authorization, the user's own
  Deadlines deadlines;
  Limits limits;
  std::string accept = "application/json, text/event-stream";
};

/// Streamable HTTP (2025-03-26 and later), with the knobs the OpenAI profiles turn.
class StreamableHttpTransport : public Transport {
 public:
  StreamableHttpTransport(HttpSettings settings, Transcript* transcript);
  ~StreamableHttpTransport() override;

  TransportKind kind() const override { return TransportKind::kStreamableHttp; }
  CallResult request(const Json& message, const std::string& label) override;
  CallResult notify(const Json& message, const std::string& label) override;
  CallResult request_with_headers(const Json& message, const std::string& label,
                                  const Headers& extra) override;
  CallResult notify_with_headers(const Json& message, const std::string& label,
                                 const Headers& extra) override;
  void shutdown() override;

  /// The session id the server issued (empty when none).
  std::string session_id() const;
  void set_session_id(std::string id);
  /// Whether requests carry Mcp-Session-Id (ChatGPT stopped sending it).
  void set_echo_session_id(bool echo) { echo_session_id_ = echo; }
  /// MCP-Protocol-Version sent after initialize; empty sends none.
  void set_protocol_version(std::string version);
  void set_headers(Headers headers) { settings_.headers = std::move(headers); }
  /// When a request is answered 202 without a body, wait this long for its
  /// response on the GET stream (the community guide's design); 0 fails at once.
  void set_wait_for_answer_elsewhere(std::chrono::milliseconds wait) { wait_elsewhere_ = wait; }

  /// Opens the standalone GET stream in the background. Returns the outcome of
  /// opening it (status 200 with text/event-stream, or the refusal).
  CallResult open_get_stream(const std::string& label);
  bool get_stream_open() const;
  void close_get_stream();
  /// DELETE with the session id; forgets the id afterwards unless `keep_id`.
  CallResult delete_session(const std::string& label, bool keep_id = false);

 private:
  Headers request_headers(bool with_body, const Headers& extra = {}) const;
  CallResult post(const Json& message, const std::string& label, bool expect_response,
                  const Headers& extra = {});
  void reply(const Json& message);
  void read_get_stream(std::string label, std::shared_ptr<std::promise<CallResult>> opened);

  HttpSettings settings_;
  Transcript* transcript_;
  HttpClient http_;
  mutable std::mutex mutex_;
  std::string session_id_;
  std::string protocol_version_;
  bool echo_session_id_ = true;
  std::chrono::milliseconds wait_elsewhere_{0};
  std::unique_ptr<HttpClient> get_client_;
  std::thread get_thread_;
  std::atomic<bool> get_open_{false};
};

/// The HTTP+SSE transport of 2024-11-05: GET opens the stream, whose first event
/// `endpoint` names the URL to POST to; answers come back as `message` events.
class LegacySseTransport : public Transport {
 public:
  LegacySseTransport(HttpSettings settings, Transcript* transcript);
  ~LegacySseTransport() override;

  TransportKind kind() const override { return TransportKind::kLegacySse; }
  /// Opens the stream and waits for the endpoint event.
  CallResult connect(const std::string& label);
  CallResult request(const Json& message, const std::string& label) override;
  CallResult notify(const Json& message, const std::string& label) override;
  void shutdown() override;
  const std::string& endpoint() const { return endpoint_; }
  CallResult send_raw(const std::string& text, const std::string& label) override;

 private:
  CallResult post(const Json& message, const std::string& label);
  HttpResponse post_text(const std::string& endpoint, const std::string& body,
                         const std::string& label);
  std::string current_endpoint();
  static CallResult not_connected();

  HttpSettings settings_;
  HttpClient stream_client_;
  HttpClient post_client_;
  std::mutex post_mutex_;
  std::thread stream_thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string endpoint_;
  bool stream_ended_ = false;
  CallResult stream_outcome_;
};

/// stdio: the server is a child process; newline-delimited JSON-RPC on its
/// stdin/stdout; its stderr is captured.
class StdioTransport : public Transport {
 public:
  /// `command` runs through /bin/sh (so quoting works as in a shell).
  StdioTransport(std::string command, Deadlines deadlines, Transcript* transcript);
  ~StdioTransport() override;

  TransportKind kind() const override { return TransportKind::kStdio; }
  /// Starts the process; false (and error()) if it cannot be started.
  bool start();
  CallResult request(const Json& message, const std::string& label) override;
  CallResult notify(const Json& message, const std::string& label) override;
  void shutdown() override;
  /// What the server wrote to stderr (bounded).
  std::string stderr_text() const;
  const std::string& error() const { return error_; }
  /// Exit status once it ended.
  std::optional<int> exit_status() const;
  /// One line on stdin; `text` must not hold a newline.
  CallResult send_raw(const std::string& text, const std::string& label) override;

 private:
  struct Process;
  bool write_line(const Json& message, const std::string& label);
  bool write_text(const std::string& text, const std::string& label);

  std::string command_;
  Deadlines deadlines_;
  Transcript* transcript_;
  std::unique_ptr<Process> process_;
  std::string error_;
};

/// Resolves `reference` (absolute URL, absolute path or relative path) against `base`.
std::string resolve_url(const std::string& base, const std::string& reference);

}  // namespace mcp::client
