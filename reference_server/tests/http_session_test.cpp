// Sessions: ids, 400/404 rules, DELETE, idle expiry, the session limit, and
// --stateless.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

TEST_F(HttpTest, InitializeIssuesDistinctVisibleAsciiSessionIds) {
  start();
  std::set<std::string> ids;
  const std::regex visible_ascii("^[\\x21-\\x7E]+$");
  for (int i = 0; i < 20; ++i) {
    const auto reply = client().post(init_request("2025-11-25"), mcp_headers());
    const auto id = reply.header(headers::kSessionId);
    EXPECT_TRUE(std::regex_match(id, visible_ascii)) << id;
    EXPECT_GE(id.size(), 32u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(HttpTest, MissingSessionIsServedStatelesslyAndUnknownIs404) {
  start();
  client().open_session();
  // ChatGPT's 2026 client sends no session id after initialize: served anyway.
  const auto missing =
      client().post(jsonrpc::make_request(1, "tools/list"), mcp_headers({}, "2025-11-25"));
  EXPECT_EQ(missing.status, 200);
  EXPECT_TRUE(missing.json()["result"]["tools"].is_array());
  EXPECT_FALSE(missing.has_header(headers::kSessionId));
  const auto unknown = client().post(jsonrpc::make_request(1, "ping"),
                                     mcp_headers("0123456789abcdef0123456789abcdef", "2025-11-25"));
  EXPECT_EQ(unknown.status, 404);
  // GET and DELETE act on a session, so they still need one.
  EXPECT_EQ(client().send("GET", "/mcp", mcp_headers({}, "2025-11-25")).status, 400);
}

TEST_F(HttpTest, SessionFaultsRefuseARequestWithoutTheId) {
  start({"--fault", "session-required"});
  client().open_session();
  const auto required =
      client().post(jsonrpc::make_request(1, "ping"), mcp_headers({}, "2025-11-25"));
  EXPECT_EQ(required.status, 400);
  EXPECT_TRUE(required.json().contains("error"));
}

TEST_F(HttpTest, MissingSession404FaultAnswers404) {
  start({"--fault", "session-missing-404"});
  client().open_session();
  EXPECT_EQ(client().post(jsonrpc::make_request(1, "ping"), mcp_headers({}, "2025-11-25")).status,
            404);
}

TEST_F(HttpTest, DeleteEndsTheSession) {
  start();
  const auto session = client().open_session();
  EXPECT_EQ(client().request(session, "2025-11-25", 1, "ping").status, 200);
  const auto deleted = client().send("DELETE", "/mcp", mcp_headers(session));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(client().request(session, "2025-11-25", 2, "ping").status, 404);
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers(session)).status, 404);
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers()).status, 400);
  // A fresh initialize without the old id starts a new session.
  EXPECT_NE(client().open_session(), session);
}

TEST_F(HttpTest, InitializeOnAnExistingSessionIsRefused) {
  start();
  const auto session = client().open_session();
  const auto again = client().post(init_request("2025-11-25", 5), mcp_headers(session));
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.json()["error"]["code"], -32600);
  EXPECT_EQ(again.json()["id"], 5);
}

TEST_F(HttpTest, IdleSessionsExpire) {
  start({"--session-idle-timeout", "1"});
  const auto session = client().open_session();
  EXPECT_EQ(client().send("GET", "/health", {}).json()["sessions"], 1);
  // /health does not touch sessions, so asking it does not keep this one alive.
  EXPECT_TRUE(
      eventually([&] { return client().send("GET", "/health", {}).json()["sessions"] == 0; }, 30s));
  EXPECT_EQ(client().request(session, "2025-11-25", 1, "ping").status, 404);
}

TEST_F(HttpTest, SessionLimitAnswers503WithAReason) {
  start({"--max-sessions", "2"});
  const auto a = client().open_session();
  client().open_session();
  const auto refused = client().post(init_request("2025-11-25", 9), mcp_headers());
  EXPECT_EQ(refused.status, 503);
  EXPECT_FALSE(refused.has_header(headers::kSessionId));
  const auto error = refused.json()["error"];
  EXPECT_EQ(error["code"], -32000);
  EXPECT_NE(error["message"].get<std::string>().find("max-sessions"), std::string::npos);
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers(a)).status, 204);
  EXPECT_EQ(client().post(init_request("2025-11-25"), mcp_headers()).status, 200);
}

TEST_F(HttpTest, StatelessServesEveryPostOnItsOwn) {
  start({"--stateless"});
  const auto init = client().post(init_request("2025-11-25"), mcp_headers());
  EXPECT_EQ(init.status, 200);
  EXPECT_FALSE(init.has_header(headers::kSessionId));
  // ChatGPT's current client: tools/call with no session id, no earlier state.
  const auto call = client().post(
      jsonrpc::make_request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}),
      mcp_headers({}, "2025-11-25"));
  EXPECT_EQ(call.status, 200);
  EXPECT_EQ(call.json()["result"]["content"][0]["text"], "hi");
  // A stale session id is simply ignored.
  EXPECT_EQ(
      client().post(jsonrpc::make_request(2, "ping"), mcp_headers("stale", "2025-11-25")).status,
      200);
  auto get = mcp_headers();
  get.find("Accept")->second = "text/event-stream";
  EXPECT_EQ(client().send("GET", "/mcp", get).status, 405);
  EXPECT_EQ(client().send("DELETE", "/mcp", mcp_headers("x")).status, 405);
}

TEST_F(HttpTest, StatelessUsesTheVersionHeaderPerRequest) {
  start({"--stateless"});
  const auto bad = Json{{"wrong", 1}};
  const auto call = [&](const std::string& version) {
    return client().post(
        jsonrpc::make_request(1, "tools/call", {{"name", "echo"}, {"arguments", bad}}),
        mcp_headers({}, version));
  };
  EXPECT_EQ(call("2025-11-25").json()["result"]["isError"], true);
  EXPECT_EQ(call("2025-06-18").json()["error"]["code"], -32602);
  // Batches only where the request's version allows them.
  const std::string batch = R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])";
  EXPECT_EQ(client().post(batch, mcp_headers({}, "2025-03-26")).status, 200);
  EXPECT_EQ(client().post(batch, mcp_headers({}, "2025-11-25")).status, 400);
}

}  // namespace
}  // namespace mcp::testing
