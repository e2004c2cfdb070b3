// Protocol revision 2026-07-28 over Streamable HTTP, against the real server:
// each rule of docs/spec/2026-07-28.md with the status and code it specifies,
// in the dual era (the default) and on a modern-only server.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "modern_fixture.hpp"
#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::testing {
namespace {

class ModernHttpTest : public HttpTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override { start({"--era", GetParam()}); }

  HttpReply send(const ModernRequest& request) {
    return client().post(request.body, request.headers);
  }
  HttpReply call(const Json& id, const std::string& method, Json params = {},
                 Json capabilities = Json::object()) {
    return send(modern_request(id, method, std::move(params), std::move(capabilities)));
  }
  static void expect_error(const HttpReply& reply, int status, int code, const Json& id) {
    EXPECT_EQ(reply.status, status) << reply.body;
    const auto json = reply.json();
    EXPECT_EQ(json["error"]["code"], code) << reply.body;
    EXPECT_EQ(json["id"], id) << "the error keeps the request's id: " << reply.body;
    EXPECT_FALSE(reply.has_header(headers::kSessionId));
  }
};

INSTANTIATE_TEST_SUITE_P(Eras, ModernHttpTest, ::testing::Values("dual", "modern"));

TEST_P(ModernHttpTest, DiscoverNamesTheVersionsCapabilitiesAndServer) {
  const auto reply = call(1, "server/discover");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto result = reply.json()["result"];
  EXPECT_EQ(result["supportedVersions"], Json::array({kModern}));
  EXPECT_TRUE(result["capabilities"]["tools"].is_object());
  EXPECT_EQ(result["capabilities"]["tools"]["listChanged"], true);
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_TRUE(result["ttlMs"].is_number_integer() && result["ttlMs"] >= 0);
  EXPECT_TRUE(result["cacheScope"] == "public" || result["cacheScope"] == "private");
  EXPECT_EQ(result["_meta"][modern::kServerInfoKey]["name"], "mcp-reference-server");
  EXPECT_FALSE(reply.has_header(headers::kSessionId));
}

TEST_P(ModernHttpTest, EveryResultHasResultTypeAndListsCarryCacheFieldsOnEveryPage) {
  for (const std::string method :
       {"tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
    const auto result = call(2, method).json()["result"];
    EXPECT_EQ(result["resultType"], "complete") << method;
    EXPECT_TRUE(result["ttlMs"].is_number_integer()) << method;
    EXPECT_TRUE(result["cacheScope"].is_string()) << method;
    EXPECT_TRUE(result["_meta"].contains(modern::kServerInfoKey)) << method;
  }
  const auto read = call(3, "resources/read", {{"uri", "test://static-text"}}).json()["result"];
  EXPECT_EQ(read["resultType"], "complete");
  EXPECT_TRUE(read.contains("ttlMs") && read.contains("cacheScope"));
  const auto echo =
      call(4, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}).json()["result"];
  EXPECT_EQ(echo["content"][0]["text"], "hi");
  EXPECT_EQ(echo["resultType"], "complete");
  EXPECT_FALSE(echo.contains("ttlMs")) << "a tool call is not cacheable";
}

TEST_F(HttpTest, ModernListPagesShareOneCacheScope) {
  start({"--page-size", "2"});
  std::set<std::string> scopes;
  Json cursor;
  int pages = 0;
  do {
    Json params = Json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    const auto request = modern_request(pages, "tools/list", params);
    const auto result = client().post(request.body, request.headers).json()["result"];
    ASSERT_TRUE(result.contains("cacheScope")) << result;
    scopes.insert(result["cacheScope"].get<std::string>());
    cursor = result.value("nextCursor", Json());
  } while (!cursor.is_null() && ++pages < 100);
  EXPECT_GT(pages, 1);
  EXPECT_EQ(scopes.size(), 1U);
}

TEST_P(ModernHttpTest, AMalformedEnvelopeIs400WithInvalidParamsNamingTheKey) {
  struct Case {
    Json meta;
    std::string key;
  };
  const std::vector<Case> cases{
      {nullptr, "_meta"},
      {{{modern::kClientCapabilitiesKey, Json::object()}}, modern::kProtocolVersionKey},
      {{{modern::kProtocolVersionKey, 20260728}, {modern::kClientCapabilitiesKey, Json::object()}},
       modern::kProtocolVersionKey},
      {{{modern::kProtocolVersionKey, kModern}}, modern::kClientCapabilitiesKey},
      {{{modern::kProtocolVersionKey, kModern}, {modern::kClientCapabilitiesKey, Json::array()}},
       modern::kClientCapabilitiesKey},
      {{{modern::kProtocolVersionKey, kModern},
        {modern::kClientCapabilitiesKey, Json::object()},
        {modern::kClientInfoKey, "me"}},
       modern::kClientInfoKey},
  };
  for (const auto& c : cases) {
    auto request = modern_request(7, "tools/list");
    if (c.meta.is_null()) {
      request.body["params"].erase("_meta");
    } else {
      request.body["params"]["_meta"] = c.meta;
    }
    const auto reply = send(request);
    expect_error(reply, 400, -32602, 7);
    EXPECT_EQ(reply.json()["error"]["data"]["envelope"]["key"], c.key) << reply.body;
  }
  // clientInfo is optional: a server must not require it.
  auto without_info = modern_request(8, "tools/list");
  without_info.body["params"]["_meta"].erase(modern::kClientInfoKey);
  EXPECT_EQ(send(without_info).status, 200);
}

