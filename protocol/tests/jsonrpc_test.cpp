#include "protocol/jsonrpc.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace mcp::jsonrpc {
namespace {

Json parse_ok(std::string_view text) {
  auto out = parse(text);
  EXPECT_TRUE(out.value) << text << ": " << out.error;
  return out.value.value_or(Json());
}

TEST(JsonRpcClassify, RecognisesRequestsNotificationsAndResponses) {
  EXPECT_EQ(classify(parse_ok(R"({"jsonrpc":"2.0","id":1,"method":"ping"})")).kind, Kind::kRequest);
  EXPECT_EQ(classify(parse_ok(R"({"jsonrpc":"2.0","id":"a","method":"ping","params":{}})")).kind,
            Kind::kRequest);
  EXPECT_EQ(classify(parse_ok(R"({"jsonrpc":"2.0","method":"notifications/initialized"})")).kind,
            Kind::kNotification);
  EXPECT_EQ(classify(parse_ok(R"({"jsonrpc":"2.0","id":3,"result":{}})")).kind, Kind::kResponse);
  EXPECT_EQ(
      classify(parse_ok(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}})"))
          .kind,
      Kind::kResponse);
}

struct InvalidCase {
  const char* text;
  const char* problem_fragment;
};

class JsonRpcInvalid : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(JsonRpcInvalid, IsRejectedWithAReason) {
  const auto c = classify(parse_ok(GetParam().text));
  EXPECT_EQ(c.kind, Kind::kInvalid);
  EXPECT_NE(c.problem.find(GetParam().problem_fragment), std::string::npos) << c.problem;
}

INSTANTIATE_TEST_SUITE_P(
    Messages, JsonRpcInvalid,
    ::testing::Values(
        InvalidCase{R"([1,2])", "object"}, InvalidCase{R"("ping")", "object"},
        InvalidCase{R"({"id":1,"method":"ping"})", "jsonrpc"},
        InvalidCase{R"({"jsonrpc":"1.0","id":1,"method":"ping"})", "jsonrpc"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1,"method":42})", "method"},
        InvalidCase{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", "null"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", "fraction"},
        InvalidCase{R"({"jsonrpc":"2.0","id":true,"method":"ping"})", "string or an integer"},
        InvalidCase{R"({"jsonrpc":"2.0","id":{},"method":"ping"})", "string or an integer"},
        InvalidCase{R"({"jsonrpc":"2.0","id":123456789012345678901234,"method":"ping"})", "64-bit"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1,"method":"ping","params":3})", "params"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1})", "neither"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}})",
                    "exactly one"},
        InvalidCase{R"({"jsonrpc":"2.0","result":{}})", "id"},
        InvalidCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}})", "integer"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param) {
      return "case" + std::to_string(param.index);
    });

TEST(JsonRpcClassify, KeepsReadableIdOfInvalidMessages) {
  const auto c = classify(parse_ok(R"({"jsonrpc":"1.0","id":"keep-me","method":"ping"})"));
  ASSERT_EQ(c.kind, Kind::kInvalid);
  EXPECT_EQ(c.id, "keep-me");
}

TEST(JsonRpcIds, AreEchoedWithTheirExactTypeAndValue) {
  for (const char* id : {"0", "-1", "9007199254740991", "18446744073709551615",
                         "-9223372036854775808", R"("req-ä-1")", R"("")"}) {
    const Json request =
        parse_ok(std::string(R"({"jsonrpc":"2.0","method":"ping","id":)") + id + "}");
    ASSERT_EQ(classify(request).kind, Kind::kRequest) << id;
    const auto text = serialize(make_result(request["id"], Json::object()));
    EXPECT_NE(text.find(std::string("\"id\":") + id), std::string::npos) << text;
  }
}

TEST(JsonRpcBuild, ErrorHasCodeMessageAndOptionalData) {
  const auto e = make_error(7, kInvalidParams, "bad", Json{{"field", "x"}});
  EXPECT_EQ(e["jsonrpc"], "2.0");
  EXPECT_EQ(e["id"], 7);
  EXPECT_EQ(e["error"]["code"], -32602);
  EXPECT_EQ(e["error"]["message"], "bad");
  EXPECT_EQ(e["error"]["data"]["field"], "x");
  EXPECT_FALSE(e.contains("result"));
  EXPECT_FALSE(make_error(nullptr, kParseError, "p")["error"].contains("data"));
}

TEST(JsonRpcParse, RejectsInvalidUtf8WithAClearReason) {
  const auto out = parse("{\"a\":\"\xC3\x28\"}");
  EXPECT_FALSE(out.value);
  EXPECT_NE(out.error.find("UTF-8"), std::string::npos) << out.error;
}

TEST(JsonRpcParse, RejectsNulBytesEvenAfterAValidValue) {
  const auto out = parse(std::string_view("{\"a\":1}\0garbage", 15));
  EXPECT_FALSE(out.value);
  EXPECT_NE(out.error.find("NUL"), std::string::npos);
}

TEST(JsonRpcParse, RejectsNumberOverflowAndTruncation) {
  EXPECT_FALSE(parse(R"({"a":1e999})").value);
  EXPECT_FALSE(parse(R"({"jsonrpc":"2.0",)").value);
  EXPECT_FALSE(parse("").value);
}

TEST(JsonRpcParse, BoundsNestingDepth) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto out = parse(deep, 64);
  EXPECT_FALSE(out.value);
  EXPECT_NE(out.error.find("nesting"), std::string::npos);
  EXPECT_TRUE(parse(std::string(64, '[') + std::string(64, ']'), 64).value);
}

TEST(JsonRpcParse, NestingDepthIgnoresBracketsInsideStrings) {
  EXPECT_EQ(nesting_depth(R"({"a":"[[[[{{{{\"]]]"})", 100), 1u);
  EXPECT_EQ(nesting_depth(R"([[{"x":[1]}]])", 100), 4u);
}

TEST(JsonRpcSerialize, NeverThrowsOnBadUtf8) {
  Json value = std::string("\xFF\xFE");
  EXPECT_NO_THROW(serialize(value));
}

}  // namespace
}  // namespace mcp::jsonrpc
