// JSON-RPC 2.0 and version negotiation, over the real HTTP server.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

class ProtocolTest : public HttpTest {
 protected:
  void SetUp() override {
    start();
    session_ = client().open_session("2025-06-18");
  }
  HttpReply raw(const std::string& body, const std::string& version = "2025-06-18") {
    return client().post(body, mcp_headers(session_, version));
  }
  std::string session_;
};

TEST_F(ProtocolTest, IdsAreEchoedWithTypeAndValue) {
  for (const std::string id : {"0", "-7", "9007199254740991", "18446744073709551615",
                               "-9223372036854775808", R"("req-ä-1 🙂")", R"("")", R"("0")"}) {
    const auto reply = raw(R"({"jsonrpc":"2.0","method":"ping","id":)" + id + "}");
    ASSERT_EQ(reply.status, 200) << id << reply.body;
    EXPECT_NE(reply.body.find("\"id\":" + id), std::string::npos) << reply.body;
    const auto json = reply.json();
    EXPECT_TRUE(json.contains("result") != json.contains("error"));
  }
}

TEST_F(ProtocolTest, NullAndFractionalIdsAreInvalidRequests) {
  for (const std::string id : {"null", "1.5", "true", "[1]", "1e400x"}) {
    const auto reply = raw(R"({"jsonrpc":"2.0","method":"ping","id":)" + id + "}");
    EXPECT_EQ(reply.status, 400) << id;
    const auto code = reply.json()["error"]["code"];
    EXPECT_TRUE(code == -32600 || code == -32700) << id << reply.body;
  }
}

TEST_F(ProtocolTest, ParseErrorIs32700) {
  const auto reply = raw(R"({"jsonrpc":"2.0",)");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.json()["error"]["code"], -32700);
  EXPECT_FALSE(reply.json().contains("result"));
}

TEST_F(ProtocolTest, InvalidRequestsAre32600) {
  for (const std::string body :
       {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", R"({"jsonrpc":"2.0","id":1})",
        R"({"jsonrpc":"2.0","id":1,"method":42})", R"("just a string")", "42"}) {
    const auto reply = raw(body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.json()["error"]["code"], -32600) << body << " -> " << reply.body;
  }
  // The id is echoed when it could be read.
  EXPECT_EQ(raw(R"({"jsonrpc":"1.0","id":"mine","method":"ping"})").json()["id"], "mine");
}

TEST_F(ProtocolTest, UnknownMethodIs32601AndBadParams32602) {
  const auto unknown = client().request(session_, "2025-06-18", 1, "x-conformance/nonexistent");
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(unknown.json()["error"]["code"], -32601);
  const auto bad = client().request(session_, "2025-06-18", 2, "tools/call", Json::object());
  EXPECT_EQ(bad.json()["error"]["code"], -32602);
}

TEST_F(ProtocolTest, BatchesAreRejectedAfter20250326) {
  const auto reply =
      raw(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.json()["error"]["code"], -32600);
  EXPECT_NE(reply.body.find("2025-03-26"), std::string::npos);
}

TEST_F(HttpTest, BatchesAreProcessedUnder20250326) {
  start();
  const auto session = client().open_session("2025-03-26");
  const auto reply = client().post(std::string(R"([{"jsonrpc":"2.0","id":"a","method":"ping"},)"
                                               R"({"jsonrpc":"2.0","method":"notifications/x"},)"
                                               R"({"jsonrpc":"2.0","id":2,"method":"tools/list"},)"
                                               R"({"jsonrpc":"1.0","id":3,"method":"ping"}])"),
                                   mcp_headers(session));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto json = reply.json();
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 3u);  // the notification gets no response
  EXPECT_EQ(json[0]["id"], "a");
  EXPECT_EQ(json[1]["id"], 2);
  EXPECT_TRUE(json[1]["result"]["tools"].is_array());
  EXPECT_EQ(json[2]["error"]["code"], -32600);

  const auto notifications = client().post(
      std::string(
          R"([{"jsonrpc":"2.0","method":"notifications/a"},{"jsonrpc":"2.0","method":"notifications/b"}])"),
      mcp_headers(session));
  EXPECT_EQ(notifications.status, 202);
  EXPECT_TRUE(notifications.body.empty());

  const auto with_init = client().post("[" + jsonrpc::serialize(init_request("2025-03-26")) + "]",
                                       mcp_headers(session));
  EXPECT_EQ(with_init.status, 400);
}

