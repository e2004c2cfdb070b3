#include "client/transcript.hpp"
#include "protocol/headers.hpp"
#include "protocol/redaction.hpp"

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

// A server that echoes a secret, and sends more than a run should hold: what
// the transcript keeps has the secret out, large bodies cut (before the cut,
// so no half secret survives), a bounded number of headers and events.
TEST(Transcript, KeepsABoundedRedactedCopy) {
  auto& secrets = redaction::run_secrets();
  secrets.clear();
  secrets.add("tok-1234567890");
  Transcript transcript(
      KeepLimits{.whole_item = 1024, .whole_total = 4096, .cut_to = 256, .headers = 3});
  Exchange e;
  e.url = "http://h/mcp?access_token=tok-1234567890";
  e.request_headers = {{"X-Echo", "tok-1234567890"}};
  e.response_body = std::string(250, 'a') + "tok-1234567890" + std::string(5000, 'b');
  for (int i = 0; i < 5; ++i)
    e.response_headers.emplace_back("X-" + std::to_string(i), "v");
  for (int i = 0; i < 100; ++i)
    e.events.push_back(TranscriptEvent{0, "message", "", std::string(100, 'e'), std::nullopt});
  transcript.add(std::move(e));
  secrets.clear();

  const auto kept = transcript.exchanges().at(0);
  EXPECT_EQ(kept.url, "http://h/mcp?access_token=[redacted]");
  EXPECT_EQ(kept.request_headers[0].second, "[redacted]");
  EXPECT_EQ(kept.response_body.find("tok-"), std::string::npos);
  EXPECT_LT(kept.response_body.size(), 256u + redaction::kCutNoteBytes);
  EXPECT_NE(kept.response_body.find("[cut: "), std::string::npos);
  ASSERT_EQ(kept.response_headers.size(), 4u);
  EXPECT_EQ(kept.response_headers[3].second, "2 more headers not kept");
  EXPECT_LT(kept.events.size(), 100u);
  EXPECT_EQ(kept.events.size() + kept.events_dropped, 100u);
  EXPECT_TRUE(kept.cut);
}

TEST(Transcript, ReportJsonKeepsAtMostItsShareOfEachExchange) {
  Exchange e;
  e.response_body = std::string(10000, 'x');
  for (int i = 0; i < 300; ++i)
    e.events.push_back(TranscriptEvent{0, "message", "", std::string(10, 'e'), std::nullopt});
  const Json json = to_json(e, 1024);
  EXPECT_LT(json["response"]["body"].get<std::string>().size(), 1024u + redaction::kCutNoteBytes);
  EXPECT_EQ(
      json["response"]["events"].size() + json["response"]["events_dropped"].get<std::size_t>(),
      300u);
  EXPECT_LE(json["response"]["events"].size(), 256u);
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
