// The fixtures of the official suite's 2026-07-28 scenarios, driven through the
// dispatcher as a 2026-07-28 client would (the _meta envelope, one session per
// request), and in the legacy era where the same tools ask over the stream.
#include <gtest/gtest.h>

#include <algorithm>

#include "protocol/request_metadata.hpp"
#include "reference_server/dispatcher.hpp"

namespace mcp::server {
namespace {

Json accept(Json content) {
  return Json{{"action", "accept"}, {"content", std::move(content)}};
}

Json sampled(const std::string& text) {
  return Json{{"role", "assistant"},
              {"content", {{"type", "text"}, {"text", text}}},
              {"model", "test-model"},
              {"stopReason", "endTurn"}};
}

Json roots() {
  return Json{
      {"roots", Json::array({{{"uri", "file:///home/user/project"}, {"name", "project"}}})}};
}

const Json kAllCapabilities{
    {"sampling", Json::object()}, {"elicitation", Json::object()}, {"roots", Json::object()}};

std::string first_text(const Json& result) {
  return result["content"][0]["text"].get<std::string>();
}

class Fixtures2026Test : public ::testing::Test {
 protected:
  /// A 2026-07-28 request: `params` plus the envelope with `capabilities`.
  static Json modern_request(const std::string& method, Json params,
                             const Json& capabilities = kAllCapabilities, Json extra_meta = {}) {
    Json meta{{modern::kProtocolVersionKey, "2026-07-28"},
              {modern::kClientCapabilitiesKey, capabilities},
              {modern::kClientInfoKey, {{"name", "fixtures-test"}, {"version", "1"}}}};
    if (extra_meta.is_object()) meta.update(extra_meta);
    params["_meta"] = std::move(meta);
    return jsonrpc::make_request(++id_, method, std::move(params));
  }

  /// Admits and answers a 2026-07-28 request; the whole response message.
  Json modern(const std::string& method, Json params, const Json& capabilities = kAllCapabilities,
              const Emit& emit = {}, Json extra_meta = {}) {
    const auto request = modern_request(method, std::move(params), capabilities, extra_meta);
    auto admitted = dispatcher_.admit_modern(request);
    EXPECT_TRUE(admitted.session) << admitted.error.dump();
    if (!admitted.session) return admitted.error;
    auto response = dispatcher_.handle_request(request, *admitted.session, emit);
    EXPECT_TRUE(response);
    return response.value_or(Json());
  }

  Json call_tool(const std::string& name, Json extra = Json::object(),
                 const Json& capabilities = kAllCapabilities) {
    Json params{{"name", name}, {"arguments", Json::object()}};
    if (extra.is_object()) params.update(extra);
    return modern("tools/call", std::move(params), capabilities);
  }

  /// The retry of `name` answering `responses` with the state of `previous`.
  Json retry(const std::string& name, const Json& previous, Json responses,
             const std::string& method = "tools/call") {
    Json params{{"name", name},
                {"inputResponses", std::move(responses)},
                {"requestState", previous["result"]["requestState"]}};
    if (method == "tools/call") params["arguments"] = Json::object();
    return modern(method, std::move(params));
  }

  static void expect_input_required(const Json& response, const std::vector<std::string>& keys) {
    ASSERT_TRUE(response.contains("result")) << response.dump();
    const auto& result = response["result"];
    EXPECT_EQ(result["resultType"], "input_required");
    EXPECT_TRUE(result["requestState"].is_string());
    ASSERT_TRUE(result["inputRequests"].is_object()) << result.dump();
    EXPECT_EQ(result["inputRequests"].size(), keys.size()) << result.dump();
    for (const auto& key : keys)
      EXPECT_TRUE(result["inputRequests"].contains(key)) << key << " in " << result.dump();
  }

  static const Json& complete(const Json& response) {
    EXPECT_TRUE(response.contains("result")) << response.dump();
    EXPECT_EQ(response["result"]["resultType"], "complete") << response.dump();
    EXPECT_FALSE(response["result"].value("isError", false)) << response.dump();
    return response["result"];
  }

