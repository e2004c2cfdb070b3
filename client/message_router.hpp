// Routes incoming JSON-RPC messages: responses to the request waiting for them
// (by id), server requests to a handler, notifications to a log.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::client {

/// A message received outside the exchange that was waiting for it, with where it came from.
struct ReceivedMessage {
  Json message;
  std::string via;  // "POST stream", "GET stream", "SSE stream", "stdout"
};

class MessageRouter {
 public:
  using Clock = std::chrono::steady_clock;
  /// Answers a server-initiated request; nullopt sends nothing.
  using RequestHandler = std::function<std::optional<Json>(const Json& request)>;
  /// Sends an answer back to the server over the transport.
  using Replier = std::function<void(const Json& response)>;

  void set_request_handler(RequestHandler handler);

  /// Registers interest in the response to `id` (before sending, so it cannot be missed).
  void expect(const Json& id);
  /// Waits for the response to `id`; nullopt on timeout or close().
  std::optional<Json> wait(const Json& id, Clock::time_point deadline);
  /// The response to `id` if it already arrived (no waiting); forgets the id.
  std::optional<Json> take(const Json& id);
  /// As take(), with the stream the response came on.
  std::optional<ReceivedMessage> take_received(const Json& id);

  /// Delivers one incoming message. Returns true if it was the response some
  /// request is waiting for. Server requests are answered through `reply`.
  bool deliver(const Json& message, const std::string& via, const Replier& reply);

  /// Wakes every waiter; later waits return at once.
  void close(std::string reason);
  std::string closed_reason() const;

  std::vector<ReceivedMessage> notifications() const;
  std::vector<ReceivedMessage> server_requests() const;
  /// Responses nobody was waiting for (duplicates, wrong ids, hard-coded ids).
  std::vector<ReceivedMessage> unexpected_responses() const;
  /// Every response, with the stream it arrived on (checks look for responses on GET streams).
  std::vector<ReceivedMessage> responses() const;
  /// Messages not kept in the lists above: a server that floods us is held to
  /// kMaxKeptPerList messages per list and kMaxKeptBytes in all (the response a
  /// request waits for is always delivered).
  std::size_t dropped() const;
  static constexpr std::size_t kMaxKeptPerList = 5000;
  static constexpr std::size_t kMaxKeptBytes = 4u << 20;

 private:
  friend class MessageCapture;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::optional<ReceivedMessage>> pending_;  // key: serialised id
  void keep(std::vector<ReceivedMessage>& list, const Json& message, const std::string& via);
  std::size_t kept_bytes_ = 0;
  std::size_t dropped_ = 0;
  std::vector<ReceivedMessage> notifications_;
  std::vector<ReceivedMessage> server_requests_;
  std::vector<ReceivedMessage> unexpected_;
  std::vector<ReceivedMessage> responses_;
  RequestHandler handler_;
  std::string closed_;
  std::vector<Json>* capture_ = nullptr;  // the MessageCapture's, while one lives
};

/// Keeps every message the router delivers while it lives, in arrival order:
/// responses a request waits for too, and a batch answer as its array. For
/// messages sent as raw text (malformed on purpose), whose answers no id can
/// be waited for. One capture per router at a time; at most
/// MessageRouter::kMaxKeptPerList messages.
class MessageCapture {
 public:
  using Until = std::function<bool(const std::vector<Json>& messages)>;
  explicit MessageCapture(MessageRouter& router);
  ~MessageCapture();
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;

  /// What was kept so far, once `until` holds for it, `deadline` passes or
  /// the router closes (an empty `until` waits for the deadline). `until`
  /// runs with the router locked: it may only look at the messages.
  std::vector<Json> wait(MessageRouter::Clock::time_point deadline, const Until& until = {}) const;

 private:
  MessageRouter& router_;
  std::vector<Json> messages_;
};

}  // namespace mcp::client
