// The SSE side of the HTTP transports: the writer that turns a Stream into a
// text/event-stream answer, and the pool of stream slots. Each open SSE answer
// holds an HTTP worker for as long as it lasts, so their number is bounded.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/sse.hpp"
#include "reference_server/stream.hpp"

namespace httplib {
struct Response;
}  // namespace httplib

namespace mcp::server {

class SessionStore;

/// Per stream, for resumption.
inline constexpr std::size_t kRetainedEvents = 1024;

/// How an SSE answer starts: what it sends before the stream's own messages.
struct SseStart {
  bool prime = false;               // 2025-11-25 priming event (id, empty data, retry)
  std::uint64_t after = 0;          // resume: only events after this sequence number
  std::optional<sse::Event> first;  // HTTP+SSE: the `endpoint` event
  std::vector<StoredEvent> replay;  // events of an earlier stream to send first
  /// The id written for the event with this sequence number (0: the priming
  /// event); empty: the stream's own "<key>:<seq>".
  std::function<std::string(std::uint64_t seq)> event_id;
};

/// Answers with `stream` as text/event-stream, each message written the moment
/// it is produced. `hold` is kept alive while the answer lasts; `done` runs
/// when it ends.
void answer_with_stream(httplib::Response& res, std::shared_ptr<Stream> stream, SseStart start,
                        std::chrono::seconds keepalive, std::shared_ptr<void> hold,
                        std::function<void(bool)> done);

/// The slots for concurrent SSE answers (GET streams, POST answers, HTTP+SSE).
class StreamPool {
 public:
  /// `stores`: the sessions whose GET streams may belong to departed clients.
  StreamPool(std::size_t max_streams, std::vector<const SessionStore*> stores);

  /// A slot for one more stream; when all are taken, first reclaims the slots
  /// of clients that left without our noticing.
  bool try_acquire();
  void release();
  std::size_t open() const { return open_.load(); }
  std::size_t capacity() const { return max_streams_; }

 private:
  bool take_free();
  void probe_long_lived_streams();

  const std::size_t max_streams_;
  const std::vector<const SessionStore*> stores_;
  std::atomic<std::size_t> open_{0};
  std::mutex mutex_;  // with freed_: wakes a reclaim waiting for a slot
  std::condition_variable freed_;
};

}  // namespace mcp::server
