// Protocol revision 2026-07-28 over Streamable HTTP: what a request's answer
// carries besides its result — multi round-trip requests, subscriptions/listen,
// log and progress messages on the request's own stream — and malformed input.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "modern_fixture.hpp"

namespace mcp::testing {
namespace {

const Json kElicitation{{"elicitation", Json::object()}};

class ModernRoundsTest : public HttpTest {
 protected:
  void SetUp() override { start({"--era", "dual"}); }

  HttpReply send(const ModernRequest& request) {
    return client().post(request.body, request.headers);
  }
  /// A request whose answer may come as SSE: its final message.
  Json answer(const ModernRequest& request) {
    const auto reply = send(request);
    if (reply.header("Content-Type").starts_with("text/event-stream")) {
      sse::Decoder decoder;
      std::vector<sse::Event> events;
      decoder.feed(reply.body, events);
      Json last;
      for (const auto& event : events) {
        if (!event.data.empty()) last = Json::parse(event.data);
      }
      return last;
    }
    return reply.json();
  }
  static ModernRequest elicit(const Json& id, Json extra = Json::object()) {
    Json params{{"name", "test_elicitation"}, {"arguments", {{"message", "Who are you?"}}}};
    params.update(extra);
    return modern_request(id, "tools/call", std::move(params), kElicitation);
  }
};

TEST_F(ModernRoundsTest, AToolThatAsksTheClientAnswersInputRequiredThenCompletesOnRetry) {
  const auto first = answer(elicit(1));
  const auto& asked = first["result"];
  ASSERT_EQ(asked["resultType"], "input_required") << first;
  ASSERT_TRUE(asked["requestState"].is_string());
  ASSERT_EQ(asked["inputRequests"].size(), 1U);
  const auto key = asked["inputRequests"].begin().key();
  EXPECT_EQ(asked["inputRequests"][key]["method"], "elicitation/create");

  const Json reply{{"action", "accept"}, {"content", {{"username", "ada"}, {"email", "a@b"}}}};
  const auto second = answer(
      elicit(2, {{"inputResponses", {{key, reply}}}, {"requestState", asked["requestState"]}}));
  EXPECT_EQ(second["result"]["resultType"], "complete") << second;
  EXPECT_NE(second["result"]["content"][0]["text"].get<std::string>().find("ada"),
            std::string::npos);
  EXPECT_EQ(second["id"], 2);
}

TEST_F(ModernRoundsTest, ResponsesNobodyAskedForAreIgnoredAndMissingOnesAskedAgain) {
  const auto missing =
      answer(elicit(1, {{"inputResponses", {{"not-a-question", {{"action", "decline"}}}}}}));
  EXPECT_EQ(missing["result"]["resultType"], "input_required") << missing;

  const auto key = missing["result"]["inputRequests"].begin().key();
  const auto extra = answer(
      elicit(2, {{"inputResponses",
                  {{key, {{"action", "accept"}, {"content", {{"username", "x"}, {"email", "y"}}}}},
                   {"surplus", {{"action", "accept"}}}}}}));
  EXPECT_EQ(extra["result"]["resultType"], "complete") << extra;
}

TEST_F(ModernRoundsTest, ATamperedForgedOrMisappliedRequestStateIsRefused) {
  const auto asked = answer(elicit(1))["result"];
  const auto state = asked["requestState"].get<std::string>();
  const auto key = asked["inputRequests"].begin().key();
  const Json response{{key, {{"action", "accept"}, {"content", {{"username", "x"}}}}}};
  std::string flipped = state;
  flipped[flipped.size() / 3] = flipped[flipped.size() / 3] == 'A' ? 'B' : 'A';
  for (const Json& bad :
       {Json(state + "-TAMPERED"), Json(flipped), Json("forged.state"), Json(""), Json(42)}) {
    const auto refused = answer(elicit(2, {{"inputResponses", response}, {"requestState", bad}}));
    EXPECT_EQ(refused["error"]["code"], -32602) << bad << " -> " << refused;
  }
  // A state is good only for the request it was issued for.
  auto other = elicit(3, {{"inputResponses", response}, {"requestState", state}});
  other.body["params"]["arguments"]["message"] = "Something else?";
  EXPECT_EQ(answer(other)["error"]["code"], -32602);
}

TEST_F(ModernRoundsTest, MalformedInputResponsesAreInvalidParams) {
  for (const Json& bad : {Json(nullptr), Json(12345), Json::array(), Json{{"input-1", 12345}}}) {
    const auto refused = answer(elicit(1, {{"inputResponses", bad}}));
    EXPECT_EQ(refused["error"]["code"], -32602) << bad << " -> " << refused;
  }
}

TEST_F(ModernRoundsTest, AnUndeclaredCapabilityIs400WithTheRequiredCapabilities) {
  auto request = elicit(1);
  request.body["params"]["_meta"][modern::kClientCapabilitiesKey] = Json::object();
  const auto reply = send(request);
  EXPECT_EQ(reply.status, 400) << reply.body;
  const auto error = answer(request)["error"];
  EXPECT_EQ(error["code"], -32021);
  EXPECT_TRUE(error["data"]["requiredCapabilities"]["elicitation"].is_object()) << error;
}

TEST_F(ModernRoundsTest, AResourceReadCanBeAMultiRoundTripRequestToo) {
  const Json roots{{"roots", {{"uri", "file:///work"}, {"name", "work"}}}};
  const auto request = [](const Json& id, Json extra) {
    Json params{{"uri", "test://client-roots"}};
    params.update(extra);
    return modern_request(id, "resources/read", std::move(params), {{"roots", Json::object()}});
  };
  const auto asked = answer(request(1, Json::object()))["result"];
  ASSERT_EQ(asked["resultType"], "input_required") << asked;
  const auto key = asked["inputRequests"].begin().key();
  EXPECT_EQ(asked["inputRequests"][key]["method"], "roots/list");
  const auto read = answer(
      request(2, {{"inputResponses", {{key, roots}}}, {"requestState", asked["requestState"]}}));
  ASSERT_EQ(read["result"]["resultType"], "complete") << read;
  EXPECT_EQ(Json::parse(read["result"]["contents"][0]["text"].get<std::string>()), roots);
  EXPECT_TRUE(read["result"].contains("ttlMs"));

  const auto undeclared =
      send(modern_request(3, "resources/read", {{"uri", "test://client-roots"}}));
  EXPECT_EQ(undeclared.status, 400);
  EXPECT_EQ(undeclared.json()["error"]["code"], -32021);
}

TEST_F(HttpTest, ALegacyReadOfTheClientRootsSaysWhyItCannotAsk) {
  start();
  const auto session = client().open_session("2025-11-25");
  const auto reply = client().request(session, "2025-11-25", 1, "resources/read",
                                      {{"uri", "test://client-roots"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto text = reply.json()["result"]["contents"][0]["text"].get<std::string>();
  EXPECT_NE(text.find("roots"), std::string::npos) << text;
}

TEST_F(ModernRoundsTest, LogMessagesComeOnlyWhenTheRequestAsksForThemAndOnItsStream) {
  const Json params{{"name", "test_tool_with_logging"}, {"arguments", Json::object()}};
  const auto quiet = modern_request(1, "tools/call", params);
  auto stream = open_stream("POST", quiet.headers, jsonrpc::serialize(quiet.body));
  ASSERT_TRUE(stream->wait_closed(std::chrono::seconds(20)));
  for (const auto& event : stream->all_events()) {
    if (event.data.empty()) continue;
    EXPECT_NE(Json::parse(event.data).value("method", ""), "notifications/message");
  }
  auto loud = modern_request(2, "tools/call", params);
  loud.body["params"]["_meta"][modern::kLogLevelKey] = "debug";
  auto logged = open_stream("POST", loud.headers, jsonrpc::serialize(loud.body));
  ASSERT_EQ(logged->wait_status(std::chrono::seconds(10)), 200);
  EXPECT_EQ(logged->header("X-Accel-Buffering"), "no");
  ASSERT_TRUE(logged->wait_closed(std::chrono::seconds(20)));
  int messages = 0;
  for (const auto& event : logged->all_events()) {
    EXPECT_TRUE(event.id.empty()) << "2026-07-28 streams are not resumable";
    if (!event.data.empty() &&
        Json::parse(event.data).value("method", "") == "notifications/message")
      ++messages;
  }
  EXPECT_EQ(messages, 3);
}

TEST_F(ModernRoundsTest, ProgressGoesOnTheRequestsStreamBeforeItsResult) {
  auto request = modern_request(
      1, "tools/call", {{"name", "test_tool_with_progress"}, {"arguments", Json::object()}});
  request.body["params"]["_meta"]["progressToken"] = "p";
  auto stream = open_stream("POST", request.headers, jsonrpc::serialize(request.body));
  std::vector<Json> messages;
  while (auto message = next_message(*stream)) {
    messages.push_back(*message);
    if (message->contains("id")) break;
  }
  ASSERT_GE(messages.size(), 2U);
  EXPECT_EQ(messages.front()["method"], "notifications/progress");
  EXPECT_EQ(messages.back()["result"]["resultType"], "complete");
}

TEST_F(ModernRoundsTest, ClosingTheStreamCancelsTheRequest) {
  auto request = modern_request(
      1, "tools/call", {{"name", "sleep"}, {"arguments", {{"ms", 60000}, {"steps", 600}}}});
  request.body["params"]["_meta"]["progressToken"] = 1;
  auto stream = open_stream("POST", request.headers, jsonrpc::serialize(request.body));
  ASSERT_TRUE(next_message(*stream).has_value());
  stream->disconnect();
  // The slot of the cancelled call is free again: a --max-streams 1 server would
  // refuse otherwise. Here: the server still answers at once.
  const auto after = send(modern_request(2, "tools/list"));
  EXPECT_EQ(after.status, 200);
}

// ---- subscriptions/listen ----

class ListenTest : public HttpTest {
 protected:
  std::unique_ptr<SseStream> listen(const Json& id, Json notifications) {
    const auto request =
        modern_request(id, "subscriptions/listen", {{"notifications", std::move(notifications)}});
    return open_stream("POST", request.headers, jsonrpc::serialize(request.body));
  }
  void toggle(const std::string& list, bool visible) {
    const auto request = modern_request(
        "t", "tools/call",
        {{"name", "toggle_list_entry"}, {"arguments", {{"list", list}, {"visible", visible}}}});
    ASSERT_EQ(client().post(request.body, request.headers).status, 200);
  }
};

TEST_F(ListenTest, AcknowledgesFirstThenDeliversOnlyWhatWasAskedTaggedWithItsId) {
  start();
  auto stream = listen("sub-1", {{"toolsListChanged", true}});
  ASSERT_EQ(stream->wait_status(std::chrono::seconds(10)), 200);
  EXPECT_EQ(stream->header("X-Accel-Buffering"), "no");
  const auto ack = next_message(*stream);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ((*ack)["method"], "notifications/subscriptions/acknowledged");
  EXPECT_EQ((*ack)["params"]["_meta"][modern::kSubscriptionIdKey], "sub-1");
  EXPECT_EQ((*ack)["params"]["notifications"], Json({{"toolsListChanged", true}}));

  toggle("prompts", true);  // not asked for
  toggle("tools", true);
  const auto changed = next_message(*stream);
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ((*changed)["method"], "notifications/tools/list_changed");
  EXPECT_EQ((*changed)["params"]["_meta"][modern::kSubscriptionIdKey], "sub-1");
  toggle("tools", false);
  toggle("prompts", false);
}

TEST_F(ListenTest, ResourceSubscriptionsDeliverUpdatesOfTheNamedResources) {
  start();
  auto stream = listen(7, {{"resourceSubscriptions", {"test://watched-resource"}}});
  ASSERT_TRUE(next_message(*stream).has_value());  // the acknowledgement
  const auto update = modern_request(
      "u", "tools/call", {{"name", "update_watched_resource"}, {"arguments", Json::object()}});
  ASSERT_EQ(client().post(update.body, update.headers).status, 200);
  const auto updated = next_message(*stream);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ((*updated)["method"], "notifications/resources/updated");
  EXPECT_EQ((*updated)["params"]["uri"], "test://watched-resource");
  EXPECT_EQ((*updated)["params"]["_meta"][modern::kSubscriptionIdKey], 7);
}

TEST_F(ListenTest, AServerShuttingDownEndsTheStreamWithACompleteResult) {
  start();
  auto stream = listen(9, {{"promptsListChanged", true}});
  ASSERT_TRUE(next_message(*stream).has_value());
  server().stop();
  std::optional<Json> last;
  while (auto message = next_message(*stream, std::chrono::seconds(5)))
    last = message;
  ASSERT_TRUE(last.has_value()) << stream->raw();
  EXPECT_EQ((*last)["id"], 9);
  EXPECT_EQ((*last)["result"]["resultType"], "complete");
  EXPECT_EQ((*last)["result"]["_meta"][modern::kSubscriptionIdKey], 9);
}

TEST_F(ListenTest, AListenRequestForNothingOrMalformedIsInvalidParams) {
  start();
  for (const Json& params : {Json::object(), Json{{"notifications", true}},
                             Json{{"notifications", {{"toolsListChanged", "yes"}}}},
                             Json{{"notifications", {{"resourceSubscriptions", "test://x"}}}}}) {
    const auto request = modern_request(1, "subscriptions/listen", params);
    const auto reply = client().post(request.body, request.headers);
    EXPECT_EQ(reply.status, 200) << params;
    EXPECT_EQ(reply.json()["error"]["code"], -32602) << params << " -> " << reply.body;
  }
}

// ---- malformed input never crashes, hangs or gets a 5xx ----

TEST_F(HttpTest, MalformedModernRequestsGetTheirErrorNeverA5xx) {
  start();
  const auto params = Json{{"name", "echo"}, {"arguments", {{"text", "x"}}}};
  std::vector<ModernRequest> requests;
  auto huge = modern_request(1, "tools/call", params);
  set_header(huge.headers, headers::kName, std::string(64 * 1024, 'e'));
  requests.push_back(huge);
  auto non_ascii = modern_request(2, "tools/call", params);
  set_header(non_ascii.headers, headers::kName, "\xC3\xA9\x63ho");
  requests.push_back(non_ascii);
  auto bad_base64 = modern_request(3, "tools/call", params);
  set_header(bad_base64.headers, headers::kName, "=?base64?%%%?=");
  requests.push_back(bad_base64);
  auto wrong_types = modern_request(4, "tools/call", params);
  wrong_types.body["params"]["_meta"] = Json::array({1, 2});
  requests.push_back(wrong_types);
  auto params_array = modern_request(5, "tools/list");
  params_array.body["params"] = Json::array();
  requests.push_back(params_array);
  auto no_name = modern_request(6, "tools/call", {{"arguments", Json::object()}});
  requests.push_back(no_name);
  for (const auto& request : requests) {
    const auto reply = client().post(request.body, request.headers);
    EXPECT_GE(reply.status, 200) << reply.error;
    EXPECT_LT(reply.status, 500) << request.body << " -> " << reply.body;
  }
  EXPECT_EQ(client().post(requests[0].body, mcp_headers()).status < 500, true);
  const auto fine = modern_request(9, "tools/list");
  EXPECT_EQ(client().post(fine.body, fine.headers).status, 200) << "the server is still up";
}

}  // namespace
}  // namespace mcp::testing