TEST_P(ModernHttpTest, AnUnknownLogLevelIsInvalidParams) {
  auto request = modern_request(1, "tools/list");
  request.body["params"]["_meta"][modern::kLogLevelKey] = "loud";
  expect_error(send(request), 400, -32602, 1);
}

TEST_P(ModernHttpTest, TheVersionHeaderMustBePresentAndEqualToTheEnvelope) {
  auto missing = modern_request(1, "tools/list");
  set_header(missing.headers, headers::kProtocolVersion, "");
  expect_error(send(missing), 400, -32020, 1);
  auto different = modern_request(2, "tools/list");
  set_header(different.headers, headers::kProtocolVersion, "2025-11-25");
  expect_error(send(different), 400, -32020, 2);
}

TEST_P(ModernHttpTest, AnUnsupportedVersionIs400ListingTheSupportedOnes) {
  auto request = modern_request("v", "tools/list");
  request.body["params"]["_meta"][modern::kProtocolVersionKey] = "2099-01-01";
  set_header(request.headers, headers::kProtocolVersion, "2099-01-01");
  const auto reply = send(request);
  expect_error(reply, 400, -32022, "v");
  const auto data = reply.json()["error"]["data"];
  EXPECT_EQ(data["supported"], Json::array({kModern}));
  EXPECT_EQ(data["requested"], "2099-01-01");
}

TEST_P(ModernHttpTest, McpMethodMustMatchExactlyButItsNameIsCaseInsensitive) {
  auto missing = modern_request(1, "tools/list");
  set_header(missing.headers, headers::kMethod, "");
  expect_error(send(missing), 400, -32020, 1);
  auto other = modern_request(2, "tools/list");
  set_header(other.headers, headers::kMethod, "prompts/list");
  expect_error(send(other), 400, -32020, 2);
  auto upper = modern_request(3, "tools/list");
  set_header(upper.headers, headers::kMethod, "TOOLS/LIST");
  expect_error(send(upper), 400, -32020, 3);
  auto lower_name = modern_request(4, "tools/list");
  set_header(lower_name.headers, headers::kMethod, "");
  lower_name.headers.emplace("mcp-method", "tools/list");
  EXPECT_EQ(send(lower_name).status, 200);
  auto padded = modern_request(5, "tools/list");
  set_header(padded.headers, headers::kMethod, "  tools/list ");
  EXPECT_EQ(send(padded).status, 200) << "white space around a value is not part of it";
}

