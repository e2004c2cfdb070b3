// Server features beyond tools, over HTTP: list changes on the GET stream,
// cancellation, resumption after a dropped stream, the HTTP+SSE transport.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

httplib::Headers get_headers(const std::string& session, const std::string& version) {
  auto headers = mcp_headers(session, version);
  headers.erase("Content-Type");
  headers.find("Accept")->second = "text/event-stream";
  return headers;
}

TEST_F(HttpTest, ListChangesReachEveryGetStream) {
  start();
  const auto a = client().open_session("2025-11-25");
  const auto b = client().open_session("2025-06-18");
  auto stream_a = open_stream("GET", get_headers(a, "2025-11-25"));
  auto stream_b = open_stream("GET", get_headers(b, "2025-06-18"));
  ASSERT_EQ(stream_a->wait_status(10s), 200);
  ASSERT_EQ(stream_b->wait_status(10s), 200);
  const auto toggled = client().request(
      a, "2025-11-25", 1, "tools/call",
      {{"name", "toggle_list_entry"}, {"arguments", {{"list", "tools"}, {"visible", true}}}});
  ASSERT_EQ(toggled.status, 200) << toggled.body;
  for (auto* stream : {stream_a.get(), stream_b.get()}) {
    const auto message = next_message(*stream);
    ASSERT_TRUE(message);
    EXPECT_EQ((*message)["method"], "notifications/tools/list_changed");
    EXPECT_FALSE(message->contains("id"));
  }
  // The list reflects the change.
  const auto listed = client().request(b, "2025-06-18", 2, "tools/list").json();
  bool found = false;
  for (const auto& t : listed["result"]["tools"])
    found = found || t["name"] == "extra_echo";
  EXPECT_TRUE(found);
  // Resources and prompts too.
  client().request(
      a, "2025-11-25", 3, "tools/call",
      {{"name", "toggle_list_entry"}, {"arguments", {{"list", "prompts"}, {"visible", true}}}});
  const auto message = next_message(*stream_a);
  ASSERT_TRUE(message);
  EXPECT_EQ((*message)["method"], "notifications/prompts/list_changed");
}

TEST_F(HttpTest, CapabilitiesDeclareWhatIsServed) {
  start();
  for (const std::string v : {"2025-03-26", "2025-11-25"}) {
    const auto caps =
        client().post(init_request(v), mcp_headers()).json()["result"]["capabilities"];
    EXPECT_EQ(caps["tools"]["listChanged"], true);
    EXPECT_EQ(caps["resources"]["subscribe"], true);
    EXPECT_EQ(caps["prompts"]["listChanged"], true);
    EXPECT_TRUE(caps["logging"].is_object());
    EXPECT_TRUE(caps["completions"].is_object());
    EXPECT_FALSE(caps.contains("tasks")) << "not implemented, so not declared";
  }
}

TEST_F(HttpTest, CancellationStopsATool) {
  start();
  const auto session = client().open_session("2025-11-25");
  auto call = open_stream(
      "POST", mcp_headers(session, "2025-11-25"),
      jsonrpc::serialize(jsonrpc::make_request("long", "tools/call",
                                               {{"name", "sleep"},
                                                {"arguments", {{"ms", 600000}, {"steps", 600}}},
                                                {"_meta", {{"progressToken", 1}}}})));
  ASSERT_EQ(call->wait_status(10s), 200);
  const auto cancel =
      client().post(jsonrpc::make_notification("notifications/cancelled",
                                               {{"requestId", "long"}, {"reason", "test"}}),
                    mcp_headers(session, "2025-11-25"));
  EXPECT_EQ(cancel.status, 202);
  ASSERT_TRUE(call->wait_closed(20s));
  for (const auto& event : call->all_events()) {
    if (event.data.empty()) continue;
    EXPECT_FALSE(Json::parse(event.data).contains("result"))
        << "a cancelled request got a response";
  }
  // Unknown ids are ignored; the server is fine.
  EXPECT_EQ(
      client()
          .post(jsonrpc::make_notification("notifications/cancelled", {{"requestId", "nope"}}),
                mcp_headers(session, "2025-11-25"))
          .status,
      202);
  EXPECT_EQ(client().request(session, "2025-11-25", 2, "ping").status, 200);
}

TEST_F(HttpTest, ADroppedPostStreamResumesWithLastEventId) {
  start();
  const auto session = client().open_session("2025-11-25");
  auto call = open_stream(
      "POST", mcp_headers(session, "2025-11-25"),
      jsonrpc::serialize(jsonrpc::make_request(9, "tools/call",
                                               {{"name", "sleep"},
                                                {"arguments", {{"ms", 800}, {"steps", 4}}},
                                                {"_meta", {{"progressToken", "r"}}}})));
  ASSERT_EQ(call->wait_status(10s), 200);
  const auto first = next_message(*call);
  ASSERT_TRUE(first);
  std::string last_id;
  for (const auto& event : call->all_events()) {
    if (!event.data.empty()) last_id = event.id;
  }
  ASSERT_FALSE(last_id.empty());
  call->disconnect();  // dropping the stream is not a cancellation
  auto headers = get_headers(session, "2025-11-25");
  headers.emplace(headers::kLastEventId, last_id);
  auto resumed = open_stream("GET", headers);
  ASSERT_EQ(resumed->wait_status(10s), 200);
  ASSERT_TRUE(resumed->wait_closed(30s));
  std::vector<Json> rest;
  for (const auto& event : resumed->all_events()) {
    if (!event.data.empty()) rest.push_back(Json::parse(event.data));
  }
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.back()["id"], 9);  // the response arrives on the resumed stream
  EXPECT_TRUE(rest.back().contains("result"));
  for (const auto& m : rest) {
    if (m.contains("method")) {
      EXPECT_EQ(m["params"]["progressToken"], "r");  // only this stream's messages
      EXPECT_GT(m["params"]["progress"].get<double>(),
                (*first)["params"]["progress"].get<double>());
    }
  }
}

TEST_F(HttpTest, LegacySseTransportServesTheSameServer) {
  start();
  auto stream = std::make_unique<SseStream>(server().host(), server().port(), "GET", "/sse",
                                            httplib::Headers{{"Accept", "text/event-stream"}});
  ASSERT_EQ(stream->wait_status(10s), 200);
  const auto endpoint = stream->next_event(10s);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->type, "endpoint");
  ASSERT_TRUE(endpoint->data.starts_with("/messages?sessionId="));
  const httplib::Headers json{{"Content-Type", "application/json"}};
  const auto init = client().send("POST", endpoint->data, json,
                                  jsonrpc::serialize(init_request("2024-11-05", 1)));
  EXPECT_EQ(init.status, 202);
  const auto answer = next_message(*stream);
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["id"], 1);
  EXPECT_EQ((*answer)["result"]["protocolVersion"], "2024-11-05");
  EXPECT_EQ(client()
                .send("POST", endpoint->data, json,
                      R"({"jsonrpc":"2.0","method":"notifications/initialized"})")
                .status,
            202);
  client().send("POST", endpoint->data, json,
                jsonrpc::serialize(jsonrpc::make_request(
                    2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "old"}}}})));
  const auto call = next_message(*stream);
  ASSERT_TRUE(call);
  EXPECT_EQ((*call)["result"]["content"][0]["text"], "old");
  EXPECT_EQ(client().send("POST", "/messages?sessionId=unknown", json, "{}").status, 404);
  EXPECT_EQ(client().send("POST", "/messages", json, "{}").status, 400);
  stream->disconnect();
}

}  // namespace
}  // namespace mcp::testing
