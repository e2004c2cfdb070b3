// Streamable HTTP: content negotiation, SSE answers to POST, the GET stream.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

Json sleep_call(Json id, int ms, int steps, Json token) {
  Json params{{"name", "sleep"}, {"arguments", {{"ms", ms}, {"steps", steps}}}};
  if (!token.is_null()) params["_meta"] = {{"progressToken", token}};
  return jsonrpc::make_request(std::move(id), "tools/call", params);
}

TEST_F(HttpTest, WrongContentTypeIs415AndWrongAcceptIs406) {
  start();
  auto headers = mcp_headers();
  headers.find("Content-Type")->second = "text/plain";
  EXPECT_EQ(client().post(init_request("2025-11-25"), headers).status, 415);

  for (const std::string accept : {"text/html", "application/json", "text/event-stream"}) {
    auto h = mcp_headers();
    h.find("Accept")->second = accept;
    const auto reply = client().post(init_request("2025-11-25"), h);
    EXPECT_EQ(reply.status, 406) << accept;
    EXPECT_TRUE(reply.json().contains("error"));
  }
  auto wildcard = mcp_headers();
  wildcard.find("Accept")->second = "*/*";
  EXPECT_EQ(client().post(init_request("2025-11-25"), wildcard).status, 200);
  auto charset = mcp_headers();
  charset.find("Content-Type")->second = "application/json; charset=utf-8";
  EXPECT_EQ(client().post(init_request("2025-11-25"), charset).status, 200);
}

TEST_F(HttpTest, ProgressComesOnThePostStreamBeforeTheResponse) {
  start();
  const auto session = client().open_session("2025-06-18");
  auto stream = open_stream("POST", mcp_headers(session, "2025-06-18"),
                            jsonrpc::serialize(sleep_call(7, 200, 4, "tok")));
  ASSERT_EQ(stream->wait_status(10s), 200);
  EXPECT_EQ(http::media_type(stream->header("Content-Type")), "text/event-stream");
  ASSERT_TRUE(stream->wait_closed(30s));  // the server ends the stream after the response
  const auto events = stream->all_events();
  ASSERT_EQ(events.size(), 5u) << stream->raw();
  for (std::size_t i = 0; i < 4; ++i) {
    const auto n = Json::parse(events[i].data);
    EXPECT_EQ(n["method"], "notifications/progress");
    EXPECT_EQ(n["params"]["progressToken"], "tok");
    EXPECT_EQ(n["params"]["progress"], static_cast<double>(i + 1));
  }
  const auto response = Json::parse(events[4].data);
  EXPECT_EQ(response["id"], 7);
  EXPECT_TRUE(response.contains("result"));
  // Event ids are unique.
  std::set<std::string> ids;
  for (const auto& e : events)
    ids.insert(e.id);
  EXPECT_EQ(ids.size(), events.size());
}

TEST_F(HttpTest, PrimingEventStartsSseAnswersFrom20251125) {
  start();
  const auto session = client().open_session("2025-11-25");
  auto stream = open_stream("POST", mcp_headers(session, "2025-11-25"),
                            jsonrpc::serialize(sleep_call("x", 0, 1, 5)));
  ASSERT_TRUE(stream->wait_closed(30s));
  const auto events = stream->all_events();
  ASSERT_GE(events.size(), 3u) << stream->raw();
  EXPECT_EQ(events[0].data, "");
  EXPECT_FALSE(events[0].id.empty());
  EXPECT_TRUE(events[0].retry_ms.has_value());
  EXPECT_EQ(Json::parse(events.back().data)["id"], "x");
}