TEST_P(ModernHttpTest, McpNameMustNameTheToolPromptOrResource) {
  const std::vector<std::pair<std::string, Json>> targets{
      {"tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}}},
      {"prompts/get", {{"name", "test_simple_prompt"}}},
      {"resources/read", {{"uri", "test://static-text"}}}};
  for (const auto& [method, params] : targets) {
    EXPECT_EQ(call(1, method, params).status, 200) << method;
    auto missing = modern_request(2, method, params);
    set_header(missing.headers, headers::kName, "");
    expect_error(send(missing), 400, -32020, 2);
    auto wrong = modern_request(3, method, params);
    set_header(wrong.headers, headers::kName, "something-else");
    expect_error(send(wrong), 400, -32020, 3);
  }
}

TEST_P(ModernHttpTest, Base64HeaderValuesAreDecodedAndMalformedOnesRefused) {
  const Json params{{"name", "echo"}, {"arguments", {{"text", "x"}}}};
  auto encoded = modern_request(1, "tools/call", params);
  set_header(encoded.headers, headers::kName, "=?base64?ZWNobw==?=");  // "echo"
  EXPECT_EQ(send(encoded).status, 200);
  for (const std::string bad : {"=?base64?ZWNobw=?=", "=?base64?ZW*obw==?=", "=?base64?Z?="}) {
    auto request = modern_request(2, "tools/call", params);
    set_header(request.headers, headers::kName, bad);
    expect_error(send(request), 400, -32020, 2);
  }
}

TEST_P(ModernHttpTest, RemovedAndUnknownMethodsAre404MethodNotFound) {
  for (const std::string method : {"initialize", "ping", "logging/setLevel", "resources/subscribe",
                                   "resources/unsubscribe", "tasks/get", "no/such-method"}) {
    const auto reply = call(method, method);
    expect_error(reply, 404, -32601, method);
  }
}

TEST_P(ModernHttpTest, NotificationsAre202AndBatchesAndResponsesAreRefused) {
  auto notification = modern_request(0, "notifications/cancelled", {{"requestId", 1}});
  notification.body.erase("id");
  const auto accepted = send(notification);
  EXPECT_EQ(accepted.status, 202);
  EXPECT_TRUE(accepted.body.empty());

  const auto one = modern_request(1, "tools/list");
  const auto batch = client().post(Json::array({one.body, one.body}), one.headers);
  EXPECT_EQ(batch.status, 400);
  EXPECT_EQ(batch.json()["error"]["code"], -32600);

  const auto response =
      client().post(Json{{"jsonrpc", "2.0"}, {"id", 9}, {"result", {}}}, one.headers);
  EXPECT_EQ(response.status, 400);
}

TEST_P(ModernHttpTest, ABogusSessionIdIsIgnoredAndNoneIsEverSent) {
  auto request = modern_request(1, "tools/list");
  request.headers.emplace(headers::kSessionId, "no-such-session");
  request.headers.emplace(headers::kLastEventId, "p1:7");
  const auto reply = send(request);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_FALSE(reply.has_header(headers::kSessionId));
}

TEST_P(ModernHttpTest, AForeignOriginIsForbidden) {
  auto request = modern_request(1, "tools/list");
  request.headers.emplace("Origin", "https://evil.example");
  EXPECT_EQ(send(request).status, 403);
}

TEST_P(ModernHttpTest, AnUnknownResourceIsInvalidParamsWithItsUri) {
  const auto reply = call(1, "resources/read", {{"uri", "test://no-such-thing"}});
  EXPECT_EQ(reply.status, 200);
  const auto json = reply.json();
  EXPECT_EQ(json["error"]["code"], -32602);
  EXPECT_EQ(json["error"]["data"]["uri"], "test://no-such-thing");
  EXPECT_FALSE(json.contains("result"));
}

TEST_P(ModernHttpTest, AnUnknownToolIsAnAnswerNotARefusal) {
  const auto reply = call(1, "tools/call", {{"name", "no_such_tool"}, {"arguments", {}}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["error"]["code"], -32602);
}

// ---- era-specific behaviour ----

TEST_F(HttpTest, AModernOnlyServerRefusesTheLegacyHandshakeNamingItsVersions) {
  start({"--era", "modern"});
  const auto reply = client().post(init_request("2025-11-25", 3), mcp_headers());
  EXPECT_EQ(reply.status, 400);
  const auto json = reply.json();
  EXPECT_EQ(json["error"]["code"], -32022);
  EXPECT_EQ(json["error"]["data"]["supported"], Json::array({kModern}));
  EXPECT_EQ(json["id"], 3);
  EXPECT_FALSE(reply.has_header(headers::kSessionId));
  for (const std::string method : {"GET", "DELETE"}) {
    const auto refused = client().send(method, "/mcp", mcp_headers());
    EXPECT_EQ(refused.status, 405) << method;
    EXPECT_EQ(refused.header("Allow"), "POST, OPTIONS");
  }
}

TEST_F(HttpTest, ADualEraServerServesBothErasOnOneEndpoint) {
  start();
  const auto session = client().open_session("2025-11-25");
  EXPECT_FALSE(session.empty()) << "initialize still starts a legacy session";
  const auto legacy = client().request(session, "2025-11-25", 1, "tools/list");
  EXPECT_EQ(legacy.status, 200);
  EXPECT_FALSE(legacy.json()["result"].contains("resultType"));
  const auto ping = client().request(session, "2025-11-25", 2, "ping");
  EXPECT_EQ(ping.json()["result"], Json::object());
  const auto request = modern_request(3, "tools/list");
  const auto modern = client().post(request.body, request.headers);
  EXPECT_EQ(modern.json()["result"]["resultType"], "complete");
}

TEST_F(HttpTest, ALegacyOnlyServerKnowsNothingOf2026) {
  start({"--era", "legacy"});
  const auto request = modern_request(1, "server/discover");
  const auto reply = client().post(request.body, request.headers);
  EXPECT_EQ(reply.status, 400) << "2026-07-28 is not a version this server serves: " << reply.body;
  EXPECT_NE(reply.body.find("2025-11-25"), std::string::npos);
}

}  // namespace
}  // namespace mcp::testing
