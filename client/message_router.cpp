#include "client/message_router.hpp"

#include <stdexcept>

namespace mcp::client {

void MessageRouter::set_request_handler(RequestHandler handler) {
  const std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

void MessageRouter::expect(const Json& id) {
  const std::lock_guard lock(mutex_);
  pending_[id.dump()];
}

std::optional<Json> MessageRouter::wait(const Json& id, Clock::time_point deadline) {
  const auto key = id.dump();
  std::unique_lock lock(mutex_);
  cv_.wait_until(lock, deadline, [&] {
    const auto it = pending_.find(key);
    return !closed_.empty() || it == pending_.end() || it->second.has_value();
  });
  const auto it = pending_.find(key);
  if (it == pending_.end() || !it->second) return std::nullopt;
  auto message = std::move(it->second->message);
  pending_.erase(it);
  return message;
}

std::optional<Json> MessageRouter::take(const Json& id) {
  auto received = take_received(id);
  if (!received) return std::nullopt;
  return std::move(received->message);
}

std::optional<ReceivedMessage> MessageRouter::take_received(const Json& id) {
  const std::lock_guard lock(mutex_);
  const auto it = pending_.find(id.dump());
  if (it == pending_.end()) return std::nullopt;
  auto received = std::move(it->second);
  pending_.erase(it);
  return received;
}

namespace {

/// About the bytes `value` takes as JSON text, without writing it (a message
/// may be megabytes; this runs for every one).
std::size_t approximate_size(const Json& value, int depth = 0) {
  if (value.is_string()) return value.get_ref<const std::string&>().size() + 2;
  if (!value.is_structured() || depth > 64) return 8;
  std::size_t size = 2;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (value.is_object()) size += it.key().size() + 3;
    size += approximate_size(it.value(), depth + 1) + 1;
  }
  return size;
}

}  // namespace

void MessageRouter::keep(std::vector<ReceivedMessage>& list, const Json& message,
                         const std::string& via) {
  const std::size_t size = approximate_size(message);
  if (list.size() >= kMaxKeptPerList || kept_bytes_ + size > kMaxKeptBytes) {
    ++dropped_;
    return;
  }
  kept_bytes_ += size;
  list.push_back({message, via});
}

std::size_t MessageRouter::dropped() const {
  const std::lock_guard lock(mutex_);
  return dropped_;
}

bool MessageRouter::deliver(const Json& message, const std::string& via, const Replier& reply) {
  {
    const std::lock_guard lock(mutex_);
    if (capture_ && capture_->size() < kMaxKeptPerList) {
      capture_->push_back(message);
      cv_.notify_all();
    }
  }
  const auto kind = jsonrpc::classify(message).kind;
  if (kind == jsonrpc::Kind::kRequest) {
    RequestHandler handler;
    {
      const std::lock_guard lock(mutex_);
      keep(server_requests_, message, via);
      handler = handler_;
    }
    // A client that does not handle the method says so, as JSON-RPC requires.
    std::optional<Json> answer =
        handler ? handler(message)
                : std::optional<Json>(jsonrpc::make_error(
                      message["id"], jsonrpc::kMethodNotFound,
                      "client does not handle " + message["method"].get<std::string>()));
    if (answer && reply) reply(*answer);
    return false;
  }
  if (kind == jsonrpc::Kind::kNotification) {
    const std::lock_guard lock(mutex_);
    keep(notifications_, message, via);
    return false;
  }
  const std::lock_guard lock(mutex_);
  keep(responses_, message, via);
  const auto id = message.contains("id") ? message["id"] : Json();
  const auto it = pending_.find(id.dump());
  if (kind == jsonrpc::Kind::kResponse && it != pending_.end() && !it->second) {
    it->second = ReceivedMessage{message, via};
    cv_.notify_all();
    return true;
  }
  keep(unexpected_, message, via);
  return false;
}

void MessageRouter::close(std::string reason) {
  {
    const std::lock_guard lock(mutex_);
    closed_ = reason.empty() ? "closed" : std::move(reason);
  }
  cv_.notify_all();
}

std::string MessageRouter::closed_reason() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

std::vector<ReceivedMessage> MessageRouter::notifications() const {
  const std::lock_guard lock(mutex_);
  return notifications_;
}

std::vector<ReceivedMessage> MessageRouter::server_requests() const {
  const std::lock_guard lock(mutex_);
  return server_requests_;
}

std::vector<ReceivedMessage> MessageRouter::unexpected_responses() const {
  const std::lock_guard lock(mutex_);
  return unexpected_;
}

std::vector<ReceivedMessage> MessageRouter::responses() const {
  const std::lock_guard lock(mutex_);
  return responses_;
}

MessageCapture::MessageCapture(MessageRouter& router) : router_(router) {
  const std::lock_guard lock(router_.mutex_);
  if (router_.capture_)
    throw std::logic_error("a MessageCapture is already running on this router");
  router_.capture_ = &messages_;
}

MessageCapture::~MessageCapture() {
  const std::lock_guard lock(router_.mutex_);
  router_.capture_ = nullptr;
}

std::vector<Json> MessageCapture::wait(MessageRouter::Clock::time_point deadline,
                                       const Until& until) const {
  std::unique_lock lock(router_.mutex_);
  router_.cv_.wait_until(lock, deadline,
                         [&] { return !router_.closed_.empty() || (until && until(messages_)); });
  return messages_;
}

}  // namespace mcp::client