  std::unique_ptr<Catalog> catalog_ = make_reference_catalog();
  Dispatcher dispatcher_{ServerInfo{.version = "test"}, *catalog_, 0};
  inline static int id_ = 0;
};

TEST_F(Fixtures2026Test, ElicitationAsksForUserNameThenGreets) {
  const auto first = call_tool("test_input_required_result_elicitation");
  expect_input_required(first, {"user_name"});
  const auto& ask = first["result"]["inputRequests"]["user_name"];
  EXPECT_EQ(ask["method"], "elicitation/create");
  EXPECT_EQ(ask["params"]["requestedSchema"]["required"], Json::array({"name"}));

  const auto done = retry("test_input_required_result_elicitation", first,
                          {{"user_name", accept({{"name", "Alice"}})}});
  EXPECT_EQ(first_text(complete(done)), "Hello, Alice!");
}

TEST_F(Fixtures2026Test, SamplingAndRootsUseTheSuitesKeys) {
  const auto sampling = call_tool("test_input_required_result_sampling");
  expect_input_required(sampling, {"capital_question"});
  EXPECT_EQ(sampling["result"]["inputRequests"]["capital_question"]["method"],
            "sampling/createMessage");
  const auto answered = retry("test_input_required_result_sampling", sampling,
                              {{"capital_question", sampled("Paris.")}});
  EXPECT_NE(first_text(complete(answered)).find("Paris."), std::string::npos);

  const auto listing = call_tool("test_input_required_result_list_roots");
  expect_input_required(listing, {"client_roots"});
  EXPECT_EQ(listing["result"]["inputRequests"]["client_roots"]["method"], "roots/list");
  const auto listed =
      retry("test_input_required_result_list_roots", listing, {{"client_roots", roots()}});
  EXPECT_NE(first_text(complete(listed)).find("file:///home/user/project"), std::string::npos);
}

TEST_F(Fixtures2026Test, RequestStateRoundTripSaysStateOk) {
  const auto first = call_tool("test_input_required_result_request_state");
  expect_input_required(first, {"confirm"});
  const auto done = retry("test_input_required_result_request_state", first,
                          {{"confirm", accept({{"ok", true}})}});
  EXPECT_NE(first_text(complete(done)).find("state-ok"), std::string::npos);
}

TEST_F(Fixtures2026Test, TamperedRequestStateIsRefused) {
  auto first = call_tool("test_input_required_result_tampered_state");
  expect_input_required(first, {"approval"});
  first["result"]["requestState"] =
      first["result"]["requestState"].get<std::string>() + "-TAMPERED";
  const auto refused = retry("test_input_required_result_tampered_state", first,
                             {{"approval", accept({{"ok", true}})}});
  EXPECT_EQ(refused["error"]["code"], jsonrpc::kInvalidParams) << refused.dump();
  EXPECT_FALSE(refused.contains("result"));
}

TEST_F(Fixtures2026Test, MultipleInputsAskedAtOnceAndOnlyTheMissingAskedAgain) {
  const auto first = call_tool("test_input_required_result_multiple_inputs");
  expect_input_required(first, {"user_name", "greeting", "client_roots"});

  const auto partial =
      retry("test_input_required_result_multiple_inputs", first,
            {{"user_name", accept({{"name", "Alice"}})}, {"greeting", sampled("Hello there!")}});
  expect_input_required(partial, {"client_roots"});

  const auto done = retry("test_input_required_result_multiple_inputs", partial,
                          {{"client_roots", roots()}, {"unasked", accept({{"x", 1}})}});
  const auto text = first_text(complete(done));
  EXPECT_NE(text.find("Hello there!"), std::string::npos) << text;
  EXPECT_NE(text.find("Alice"), std::string::npos) << text;
}

TEST_F(Fixtures2026Test, MultiRoundTakesThreeRoundsWithFreshState) {
  const auto round1 = call_tool("test_input_required_result_multi_round");
  expect_input_required(round1, {"step1"});
  const auto round2 = retry("test_input_required_result_multi_round", round1,
                            {{"step1", accept({{"name", "Alice"}})}});
  expect_input_required(round2, {"step2"});
  EXPECT_NE(round2["result"]["requestState"], round1["result"]["requestState"]);
  const auto round3 = retry("test_input_required_result_multi_round", round2,
                            {{"step2", accept({{"color", "blue"}})}});
  EXPECT_EQ(first_text(complete(round3)), "Alice likes blue");
}

TEST_F(Fixtures2026Test, MissingResponsesAreAskedAgainAndExtraOnesIgnored) {
  const auto wrong = call_tool("test_input_required_result_elicitation",
                               {{"inputResponses", {{"wrong_key", accept({{"name", "X"}})}}}});
  expect_input_required(wrong, {"user_name"});
  const auto extra =
      call_tool("test_input_required_result_elicitation",
                {{"inputResponses",
                  {{"user_name", accept({{"name", "Bo"}})}, {"another", accept({{"baz", 123}})}}}});
  EXPECT_EQ(first_text(complete(extra)), "Hello, Bo!");
}

TEST_F(Fixtures2026Test, UndeclaredCapabilityIsMinus32021WithRequiredCapabilities) {
  const auto refused =
      call_tool("test_missing_capability", Json::object(), {{"elicitation", Json::object()}});
  ASSERT_EQ(refused["error"]["code"], jsonrpc::kMissingRequiredClientCapability) << refused.dump();
  const auto& required = refused["error"]["data"]["requiredCapabilities"];
  ASSERT_TRUE(required.is_object());
  EXPECT_EQ(required["sampling"], Json::object());

  const auto asked =
      call_tool("test_missing_capability", Json::object(), {{"sampling", Json::object()}});
  expect_input_required(asked, {"readiness"});
}

TEST_F(Fixtures2026Test, InputRequestsOnlyForDeclaredCapabilities) {
  const auto sampling_only = call_tool("test_input_required_result_capabilities", Json::object(),
                                       {{"sampling", Json::object()}});
  expect_input_required(sampling_only, {"model_opinion"});
  EXPECT_EQ(sampling_only["result"]["inputRequests"]["model_opinion"]["method"],
            "sampling/createMessage");

  const auto elicitation_and_roots =
      call_tool("test_input_required_result_capabilities", Json::object(),
                {{"elicitation", Json::object()}, {"roots", {{"listChanged", true}}}});
  expect_input_required(elicitation_and_roots, {"user_choice", "client_roots"});

  const auto nothing =
      call_tool("test_input_required_result_capabilities", Json::object(), Json::object());
  EXPECT_NE(first_text(complete(nothing)).find("nothing to ask"), std::string::npos);
}

TEST_F(Fixtures2026Test, PromptAsksForItsContextThenAnswersMessages) {
  const auto first = modern("prompts/get", {{"name", "test_input_required_result_prompt"}});
  expect_input_required(first, {"user_context"});
  const auto done =
      retry("test_input_required_result_prompt", first,
            {{"user_context", accept({{"context", "the test context"}})}}, "prompts/get");
  const auto& messages = complete(done)["messages"];
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0]["content"]["text"].get<std::string>().find("the test context"),
            std::string::npos);
}