TEST_F(HttpTest, WithoutProgressTokenTheAnswerIsJson) {
  start();
  const auto session = client().open_session("2025-11-25");
  const auto reply =
      client().post(sleep_call(1, 0, 3, nullptr), mcp_headers(session, "2025-11-25"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(http::media_type(reply.header("Content-Type")), "application/json");
  EXPECT_EQ(reply.json()["id"], 1);
}

TEST_F(HttpTest, GetStreamOpensOncePerSessionAndCarriesNoResponses) {
  start();
  const auto session = client().open_session("2025-11-25");
  auto get_headers = mcp_headers(session, "2025-11-25");
  get_headers.find("Accept")->second = "text/event-stream";
  get_headers.erase("Content-Type");
  auto first = open_stream("GET", get_headers);
  ASSERT_EQ(first->wait_status(10s), 200);
  EXPECT_EQ(http::media_type(first->header("Content-Type")), "text/event-stream");
  const auto priming = first->next_event(10s);  // 2025-11-25 priming event
  ASSERT_TRUE(priming);
  EXPECT_EQ(priming->data, "");

  auto second = open_stream("GET", get_headers);
  EXPECT_EQ(second->wait_status(10s), 409);

  // Requests on POST while the GET stream is open are answered on POST only.
  for (int i = 0; i < 5; ++i) {
    const auto reply = client().request(session, "2025-11-25", i, i % 2 ? "ping" : "tools/list");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["id"], i);
  }
  auto progress = open_stream("POST", mcp_headers(session, "2025-11-25"),
                              jsonrpc::serialize(sleep_call(99, 0, 3, "t")));
  ASSERT_TRUE(progress->wait_closed(30s));
  // Ending the session ends the GET stream: then everything it carried is known.
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers(session)).status, 204);
  ASSERT_TRUE(first->wait_closed(30s));
  for (const auto& event : first->all_events()) {
    if (event.data.empty()) continue;
    const auto message = Json::parse(event.data);
    EXPECT_TRUE(message.contains("method")) << "response on the GET stream: " << event.data;
  }
}

TEST_F(HttpTest, ANewGetStreamReplacesOneWhoseClientLeft) {
  start();
  const auto session = client().open_session("2025-06-18");
  auto headers = mcp_headers(session, "2025-06-18");
  headers.find("Accept")->second = "text/event-stream";
  auto first = open_stream("GET", headers);
  ASSERT_EQ(first->wait_status(10s), 200);
  first->disconnect();
  first.reset();
  auto second = open_stream("GET", headers);
  EXPECT_EQ(second->wait_status(10s), 200);
}

TEST_F(HttpTest, GetNeedsEventStreamAcceptAndASession) {
  start();
  const auto session = client().open_session("2025-06-18");
  httplib::Headers json_only{{"Accept", "application/json"}, {headers::kSessionId, session}};
  EXPECT_EQ(client().send("GET", "/mcp", json_only).status, 406);
  EXPECT_EQ(client().send("GET", "/mcp", {{"Accept", "text/event-stream"}}).status, 400);
  EXPECT_EQ(
      client()
          .send("GET", "/mcp", {{"Accept", "text/event-stream"}, {headers::kSessionId, "nope"}})
          .status,
      404);
}

TEST_F(HttpTest, OpenStreamsCannotStarvePlainRequests) {
  start({"--max-streams", "2", "--workers", "2"});
  const auto session = client().open_session("2025-06-18");
  std::vector<std::unique_ptr<SseStream>> slow;
  for (int i = 0; i < 2; ++i) {
    slow.push_back(open_stream("POST", mcp_headers(session, "2025-06-18"),
                               jsonrpc::serialize(sleep_call(100 + i, 600000, 1, i))));
    ASSERT_EQ(slow.back()->wait_status(10s), 200);
  }
  // Both stream slots are taken: plain requests are still served...
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(client().request(session, "2025-06-18", i, "ping").status, 200);
  }
  // ...a GET stream is refused with 503 rather than queued forever...
  auto headers = mcp_headers(session, "2025-06-18");
  headers.find("Accept")->second = "text/event-stream";
  EXPECT_EQ(client().send("GET", "/mcp", headers).status, 503);
  // ...and a progress request falls back to a JSON answer.
  const auto fallback = client().post(sleep_call(7, 0, 2, "t"), mcp_headers(session, "2025-06-18"));
  EXPECT_EQ(fallback.status, 200);
  EXPECT_EQ(http::media_type(fallback.header("Content-Type")), "application/json");
  // Ending the session cancels the sleeping tools; their streams end without a response.
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers(session)).status, 204);
  for (auto& s : slow)
    EXPECT_TRUE(s->wait_closed(30s));
}

TEST_F(HttpTest, OtherMethodsAre405WithAllow) {
  start();
  const auto reply = client().send("PUT", "/mcp", mcp_headers(), "{}");
  EXPECT_EQ(reply.status, 405);
  EXPECT_NE(reply.header("Allow").find("POST"), std::string::npos);
  EXPECT_EQ(client().send("GET", "/elsewhere", {}).status, 404);
}

}  // namespace
}  // namespace mcp::testing
