#include "protocol/schema_example.hpp"

#include <gtest/gtest.h>

#include "protocol/schema_validator.hpp"

namespace mcp::schema {
namespace {

// Generates arguments and checks them with an independently compiled validator.
Json expect_valid_example(const Json& schema) {
  std::string why_not;
  const auto arguments = example_arguments(schema, &why_not);
  EXPECT_TRUE(arguments) << why_not << "\nschema: " << schema.dump();
  if (!arguments) return nullptr;
  std::string error;
  const auto validator = Validator::compile(schema, &error);
  EXPECT_TRUE(validator) << error;
  if (validator) {
    const auto problems = validator->validate(*arguments);
    EXPECT_TRUE(problems.empty()) << problems.front() << "\narguments: " << arguments->dump();
  }
  EXPECT_TRUE(arguments->is_object());
  return *arguments;
}

std::string expect_no_example(const Json& schema) {
  std::string why_not;
  EXPECT_FALSE(example_arguments(schema, &why_not)) << schema.dump();
  EXPECT_FALSE(why_not.empty());
  return why_not;
}

Json closed_object(Json properties, Json required) {
  return Json{{"type", "object"},
              {"properties", std::move(properties)},
              {"required", std::move(required)},
              {"additionalProperties", false}};
}

TEST(ExampleArguments, ReferenceServerToolsValidate) {
  // The input schemas of reference_server/tools_basic.cpp, transcribed.
  const Json echo = closed_object({{"text", {{"type", "string"}}}}, {"text"});
  const Json add =
      closed_object({{"a", {{"type", "number"}}}, {"b", {{"type", "number"}}}}, {"a", "b"});
  const Json sleep =
      closed_object({{"ms", {{"type", "integer"}, {"minimum", 0}, {"maximum", 600000}}},
                     {"steps", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
                     {"timestamps", {{"type", "boolean"}}}},
                    {"ms"});
  const Json fail = closed_object({{"message", {{"type", "string"}}}}, Json::array());
  const Json structured = closed_object({{"text", {{"type", "string"}}}}, {"text"});

  EXPECT_EQ(expect_valid_example(echo), (Json{{"text", "example"}}));
  EXPECT_EQ(expect_valid_example(add), (Json{{"a", 1}, {"b", 1}}));
  EXPECT_EQ(expect_valid_example(sleep), (Json{{"ms", 1}}));
  EXPECT_EQ(expect_valid_example(fail), Json::object());
  EXPECT_EQ(expect_valid_example(structured), (Json{{"text", "example"}}));
}

TEST(ExampleArguments, OnlyRequiredPropertiesAreFilled) {
  const Json schema{{"type", "object"},
                    {"properties",
                     {{"q", {{"type", "string"}}},
                      {"limit", {{"type", "integer"}}},
                      {"verbose", {{"type", "boolean"}}}}},
                    {"required", {"q", "verbose"}}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"q", "example"}, {"verbose", true}}));
  EXPECT_EQ(expect_valid_example(Json{{"type", "object"}}), Json::object());
  EXPECT_EQ(expect_valid_example(Json::object()), Json::object());
}

TEST(ExampleArguments, EnumsAndConstants) {
  const Json schema =
      closed_object({{"unit", {{"type", "string"}, {"enum", {"celsius", "kelvin"}}}},
                     {"mode", {{"const", "fast"}}},
                     {"level", {{"type", "integer"}, {"enum", {3, 5}}}}},
                    {"unit", "mode", "level"});
  EXPECT_EQ(expect_valid_example(schema),
            (Json{{"unit", "celsius"}, {"mode", "fast"}, {"level", 3}}));
}