TEST_F(HttpTest, NegotiatesVersions) {
  start();
  for (const std::string v : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
    const auto reply = client().post(init_request(v), mcp_headers());
    EXPECT_EQ(reply.json()["result"]["protocolVersion"], v);
  }
  for (const std::string v : {"2099-01-01", "1.0.0"}) {
    const auto reply = client().post(init_request(v), mcp_headers());
    EXPECT_EQ(reply.json()["result"]["protocolVersion"], "2025-11-25") << v;
  }
}

TEST_F(HttpTest, ChecksTheProtocolVersionHeader) {
  start();
  const auto session = client().open_session("2025-06-18");
  for (const std::string bad : {"1999-01-01", "banana", "2024-11-05"}) {
    const auto reply = client().post(jsonrpc::make_request(1, "ping"), mcp_headers(session, bad));
    EXPECT_EQ(reply.status, 400) << "'" << bad << "'";
    EXPECT_TRUE(reply.json().contains("error"));
  }
  // Absent: the spec says to assume 2025-03-26 and carry on.
  const auto absent = client().post(jsonrpc::make_request(2, "ping"), mcp_headers(session));
  EXPECT_EQ(absent.status, 200);
  const auto good =
      client().post(jsonrpc::make_request(3, "ping"), mcp_headers(session, "2025-06-18"));
  EXPECT_EQ(good.status, 200);
}

TEST_F(HttpTest, NotificationsAndResponsesGet202WithoutBody) {
  start();
  const auto session = client().open_session("2025-11-25");
  for (const std::string body :
       {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
        R"({"jsonrpc":"2.0","method":"notifications/x-unknown"})",
        R"({"jsonrpc":"2.0","id":"s-1","result":{}})",
        R"({"jsonrpc":"2.0","id":"s-2","error":{"code":-1,"message":"no"}})"}) {
    const auto reply = client().post(body, mcp_headers(session, "2025-11-25"));
    EXPECT_EQ(reply.status, 202) << body;
    EXPECT_TRUE(reply.body.empty()) << body;
  }
}

TEST_F(HttpTest, RequestsAreNeverAnswered202) {
  start();
  const auto session = client().open_session("2025-11-25");
  for (const std::string method : {"ping", "tools/list", "x/unknown"}) {
    const auto reply = client().request(session, "2025-11-25", 1, method);
    EXPECT_EQ(reply.status, 200) << method;
    EXPECT_EQ(http::media_type(reply.header("Content-Type")), "application/json");
    EXPECT_EQ(reply.json()["id"], 1);
  }
}

// 2026-07-28: a version the server does not speak is refused with -32022 and the
// versions it does speak, whether it arrives in an envelope or as a legacy
// initialize at a modern-only server (what a 2025 client sends there).
TEST_F(HttpTest, UnsupportedModernVersionNamesTheSupportedOnes) {
  start();
  auto headers = mcp_headers({}, "2099-01-01");
  headers.emplace(headers::kMethod, "tools/list");
  const Json meta{{"io.modelcontextprotocol/protocolVersion", "2099-01-01"},
                  {"io.modelcontextprotocol/clientCapabilities", Json::object()}};
  const auto reply =
      client().post(jsonrpc::make_request(1, "tools/list", {{"_meta", meta}}), headers);
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(reply.json()["error"]["code"], -32022) << reply.body;
  EXPECT_EQ(reply.json()["error"]["data"]["supported"], Json::array({"2026-07-28"}));
  EXPECT_EQ(reply.json()["error"]["data"]["requested"], "2099-01-01");
}

TEST_F(HttpTest, ModernOnlyServerRefusesInitializeNamingItsVersions) {
  start({"--era", "modern"});
  const auto reply = client().post(init_request("2025-11-25", 7), mcp_headers());
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(reply.json()["id"], 7);
  EXPECT_EQ(reply.json()["error"]["code"], -32022) << reply.body;
  EXPECT_EQ(reply.json()["error"]["data"]["supported"], Json::array({"2026-07-28"}));
  EXPECT_EQ(reply.json()["error"]["data"]["requested"], "2025-11-25");
}

}  // namespace
}  // namespace mcp::testing
