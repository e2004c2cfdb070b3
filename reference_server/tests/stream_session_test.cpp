#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

#include "reference_server/session.hpp"
#include "reference_server/stream.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

TEST(Stream, WriterWakesAsSoonAsAMessageIsPushed) {
  Stream stream("p1", 16);
  std::vector<StoredEvent> got;
  std::thread producer([&] { stream.push("hello"); });
  // A generous deadline: the wait must end because of the push, not the deadline.
  const auto wake = stream.wait(0, Clock::now() + 30s, got);
  producer.join();
  EXPECT_EQ(wake, Stream::Wake::kEvents);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, "hello");
  EXPECT_EQ(got[0].id, "p1:1");
}

TEST(Stream, FinalMessageFinishesAndLaterPushesAreDropped) {
  Stream stream("p2", 16);
  EXPECT_TRUE(stream.push("progress"));
  EXPECT_TRUE(stream.push_final("response"));
  EXPECT_FALSE(stream.push("late"));
  std::vector<StoredEvent> got;
  EXPECT_EQ(stream.wait(0, Clock::now() + 1s, got), Stream::Wake::kEvents);
  ASSERT_EQ(got.size(), 2u);
  got.clear();
  EXPECT_EQ(stream.wait(2, Clock::now() + 1s, got), Stream::Wake::kFinished);
  EXPECT_TRUE(got.empty());
}

TEST(Stream, ProbeWakesTheWriter) {
  Stream stream("g1", 16);
  std::thread prober([&] { stream.probe(); });
  std::vector<StoredEvent> got;
  EXPECT_EQ(stream.wait(0, Clock::now() + 30s, got), Stream::Wake::kProbe);
  prober.join();
}

TEST(Stream, KeepsOnlyTheRetainedTail) {
  Stream stream("g2", 3);
  for (int i = 0; i < 10; ++i)
    stream.push(std::to_string(i));
  std::vector<StoredEvent> got;
  stream.wait(0, Clock::now(), got);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got.front().data, "7");
  EXPECT_EQ(got.back().id, "g2:10");
}

TEST(CancelToken, WakesAWaiterImmediately) {
  CancelToken token;
  std::thread canceller([&] { token.cancel(); });
  EXPECT_TRUE(token.wait_for(30s));
  canceller.join();
  EXPECT_TRUE(token.cancelled());
}

TEST(SessionId, IsVisibleAsciiUniqueAnd128Bits) {
  const std::regex hex("^[0-9a-f]{32}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = generate_session_id();
    EXPECT_TRUE(std::regex_match(id, hex)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Session, OneGetStreamAtATime) {
  auto session = std::make_shared<Session>("s");
  auto first = session->attach_get_stream(8);
  ASSERT_TRUE(first);
  EXPECT_FALSE(session->attach_get_stream(8));
  EXPECT_TRUE(session->notify(Json{{"jsonrpc", "2.0"}, {"method", "notifications/x"}}));
  session->detach_get_stream(first);
  EXPECT_FALSE(session->notify(Json{{"jsonrpc", "2.0"}, {"method", "notifications/x"}}));
  EXPECT_TRUE(session->attach_get_stream(8));
}

TEST(Session, TerminateCancelsRequestsAndFinishesStreams) {
  auto session = std::make_shared<Session>("s");
  auto token = session->begin_request(Json(5));
  auto stream = session->attach_get_stream(8);
  session->terminate();
  EXPECT_TRUE(token->cancelled());
  EXPECT_TRUE(stream->finished());
  EXPECT_TRUE(session->terminated());
  EXPECT_TRUE(session->begin_request(Json(6))->cancelled());
}

TEST(Session, CancelsByIdKeepingIdTypesApart) {
  Session session("s");
  auto as_int = session.begin_request(Json(1));
  auto as_string = session.begin_request(Json("1"));
  EXPECT_TRUE(session.cancel_request(Json("1")));
  EXPECT_TRUE(as_string->cancelled());
  EXPECT_FALSE(as_int->cancelled());
  EXPECT_FALSE(session.cancel_request(Json(99)));
}

TEST(SessionStore, RefusesBeyondTheLimit) {
  SessionStore store(2, 0s);
  EXPECT_TRUE(store.insert(std::make_shared<Session>("a")));
  EXPECT_TRUE(store.insert(std::make_shared<Session>("b")));
  EXPECT_FALSE(store.insert(std::make_shared<Session>("c")));
  EXPECT_TRUE(store.remove("a"));
  EXPECT_FALSE(store.find("a"));
  EXPECT_TRUE(store.insert(std::make_shared<Session>("c")));
  EXPECT_EQ(store.size(), 2u);
}

TEST(SessionStore, ExpiresIdleSessionsButNotBusyOnes) {
  SessionStore store(10, 1s);
  auto idle = std::make_shared<Session>("idle");
  auto busy = std::make_shared<Session>("busy");
  ASSERT_TRUE(store.insert(idle));
  ASSERT_TRUE(store.insert(busy));
  const Session::ActivityScope working(busy);
  // The janitor finishing the idle session's stream is the condition to wait on.
  auto idle_stream = idle->attach_get_stream(8);
  ASSERT_TRUE(idle_stream);
  EXPECT_TRUE(idle_stream->wait_finished(Clock::now() + 20s));
  EXPECT_FALSE(store.find("idle"));
  EXPECT_TRUE(idle->terminated());
  EXPECT_TRUE(store.find("busy"));
}

}  // namespace
}  // namespace mcp::server
