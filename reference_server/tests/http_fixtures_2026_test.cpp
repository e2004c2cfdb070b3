// The official suite's 2026-07-28 fixtures over HTTP: how their answers travel
// (statuses, JSON or SSE) and the Mcp-Param-* headers of the x-mcp-header tools.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::testing {
namespace {

class Fixtures2026HttpTest : public HttpTest {
 protected:
  /// A 2026-07-28 tools/call with its envelope and standard headers, plus `extra` headers.
  HttpReply call(const std::string& tool, const Json& arguments, const Json& capabilities,
                 const httplib::Headers& extra = {}, Json extra_meta = Json::object()) {
    Json meta{{modern::kProtocolVersionKey, "2026-07-28"},
              {modern::kClientCapabilitiesKey, capabilities}};
    meta.update(extra_meta);
    auto headers = mcp_headers({}, "2026-07-28");
    headers.emplace(headers::kMethod, "tools/call");
    headers.emplace(headers::kName, tool);
    headers.insert(extra.begin(), extra.end());
    return client().post(
        jsonrpc::make_request(next_id_++, "tools/call",
                              {{"name", tool}, {"arguments", arguments}, {"_meta", meta}}),
        headers);
  }
  int next_id_ = 1;
};

TEST_F(Fixtures2026HttpTest, UndeclaredCapabilityIs400WithPlainJson) {
  start();
  const auto refused = call("test_missing_capability", Json::object(), Json::object());
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.header("Content-Type").find("application/json"), std::string::npos);
  EXPECT_EQ(refused.json()["error"]["code"], jsonrpc::kMissingRequiredClientCapability);
  EXPECT_TRUE(refused.json()["error"]["data"]["requiredCapabilities"]["sampling"].is_object());

  const auto asked =
      call("test_streaming_elicitation", Json::object(), {{"elicitation", Json::object()}});
  EXPECT_EQ(asked.status, 200);
  EXPECT_NE(asked.header("Content-Type").find("application/json"), std::string::npos);
  EXPECT_EQ(asked.json()["result"]["resultType"], "input_required");
}

TEST_F(Fixtures2026HttpTest, LogMessagesTravelOnlyWhenALevelIsSet) {
  start();
  const auto quiet = call("test_logging_tool", Json::object(), Json::object());
  EXPECT_EQ(quiet.status, 200);
  EXPECT_NE(quiet.header("Content-Type").find("application/json"), std::string::npos);

  const auto logged = call("test_logging_tool", Json::object(), Json::object(), {},
                           {{modern::kLogLevelKey, "info"}});
  EXPECT_EQ(logged.status, 200);
  EXPECT_NE(logged.header("Content-Type").find("text/event-stream"), std::string::npos);
  EXPECT_NE(logged.body.find("notifications/message"), std::string::npos);
}

TEST_F(Fixtures2026HttpTest, CustomHeaderToolChecksItsParamHeaders) {
  start();
  const Json arguments{
      {"region", "us-west1"}, {"priority", 42}, {"label", "Hello, 世界"}, {"query", "SELECT 1"}};
  const httplib::Headers good{{"Mcp-Param-Region", "us-west1"},
                              {"mcp-param-priority", "42"},
                              {"Mcp-Param-Label", modern::encode_header_value("Hello, 世界")}};
  const auto accepted = call("test_custom_headers", arguments, Json::object(), good);
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json()["result"]["resultType"], "complete");

  const httplib::Headers no_region{{"Mcp-Param-Priority", "42"},
                                   {"Mcp-Param-Label", modern::encode_header_value("Hello, 世界")}};
  const auto refused = call("test_custom_headers", arguments, Json::object(), no_region);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["code"], jsonrpc::kHeaderMismatch);

  const Json nulled{{"region", "us-east1"}, {"priority", 1}, {"verbose", nullptr}, {"query", "q"}};
  const auto without_verbose =
      call("test_custom_headers_null", nulled, Json::object(),
           {{"Mcp-Param-Region", "us-east1"}, {"Mcp-Param-Priority", "1"}});
  EXPECT_EQ(without_verbose.status, 200) << without_verbose.body;
  EXPECT_FALSE(without_verbose.json()["result"].value("isError", false));
}

}  // namespace
}  // namespace mcp::testing