TEST(ExampleArguments, NestedObjectsAndArrays) {
  const Json schema = closed_object(
      {{"filter",
        closed_object({{"range", closed_object({{"from", {{"type", "string"}, {"format", "date"}}},
                                                {"to", {{"type", "string"}, {"format", "date"}}}},
                                               {"from"})},
                       {"tags",
                        {{"type", "array"},
                         {"items", {{"type", "string"}, {"minLength", 2}}},
                         {"minItems", 2}}},
                       {"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}},
                      {"range", "tags", "ids"})}},
      {"filter"});
  const Json arguments = expect_valid_example(schema);
  EXPECT_EQ(arguments["filter"]["tags"].size(), 2u);
  EXPECT_EQ(arguments["filter"]["ids"], Json::array());
  EXPECT_EQ(arguments["filter"]["range"], (Json{{"from", "2025-01-01"}}));
}

TEST(ExampleArguments, RefsIntoDefinitionsAndDefs) {
  const Json draft07{
      {"type", "object"},
      {"definitions",
       {{"Point",
         closed_object({{"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}}, {"x", "y"})},
        {"Name", {{"type", "string"}, {"minLength", 10}}}}},
      {"properties",
       {{"origin", {{"$ref", "#/definitions/Point"}}},
        {"label", {{"$ref", "#/definitions/Name"}}}}},
      {"required", {"origin", "label"}}};
  const Json arguments = expect_valid_example(draft07);
  EXPECT_EQ(arguments["origin"], (Json{{"x", 1}, {"y", 1}}));
  EXPECT_GE(arguments["label"].get<std::string>().size(), 10u);

  const Json defs{{"$defs", {{"Kind", {{"enum", {"a", "b"}}}}}},
                  {"type", "object"},
                  {"properties", {{"kind", {{"$ref", "#/$defs/Kind"}}}}},
                  {"required", {"kind"}}};
  EXPECT_EQ(expect_valid_example(defs), (Json{{"kind", "a"}}));

  // Pydantic-style: the root itself is a $ref, with allOf wrappers around nested refs.
  const Json pydantic{
      {"$ref", "#/$defs/Args"},
      {"$defs",
       {{"Args",
         {{"type", "object"},
          {"properties", {{"inner", {{"allOf", {{{"$ref", "#/$defs/Inner"}}}}}}}},
          {"required", {"inner"}}}},
        {"Inner", closed_object({{"n", {{"type", "integer"}, {"minimum", 5}}}}, {"n"})}}}};
  EXPECT_EQ(expect_valid_example(pydantic), (Json{{"inner", {{"n", 5}}}}));
}

TEST(ExampleArguments, NumericBounds) {
  const auto value_for = [](const Json& property) {
    return expect_valid_example(closed_object({{"v", property}}, {"v"}))["v"];
  };
  EXPECT_EQ(value_for({{"type", "integer"}}), 1);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 10}, {"maximum", 20}}), 10);
  EXPECT_EQ(value_for({{"type", "integer"}, {"exclusiveMinimum", 10}}), 11);
  EXPECT_EQ(value_for({{"type", "integer"}, {"maximum", -3}}), -3);
  EXPECT_EQ(value_for({{"type", "integer"}, {"exclusiveMaximum", 1}}), 0);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", -5}, {"maximum", 5}}), 1);
  EXPECT_EQ(value_for({{"type", "integer"}, {"multipleOf", 5}}), 5);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 7}, {"multipleOf", 4}}), 8);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", -10}, {"maximum", -7}, {"multipleOf", 4}}),
            -8);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 1.5}}), 2);
  EXPECT_EQ(value_for({{"type", "number"}, {"minimum", 0}, {"maximum", 0.5}}), 0);
  EXPECT_EQ(value_for({{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}}), 0.5);
  EXPECT_EQ(
      value_for({{"type", "number"}, {"minimum", 0.1}, {"maximum", 0.4}, {"multipleOf", 0.25}}),
      0.25);
  EXPECT_EQ(value_for({{"type", "number"}, {"minimum", 1e6}}), 1000000);
}

