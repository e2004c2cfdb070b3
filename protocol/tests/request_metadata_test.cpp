#include "protocol/request_metadata.hpp"

#include <gtest/gtest.h>

namespace mcp::modern {
namespace {

Json request_with_meta(Json meta) {
  return Json{{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "tools/list"},
              {"params", {{"_meta", std::move(meta)}}}};
}

std::string problem_of(const Json& message) {
  EnvelopeProblem problem;
  EXPECT_FALSE(read_envelope(message, &problem)) << message.dump();
  return problem.key + ": " + problem.problem;
}

TEST(Envelope, ReadsVersionCapabilitiesAndClientInfo) {
  const auto message =
      request_with_meta({{kProtocolVersionKey, "2026-07-28"},
                         {kClientCapabilitiesKey, {{"elicitation", Json::object()}}},
                         {kClientInfoKey, {{"name", "c"}, {"version", "1"}}}});
  EXPECT_TRUE(has_envelope(message));
  const auto envelope = read_envelope(message, nullptr);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->protocol_version, "2026-07-28");
  EXPECT_TRUE(envelope->client_capabilities.contains("elicitation"));
  EXPECT_EQ(envelope->client_info["name"], "c");
}

TEST(Envelope, NamesTheKeyAtFault) {
  EXPECT_EQ(problem_of(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}}),
            "_meta: missing");
  EXPECT_EQ(problem_of(request_with_meta({{kProtocolVersionKey, "2026-07-28"}})),
            std::string(kClientCapabilitiesKey) + ": missing");
  EXPECT_EQ(problem_of(request_with_meta(
                {{kProtocolVersionKey, 20260728}, {kClientCapabilitiesKey, Json::object()}})),
            std::string(kProtocolVersionKey) + ": not a string");
  EXPECT_EQ(problem_of(request_with_meta(
                {{kProtocolVersionKey, "2026-07-28"}, {kClientCapabilitiesKey, Json::array()}})),
            std::string(kClientCapabilitiesKey) + ": not an object");
  EXPECT_EQ(problem_of(request_with_meta({{kProtocolVersionKey, "2026-07-28"},
                                          {kClientCapabilitiesKey, Json::object()},
                                          {kClientInfoKey, "me"}})),
            std::string(kClientInfoKey) + ": not an object");
}

TEST(Envelope, OnlyAProtocolVersionInMetaMakesARequestModern) {
  EXPECT_FALSE(has_envelope(Json{{"method", "initialize"}, {"params", Json::object()}}));
  EXPECT_FALSE(has_envelope(request_with_meta({{"progressToken", 1}})));
  EXPECT_TRUE(has_envelope(request_with_meta({{kProtocolVersionKey, 7}})));
  EXPECT_FALSE(has_envelope(Json::array()));
}

TEST(Envelope, AddedEnvelopeReadsBack) {
  Json message{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}};
  add_envelope(message, Envelope{"2026-07-28", {{"roots", Json::object()}}, nullptr});
  const auto envelope = read_envelope(message, nullptr);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->protocol_version, "2026-07-28");
  EXPECT_FALSE(message["params"]["_meta"].contains(kClientInfoKey));
}