TEST_F(Fixtures2026Test, LoggingToolLogsOnlyWhenTheRequestSetsALevel) {
  std::vector<Json> emitted;
  const Emit collect = [&](const Json& message) { emitted.push_back(message); };
  const Json call{{"name", "test_logging_tool"}, {"arguments", Json::object()}};
  complete(modern("tools/call", call, kAllCapabilities, collect));
  EXPECT_TRUE(emitted.empty());
  EXPECT_FALSE(dispatcher_.may_emit_before_modern_response(modern_request("tools/call", call)));

  const Json debug{{modern::kLogLevelKey, "debug"}};
  complete(modern("tools/call", call, kAllCapabilities, collect, debug));
  ASSERT_EQ(emitted.size(), 2u);
  EXPECT_EQ(emitted[0]["method"], "notifications/message");
  EXPECT_TRUE(
      dispatcher_.may_emit_before_modern_response(modern_request("tools/call", call, {}, debug)));
}

TEST_F(Fixtures2026Test, AskingToolsAnswerAsPlainJsonInTheModernEra) {
  // An -32021 must go out with HTTP 400, which a started stream cannot carry.
  for (const char* tool : {"test_missing_capability", "test_streaming_elicitation",
                           "test_input_required_result_elicitation", "test_sampling"}) {
    const auto request = modern_request("tools/call", {{"name", tool}}, kAllCapabilities,
                                        {{"progressToken", 1}, {modern::kLogLevelKey, "debug"}});
    EXPECT_FALSE(dispatcher_.may_emit_before_modern_response(request)) << tool;
    EXPECT_TRUE(dispatcher_.may_emit_before_response(
        jsonrpc::make_request(1, "tools/call", {{"name", tool}})))
        << tool;
  }
}

TEST_F(Fixtures2026Test, TriggersChangeTheirListAndNotify) {
  std::vector<std::string> notified;
  dispatcher_.set_notifier([&](const Json& notification, const std::string&) {
    notified.push_back(notification["method"].get<std::string>());
  });
  const auto listed = [&](const char* method, const char* key, const char* name) {
    const auto response = modern(method, Json::object());
    for (const auto& entry : response["result"][key]) {
      if (entry["name"] == name) return true;
    }
    return false;
  };
  EXPECT_FALSE(listed("tools/list", "tools", "extra_echo"));
  complete(call_tool("test_trigger_tool_change"));
  EXPECT_TRUE(listed("tools/list", "tools", "extra_echo"));
  complete(call_tool("test_trigger_tool_change"));
  EXPECT_FALSE(listed("tools/list", "tools", "extra_echo"));
  complete(call_tool("test_trigger_prompt_change"));
  EXPECT_TRUE(listed("prompts/list", "prompts", "extra_prompt"));
  EXPECT_EQ(notified, (std::vector<std::string>{"notifications/tools/list_changed",
                                                "notifications/tools/list_changed",
                                                "notifications/prompts/list_changed"}));
}