TEST(ExampleArguments, Strings) {
  const auto value_for = [](const Json& property) {
    return expect_valid_example(closed_object({{"s", property}}, {"s"}))["s"];
  };
  EXPECT_EQ(value_for({{"type", "string"}, {"maxLength", 3}}), "exa");
  EXPECT_EQ(value_for({{"type", "string"}, {"minLength", 12}}), "examplexxxxx");
  EXPECT_EQ(value_for({{"type", "string"}, {"maxLength", 0}}), "");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "date-time"}}), "2025-01-01T00:00:00Z");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "uri"}}), "https://example.com");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "email"}}), "user@example.com");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^[0-9]+$"}}), "1");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^[A-Z]{2}$"}}), "AB");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^ex"}}), "example");
}

TEST(ExampleArguments, TypeArraysAnyOfAndOneOf) {
  const Json schema = closed_object(
      {{"maybe", {{"type", {"null", "integer"}}}},
       {"either", {{"anyOf", {{{"type", "null"}}, {{"type", "string"}, {"minLength", 2}}}}}},
       {"choice",
        {{"oneOf",
          {{{"type", "integer"}, {"minimum", 3}}, {{"type", "string"}, {"maxLength", 0}}}}}},
       {"nothing", {{"type", "null"}}},
       {"typeless", Json::object()}},
      {"maybe", "either", "choice", "nothing", "typeless"});
  EXPECT_EQ(expect_valid_example(schema), (Json{{"maybe", 1},
                                                {"either", "example"},
                                                {"choice", 3},
                                                {"nothing", nullptr},
                                                {"typeless", "example"}}));
}

TEST(ExampleArguments, MinPropertiesAndDependencies) {
  const Json schema{
      {"type", "object"},
      {"properties",
       {{"a", {{"type", "string"}}}, {"b", {{"type", "integer"}}}, {"c", {{"type", "boolean"}}}}},
      {"required", {"a"}},
      {"dependencies", {{"a", {"c"}}}},
      {"minProperties", 3}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"a", "example"}, {"b", 1}, {"c", true}}));
}

TEST(ExampleArguments, RootLevelOneOfPicksTheFirstWorkingBranch) {
  const Json schema{{"type", "object"},
                    {"properties", {{"id", {{"type", "integer"}}}, {"name", {{"type", "string"}}}}},
                    {"oneOf", {{{"required", {"id"}}}, {{"required", {"name"}}}}}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"id", 1}}));
}

TEST(ExampleArguments, ChecksItsOwnResultAgainstTheSchema) {
  // Two identical items break uniqueItems: the generator does not vary items, the check notices.
  const Json schema = closed_object({{"pair",
                                      {{"type", "array"},
                                       {"items", {{"type", "string"}}},
                                       {"minItems", 2},
                                       {"uniqueItems", true}}}},
                                    {"pair"});
  EXPECT_NE(expect_no_example(schema).find("do not validate"), std::string::npos);
}

TEST(ExampleArguments, ExplainsWhatItCannotDo) {
  const Json recursive{
      {"$defs", {{"Node", closed_object({{"next", {{"$ref", "#/$defs/Node"}}}}, {"next"})}}},
      {"$ref", "#/$defs/Node"}};
  EXPECT_NE(expect_no_example(recursive).find("deeper than"), std::string::npos);
  EXPECT_NE(
      expect_no_example(
          closed_object(
              {{"n", {{"type", "integer"}, {"minimum", 2}, {"maximum", 3}, {"multipleOf", 5}}}},
              {"n"}))
          .find("property \"n\": no integer satisfies"),
      std::string::npos);
  EXPECT_NE(expect_no_example(Json{{"type", "string"}}).find("does not describe an object"),
            std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object(Json::object(), {"ghost"})).find("additionalProperties"),
      std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object({{"x", {{"$ref", "https://example.com/s.json"}}}}, {"x"}))
          .find("cannot resolve $ref"),
      std::string::npos);
  EXPECT_NE(expect_no_example(closed_object({{"x", {{"enum", Json::array()}}}}, {"x"}))
                .find("empty enum"),
            std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object({{"s", {{"type", "string"}, {"minLength", "3"}}}}, {"s"}))
          .find("malformed input schema"),
      std::string::npos);
  EXPECT_FALSE(example_arguments(Json{{"type", "string"}}, nullptr));
}

}  // namespace
}  // namespace mcp::schema