// The examples of the spec's Value Encoding table.
TEST(HeaderValue, EncodesTheSpecExamples) {
  EXPECT_EQ(encode_header_value("us-west1"), "us-west1");
  EXPECT_EQ(encode_header_value("Hello, \xE4\xB8\x96\xE7\x95\x8C"),
            "=?base64?SGVsbG8sIOS4lueVjA==?=");
  EXPECT_EQ(encode_header_value(" padded "), "=?base64?IHBhZGRlZCA=?=");
  EXPECT_EQ(encode_header_value("line1\nline2"), "=?base64?bGluZTEKbGluZTI=?=");
  EXPECT_EQ(encode_header_value("=?base64?literal?="), "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
}

TEST(HeaderValue, DecodesWhatItEncodes) {
  for (const std::string value : {"us-west1", "Hello, \xE4\xB8\x96\xE7\x95\x8C", " padded ",
                                  "line1\nline2", "=?base64?literal?=", "", "a b\tc"}) {
    std::string problem;
    const auto decoded = decode_header_value(encode_header_value(value), &problem);
    ASSERT_TRUE(decoded) << problem;
    EXPECT_EQ(*decoded, value);
  }
}

TEST(HeaderValue, UnwrappedValuesAreLiteralAndSurroundingSpaceIsNotPartOfThem) {
  EXPECT_EQ(decode_header_value("  tools/call ", nullptr), "tools/call");
  EXPECT_EQ(decode_header_value("SGVsbG8=", nullptr), "SGVsbG8=");  // no sentinel: as is
}

TEST(HeaderValue, RejectsMalformedBase64AndRawBytes) {
  std::string problem;
  EXPECT_FALSE(decode_header_value("=?base64?SGVsbG8?=", &problem));  // length not a multiple of 4
  EXPECT_NE(problem.find("Base64"), std::string::npos);
  EXPECT_FALSE(decode_header_value("=?base64?SGV=bG8=?=", nullptr));  // '=' inside
  EXPECT_FALSE(decode_header_value("=?base64?SGVs*G8=?=", nullptr));  // outside the alphabet
  EXPECT_FALSE(decode_header_value("caf\xC3\xA9", &problem));         // raw UTF-8 in a header
  EXPECT_FALSE(decode_header_value("a\rb", nullptr));
}

TEST(Token, FollowsRfc9110) {
  EXPECT_TRUE(is_token("Region"));
  EXPECT_TRUE(is_token("x-Tenant_ID.2~"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("a b"));
  EXPECT_FALSE(is_token("a:b"));
  EXPECT_FALSE(is_token("caf\xC3\xA9"));
}

Json tool_schema(Json properties) {
  return Json{{"type", "object"}, {"properties", std::move(properties)}};
}

TEST(HeaderParams, FindsAnnotatedPropertiesThroughNestedProperties) {
  const auto schema = tool_schema(
      {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
       {"query", {{"type", "string"}}},
       {"target",
        {{"type", "object"},
         {"properties", {{"shard", {{"type", "integer"}, {"x-mcp-header", "Shard"}}}}}}}});
  std::string problem;
  const auto params = header_params(schema, &problem);
  ASSERT_TRUE(params) << problem;
  ASSERT_EQ(params->size(), 2u);
  const auto& shard = (*params)[0].name == "Shard" ? (*params)[0] : (*params)[1];
  EXPECT_EQ(shard.path, (std::vector<std::string>{"target", "shard"}));
  EXPECT_EQ(shard.type, "integer");
  EXPECT_EQ(header_param_name(shard), "Mcp-Param-Shard");
}

TEST(HeaderParams, InvalidAnnotationsMakeTheToolInvalid) {
  const auto invalid = [](const Json& schema) {
    std::string problem;
    EXPECT_FALSE(header_params(schema, &problem)) << schema.dump();
    return problem;
  };
  EXPECT_NE(
      invalid(tool_schema({{"a", {{"type", "string"}, {"x-mcp-header", ""}}}})).find("non-empty"),
      std::string::npos);
  EXPECT_NE(
      invalid(tool_schema({{"a", {{"type", "string"}, {"x-mcp-header", "A B"}}}})).find("token"),
      std::string::npos);
  EXPECT_NE(invalid(tool_schema({{"a", {{"type", "string"}, {"x-mcp-header", "Id"}}},
                                 {"b", {{"type", "string"}, {"x-mcp-header", "ID"}}}}))
                .find("twice"),
            std::string::npos);
  EXPECT_NE(invalid(tool_schema({{"a", {{"type", "number"}, {"x-mcp-header", "A"}}}})).find("type"),
            std::string::npos);
  EXPECT_NE(invalid(tool_schema({{"list",
                                  {{"type", "array"},
                                   {"items", {{"type", "string"}, {"x-mcp-header", "Item"}}}}}}))
                .find("not reached"),
            std::string::npos);
  EXPECT_NE(invalid(Json{{"type", "object"},
                         {"oneOf", Json::array({tool_schema(
                                       {{"a", {{"type", "string"}, {"x-mcp-header", "A"}}}})})}})
                .find("not reached"),
            std::string::npos);
}

TEST(HeaderParams, InstanceDataIsNoAnnotation) {
  const auto schema =
      tool_schema({{"a", {{"type", "object"}, {"default", {{"x-mcp-header", "x"}}}}}});
  const auto params = header_params(schema, nullptr);
  ASSERT_TRUE(params);
  EXPECT_TRUE(params->empty());
}

TEST(HeaderParams, TextAndMatchingFollowTheTypeRules) {
  const HeaderParam text{"Region", {"region"}, "string"};
  const HeaderParam number{"Shard", {"shard"}, "integer"};
  const HeaderParam flag{"Dry", {"dry"}, "boolean"};
  const Json arguments{{"region", "us-west1"}, {"shard", 42}, {"dry", false}, {"none", nullptr}};
  EXPECT_EQ(header_param_text(text, arguments), "us-west1");
  EXPECT_EQ(header_param_text(number, arguments), "42");
  EXPECT_EQ(header_param_text(flag, arguments), "false");
  EXPECT_FALSE(header_param_text(HeaderParam{"N", {"none"}, "string"}, arguments));
  EXPECT_FALSE(header_param_text(HeaderParam{"M", {"missing"}, "string"}, arguments));
  EXPECT_TRUE(header_param_matches(number, arguments, "42.0"));
  EXPECT_TRUE(header_param_matches(number, arguments, "42"));
  EXPECT_FALSE(header_param_matches(number, arguments, "43"));
  EXPECT_FALSE(header_param_matches(number, arguments, "42abc"));
  EXPECT_TRUE(header_param_matches(text, arguments, "us-west1"));
  EXPECT_FALSE(header_param_matches(text, arguments, "US-WEST1"));  // values are case-sensitive
  EXPECT_FALSE(header_param_matches(flag, arguments, "False"));
}

}  // namespace
}  // namespace mcp::modern
