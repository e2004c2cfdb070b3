// HTTP on libcurl: one easy handle and one multi handle per client, reused so
// connections stay alive; every wait bounded by a deadline; every exchange
// recorded in a Transcript.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "client/transcript.hpp"
#include "protocol/sse.hpp"

namespace mcp::client {

using namespace std::chrono_literals;

/// Bounds on every wait of one request.
struct Deadlines {
  std::chrono::milliseconds connect = 10s;     // TCP (and TLS) connect
  std::chrono::milliseconds first_byte = 30s;  // start of request -> first response byte
  std::chrono::milliseconds idle = 30s;        // longest silence while reading the body
  std::chrono::milliseconds total = 30s;       // start of request -> end of response
};

/// Bounds on what a server may make us hold in memory.
struct Limits {
  std::size_t max_body_bytes = 16u << 20;  // one response, a plain body or an SSE stream
  std::size_t max_events_recorded = 2000;  // per response, and in the transcript
  sse::Limits sse;
  bool operator==(const Limits&) const = default;
};

enum class HttpError {
  kNone,
  kConnect,  // refused, unreachable, DNS
  kConnectTimeout,
  kFirstByteTimeout,  // connected, but nothing came back in time
  kIdleTimeout,       // the body stopped arriving
  kTotalTimeout,      // the whole request took too long (an endless stream, a trickle)
  kBodyTooLarge,      // a body or SSE stream beyond Limits::max_body_bytes
  kSseLimit,          // an SSE line or event beyond Limits::sse
  kAborted,           // abort() from another thread
  kTransport,         // any other libcurl failure
};

std::string_view to_string(HttpError error);
/// True for errors that mean "the server could not be reached at all".
bool is_connect_failure(HttpError error);

/// What a 401 or 403 refusal most likely means, in words a user can act on.
/// A 401, or a 403 with WWW-Authenticate, asks for credentials. A 403 without
/// one is most often a DNS-rebinding guard refusing the request's Host or
/// Origin, not authorization: the text says so, quotes the start of the body
/// and names the Host sent (from `url`). `credentials` says how the program
/// takes them ("--bearer TOKEN"). "" for any other status.
std::string refusal_diagnosis(int status, const Headers& response_headers, const std::string& body,
                              const std::string& url, std::string_view credentials);

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  Headers headers;
  std::string body;
};

/// A response over kLargeResponseBytes holds one of kLargeResponseSlots while it
/// is read and for as long as the HttpResponse lives (the caller parses it
/// then), so a server answering every request with megabytes cannot multiply
/// them by the number of checks running at once. A thread that already holds
/// one passes freely (a reply sent while handling a large response). Only what
/// the response keeps counts (its body, or the SSE events it records), and GET
/// streams, open for a whole session, never take one.
inline constexpr std::size_t kLargeResponseBytes = 1u << 20;
inline constexpr int kLargeResponseSlots = 2;

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;                // non-SSE bodies
  std::vector<sse::Event> events;  // SSE bodies, decoded
  bool sse = false;
  HttpError error = HttpError::kNone;
  std::string error_message;  // includes curl_easy_strerror text where libcurl failed
  double elapsed_ms = 0;
  double ttfb_ms = -1;
  std::uint64_t exchange = 0;        // index in the transcript
  std::shared_ptr<void> large_slot;  // held while the response is large (see above)

  std::optional<std::string> header(std::string_view name) const {
    return find_header(headers, name);
  }
  bool ok() const { return error == HttpError::kNone; }
};

/// Called on the requesting thread while the response streams in.
struct StreamHandlers {
  /// Status and headers are known (before the body).
  std::function<void(int status, const Headers& headers)> on_headers;
  /// One SSE event; return false to stop reading (not an error).
  std::function<bool(const sse::Event& event)> on_event;
};

class HttpClient {
 public:
  /// `transcript` may be null (nothing recorded).
  explicit HttpClient(Transcript* transcript, Limits limits = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Performs one request. Never throws for network trouble: the response's
  /// `error` says what went wrong. Not for concurrent use: one request at a time.
  HttpResponse send(const HttpRequest& request, const Deadlines& deadlines,
                    const std::string& label, const StreamHandlers& handlers = {});

  /// Stops the request in progress and any later one, from any thread (they
  /// end with kAborted). A client is aborted for good: make a new one to go on.
  void abort();

 private:
  std::string transcript_copy(const std::string& body) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcp::client
