// The schema audit behind base.message.schema: what it flags in a server's
// messages, and what it must leave alone.
#include <gtest/gtest.h>

#include "conformance/schema_audit.hpp"
#include "protocol/headers.hpp"

namespace mcp::conformance {
namespace {

const SchemaAudit& audit() {
  static const SchemaAudit instance;
  return instance;
}

client::Exchange exchange(const std::string& label, const Json& request, const Json& response,
                          client::Headers request_headers = {}) {
  client::Exchange e;
  e.label = label;
  e.method = "POST";
  e.request_body = request.dump();
  e.request_headers = std::move(request_headers);
  e.status = 200;
  e.response_headers = {{"Content-Type", "application/json"}};
  e.response_body = response.dump();
  return e;
}

const Json kToolsList = {{"jsonrpc", "2.0"}, {"id", 7}, {"method", "tools/list"}};

// The legacy revisions: from 2026-07-28 every result also needs resultType.
TEST(SchemaAuditTest, ValidMessagesPassAtEveryLegacyVersion) {
  for (const auto v : legacy_protocol_versions()) {
    SCOPED_TRACE(std::string(to_string(v)));
    EXPECT_TRUE(
        audit().validate(v, {{"jsonrpc", "2.0"}, {"id", 1}, {"result", Json::object()}}).empty());
    EXPECT_TRUE(audit()
                    .validate(v, {{"jsonrpc", "2.0"},
                                  {"id", "a"},
                                  {"error", {{"code", -32601}, {"message", "Method not found"}}}})
                    .empty());
    EXPECT_TRUE(
        audit()
            .validate(v, {{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}})
            .empty());
  }
}

TEST(SchemaAuditTest, FlagsBrokenEnvelopes) {
  const auto v = ProtocolVersion::k2025_06_18;
  EXPECT_FALSE(audit().validate(v, {{"id", 1}, {"result", Json::object()}}).empty())
      << "missing jsonrpc";
  EXPECT_FALSE(
      audit().validate(v, {{"jsonrpc", "1.0"}, {"id", 1}, {"result", Json::object()}}).empty());
  EXPECT_FALSE(
      audit()
          .validate(
              v, {{"jsonrpc", "2.0"}, {"id", 1}, {"error", {{"code", "-32601"}, {"message", "x"}}}})
          .empty())
      << "string error code";
  EXPECT_FALSE(audit().validate(v, {{"jsonrpc", "2.0"}, {"id", 1}, {"result", 5}}).empty())
      << "result must be an object";
}

TEST(SchemaAuditTest, JudgesResultsByTheMethodTheyAnswer) {
  const auto v = ProtocolVersion::k2025_11_25;
  const Json bare_array = {{"jsonrpc", "2.0"}, {"id", 7}, {"result", {{"tools", 1}}}};
  EXPECT_FALSE(audit().validate(v, bare_array, "tools/list").empty());
  EXPECT_TRUE(audit().validate(v, bare_array).empty()) << "without the method, only the envelope";
  const Json good = {
      {"jsonrpc", "2.0"},
      {"id", 7},
      {"result", {{"tools", {{{"name", "echo"}, {"inputSchema", {{"type", "object"}}}}}}}}};
  EXPECT_TRUE(audit().validate(v, good, "tools/list").empty());
}

TEST(SchemaAuditTest, JudgesAnInputRequiredResultAsOneAt20260728) {
  const auto v = ProtocolVersion::k2026_07_28;
  Json asking = {
      {"jsonrpc", "2.0"},
      {"id", 7},
      {"result",
       {{"resultType", "input_required"},
        {"inputRequests",
         {{"user_name",
           {{"method", "elicitation/create"},
            {"params",
             {{"mode", "form"},
              {"message", "What is your name?"},
              {"requestedSchema",
               {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}}}}}}}}}};
  EXPECT_TRUE(audit().validate(v, asking, "tools/call").empty())
      << audit().validate(v, asking, "tools/call").front();
  EXPECT_FALSE(audit().validate(v, asking, "tools/list").empty())
      << "only tools/call, prompts/get and resources/read may ask";
  asking["result"]["inputRequests"] = "not a map";
  EXPECT_FALSE(audit().validate(v, asking, "tools/call").empty());
}

TEST(SchemaAuditTest, UnknownErrorIdsMayBeNullOrAbsent) {
  const Json null_id = {
      {"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", -32700}, {"message", "Parse"}}}};
  EXPECT_TRUE(audit().validate(ProtocolVersion::k2025_03_26, null_id).empty());
  Json no_id = null_id;
  no_id.erase("id");
  EXPECT_TRUE(audit().validate(ProtocolVersion::k2025_11_25, no_id).empty());
}

TEST(SchemaAuditTest, AuditTiesEachResponseToItsOwnRequest) {
  // Two sessions reuse id 7: one for tools/list, one for ping. Each answer is
  // judged by the request in its own exchange.
  const Json ping = {{"jsonrpc", "2.0"}, {"id", 7}, {"method", "ping"}};
  const std::vector<client::Exchange> exchanges{
      exchange("tools/list", kToolsList,
               {{"jsonrpc", "2.0"}, {"id", 7}, {"result", {{"tools", Json::array()}}}}),
      exchange("ping", ping, {{"jsonrpc", "2.0"}, {"id", 7}, {"result", Json::object()}})};
  EXPECT_TRUE(audit().audit(ProtocolVersion::k2025_06_18, exchanges).empty());

  const std::vector<client::Exchange> broken{exchange(
      "tools/list", kToolsList, {{"jsonrpc", "2.0"}, {"id", 7}, {"result", Json::object()}})};
  const auto problems = audit().audit(ProtocolVersion::k2025_06_18, broken);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("tools/list"), std::string::npos) << problems[0];
}

TEST(SchemaAuditTest, AuditReadsSseEventsToo) {
  auto e = exchange("tools/list", kToolsList, nullptr);
  e.response_body.clear();
  e.sse = true;
  e.events.push_back({.data = R"({"jsonrpc":"2.0","id":7,"result":{"tools":"no"}})"});
  const auto problems = audit().audit(ProtocolVersion::k2025_06_18, {e});
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("tools/list (SSE)"), std::string::npos) << problems[0];
}

TEST(SchemaAuditTest, AuditSkipsWhatItCannotJudge) {
  const Json garbage = {{"status", "ok"}};  // not JSON-RPC at all
  // A URL that is not the MCP endpoint (/health).
  auto health =
      exchange("GET http://h/health" + std::string(SchemaAudit::kNotMcp), nullptr, garbage);
  // An exchange at a version this tool has no schema for.
  auto future =
      exchange("tools/list", kToolsList, garbage, {{headers::kProtocolVersion, "2099-01-01"}});
  EXPECT_TRUE(audit().audit(ProtocolVersion::k2025_11_25, {health, future}).empty());
  // The same body at a known version is flagged, at that version.
  auto known =
      exchange("tools/list", kToolsList, garbage, {{headers::kProtocolVersion, "2025-06-18"}});
  EXPECT_FALSE(audit().audit(ProtocolVersion::k2025_11_25, {known}).empty());
}

}  // namespace
}  // namespace mcp::conformance
