#include "protocol/schema_validator.hpp"

#include <gtest/gtest.h>

namespace mcp::schema {
namespace {

TEST(SchemaValidator, ReportsPathAndReason) {
  std::string error;
  const auto v =
      Validator::compile(Json{{"type", "object"},
                              {"properties", {{"n", {{"type", "integer"}, {"minimum", 1}}}}},
                              {"required", {"n"}}},
                         &error);
  ASSERT_TRUE(v) << error;
  EXPECT_TRUE(v->validate(Json{{"n", 3}}).empty());
  const auto missing = v->validate(Json::object());
  ASSERT_FALSE(missing.empty());
  const auto wrong = v->validate(Json{{"n", "three"}});
  ASSERT_FALSE(wrong.empty());
  EXPECT_NE(wrong.front().find("n"), std::string::npos) << wrong.front();
  EXPECT_FALSE(v->validate(Json{{"n", 0}}).empty());
}

TEST(SchemaValidator, RejectsSchemasThatDoNotCompile) {
  std::string error;
  EXPECT_FALSE(Validator::compile(Json{{"type", 12}}, &error));
  EXPECT_FALSE(error.empty());
}

TEST(SchemaValidator, CompilesANamedDefinitionWithInnerRefs) {
  const Json document{{"$schema", "http://json-schema.org/draft-07/schema#"},
                      {"definitions",
                       {{"Id", {{"type", {"string", "integer"}}}},
                        {"Message",
                         {{"type", "object"},
                          {"properties", {{"id", {{"$ref", "#/definitions/Id"}}}}},
                          {"required", {"id"}}}}}}};
  std::string error;
  const auto v = Validator::compile_definition(document, "Message", &error);
  ASSERT_TRUE(v) << error;
  EXPECT_TRUE(v->validate(Json{{"id", "x"}}).empty());
  EXPECT_TRUE(v->validate(Json{{"id", 3}}).empty());
  EXPECT_FALSE(v->validate(Json{{"id", 1.5}}).empty());
  EXPECT_FALSE(Validator::compile_definition(document, "Nope", &error));
}

}  // namespace
}  // namespace mcp::schema
