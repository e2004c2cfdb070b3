// DNS-rebinding protection, CORS, bearer auth, the body limit and hostile input.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

httplib::Headers with(httplib::Headers headers, const std::string& name, const std::string& value) {
  headers.erase(name);
  headers.emplace(name, value);
  return headers;
}

TEST_F(HttpTest, ForeignOriginsAre403OnEveryMethod) {
  start();
  const auto session = client().open_session();
  const auto evil = with(mcp_headers(session, "2025-11-25"), "Origin", "http://evil.example.com");
  const auto post = client().post(jsonrpc::make_request(1, "ping"), evil);
  EXPECT_EQ(post.status, 403);
  EXPECT_TRUE(post.json().contains("error"));
  EXPECT_EQ(client().send("GET", "/mcp", with(evil, "Accept", "text/event-stream")).status, 403);
  EXPECT_EQ(client().send("DELETE", "/mcp", evil).status, 403);
  EXPECT_EQ(client().send("OPTIONS", "/mcp", {{"Origin", "http://evil.example.com"}}).status, 403);
  // The session survived the refused DELETE.
  EXPECT_EQ(client().request(session, "2025-11-25", 2, "ping").status, 200);
}

TEST_F(HttpTest, LocalOriginsAndConfiguredOnesAreAccepted) {
  start({"--allowed-origin", "https://app.example.com"});
  for (const std::string origin : {"http://localhost:5173", "http://127.0.0.1:8080",
                                   "http://[::1]:3000", "https://app.example.com"}) {
    const auto reply =
        client().post(init_request("2025-11-25"), with(mcp_headers(), "Origin", origin));
    EXPECT_EQ(reply.status, 200) << origin;
    EXPECT_EQ(reply.header("Access-Control-Allow-Origin"), origin);
    EXPECT_NE(reply.header("Access-Control-Expose-Headers").find(headers::kSessionId),
              std::string::npos);
  }
  EXPECT_EQ(client()
                .post(init_request("2025-11-25"),
                      with(mcp_headers(), "Origin", "https://other.example.com"))
                .status,
            403);
  // No Origin at all (server-to-server, as OpenAI calls): accepted.
  EXPECT_EQ(client().post(init_request("2025-11-25"), mcp_headers()).status, 200);
}

TEST_F(HttpTest, ForeignHostIs403OnALoopbackBind) {
  start({"--allowed-host", "tunnel.example.net"});
  const auto evil =
      client().post(init_request("2025-11-25"), with(mcp_headers(), "Host", "evil.example.com"));
  EXPECT_EQ(evil.status, 403);
  EXPECT_NE(evil.body.find("--allowed-host"), std::string::npos);
  EXPECT_EQ(client()
                .post(init_request("2025-11-25"), with(mcp_headers(), "Host", "tunnel.example.net"))
                .status,
            200);
  EXPECT_EQ(
      client().post(init_request("2025-11-25"), with(mcp_headers(), "Host", "localhost:1")).status,
      200);
}

TEST_F(HttpTest, PreflightListsWhatBrowsersNeed) {
  start();
  const auto reply = client().send("OPTIONS", "/mcp",
                                   {{"Origin", "http://localhost:5173"},
                                    {"Access-Control-Request-Method", "DELETE"},
                                    {"Access-Control-Request-Headers", "mcp-session-id"}});
  EXPECT_TRUE(reply.status == 204 || reply.status == 200) << reply.status;
  EXPECT_EQ(reply.header("Access-Control-Allow-Origin"), "http://localhost:5173");
  const auto methods = reply.header("Access-Control-Allow-Methods");
  for (const char* m : {"GET", "POST", "DELETE", "OPTIONS"})
    EXPECT_NE(methods.find(m), std::string::npos) << m;
  const auto headers = reply.header("Access-Control-Allow-Headers");
  for (const char* h : {"Content-Type", "Accept", "Authorization", headers::kSessionId,
                        headers::kProtocolVersion, headers::kLastEventId}) {
    EXPECT_NE(headers.find(h), std::string::npos) << h;
  }
  EXPECT_NE(reply.header("Access-Control-Expose-Headers").find(headers::kSessionId),
            std::string::npos);
}

TEST_F(HttpTest, BearerTokenIsRequiredOnEveryRequest) {
  start({"--auth-token", "s3cret"});
  const auto missing = client().post(init_request("2025-11-25"), mcp_headers());
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.header("WWW-Authenticate").rfind("Bearer", 0), 0u)
      << missing.header("WWW-Authenticate");
  const auto wrong = client().post(init_request("2025-11-25"),
                                   with(mcp_headers(), "Authorization", "Bearer s3cres"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.header("WWW-Authenticate").find("invalid_token"), std::string::npos);
  const auto good = with(mcp_headers(), "Authorization", "Bearer s3cret");
  const auto init = client().post(init_request("2025-11-25"), good);
  ASSERT_EQ(init.status, 200);
  const auto session = init.header(headers::kSessionId);
  // The session id alone does not authenticate later requests.
  EXPECT_EQ(client().request(session, "2025-11-25", 1, "ping").status, 401);
  EXPECT_EQ(client()
                .post(jsonrpc::make_request(2, "ping"),
                      with(mcp_headers(session, "2025-11-25"), "Authorization", "bearer s3cret"))
                .status,
            200);
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers(session)).status, 401);
  // Health needs no token.
  const auto health = client().send("GET", "/health", {});
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
}

TEST_F(HttpTest, BodyLimitIs413WithAJsonRpcBody) {
  start({"--max-body-bytes", "1024"});
  const auto big = jsonrpc::make_request(
      1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", std::string(4000, 'x')}}}});
  const auto reply = client().post(big, mcp_headers());
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.json()["error"]["message"].get<std::string>().find("1024"), std::string::npos)
      << reply.body;
  // A fresh connection still works afterwards.
  TestClient other(server().host(), server().port());
  EXPECT_EQ(other.post(init_request("2025-11-25"), mcp_headers()).status, 200);
}

TEST_F(HttpTest, HostileBodiesGetErrorsAndTheServerStaysUp) {
  start();
  const auto session = client().open_session("2025-06-18");
  const std::vector<std::string> bodies{
      "",
      "\xFF\xFE\xFD",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/"
      "call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"\xC3\x28\"}}}",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1e999,"b":1}}})",
      std::string(200000, '[') + std::string(200000, ']'),
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":["echo"]}})",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"})",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sleep","arguments":{"ms":-5}}})",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sleep","arguments":{"ms":1e300}}})",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":"1","b":2}}})",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":{"deep":[1,2,3]}}})",
      std::string("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\0garbage", 45),
  };
  for (const auto& body : bodies) {
    const auto reply = client().post(body, mcp_headers(session, "2025-06-18"));
    ASSERT_NE(reply.status, 0) << "no answer for body of " << body.size()
                               << " bytes: " << reply.error;
    EXPECT_LT(reply.status, 500) << body.substr(0, 80);
    const auto json = reply.json();
    ASSERT_TRUE(json.is_object()) << body.substr(0, 80) << " -> " << reply.body;
    EXPECT_TRUE(json.contains("error")) << body.substr(0, 80) << " -> " << reply.body;
    EXPECT_EQ(client().request(session, "2025-06-18", "alive", "ping").status, 200);
  }
}

}  // namespace
}  // namespace mcp::testing
