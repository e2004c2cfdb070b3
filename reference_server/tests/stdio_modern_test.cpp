// The stdio transport in both eras: 2026-07-28 requests (with the envelope)
// beside initialize-era traffic, and each --era. The server runs in-process on
// a pipe-like pair of streams the test writes to and reads from line by line.
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <thread>

#include "protocol/request_metadata.hpp"
#include "reference_server/stdio_server.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

/// Lines that one side writes and the other reads, blocking like a pipe.
class LineQueue {
 public:
  void push(std::string line) {
    {
      const std::lock_guard lock(mutex_);
      lines_.push_back(std::move(line));
    }
    cv_.notify_all();
  }
  void close() {
    {
      const std::lock_guard lock(mutex_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  /// The next line; nullopt at close or after `timeout`.
  std::optional<std::string> pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return !lines_.empty() || closed_; });
    if (lines_.empty()) return std::nullopt;
    auto line = std::move(lines_.front());
    lines_.pop_front();
    return line;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> lines_;
  bool closed_ = false;
};

/// stdin for the server: reads block until the test writes a line or closes.
class QueueInput : public std::streambuf {
 public:
  explicit QueueInput(LineQueue& queue) : queue_(queue) {}

 protected:
  int_type underflow() override {
    auto line = queue_.pop(std::chrono::hours(1));
    if (!line) return traits_type::eof();
    buffer_ = std::move(*line) + "\n";
    setg(buffer_.data(), buffer_.data(), buffer_.data() + buffer_.size());
    return traits_type::to_int_type(buffer_.front());
  }

 private:
  LineQueue& queue_;
  std::string buffer_;
};

/// stdout of the server: every complete line goes to the queue.
class QueueOutput : public std::streambuf {
 public:
  explicit QueueOutput(LineQueue& queue) : queue_(queue) {}

 protected:
  int_type overflow(int_type c) override {
    if (c == '\n') {
      queue_.push(std::move(line_));
      line_.clear();
    } else if (c != traits_type::eof()) {
      line_ += traits_type::to_char_type(c);
    }
    return c;
  }

 private:
  LineQueue& queue_;
  std::string line_;
};

class StdioServer {
 public:
  explicit StdioServer(Options options)
      : options_(std::move(options)),
        thread_([this] { exit_code_ = serve_stdio(options_, in_, out_); }) {}
  ~StdioServer() { close(); }

  void send(const Json& message) { to_server_.push(jsonrpc::serialize(message)); }
  /// The next message the server writes (nullopt: none within the time).
  std::optional<Json> next(std::chrono::milliseconds timeout = 10s) {
    auto line = from_server_.pop(timeout);
    if (!line) return std::nullopt;
    return Json::parse(*line);
  }
  /// The response to request `id`, skipping other messages.
  Json response_to(const Json& id) {
    while (auto message = next()) {
      if (message->contains("id") && (*message)["id"] == id) return *message;
    }
    ADD_FAILURE() << "no response to " << id;
    return nullptr;
  }
  /// Closes stdin (the client is gone) and waits for the server to finish.
  void close() {
    to_server_.close();
    if (thread_.joinable()) thread_.join();
    from_server_.close();
  }

