#include "client/transcript.hpp"
#include "protocol/headers.hpp"

#include <gtest/gtest.h>

namespace mcp::client {
namespace {

TEST(Transcript, RedactsSecretsButKeepsTheScheme) {
  const auto redacted = redact({{"Authorization", "Bearer sk-live-123"},
                                {"X-Api-Key", "abc"},
                                {"Cookie", "session=1"},
                                {"Content-Type", "application/json"}});
  EXPECT_EQ(redacted[0].second, "Bearer [redacted]");
  EXPECT_EQ(redacted[1].second, "[redacted]");
  EXPECT_EQ(redacted[2].second, "[redacted]");
  EXPECT_EQ(redacted[3].second, "application/json");
}

TEST(Transcript, FindsHeadersCaseInsensitively) {
  const Headers headers{{"mcp-session-id", "abc"}};
  EXPECT_EQ(find_header(headers, headers::kSessionId), "abc");
  EXPECT_FALSE(find_header(headers, "Mcp-Session"));
}

TEST(Transcript, NumbersExchangesAndRendersJson) {
  Transcript transcript;
  Exchange a;
  a.label = "initialize";
  a.method = "POST";
  a.url = "http://127.0.0.1:1/mcp";
  a.status = 200;
  a.started_ms = transcript.now_ms();
  a.first_byte_ms = a.started_ms + 1;
  a.completed_ms = a.started_ms + 2;
  Exchange b;
  b.label = "GET stream";
  b.sse = true;
  b.events.push_back(TranscriptEvent{3.5, "message", "g1:1", R"({"jsonrpc":"2.0"})", 1000});
  EXPECT_EQ(transcript.add(a), 0u);
  EXPECT_EQ(transcript.add(b), 1u);
  const auto json = transcript.to_json();
  EXPECT_EQ(json["version"], 1);
  ASSERT_EQ(json["exchanges"].size(), 2u);
  EXPECT_EQ(json["exchanges"][0]["label"], "initialize");
  EXPECT_EQ(json["exchanges"][0]["response"]["status"], 200);
  EXPECT_TRUE(json["exchanges"][0]["timing_ms"]["first_byte"].is_number());
  EXPECT_TRUE(json["exchanges"][1]["timing_ms"]["first_byte"].is_null());
  EXPECT_EQ(json["exchanges"][1]["response"]["events"][0]["retry_ms"], 1000);

  EXPECT_EQ(Json::parse(jsonrpc::serialize(json)), json);  // round-trips as text
}

TEST(Transcript, ClockIsMonotonic) {
  Transcript transcript;
  const double a = transcript.now_ms();
  const double b = transcript.now_ms();
  EXPECT_GE(b, a);
  EXPECT_GE(a, 0);
}

}  // namespace
}  // namespace mcp::client
