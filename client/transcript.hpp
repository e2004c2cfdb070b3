// The wire transcript: every HTTP exchange (or stdio message) with headers,
// bodies, SSE events and timestamps. Checks and reports read it; it can be
// written as JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::client {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// The value of header `name` (case-insensitive), if present.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);

/// Guide pitfall 2: the name of a header that looks like a session id ("session"
/// in its name) when there is no Mcp-Session-Id among `headers`. Clients read
/// only Mcp-Session-Id, so such a session is never echoed.
std::optional<std::string> misnamed_session_header(const Headers& headers);

struct TranscriptEvent {
  double at_ms = 0;  // since the transcript started
  std::string type;
  std::string id;
  std::string data;
  std::optional<std::uint64_t> retry_ms;
};

struct Exchange {
  std::uint64_t index = 0;
  std::string label;               // what the caller was doing: "initialize", "GET stream", ...
  std::string transport = "http";  // "http" or "stdio"
  std::string method;              // HTTP method; for stdio "send" / "receive"
  std::string url;
  Headers request_headers;  // secrets redacted
  std::string request_body;
  int status = 0;  // 0: no HTTP response
  Headers response_headers;
  std::string response_body;  // for SSE: empty (see events)
  bool sse = false;
  std::vector<TranscriptEvent> events;
  std::size_t events_dropped = 0;  // beyond the per-exchange cap
  // Times in ms since the transcript started; negative when it did not happen.
  double started_ms = -1;
  double connected_ms = -1;
  double first_byte_ms = -1;
  double completed_ms = -1;
  std::string error;  // empty when the exchange completed normally
  /// A body or event was too large to keep whole and was cut (see KeepLimits);
  /// what was cut cannot be parsed or audited.
  bool cut = false;

  double duration_ms() const { return completed_ms >= 0 ? completed_ms - started_ms : -1; }
  /// Time to first byte measured from the start; -1 if none came.
  double ttfb_ms() const { return first_byte_ms >= 0 ? first_byte_ms - started_ms : -1; }
};

/// What a transcript keeps of each exchange. Checks and the schema audit read
/// bodies and events, so they are kept whole up to a size; past it, or once
/// the transcript holds `whole_total` bytes, they are cut to `cut_to` with a
/// note, so a server cannot make a run hold more than a bounded amount.
struct KeepLimits {
  std::size_t whole_item = 1u << 20;
  std::size_t whole_total = 4u << 20;  // 16 checks run at once: 64 MiB at most
  std::size_t cut_to = 64u << 10;
  std::size_t headers = 100;  // response headers kept; the rest are counted
};

/// Thread-safe log of exchanges. Timestamps are taken from one steady clock,
/// relative to construction, so they compare across threads.
class Transcript {
 public:
  explicit Transcript(KeepLimits limits = {});

  const KeepLimits& keep_limits() const { return limits_; }
  /// Milliseconds since the transcript started.
  double now_ms() const;
  /// The wall-clock start, ISO 8601 UTC.
  const std::string& started_at() const { return started_at_; }

  /// Appends a finished exchange with the run's secrets redacted from
  /// everything in it and large bodies cut (KeepLimits); assigns and returns its index.
  std::uint64_t add(Exchange exchange);
  std::vector<Exchange> exchanges() const;
  std::size_t size() const;

  /// The whole transcript, each body and event cut to `max_text` bytes
  /// (reports/ writes it to files, atomically).
  Json to_json(std::size_t max_text = std::numeric_limits<std::size_t>::max()) const;

 private:
  const std::chrono::steady_clock::time_point start_;
  std::string started_at_;
  mutable std::mutex mutex_;
  std::vector<Exchange> exchanges_;
  KeepLimits limits_;
  std::size_t kept_whole_ = 0;
};

/// Replaces secret header values (Authorization, cookies, anything named like a
/// key or token) with redaction::kMarker, keeping the scheme word ("Bearer").
Headers redact(const Headers& headers);

/// The exchange as JSON, each body cut to `max_text` bytes (see redaction::cut),
/// and its events up to `max_text` bytes of data or 256 events, the rest counted
/// in events_dropped: reports keep less than the transcript.
Json to_json(const Exchange& exchange,
             std::size_t max_text = std::numeric_limits<std::size_t>::max());

}  // namespace mcp::client
