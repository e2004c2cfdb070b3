// mock-openai serve: reading a POST /v1/responses body. Every malformed request is a 400 in
// OpenAI's shape that names the parameter at fault; what the mock does not do is refused,
// saying so, instead of being ignored.
#include <gtest/gtest.h>

#include "mock_openai/serve_request.hpp"

namespace mcp::mock::serve {
namespace {

Json mcp_tool(Json extra = Json::object()) {
  Json tool{{"type", "mcp"}, {"server_label", "ref"}, {"server_url", "http://127.0.0.1:1/mcp"}};
  tool.update(extra);
  return tool;
}

Json body(Json extra = Json::object()) {
  Json b{{"model", "gpt-test"}, {"input", "hello"}, {"tools", Json::array({mcp_tool()})}};
  b.update(extra);
  return b;
}

/// The error a body gets; fails the test when it is accepted.
ApiError rejected(const Json& request) {
  ApiError error;
  const auto parsed = parse_create_request(request, &error);
  EXPECT_FALSE(parsed) << request.dump();
  return error;
}

CreateRequest accepted(const Json& request) {
  ApiError error;
  auto parsed = parse_create_request(request, &error);
  EXPECT_TRUE(parsed) << request.dump() << "\n" << error.body().dump();
  return parsed ? *parsed : CreateRequest{};
}

TEST(ServeRequest, AFullMcpToolIsRead) {
  const auto r = accepted(body({{"tools", Json::array({mcp_tool({
                                              {"headers", {{"X-Key", "v"}}},
                                              {"authorization", "token-1"},
                                              {"allowed_tools", Json::array({"echo"})},
                                              {"require_approval", "never"},
                                              {"server_description", "the reference"},
                                          })})}}));
  ASSERT_EQ(r.bindings.size(), 1u);
  const auto& b = r.bindings[0];
  EXPECT_EQ(b.server_label, "ref");
  EXPECT_EQ(b.server_url, "http://127.0.0.1:1/mcp");
  ASSERT_EQ(b.headers.size(), 1u);
  EXPECT_EQ(b.headers[0], (std::pair<std::string, std::string>{"X-Key", "v"}));
  EXPECT_EQ(b.authorization, "token-1");
  EXPECT_TRUE(b.filter.allows(Json{{"name", "echo"}}));
  EXPECT_FALSE(b.filter.allows(Json{{"name", "add"}}));
  EXPECT_FALSE(b.approval.requires_approval(Json{{"name", "echo"}}));
  // The echo in the Response never shows the secrets (S3).
  const auto echoed = b.echoed();
  EXPECT_TRUE(echoed["headers"].is_null());
  EXPECT_FALSE(echoed.contains("authorization"));
  EXPECT_EQ(echoed["server_description"], "the reference");
}

TEST(ServeRequest, ApprovalDefaultsToAlwaysAsOpenAis) {
  const auto r = accepted(body());
  EXPECT_TRUE(r.bindings.at(0).approval.requires_approval(Json{{"name", "echo"}}));
  EXPECT_EQ(r.bindings.at(0).require_approval, "always");
}

TEST(ServeRequest, AStringInputIsOneUserMessage) {
  const auto r = accepted(body());
  ASSERT_EQ(r.input.size(), 1u);
  EXPECT_EQ(r.input[0]["role"], "user");
  EXPECT_EQ(latest_user_text(r.input), "hello");
  const auto items = accepted(
      body({{"input", Json::array({Json{{"role", "user"}, {"content", "first"}},
                                   Json{{"role", "assistant"}, {"content", "reply"}},
                                   Json{{"role", "user"},
                                        {"content", Json::array({Json{{"type", "input_text"},
                                                                      {"text", "second"}}})}}})}}));
  EXPECT_EQ(latest_user_text(items.input), "second");
  EXPECT_EQ(items.input[0]["type"], "message");  // a role without a type is a message
}

TEST(ServeRequest, MissingAndMistypedParametersAreNamed) {
  struct Case {
    Json request;
    std::string param;
    std::string code;
  };
  Json no_model = body();
  no_model.erase("model");
  const std::vector<Case> cases{
      {no_model, "model", "missing_required_parameter"},
      {body({{"model", 3}}), "model", "invalid_type"},
      {body({{"stream", "yes"}}), "stream", "invalid_type"},
      {body({{"input", 12}}), "input", "invalid_type"},
      {body({{"input", Json::array({1})}}), "input[0]", "invalid_type"},
      {body({{"input", Json::array({Json{{"role", "robot"}, {"content", "x"}}})}}), "input[0].role",
       "invalid_value"},
      {body({{"input", Json::array({Json{{"type", "message"}, {"role", "user"}}})}}),
       "input[0].content", "missing_required_parameter"},
      {body({{"input", Json::array({Json{{"type", "mcp_approval_response"},
                                         {"approval_request_id", "mcpr_1"}}})}}),
       "input[0].approve", "missing_required_parameter"},
      {body({{"input", Json::array({Json{{"type", "mcp_approval_response"},
                                         {"approval_request_id", "mcpr_1"},
                                         {"approve", "yes"}}})}}),
       "input[0].approve", "invalid_type"},
      {body({{"tools", Json::object()}}), "tools", "invalid_type"},
      {body({{"tools", Json::array({Json{{"server_label", "x"}}})}}), "tools[0].type",
       "missing_required_parameter"},
      {body({{"tools", Json::array({mcp_tool({{"server_label", nullptr}})})}}),
       "tools[0].server_label", "missing_required_parameter"},
      {body({{"tools", Json::array({mcp_tool({{"server_url", nullptr}})})}}), "tools[0].server_url",
       "missing_required_parameter"},
      {body({{"tools", Json::array({mcp_tool({{"server_url", "ftp://x"}})})}}),
       "tools[0].server_url", "invalid_url"},
      {body({{"tools", Json::array({mcp_tool({{"headers", {{"X", 1}}}})})}}), "tools[0].headers.X",
       "invalid_type"},
      {body({{"tools", Json::array({mcp_tool({{"allowed_tools", 5}})})}}), "tools[0].allowed_tools",
       "invalid_value"},
      {body({{"tools", Json::array({mcp_tool({{"require_approval", "sometimes"}})})}}),
       "tools[0].require_approval", "invalid_value"},
      {body({{"tools", Json::array({mcp_tool(), mcp_tool()})}}), "tools[1].server_label",
       "invalid_value"},
      {body({{"tool_choice", "maybe"}}), "tool_choice", "invalid_value"},
      {body({{"tool_choice", {{"type", "mcp"}, {"server_label", "other"}}}}),
       "tool_choice.server_label", "invalid_value"},
      {body({{"max_tool_calls", -1}}), "max_tool_calls", "invalid_type"},
      {body({{"metadata", {{"k", 1}}}}), "metadata.k", "invalid_type"},
      // Output items passed back by hand must have the fields the mock reads.
      {body({{"input", Json::array({Json{{"type", "mcp_approval_request"},
                                         {"id", "mcpr_1"},
                                         {"server_label", "ref"},
                                         {"name", "echo"},
                                         {"arguments", Json::object()}}})}}),
       "input[0].arguments", "invalid_type"},
      {body({{"input", Json::array({Json{{"type", "mcp_list_tools"},
                                         {"server_label", "ref"},
                                         {"tools", Json::array({Json{{"name", 3}}})}}})}}),
       "input[0].tools[0].name", "missing_required_parameter"},
      {body({{"input", Json::array({Json{{"type", "mcp_call"}, {"server_label", 1}}})}}),
       "input[0].server_label", "invalid_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.request.dump());
    const auto error = rejected(c.request);
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.type, "invalid_request_error");
    EXPECT_EQ(error.param, c.param);
    EXPECT_EQ(error.code, c.code);
    EXPECT_FALSE(error.message.empty());
    const auto shown = error.body();
    EXPECT_EQ(shown["error"]["param"], c.param);
  }
}

TEST(ServeRequest, UnknownParametersAreRefused) {
  auto error = rejected(body({{"modle", "x"}}));
  EXPECT_EQ(error.param, "modle");
  EXPECT_EQ(error.code, "unknown_parameter");
  error = rejected(body({{"tools", Json::array({mcp_tool({{"server_urll", "x"}})})}}));
  EXPECT_EQ(error.param, "tools[0].server_urll");
  EXPECT_EQ(error.code, "unknown_parameter");
}

TEST(ServeRequest, WhatTheMockDoesNotDoIsA400ThatSaysSo) {
  struct Case {
    Json request;
    std::string param;
  };
  Json connector = mcp_tool({{"connector_id", "connector_gmail"}});
  connector.erase("server_url");
  const std::vector<Case> cases{
      {body({{"background", true}}), "background"},
      {body({{"conversation", "conv_1"}}), "conversation"},
      {body({{"tools", Json::array({connector})}}), "tools[0].connector_id"},
      {body({{"tools", Json::array({mcp_tool({{"tunnel_id", "tunnel_x"}})})}}),
       "tools[0].tunnel_id"},
      {body({{"tools", Json::array({mcp_tool({{"defer_loading", true}})})}}),
       "tools[0].defer_loading"},
      {body({{"tools", Json::array({Json{{"type", "web_search"}}})}}), "tools[0].type"},
      {body({{"tool_choice", {{"type", "function"}, {"name", "f"}}}}), "tool_choice.type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.request.dump());
    const auto error = rejected(c.request);
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.param, c.param);
    EXPECT_EQ(error.code, "unsupported_parameter");
    EXPECT_NE(error.message.find("mock-openai serve does not support"), std::string::npos)
        << error.message;
  }
}

TEST(ServeRequest, BodiesThatAreNotObjectsAreRefused) {
  for (const Json& request : {Json::array(), Json("text"), Json(3), Json()}) {
    const auto error = rejected(request);
    EXPECT_EQ(error.status, 400);
    EXPECT_FALSE(error.param);
  }
}

TEST(ServeRequest, FunctionToolsAreAcceptedAndToolChoiceIsRead) {
  const auto r = accepted(
      body({{"tools", Json::array({mcp_tool(), Json{{"type", "function"}, {"name", "f"}}})},
            {"tool_choice", {{"type", "mcp"}, {"server_label", "ref"}, {"name", "add"}}}}));
  EXPECT_EQ(r.bindings.size(), 1u);
  EXPECT_EQ(r.other_tools.size(), 1u);
  EXPECT_EQ(r.tool_choice.mode, ToolChoice::Mode::kMcp);
  EXPECT_EQ(r.tool_choice.name, "add");
  EXPECT_EQ(accepted(body({{"tool_choice", "none"}})).tool_choice.mode, ToolChoice::Mode::kNone);
  const auto stored = accepted(body({{"store", false}, {"stream", true}, {"max_tool_calls", 0}}));
  EXPECT_FALSE(stored.store);
  EXPECT_TRUE(stored.stream);
  EXPECT_EQ(stored.max_tool_calls, 0);
}

}  // namespace
}  // namespace mcp::mock::serve
