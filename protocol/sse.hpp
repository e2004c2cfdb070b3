// Server-Sent Events (text/event-stream) codec, following the WHATWG HTML
// "event stream interpretation" rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::sse {

struct Event {
  /// The `event:` field; "message" when the block had none.
  std::string type = "message";
  /// The `data:` lines joined with "\n" (no trailing newline).
  std::string data;
  /// The last event id in effect when the event was dispatched (sticky across events).
  std::string id;
  /// Set when this block carried a valid `retry:` field.
  std::optional<std::uint64_t> retry_ms;
};

/// Bounds that keep a hostile or broken server from exhausting memory.
struct Limits {
  std::size_t max_line_bytes = 8u << 20;
  std::size_t max_event_bytes = 16u << 20;
  bool operator==(const Limits&) const = default;
};

/// Incremental decoder: feed it bytes as they arrive, split anywhere (inside a
/// line, between CR and LF, inside a UTF-8 BOM); it returns complete events.
class Decoder {
 public:
  explicit Decoder(Limits limits = {}) : limits_(limits) {}

  /// Appends every event completed by `chunk` to `out`. Returns false once a
  /// limit was exceeded; error() says which, and later input is ignored.
  bool feed(std::string_view chunk, std::vector<Event>& out);

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  /// The stream's last event id (what a client sends as Last-Event-ID).
  const std::string& last_event_id() const { return last_event_id_; }
  /// The most recent valid `retry:` value, if any.
  std::optional<std::uint64_t> retry_ms() const { return retry_ms_; }
  /// Comment lines (":" prefix) seen so far: keep-alives, mostly.
  std::size_t comments_seen() const { return comments_; }
  /// Bytes of an event that has started but not ended (a blank line is pending).
  bool has_partial_event() const { return !line_.empty() || has_fields_; }

 private:
  void process(std::string_view data, std::vector<Event>& out);
  void handle_line(std::vector<Event>& out);
  void fail(std::string why) { error_ = std::move(why); }

  Limits limits_;
  std::string error_;
  std::string bom_prefix_;
  bool bom_done_ = false;
  bool pending_cr_ = false;
  std::string line_;
  std::string data_;
  std::string event_type_;
  std::string last_event_id_;
  std::optional<std::uint64_t> retry_ms_;
  std::optional<std::uint64_t> block_retry_;
  bool has_fields_ = false;
  std::size_t comments_ = 0;
};

/// Encodes one event (an empty `type` writes no `event:` line). Data containing line breaks becomes
/// several `data:` lines; line breaks in `type` or `id` (which the format cannot carry) are
/// dropped. An empty `data` still produces a `data:` line, so the event is dispatched (the
/// 2025-11-25 priming event relies on that).
std::string encode(const Event& event);

/// Encodes a comment line, used as a keep-alive.
std::string encode_comment(std::string_view text);

}  // namespace mcp::sse
