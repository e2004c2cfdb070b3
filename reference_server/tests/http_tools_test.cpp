// The tools over HTTP, pagination, and version-dependent tool rules.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/schema_validator.hpp"

namespace mcp::testing {
namespace {

class ToolsTest : public HttpTest {
 protected:
  Json call(const std::string& version, const std::string& tool, Json arguments) {
    if (session_version_ != version) {
      session_ = client().open_session(version);
      session_version_ = version;
    }
    return client()
        .request(session_, version, next_id_++, "tools/call",
                 {{"name", tool}, {"arguments", std::move(arguments)}})
        .json();
  }
  std::string session_;
  std::string session_version_;
  int next_id_ = 1;
};

TEST_F(ToolsTest, EveryToolWorks) {
  start();
  EXPECT_EQ(call("2025-11-25", "echo", {{"text", "ünïcødé ✓"}})["result"]["content"][0]["text"],
            "ünïcødé ✓");
  EXPECT_EQ(call("2025-11-25", "add", {{"a", -2}, {"b", 0.5}})["result"]["content"][0]["text"],
            "-1.5");
  EXPECT_EQ(call("2025-11-25", "sleep", {{"ms", 1}})["result"]["content"][0]["text"], "slept 1 ms");
  const auto fail = call("2025-11-25", "fail", {{"message", "boom"}});
  EXPECT_EQ(fail["result"]["isError"], true);
  EXPECT_EQ(fail["result"]["content"][0]["text"], "boom");
}

TEST_F(ToolsTest, StructuredOutputConformsToTheListedSchema) {
  start();
  const auto session = client().open_session("2025-11-25");
  const auto tools =
      client().request(session, "2025-11-25", 1, "tools/list").json()["result"]["tools"];
  Json output_schema;
  for (const auto& t : tools) {
    if (t["name"] == "structured") output_schema = t["outputSchema"];
  }
  ASSERT_TRUE(output_schema.is_object());
  std::string error;
  const auto validator = schema::Validator::compile(output_schema, &error);
  ASSERT_TRUE(validator) << error;
  const auto result =
      client()
          .request(session, "2025-11-25", 2, "tools/call",
                   {{"name", "structured"}, {"arguments", {{"text", "Hello MCP world"}}}})
          .json()["result"];
  EXPECT_TRUE(validator->validate(result["structuredContent"]).empty());
  EXPECT_EQ(Json::parse(result["content"][0]["text"].get<std::string>()),
            result["structuredContent"]);
}

TEST_F(ToolsTest, UnknownToolIsInvalidParams) {
  start();
  EXPECT_EQ(call("2025-11-25", "no_such_tool", Json::object())["error"]["code"], -32602);
}

TEST_F(ToolsTest, InvalidArgumentsFollowTheNegotiatedVersion) {
  start();
  EXPECT_EQ(call("2025-11-25", "add", {{"a", "one"}, {"b", 2}})["result"]["isError"], true);
  EXPECT_EQ(call("2025-06-18", "add", {{"a", "one"}, {"b", 2}})["error"]["code"], -32602);
  EXPECT_EQ(call("2025-03-26", "echo", Json::object())["error"]["code"], -32602);
}

TEST_F(HttpTest, ToolsListPagesWhenAPageSizeIsSet) {
  start({"--page-size", "2"});
  const auto session = client().open_session();
  std::vector<std::string> names;
  std::vector<std::string> expected;
  {
    // The same server unpaged, for comparison.
    ReferenceServer unpaged;
    TestClient other(unpaged.host(), unpaged.port());
    const auto s = other.open_session();
    const auto listed = other.request(s, "2025-11-25", 1, "tools/list").json();
    for (const auto& t : listed["result"]["tools"])
      expected.push_back(t["name"]);
  }
  Json params = Json::object();
  for (int page = 0; page < 100; ++page) {
    const auto result =
        client().request(session, "2025-11-25", page, "tools/list", params).json()["result"];
    for (const auto& t : result["tools"])
      names.push_back(t["name"]);
    if (!result.contains("nextCursor")) break;
    params["cursor"] = result["nextCursor"];
  }
  EXPECT_EQ(names, expected);
  EXPECT_GE(names.size(), 5u);
  EXPECT_EQ(client()
                .request(session, "2025-11-25", 99, "tools/list", {{"cursor", "not-a-cursor"}})
                .json()["error"]["code"],
            -32602);
}

}  // namespace
}  // namespace mcp::testing
