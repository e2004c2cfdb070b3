#include "protocol/sse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mcp::sse {
namespace {

std::vector<Event> decode_all(std::string_view text, Limits limits = {}) {
  Decoder decoder(limits);
  std::vector<Event> events;
  decoder.feed(text, events);
  return events;
}

std::vector<Event> decode_chunks(const std::vector<std::string>& chunks) {
  Decoder decoder;
  std::vector<Event> events;
  for (const auto& chunk : chunks)
    decoder.feed(chunk, events);
  return events;
}

bool same(const std::vector<Event>& a, const std::vector<Event>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id ||
        a[i].retry_ms != b[i].retry_ms) {
      return false;
    }
  }
  return true;
}

// Every feature of the format in one stream, with all three line endings.
const std::string kRich =
    "\xEF\xBB\xBF"
    ": comment\r\n"
    "id: 1\r\n"
    "event: message\r\n"
    "data: {\"a\":1}\r\n"
    "\r\n"
    "data: line one\n"
    "data:line two\n"
    "data\n"
    "\n"
    "id: p:0\r"
    "retry: 1500\r"
    "data: \r"
    "\r"
    "event: endpoint\n"
    "data: /messages?sessionId=abc\n"
    "\n"
    "data: no blank line at the end";

TEST(SseDecoder, DecodesEveryFieldKind) {
  const auto events = decode_all(kRich);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, "message");
  EXPECT_EQ(events[0].data, R"({"a":1})");
  EXPECT_EQ(events[0].id, "1");
  EXPECT_EQ(events[1].data, "line one\nline two\n");  // "data" alone adds an empty line
  EXPECT_EQ(events[1].id, "1");                       // the last event id is sticky
  EXPECT_EQ(events[2].data, "");                      // priming event: id + empty data
  EXPECT_EQ(events[2].id, "p:0");
  EXPECT_EQ(events[2].retry_ms, 1500u);
  EXPECT_EQ(events[3].type, "endpoint");
  EXPECT_EQ(events[3].data, "/messages?sessionId=abc");
}

TEST(SseDecoder, SameEventsWhateverTheChunkBoundaries) {
  const auto whole = decode_all(kRich);
  for (std::size_t split = 0; split <= kRich.size(); ++split) {
    const auto two = decode_chunks({kRich.substr(0, split), kRich.substr(split)});
    EXPECT_TRUE(same(whole, two)) << "split at " << split;
  }
  std::vector<std::string> bytes;
  for (const char c : kRich)
    bytes.emplace_back(1, c);
  EXPECT_TRUE(same(whole, decode_chunks(bytes)));
}

TEST(SseDecoder, TracksLastEventIdRetryAndComments) {
  Decoder decoder;
  std::vector<Event> events;
  decoder.feed(": keepalive\n\nid: 42\nretry: 250\n\n", events);
  EXPECT_TRUE(events.empty());  // blocks without data are not dispatched
  EXPECT_EQ(decoder.last_event_id(), "42");
  EXPECT_EQ(decoder.retry_ms(), 250u);
  EXPECT_EQ(decoder.comments_seen(), 1u);
}

TEST(SseDecoder, IgnoresInvalidRetryAndIdsWithNul) {
  Decoder decoder;
  std::vector<Event> events;
  decoder.feed(std::string("retry: 12a\nid: a\0b\ndata: x\n\n", 28), events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(decoder.retry_ms());
  EXPECT_EQ(events[0].id, "");
}

TEST(SseDecoder, OnlyALeadingBomIsStripped) {
  const auto events = decode_all("data: \xEF\xBB\xBFx\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "\xEF\xBB\xBFx");
  // A partial BOM followed by other bytes is ordinary input.
  EXPECT_EQ(decode_chunks({"\xEF\xBB", "data: y\n\n"}).size(), 0u);
}

TEST(SseDecoder, DiscardsAnUnterminatedEventAtEnd) {
  Decoder decoder;
  std::vector<Event> events;
  decoder.feed("data: partial", events);
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(decoder.has_partial_event());
}

TEST(SseDecoder, StopsAtTheLineLimit) {
  Decoder decoder(Limits{.max_line_bytes = 16, .max_event_bytes = 1024});
  std::vector<Event> events;
  EXPECT_FALSE(decoder.feed(std::string(10, 'a'), events) &&
               decoder.feed(std::string(10, 'a'), events));
  EXPECT_TRUE(decoder.failed());
  EXPECT_NE(decoder.error().find("line"), std::string::npos);
  EXPECT_FALSE(decoder.feed("\n\ndata: x\n\n", events));  // later input is ignored
  EXPECT_TRUE(events.empty());
}

TEST(SseDecoder, StopsAtTheEventLimit) {
  Decoder decoder(Limits{.max_line_bytes = 1024, .max_event_bytes = 32});
  std::vector<Event> events;
  std::string many;
  for (int i = 0; i < 10; ++i)
    many += "data: 0123456789\n";
  EXPECT_FALSE(decoder.feed(many, events));
  EXPECT_NE(decoder.error().find("event"), std::string::npos);
}

TEST(SseEncoder, RoundTripsThroughTheDecoder) {
  const std::vector<Event> originals{
      Event{.type = "message",
            .data = R"({"jsonrpc":"2.0","method":"x"})",
            .id = "s:1",
            .retry_ms = {}},
      Event{.type = "", .data = "", .id = "s:0", .retry_ms = 1000},
      Event{.type = "endpoint", .data = "multi\nline\r\nvalue\rend", .id = "s:2", .retry_ms = {}},
  };
  std::string wire;
  for (const auto& e : originals)
    wire += encode(e) + encode_comment("keepalive");
  const auto decoded = decode_all(wire);
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[0].data, originals[0].data);
  EXPECT_EQ(decoded[0].id, "s:1");
  EXPECT_EQ(decoded[1].data, "");
  EXPECT_EQ(decoded[1].retry_ms, 1000u);
  EXPECT_EQ(decoded[1].type, "message");
  EXPECT_EQ(decoded[2].type, "endpoint");
  EXPECT_EQ(decoded[2].data, "multi\nline\nvalue\nend");
}

TEST(SseEncoder, CannotBeBrokenByLineBreaksInIdOrType) {
  const auto wire =
      encode(Event{.type = "a\nb", .data = "x", .id = "1\n\ndata: injected", .retry_ms = {}});
  const auto decoded = decode_all(wire);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(decoded[0].data, "x");
  EXPECT_EQ(decoded[0].type, "ab");
}

}  // namespace
}  // namespace mcp::sse
