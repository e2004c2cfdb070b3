#include "reference_server/sse_streams.hpp"

#include <httplib.h>

#include "reference_server/session.hpp"

namespace mcp::server {
namespace {

constexpr std::uint64_t kRetryMs = 1000;  // advised reconnection delay (2025-11-25 priming)
// How often an idle stream checks, without writing, that its client is still
// connected: a client that left frees its worker, slot and socket this soon,
// within the 200 ms StreamPool::try_acquire waits for a slot to come free.
constexpr auto kLivenessCheck = std::chrono::milliseconds(100);

/// The writer of one SSE response: waits on the stream's condition variable and
/// writes each message the moment it is produced.
httplib::ContentProviderWithoutLength sse_writer(std::shared_ptr<Stream> stream, SseStart start,
                                                 std::chrono::seconds keepalive,
                                                 std::shared_ptr<void> hold) {
  return [stream = std::move(stream), start = std::move(start), keepalive, hold = std::move(hold),
          cursor = start.after, started = false,
          keepalive_due = Clock::time_point{}](std::size_t, httplib::DataSink& sink) mutable {
    const auto write_event = [&](const StoredEvent& event) {
      const auto id = start.event_id ? start.event_id(event.seq) : event.id;
      const auto bytes =
          sse::encode(sse::Event{.type = "message", .data = event.data, .id = id, .retry_ms = {}});
      return sink.write(bytes.data(), bytes.size());
    };
    if (!started) {
      started = true;
      if (start.first) {
        const auto bytes = sse::encode(*start.first);
        if (!sink.write(bytes.data(), bytes.size())) return false;
      }
      if (start.prime) {
        // 2025-11-25: an event with an id and empty data lets the client resume
        // (GET with Last-Event-ID) even if the connection drops before any message.
        const auto priming =
            sse::encode(sse::Event{.type = "",
                                   .data = "",
                                   .id = start.event_id ? start.event_id(0) : stream->priming_id(),
                                   .retry_ms = kRetryMs});
        if (!sink.write(priming.data(), priming.size())) return false;
      }
      for (const auto& event : start.replay) {
        if (!write_event(event)) return false;
      }
    }
    const auto now = Clock::now();
    if (keepalive_due <= now) keepalive_due = now + keepalive;
    std::vector<StoredEvent> events;
    const auto woke = stream->wait(cursor, std::min(keepalive_due, now + kLivenessCheck), events);
    if (woke != Stream::Wake::kTimeout) keepalive_due = {};
    switch (woke) {
      case Stream::Wake::kEvents:
        for (const auto& event : events) {
          if (!write_event(event)) return false;
          cursor = event.seq;
        }
        return true;
      case Stream::Wake::kFinished:
      case Stream::Wake::kEndConnection:  // the stream goes on; the client resumes with GET
        sink.done();
        return true;
      case Stream::Wake::kTimeout: {
        if (Clock::now() < keepalive_due) return !sink.is_writable || sink.is_writable();
        keepalive_due = {};
        // Keeps proxies from timing the stream out, and finds dead peers.
        const auto comment = sse::encode_comment("keepalive");
        return sink.write(comment.data(), comment.size());
      }
      case Stream::Wake::kProbe: {
        // Writing is the only way to learn whether the client is still there.
        const auto comment = sse::encode_comment("probe");
        return sink.write(comment.data(), comment.size());
      }
    }
    return false;
  };
}

}  // namespace

void answer_with_stream(httplib::Response& res, std::shared_ptr<Stream> stream, SseStart start,
                        std::chrono::seconds keepalive, std::shared_ptr<void> hold,
                        std::function<void(bool)> done) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      sse_writer(std::move(stream), std::move(start), keepalive, std::move(hold)), std::move(done));
}

StreamPool::StreamPool(std::size_t max_streams, std::vector<const SessionStore*> stores)
    : max_streams_(max_streams), stores_(std::move(stores)) {}

bool StreamPool::take_free() {
  if (open_.fetch_add(1) >= max_streams_) {
    open_.fetch_sub(1);
    return false;
  }
  return true;
}

bool StreamPool::try_acquire() {
  if (take_free()) return true;
  // A client that closed its connection still holds a slot until a write to it
  // fails, and the first write after the peer's close still succeeds (it only
  // draws the RST): two rounds of probes find every departed client.
  for (int round = 0; round < 2; ++round) {
    probe_long_lived_streams();
    std::unique_lock lock(mutex_);
    freed_.wait_for(lock, std::chrono::milliseconds(100),
                    [&] { return open_.load() < max_streams_; });
    lock.unlock();
    if (take_free()) return true;
  }
  return false;
}

void StreamPool::probe_long_lived_streams() {
  const auto probe = [](Session& session) {
    if (const auto stream = session.get_stream()) stream->probe();
  };
  for (const auto* store : stores_)
    store->for_each(probe);
}

void StreamPool::release() {
  open_.fetch_sub(1);
  {
    // Taken so a reclaim between its predicate check and its wait cannot miss this.
    const std::lock_guard lock(mutex_);
  }
  freed_.notify_all();
}

}  // namespace mcp::server
