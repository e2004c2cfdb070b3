// mock-openai serve's deterministic model: --script rules and input directives.
#include <gtest/gtest.h>

#include "mock_openai/serve_model.hpp"

namespace mcp::mock::serve {
namespace {

Script script(const Json& document) {
  std::string error;
  auto parsed = Script::parse(document, &error);
  EXPECT_TRUE(parsed) << error;
  return parsed ? *parsed : Script{};
}

std::string script_error(const Json& document) {
  std::string error;
  EXPECT_FALSE(Script::parse(document, &error)) << document.dump();
  return error;
}

TEST(ServeModel, TheFirstRuleWhoseMatchTheInputContainsWins) {
  const auto s = script(Json{
      {"rules",
       Json::array(
           {Json{{"match", "WEATHER"}, {"tool", "get_weather"}, {"arguments", {{"city", "Paris"}}}},
            Json{{"match", "weather"}, {"reply", "never reached"}},
            Json{{"match", "hello"}, {"reply", "Hi."}},
            Json{{"match", "sum"}, {"tool", "add"}, {"server_label", "calc"}}})}});
  auto d = s.decide("What is the Weather like?");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->tool, "get_weather");
  EXPECT_EQ(d->arguments, (Json{{"city", "Paris"}}));
  EXPECT_EQ(d->source, "script rule 0");
  d = s.decide("well, hello");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  EXPECT_EQ(d->reply, "Hi.");
  d = s.decide("a sum please");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->server_label, "calc");
  EXPECT_TRUE(d->arguments.is_null());  // made from the input schema
  EXPECT_FALSE(s.decide("nothing matches"));
}

TEST(ServeModel, AnEmptyMatchTakesEveryInput) {
  const auto s = script(Json{{"rules", Json::array({Json{{"match", ""}, {"reply", "always"}}})}});
  ASSERT_TRUE(s.decide(""));
  EXPECT_EQ(s.decide("anything")->reply, "always");
}

TEST(ServeModel, AMalformedScriptNamesTheRuleAndField) {
  EXPECT_NE(script_error(Json::array()).find("\"rules\" array"), std::string::npos);
  EXPECT_EQ(script_error(Json{{"rules", Json::array({Json{{"tool", "x"}}})}}),
            "rules[0] needs \"match\" (\"\" matches every input)");
  EXPECT_EQ(script_error(Json{{"rules", Json::array({Json{{"match", "a"}}})}}),
            "rules[0] needs exactly one of \"tool\" and \"reply\"");
  EXPECT_EQ(script_error(Json{
                {"rules", Json::array({Json{{"match", "a"}, {"tool", "t"}, {"reply", "r"}}})}}),
            "rules[0] needs exactly one of \"tool\" and \"reply\"");
  EXPECT_EQ(script_error(Json{{"rules", Json::array({Json{{"match", "a"}, {"tool", "t"}},
                                                     Json{{"match", 1}, {"reply", "r"}}})}}),
            "rules[1].match must be a string");
  EXPECT_EQ(script_error(Json{
                {"rules", Json::array({Json{{"match", "a"}, {"tool", "t"}, {"arguments", "x"}}})}}),
            "rules[0].arguments must be an object, beside \"tool\"");
  EXPECT_EQ(script_error(Json{{"rules", Json::array({Json{{"match", "a"}, {"reply", ""}}})}}),
            "rules[0].reply is empty");
  EXPECT_NE(script_error(Json{{"rules", Json::array({Json{{"match", "a"}, {"tol", "t"}}})}})
                .find("unknown field \"tol\""),
            std::string::npos);
}

TEST(ServeModel, ALoadedScriptThatIsNotJsonSaysWhere) {
  std::string error;
  EXPECT_FALSE(Script::load("/nonexistent/script.json", &error));
  EXPECT_EQ(error, "cannot read /nonexistent/script.json");
}

TEST(ServeModel, DirectivesCallReplyOrStayQuiet) {
  auto d = directive("please\n@call add {\"a\": 1, \"b\": 2}\nthanks");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->tool, "add");
  EXPECT_EQ(d->arguments, (Json{{"a", 1}, {"b", 2}}));
  EXPECT_FALSE(d->server_label);

  d = directive("  @call calc/add");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->server_label, "calc");
  EXPECT_EQ(d->tool, "add");
  EXPECT_TRUE(d->arguments.is_null());

  d = directive("@reply Just text.");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  EXPECT_EQ(d->reply, "Just text.");

  d = directive("@nocall");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  EXPECT_FALSE(d->reply.empty());

  // Not at the start of a line: ordinary text (an e-mail address, a mention).
  EXPECT_FALSE(directive("write to me@call.example"));
  EXPECT_FALSE(directive("no directive here"));
}

TEST(ServeModel, AMalformedDirectiveIsAReplySayingWhy) {
  auto d = directive("@call add {not json");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  EXPECT_NE(d->reply.find("one JSON object"), std::string::npos) << d->reply;
  d = directive("@call add [1, 2]");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  d = directive("@call");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tool.empty());
  EXPECT_NE(d->reply.find("needs a tool name"), std::string::npos);
  // Found by serve_request_fuzz: an empty name or reply must not fall through to the default
  // decision, which would call the first tool.
  for (const char* input : {"@call calc/", "@call calc/ {\"a\": 1}", "@reply", "@reply   "}) {
    d = directive(input);
    ASSERT_TRUE(d) << input;
    EXPECT_TRUE(d->tool.empty()) << input;
    EXPECT_FALSE(d->reply.empty()) << input;
  }
}

}  // namespace
}  // namespace mcp::mock::serve
