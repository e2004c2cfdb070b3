// Outbound SSE streams and cancellation tokens: the event-driven plumbing
// between the code that produces messages and the HTTP threads that write them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace mcp::server {

using Clock = std::chrono::steady_clock;

/// One message of a stream, kept (a bounded number) so a client can resume.
struct StoredEvent {
  std::uint64_t seq = 0;
  std::string id;    // "<stream key>:<seq>": unique per session, names its stream
  std::string data;  // serialised JSON-RPC message
};

/// The messages of one SSE stream: a POST's response stream or a session's GET
/// stream. Producers push from any thread; the writer waits on a condition
/// variable, so each message is written as soon as it is produced.
class Stream {
 public:
  /// `retain`: how many past events to keep for resumption.
  Stream(std::string key, std::size_t retain);

  const std::string& key() const { return key_; }

  /// Appends a message. Returns false (and drops it) once the stream is finished.
  bool push(std::string data);
  /// Appends the last message (a POST stream's response) and finishes the stream.
  bool push_final(std::string data);
  /// No more messages will come.
  void finish();
  bool finished() const;

  /// Event id a writer sends for the priming event (before any message).
  std::string priming_id() const { return key_ + ":0"; }

  /// Ends the current HTTP response without finishing the stream: the client is
  /// expected to resume with GET and Last-Event-ID (2025-11-25 polling).
  void end_connection();

  enum class Wake { kEvents, kFinished, kTimeout, kProbe, kEndConnection };
  /// Waits until an event with seq > `after` exists, the stream finishes, a
  /// probe is requested or `deadline` passes. Appends new events to `out`.
  Wake wait(std::uint64_t after, Clock::time_point deadline, std::vector<StoredEvent>& out);

  /// Asks the writer to check its connection now (see Wake::kProbe).
  void probe();
  /// Waits until the stream finishes or `deadline` passes; true if finished.
  bool wait_finished(Clock::time_point deadline);

 private:
  bool append_locked(std::string data);
  /// Sets one of the flags below and wakes the writer.
  void raise(bool& flag);

  const std::string key_;
  const std::size_t retain_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<StoredEvent> events_;
  std::uint64_t next_seq_ = 1;
  bool finished_ = false;
  bool probe_requested_ = false;
  bool end_connection_requested_ = false;
};

/// Set once, waited on by long-running tools (sleep) so that cancellation,
/// session termination and shutdown stop them at once rather than at a poll.
class CancelToken {
 public:
  void cancel();
  bool cancelled() const;
  /// Waits up to `duration`; returns true if cancelled meanwhile.
  bool wait_for(std::chrono::nanoseconds duration) const;
  /// Waits until `deadline`; returns true if cancelled meanwhile.
  bool wait_until(Clock::time_point deadline) const;
  /// Waits until `ready()` holds, the token is cancelled or `deadline` passes;
  /// returns ready(). Whoever makes ready() true must call notify().
  bool wait_until(Clock::time_point deadline, const std::function<bool()>& ready) const;
  /// Wakes waiters so they re-check their condition.
  void notify() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool cancelled_ = false;
};

}  // namespace mcp::server