TEST_F(Fixtures2026Test, CustomHeaderToolsMarkTheirHeaderArguments) {
  const Tool* tool = catalog_->tools.find("test_custom_headers");
  ASSERT_TRUE(tool);
  std::vector<std::string> headers;
  for (const auto& param : tool->header_params)
    headers.push_back(modern::header_param_name(param));
  std::sort(headers.begin(), headers.end());
  EXPECT_EQ(headers,
            (std::vector<std::string>{"Mcp-Param-Label", "Mcp-Param-Note", "Mcp-Param-Priority",
                                      "Mcp-Param-Region", "Mcp-Param-Verbose"}));
  const auto done =
      call_tool("test_custom_headers",
                {{"arguments", {{"region", "us-west1"}, {"priority", 42}, {"query", "SELECT 1"}}}});
  EXPECT_NE(first_text(complete(done)).find("region=\"us-west1\""), std::string::npos);

  const auto nulled = call_tool(
      "test_custom_headers_null",
      {{"arguments",
        {{"region", "us-east1"}, {"priority", 1}, {"verbose", nullptr}, {"query", "SELECT 1"}}}});
  complete(nulled);
}

// ---- the same fixtures in the legacy (initialize) era ----

class Fixtures2026LegacyTest : public Fixtures2026Test {
 protected:
  void initialize(const Json& capabilities) {
    const auto response = dispatcher_.handle_request(
        jsonrpc::make_request(0, "initialize",
                              {{"protocolVersion", "2025-11-25"},
                               {"capabilities", capabilities},
                               {"clientInfo", {{"name", "t"}, {"version", "1"}}}}),
        session_, {});
    ASSERT_TRUE(response && response->contains("result"));
  }

  Json legacy(const std::string& method, Json params, const Emit& emit = {}) {
    auto response = dispatcher_.handle_request(
        jsonrpc::make_request(++id_, method, std::move(params)), session_, emit);
    EXPECT_TRUE(response);
    return response.value_or(Json());
  }

  Session session_{"legacy"};
};

TEST_F(Fixtures2026LegacyTest, AsksOverTheStreamAndAnswersWithTheReply) {
  initialize(kAllCapabilities);
  std::vector<std::string> asked;
  const Emit client = [&](const Json& message) {
    if (!message.contains("id")) return;  // a notification
    asked.push_back(message["method"].get<std::string>());
    const Json answer = message["method"] == "elicitation/create" ? accept({{"name", "Bob"}})
                        : message["method"] == "roots/list"       ? roots()
                                                                  : sampled("Hi!");
    dispatcher_.handle_response(jsonrpc::make_result(message["id"], answer));
  };
  const Json no_arguments{{"arguments", Json::object()}};
  auto params = no_arguments;
  params["name"] = "test_input_required_result_elicitation";
  EXPECT_EQ(first_text(legacy("tools/call", params, client)["result"]), "Hello, Bob!");
  params["name"] = "test_input_required_result_multiple_inputs";
  const auto all = legacy("tools/call", params, client)["result"];
  EXPECT_FALSE(all.value("isError", false)) << all.dump();
  EXPECT_EQ(asked, (std::vector<std::string>{"elicitation/create", "elicitation/create",
                                             "sampling/createMessage", "roots/list"}));
}

TEST_F(Fixtures2026LegacyTest, FailedAsksAreToolErrorsNotProtocolErrors) {
  initialize({{"elicitation", Json::object()}});
  const auto no_sampling =
      legacy("tools/call", {{"name", "test_missing_capability"}, {"arguments", Json::object()}},
             [](const Json&) {});
  EXPECT_TRUE(no_sampling["result"]["isError"]);
  EXPECT_NE(first_text(no_sampling["result"]).find("sampling"), std::string::npos);

  const auto no_stream = legacy("tools/call", {{"name", "test_input_required_result_elicitation"},
                                               {"arguments", Json::object()}});
  EXPECT_TRUE(no_stream["result"]["isError"]);

  // prompts/get has no stream to ask on: the prompt still answers.
  const auto prompt = legacy("prompts/get", {{"name", "test_input_required_result_prompt"}});
  ASSERT_TRUE(prompt.contains("result")) << prompt.dump();
  EXPECT_NE(prompt["result"]["messages"][0]["content"]["text"].get<std::string>().find("(none"),
            std::string::npos);
}

}  // namespace
}  // namespace mcp::server
