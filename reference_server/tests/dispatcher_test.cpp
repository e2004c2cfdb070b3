#include "reference_server/dispatcher.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "protocol/schema_validator.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() { add_basic_tools(catalog_.tools); }

  Json call(const std::string& method, Json params, const Emit& emit = {}, Json id = 1) {
    auto response = dispatcher_.handle_request(jsonrpc::make_request(id, method, std::move(params)),
                                               session_, emit);
    EXPECT_TRUE(response);
    return response.value_or(Json());
  }

  Json initialize(const std::string& version) {
    return call("initialize", {{"protocolVersion", version},
                               {"capabilities", Json::object()},
                               {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
  }

  Json call_tool(const std::string& name, Json arguments, const Emit& emit = {}) {
    return call("tools/call", {{"name", name}, {"arguments", std::move(arguments)}}, emit);
  }

  Catalog catalog_;
  Dispatcher dispatcher_{ServerInfo{.version = "test"}, catalog_, 0};
  Session session_{"session"};
};

TEST_F(DispatcherTest, EchoesEachServedVersion) {
  for (const char* v : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
    EXPECT_EQ(initialize(v)["result"]["protocolVersion"], v);
    EXPECT_EQ(to_string(session_.protocol_version()), v);
  }
}

TEST_F(DispatcherTest, CounterOffersTheLatestForUnknownVersions) {
  for (const char* v : {"2099-01-01", "1.0.0", "2024-11-05"}) {
    EXPECT_EQ(initialize(v)["result"]["protocolVersion"], "2025-11-25") << v;
  }
}

TEST_F(DispatcherTest, InitializeDeclaresToolsAndIdentity) {
  const auto result = initialize("2025-06-18")["result"];
  EXPECT_TRUE(result["capabilities"]["tools"].is_object());
  EXPECT_EQ(result["serverInfo"]["name"], "mcp-reference-server");
  EXPECT_TRUE(result["serverInfo"].contains("title"));
  EXPECT_FALSE(initialize("2025-03-26")["result"]["serverInfo"].contains("title"));
}

TEST_F(DispatcherTest, InitializeRejectsMalformedParams) {
  EXPECT_EQ(call("initialize", Json::object())["error"]["code"], -32602);
  EXPECT_EQ(call("initialize", {{"protocolVersion", 20250326}})["error"]["code"], -32602);
  EXPECT_EQ(call("initialize",
                 {{"protocolVersion", "2025-03-26"}, {"capabilities", "all"}})["error"]["code"],
            -32602);
}

TEST_F(DispatcherTest, UnsupportedModernVersionNamesTheSupportedOnes) {
  const auto error = Dispatcher::unsupported_version(301, "v999.0.0");
  EXPECT_EQ(error["id"], 301);
  EXPECT_EQ(error["error"]["code"], jsonrpc::kUnsupportedProtocolVersion);
  EXPECT_EQ(error["error"]["data"]["supported"], Json::array({"2026-07-28"}));
  EXPECT_EQ(error["error"]["data"]["requested"], "v999.0.0");
  EXPECT_NE(error["error"]["message"].get<std::string>().find("2026-07-28"), std::string::npos);
}

TEST_F(DispatcherTest, PingAnswersAnEmptyObject) {
  EXPECT_EQ(call("ping", Json::object())["result"], Json::object());
}

TEST_F(DispatcherTest, UnknownMethodAndArrayParams) {
  EXPECT_EQ(call("x/unknown", Json::object())["error"]["code"], -32601);
  EXPECT_EQ(call("ping", Json::array())["error"]["code"], -32602);
}

TEST_F(DispatcherTest, ListsToolsAsTheVersionDefinesThem) {
  initialize("2025-03-26");
  auto tools = call("tools/list", Json::object())["result"]["tools"];
  ASSERT_EQ(tools.size(), 5u);
  for (const auto& t : tools) {
    EXPECT_FALSE(t.contains("outputSchema")) << t["name"];
    EXPECT_FALSE(t.contains("title")) << t["name"];
    EXPECT_EQ(t["inputSchema"]["type"], "object");
  }
  initialize("2025-06-18");
  tools = call("tools/list", Json::object())["result"]["tools"];
  const auto structured = std::find_if(tools.begin(), tools.end(),
                                       [](const Json& t) { return t["name"] == "structured"; });
  ASSERT_NE(structured, tools.end());
  EXPECT_TRUE(structured->contains("outputSchema"));
}

TEST(DispatcherPaging, WalksEveryPageAndRejectsBadCursors) {
  Catalog catalog;
  add_basic_tools(catalog.tools);
  Dispatcher dispatcher(ServerInfo{.version = "t"}, catalog, 2);
  Session session("s");
  std::vector<std::string> names;
  Json cursor;
  for (int page = 0; page < 10; ++page) {
    Json params = Json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    const auto result = (*dispatcher.handle_request(
        jsonrpc::make_request(page, "tools/list", params), session, {}))["result"];
    EXPECT_LE(result["tools"].size(), 2u);
    for (const auto& t : result["tools"])
      names.push_back(t["name"]);
    if (!result.contains("nextCursor")) break;
    cursor = result["nextCursor"];
  }
  EXPECT_EQ(names, (std::vector<std::string>{"echo", "add", "sleep", "fail", "structured"}));
  for (const Json& bad : {Json("garbage"), Json("tools-page-0"), Json("tools-page-99"), Json(2)}) {
    const auto r = dispatcher.handle_request(
        jsonrpc::make_request(9, "tools/list", {{"cursor", bad}}), session, {});
    EXPECT_EQ((*r)["error"]["code"], -32602) << bad;
  }
}

TEST_F(DispatcherTest, EchoAndAdd) {
  EXPECT_EQ(call_tool("echo", {{"text", "héllo"}})["result"]["content"][0]["text"], "héllo");
  EXPECT_EQ(call_tool("add", {{"a", 2}, {"b", 3}})["result"]["content"][0]["text"], "5");
  EXPECT_EQ(call_tool("add", {{"a", 9007199254740991LL}, {"b", 2}})["result"]["content"][0]["text"],
            "9007199254740993");
  EXPECT_EQ(call_tool("add", {{"a", 0.5}, {"b", 0.25}})["result"]["content"][0]["text"], "0.75");
  // int64 overflow falls back to floating point rather than wrapping.
  const auto big =
      call_tool("add", {{"a", 9223372036854775807LL}, {"b", 1}})["result"]["content"][0]["text"]
          .get<std::string>();
  EXPECT_EQ(big.find('-'), std::string::npos) << big;
}

TEST_F(DispatcherTest, FailIsAToolErrorNotAProtocolError) {
  const auto response = call_tool("fail", Json::object());
  EXPECT_TRUE(response.contains("result"));
  EXPECT_EQ(response["result"]["isError"], true);
}

TEST_F(DispatcherTest, StructuredContentMatchesItsOutputSchemaAndTextMirror) {
  initialize("2025-06-18");
  const auto result = call_tool("structured", {{"text", "two words"}})["result"];
  ASSERT_TRUE(result.contains("structuredContent"));
  std::string error;
  const auto validator =
      schema::Validator::compile(catalog_.tools.find("structured")->output_schema, &error);
  ASSERT_TRUE(validator) << error;
  EXPECT_TRUE(validator->validate(result["structuredContent"]).empty());
  EXPECT_EQ(result["structuredContent"]["words"], 2);
  EXPECT_EQ(Json::parse(result["content"][0]["text"].get<std::string>()),
            result["structuredContent"]);
  initialize("2025-03-26");
  EXPECT_FALSE(call_tool("structured", {{"text", "x"}})["result"].contains("structuredContent"));
}

TEST_F(DispatcherTest, UnknownToolAndMalformedCallsAreInvalidParams) {
  EXPECT_EQ(call_tool("no-such-tool", Json::object())["error"]["code"], -32602);
  EXPECT_EQ(call("tools/call", {{"arguments", Json::object()}})["error"]["code"], -32602);
  EXPECT_EQ(call("tools/call", {{"name", "echo"}, {"arguments", "text"}})["error"]["code"], -32602);
  EXPECT_EQ(call("tools/call", {{"name", "echo"},
                                {"arguments", {{"text", "x"}}},
                                {"_meta", {{"progressToken", true}}}})["error"]["code"],
            -32602);
}

TEST_F(DispatcherTest, SchemaInvalidArgumentsDependOnTheVersion) {
  initialize("2025-06-18");
  const auto old_style = call_tool("echo", {{"text", 42}});
  EXPECT_EQ(old_style["error"]["code"], -32602);
  EXPECT_TRUE(old_style["error"]["data"]["problems"].is_array());
  initialize("2025-11-25");
  const auto new_style = call_tool("echo", {{"wrong", "x"}});
  EXPECT_EQ(new_style["result"]["isError"], true);
  EXPECT_NE(new_style["result"]["content"][0]["text"].get<std::string>().find("echo"),
            std::string::npos);
}

TEST_F(DispatcherTest, SleepSendsOrderedProgressWithTheCallersToken) {
  std::vector<Json> emitted;
  const Emit emit = [&](const Json& m) { emitted.push_back(m); };
  const auto response = call("tools/call",
                             {{"name", "sleep"},
                              {"arguments", {{"ms", 0}, {"steps", 3}}},
                              {"_meta", {{"progressToken", 17}}}},
                             emit);
  EXPECT_TRUE(response.contains("result"));
  ASSERT_EQ(emitted.size(), 3u);
  double last = 0;
  for (const auto& n : emitted) {
    EXPECT_EQ(n["method"], "notifications/progress");
    EXPECT_FALSE(n.contains("id"));
    EXPECT_EQ(n["params"]["progressToken"], 17);
    EXPECT_TRUE(n["params"]["progressToken"].is_number_integer());
    EXPECT_GT(n["params"]["progress"].get<double>(), last);
    last = n["params"]["progress"].get<double>();
  }
  EXPECT_TRUE(dispatcher_.may_emit_before_response(jsonrpc::make_request(
      1, "tools/call", {{"name", "sleep"}, {"_meta", {{"progressToken", 1}}}})));
  EXPECT_FALSE(dispatcher_.may_emit_before_response(
      jsonrpc::make_request(1, "tools/call", {{"name", "sleep"}})));
  // add sends no progress, so even with a token it answers as plain JSON.
  EXPECT_FALSE(dispatcher_.may_emit_before_response(jsonrpc::make_request(
      1, "tools/call", {{"name", "add"}, {"_meta", {{"progressToken", 1}}}})));
}

TEST_F(DispatcherTest, SleepWithoutTokenSendsNothing) {
  int emitted = 0;
  call_tool("sleep", {{"ms", 0}, {"steps", 5}}, [&](const Json&) { ++emitted; });
  EXPECT_EQ(emitted, 0);
}

TEST_F(DispatcherTest, CancelledNotificationStopsARunningToolWithoutResponse) {
  auto running = std::async(std::launch::async, [&] {
    return dispatcher_.handle_request(
        jsonrpc::make_request("slow", "tools/call",
                              {{"name", "sleep"}, {"arguments", {{"ms", 600000}}}}),
        session_, {});
  });
  // Cancel until the request is registered and stops (it may not have started yet).
  const auto deadline = Clock::now() + 30s;
  while (running.wait_for(10ms) != std::future_status::ready && Clock::now() < deadline) {
    dispatcher_.handle_notification(
        jsonrpc::make_notification("notifications/cancelled", {{"requestId", "slow"}}), session_);
  }
  ASSERT_EQ(running.wait_for(0s), std::future_status::ready);
  EXPECT_FALSE(running.get());
}

TEST_F(DispatcherTest, CancelAllStopsEverythingInFlight) {
  dispatcher_.cancel_all();
  const auto response = dispatcher_.handle_request(
      jsonrpc::make_request(1, "tools/call", {{"name", "sleep"}, {"arguments", {{"ms", 600000}}}}),
      session_, {});
  EXPECT_FALSE(response);
}

TEST_F(DispatcherTest, InitializedNotificationMarksTheSession) {
  EXPECT_FALSE(session_.initialized());
  dispatcher_.handle_notification(jsonrpc::make_notification("notifications/initialized", nullptr),
                                  session_);
  EXPECT_TRUE(session_.initialized());
}

TEST_F(DispatcherTest, RouteHandlesNotificationsAndResponsesAndLeavesRequestsToTheTransport) {
  EXPECT_EQ(dispatcher_.route(jsonrpc::make_request(1, "ping"), session_).kind,
            Routed::Kind::kRequest);
  EXPECT_EQ(
      dispatcher_.route(jsonrpc::make_notification("notifications/initialized"), session_).kind,
      Routed::Kind::kConsumed);
  EXPECT_TRUE(session_.initialized());
  // A client's answer to a server request nobody waits for is accepted and dropped.
  EXPECT_EQ(
      dispatcher_
          .route(Json{{"jsonrpc", "2.0"}, {"id", "srv-9"}, {"result", Json::object()}}, session_)
          .kind,
      Routed::Kind::kConsumed);
  const auto invalid =
      dispatcher_.route(Json{{"jsonrpc", "1.0"}, {"id", 3}, {"method", "ping"}}, session_);
  EXPECT_EQ(invalid.kind, Routed::Kind::kInvalid);
  EXPECT_EQ(invalid.error["error"]["code"], -32600);
  EXPECT_EQ(invalid.error["id"], 3);
}

TEST_F(DispatcherTest, RouteBatchAnswersItsRequestsAndInvalidMembersInOrder) {
  const Json batch = Json::array(
      {jsonrpc::make_request(1, "ping"), jsonrpc::make_notification("notifications/initialized"),
       Json{{"jsonrpc", "2.0"}, {"method", 42}}, jsonrpc::make_request(2, "x/unknown")});
  const auto responses = dispatcher_.route_batch(batch, session_, {});
  ASSERT_TRUE(responses);
  ASSERT_EQ(responses->size(), 3u);
  EXPECT_EQ((*responses)[0], jsonrpc::make_result(1, Json::object()));
  EXPECT_EQ((*responses)[1]["error"]["code"], -32600);
  EXPECT_EQ((*responses)[2]["error"]["code"], -32601);
  EXPECT_TRUE(session_.initialized());
  const Json notifications = Json::array({jsonrpc::make_notification("notifications/initialized")});
  EXPECT_FALSE(dispatcher_.route_batch(notifications, session_, {}));
}

TEST(DispatcherHooks, AnAddedHookChangesTheAnswerAndEmptyHooksChangeNothing) {
  Catalog catalog;
  Session session("s");
  McpHooks hooks;
  hooks.result_ready.add([](const ResultContext& context, Json& result) {
    if (context.method == "ping") result["seen"] = true;
  });
  hooks.response_ready.add(
      [](const Json& request, Json& response) { response["echoedMethod"] = request["method"]; });
  Dispatcher hooked(ServerInfo{.version = "t"}, catalog, 0, hooks);
  const auto ping = *hooked.handle_request(jsonrpc::make_request(1, "ping"), session, {});
  EXPECT_EQ(ping["result"], (Json{{"seen", true}}));
  EXPECT_EQ(ping["echoedMethod"], "ping");
  Catalog plain_catalog;
  Dispatcher plain(ServerInfo{.version = "t"}, plain_catalog, 0);
  EXPECT_EQ(*plain.handle_request(jsonrpc::make_request(1, "ping"), session, {}),
            jsonrpc::make_result(1, Json::object()));
}

}  // namespace
}  // namespace mcp::server