 private:
  Options options_;
  LineQueue to_server_;
  LineQueue from_server_;
  QueueInput in_buffer_{to_server_};
  QueueOutput out_buffer_{from_server_};
  std::istream in_{&in_buffer_};
  std::ostream out_{&out_buffer_};
  int exit_code_ = -1;
  std::thread thread_;
};

Options with_era(Era era) {
  Options options;
  options.stdio = true;
  options.era = era;
  return options;
}

Json modern(const Json& id, const std::string& method, Json params = Json::object(),
            Json capabilities = Json::object()) {
  params["_meta"] = {{modern::kProtocolVersionKey, "2026-07-28"},
                     {modern::kClientCapabilitiesKey, std::move(capabilities)}};
  return jsonrpc::make_request(id, method, std::move(params));
}

Json initialize(const Json& id) {
  return jsonrpc::make_request(id, "initialize",
                               {{"protocolVersion", "2025-11-25"},
                                {"capabilities", Json::object()},
                                {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
}

TEST(StdioModern, ADualEraServerAnswersBothErasOnOneConnection) {
  StdioServer server(with_era(Era::kDual));
  server.send(initialize(1));
  EXPECT_EQ(server.response_to(1)["result"]["protocolVersion"], "2025-11-25");
  server.send(modern(2, "server/discover"));
  const auto discovered = server.response_to(2)["result"];
  EXPECT_EQ(discovered["supportedVersions"], Json::array({"2026-07-28"}));
  EXPECT_EQ(discovered["resultType"], "complete");
  server.send(modern(3, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}));
  EXPECT_EQ(server.response_to(3)["result"]["content"][0]["text"], "hi");
  server.send(jsonrpc::make_request(4, "tools/list", Json::object()));
  EXPECT_FALSE(server.response_to(4)["result"].contains("resultType"))
      << "a request without the envelope keeps the legacy rules";
  server.send(modern(5, "ping"));
  EXPECT_EQ(server.response_to(5)["error"]["code"], -32601);
}

// A batch whose requests carry the envelope is a 2026-07-28 one, which has no
// batches: refused as over Streamable HTTP, not served under the version a
// session without initialize assumes (2025-03-26, where batches exist).
TEST(StdioModern, ADualEraServerRefusesABatchOfModernRequests) {
  StdioServer server(with_era(Era::kDual));
  server.send(Json::array({modern("b1", "server/discover")}));
  const auto refused = server.next();
  ASSERT_TRUE(refused);
  EXPECT_TRUE(refused->is_object()) << refused->dump();
  EXPECT_EQ(refused->value("error", Json::object()).value("code", 0), -32600) << refused->dump();
  EXPECT_TRUE(refused->value("id", Json(1)).is_null()) << refused->dump();
}

TEST(StdioModern, AModernOnlyServerRefusesInitializeAndRequestsWithoutTheEnvelope) {
  StdioServer server(with_era(Era::kModern));
  server.send(initialize(1));
  const auto refused = server.response_to(1)["error"];
  EXPECT_EQ(refused["code"], -32022);
  EXPECT_EQ(refused["data"]["supported"], Json::array({"2026-07-28"}));
  server.send(jsonrpc::make_request(2, "tools/list", Json::object()));
  const auto bare = server.response_to(2)["error"];
  EXPECT_EQ(bare["code"], -32602);
  EXPECT_EQ(bare["data"]["envelope"]["key"], "_meta");
  server.send(Json::array({modern(4, "tools/list"), modern(5, "tools/list")}));
  EXPECT_EQ(server.next()->at("error")["code"], -32600) << "no batches in 2026-07-28";
  auto unsupported = modern(3, "tools/list");
  unsupported["params"]["_meta"][modern::kProtocolVersionKey] = "2099-01-01";
  server.send(unsupported);
  EXPECT_EQ(server.response_to(3)["error"]["code"], -32022);
}

TEST(StdioModern, ALegacyOnlyServerTreatsTheEnvelopeAsAnyOtherMeta) {
  StdioServer server(with_era(Era::kLegacy));
  server.send(initialize(1));
  server.response_to(1);
  server.send(modern(2, "server/discover"));
  EXPECT_EQ(server.response_to(2)["error"]["code"], -32601);
}

TEST(StdioModern, AMultiRoundTripRequestCompletesWithTheAnswers) {
  StdioServer server(with_era(Era::kDual));
  const Json capabilities{{"elicitation", Json::object()}};
  const Json params{{"name", "test_elicitation"}, {"arguments", {{"message", "Who?"}}}};
  server.send(modern(1, "tools/call", params, capabilities));
  const auto asked = server.response_to(1)["result"];
  ASSERT_EQ(asked["resultType"], "input_required") << asked;
  const auto key = asked["inputRequests"].begin().key();
  auto retry = params;
  retry["inputResponses"] = {
      {key, {{"action", "accept"}, {"content", {{"username", "u"}, {"email", "e"}}}}}};
  retry["requestState"] = asked["requestState"];
  server.send(modern(2, "tools/call", retry, capabilities));
  EXPECT_EQ(server.response_to(2)["result"]["resultType"], "complete");
  server.send(modern(3, "tools/call", params));
  EXPECT_EQ(server.response_to(3)["error"]["code"], -32021);
}

TEST(StdioModern, AListenStreamIsAcknowledgedDeliversAndEndsWithAResultAtShutdown) {
  StdioServer server(with_era(Era::kDual));
  server.send(
      modern("listen", "subscriptions/listen", {{"notifications", {{"toolsListChanged", true}}}}));
  const auto ack = server.next();
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ((*ack)["method"], "notifications/subscriptions/acknowledged");
  EXPECT_EQ((*ack)["params"]["_meta"][modern::kSubscriptionIdKey], "listen");
  server.send(modern(
      "t", "tools/call",
      {{"name", "toggle_list_entry"}, {"arguments", {{"list", "tools"}, {"visible", true}}}}));
  bool changed = false;
  for (int i = 0; i < 2; ++i) {
    const auto message = server.next();
    ASSERT_TRUE(message.has_value());
    if (message->value("method", "") == "notifications/tools/list_changed") {
      changed = true;
      EXPECT_EQ((*message)["params"]["_meta"][modern::kSubscriptionIdKey], "listen");
    }
  }
  EXPECT_TRUE(changed);
  server.close();  // EOF: the server shuts down and closes the stream gracefully
  const auto closing = server.next(1s);
  ASSERT_TRUE(closing.has_value());
  EXPECT_EQ((*closing)["id"], "listen");
  EXPECT_EQ((*closing)["result"]["resultType"], "complete");
}

TEST(StdioModern, CancellingAListenEndsItWithoutAResult) {
  StdioServer server(with_era(Era::kDual));
  server.send(
      modern(8, "subscriptions/listen", {{"notifications", {{"promptsListChanged", true}}}}));
  ASSERT_TRUE(server.next().has_value());  // the acknowledgement
  server.send(jsonrpc::make_notification("notifications/cancelled", {{"requestId", 8}}));
  server.send(modern(9, "tools/list"));
  EXPECT_EQ(server.response_to(9)["result"]["resultType"], "complete");
  server.close();
  EXPECT_FALSE(server.next(200ms).has_value()) << "a cancelled listen gets no result";
}

}  // namespace
}  // namespace mcp::server
