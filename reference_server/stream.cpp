#include "reference_server/stream.hpp"

namespace mcp::server {

Stream::Stream(std::string key, std::size_t retain) : key_(std::move(key)), retain_(retain) {}

bool Stream::append_locked(std::string data) {
  if (finished_) return false;
  const auto seq = next_seq_++;
  events_.push_back(StoredEvent{seq, key_ + ":" + std::to_string(seq), std::move(data)});
  while (events_.size() > retain_)
    events_.pop_front();
  return true;
}

void Stream::raise(bool& flag) {
  {
    const std::lock_guard lock(mutex_);
    flag = true;
  }
  cv_.notify_all();
}

bool Stream::push(std::string data) {
  {
    const std::lock_guard lock(mutex_);
    if (!append_locked(std::move(data))) return false;
  }
  cv_.notify_all();
  return true;
}

bool Stream::push_final(std::string data) {
  {
    const std::lock_guard lock(mutex_);
    if (!append_locked(std::move(data))) return false;
    finished_ = true;
  }
  cv_.notify_all();
  return true;
}

void Stream::finish() {
  raise(finished_);
}

bool Stream::finished() const {
  const std::lock_guard lock(mutex_);
  return finished_;
}

void Stream::end_connection() {
  raise(end_connection_requested_);
}

void Stream::probe() {
  raise(probe_requested_);
}

bool Stream::wait_finished(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return cv_.wait_until(lock, deadline, [&] { return finished_; });
}

Stream::Wake Stream::wait(std::uint64_t after, Clock::time_point deadline,
                          std::vector<StoredEvent>& out) {
  std::unique_lock lock(mutex_);
  const auto has_new = [&] { return !events_.empty() && events_.back().seq > after; };
  cv_.wait_until(lock, deadline, [&] {
    return has_new() || finished_ || probe_requested_ || end_connection_requested_;
  });
  const bool got_events = has_new();
  for (const auto& event : events_) {
    if (event.seq > after) out.push_back(event);
  }
  if (got_events) return Wake::kEvents;
  if (finished_) return Wake::kFinished;
  if (end_connection_requested_) {
    end_connection_requested_ = false;
    return Wake::kEndConnection;
  }
  if (probe_requested_) {
    probe_requested_ = false;
    return Wake::kProbe;
  }
  return Wake::kTimeout;
}

void CancelToken::cancel() {
  {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  cv_.notify_all();
}

bool CancelToken::cancelled() const {
  const std::lock_guard lock(mutex_);
  return cancelled_;
}

bool CancelToken::wait_for(std::chrono::nanoseconds duration) const {
  return wait_until(Clock::now() + duration);
}

bool CancelToken::wait_until(Clock::time_point deadline, const std::function<bool()>& ready) const {
  std::unique_lock lock(mutex_);
  cv_.wait_until(lock, deadline, [&] { return cancelled_ || ready(); });
  return ready();
}

void CancelToken::notify() const {
  // Taking the mutex orders the waker's write before the waiter's re-check.
  { const std::lock_guard lock(mutex_); }
  cv_.notify_all();
}

bool CancelToken::wait_until(Clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return cv_.wait_until(lock, deadline, [&] { return cancelled_; });
}

}  // namespace mcp::server
