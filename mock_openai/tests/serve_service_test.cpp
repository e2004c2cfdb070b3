// mock-openai serve end to end, in process, against the reference server: each output item,
// the approval round trip, list caching across turns, the model's rules, and each error path,
// checked both in the Response and in what reached the MCP server (the transcript files).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "mock_openai/tests/serve_support.hpp"

namespace mcp::testing {
namespace {

using mock::serve::ApiError;
using mock::serve::ResponsesService;

class ServeService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ReferenceServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static const std::string& url() { return server_->url(); }

  ResponsesService& service(mock::serve::ServiceOptions options) {
    service_ = std::make_unique<ResponsesService>(std::move(options));
    return *service_;
  }
  ResponsesService& service() { return service(service_options(dir_.path())); }
  Json transcript(const Json& response) { return transcript_of(dir_.path(), response["id"]); }

  TempDir dir_;
  std::unique_ptr<ResponsesService> service_;
  static ReferenceServer* server_;
};
ReferenceServer* ServeService::server_ = nullptr;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST_F(ServeService, WithoutApprovalItListsCallsAndStatesTheOutput) {
  auto& s = service();
  const auto r = create_ok(s, responses_body(url(), "@call echo {\"text\": \"hello there\"}",
                                             {{"require_approval", "never"}}));
  EXPECT_EQ(r["object"], "response");
  EXPECT_EQ(r["status"], "completed");
  EXPECT_EQ(r["model"], "gpt-test");
  EXPECT_TRUE(r["id"].get<std::string>().starts_with("resp_"));
  ASSERT_EQ(r["output"].size(), 3u) << r.dump(2);
  EXPECT_EQ(r["output"][0]["type"], "mcp_list_tools");
  EXPECT_EQ(r["output"][1]["type"], "mcp_call");
  EXPECT_EQ(r["output"][2]["type"], "message");
  const auto& call = r["output"][1];
  EXPECT_EQ(call["name"], "echo");
  EXPECT_EQ(call["arguments"], "{\"text\":\"hello there\"}");
  EXPECT_EQ(call["output"], "hello there");
  EXPECT_EQ(call["status"], "completed");
  EXPECT_TRUE(call["approval_request_id"].is_null());
  EXPECT_NE(message_text(r).find("hello there"), std::string::npos) << message_text(r);
  EXPECT_GT(r["usage"]["total_tokens"].get<int>(), 0);
  // The profile's flow went over the wire: listing, then the call (responses-2025 opens a
  // second session for it).
  const auto methods = methods_sent(transcript(r));
  EXPECT_EQ(std::count(methods.begin(), methods.end(), "initialize"), 2) << Json(methods).dump();
  EXPECT_TRUE(contains(methods, "tools/list"));
  EXPECT_TRUE(contains(methods, "tools/call"));
}

TEST_F(ServeService, ByDefaultItAsksApprovalAndSendsNoCall) {
  auto& s = service();
  const auto r = create_ok(s, responses_body(url(), "@call add {\"a\": 2, \"b\": 3}"));
  const auto requests = items_of(r, "mcp_approval_request");
  ASSERT_EQ(requests.size(), 1u) << r.dump(2);
  EXPECT_EQ(requests[0]["name"], "add");
  EXPECT_EQ(requests[0]["arguments"], "{\"a\":2,\"b\":3}");
  EXPECT_TRUE(requests[0]["id"].get<std::string>().starts_with("mcpr_"));
  EXPECT_TRUE(items_of(r, "mcp_call").empty());
  EXPECT_TRUE(items_of(r, "message").empty());  // OpenAI stops at the request
  EXPECT_FALSE(contains(methods_sent(transcript(r)), "tools/call"));
}

TEST_F(ServeService, AnApprovalRunsTheCallWithoutListingAgain) {
  auto& s = service();
  const auto first = create_ok(s, responses_body(url(), "@call add {\"a\": 2, \"b\": 3}"));
  const auto request_id = items_of(first, "mcp_approval_request").at(0)["id"];
  const auto second =
      create_ok(s, responses_body(url(), "", {},
                                  {{"previous_response_id", first["id"]},
                                   {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                               {"approval_request_id", request_id},
                                                               {"approve", true}}})}}));
  EXPECT_TRUE(items_of(second, "mcp_list_tools").empty()) << second.dump(2);
  const auto calls = items_of(second, "mcp_call");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["approval_request_id"], request_id);
  EXPECT_EQ(calls[0]["output"], "5");
  EXPECT_EQ(second["previous_response_id"], first["id"]);
  EXPECT_NE(message_text(second).find("5"), std::string::npos);
  const auto methods = methods_sent(transcript(second));
  EXPECT_FALSE(contains(methods, "tools/list")) << Json(methods).dump();
  EXPECT_TRUE(contains(methods, "tools/call"));

  // Answered once: a second answer is refused.
  const auto again = create_error(
      s, responses_body(url(), "", {},
                        {{"previous_response_id", second["id"]},
                         {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                     {"approval_request_id", request_id},
                                                     {"approve", true}}})}}));
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.param, "input[0].approval_request_id");
}

TEST_F(ServeService, ItemsPassedBackByHandCountAsTheConversation) {
  auto& s = service();
  const auto first = create_ok(s, responses_body(url(), "@call echo {\"text\": \"by hand\"}"));
  Json input = first["output"];  // the list and the approval request, without the store
  input.push_back(Json{{"type", "mcp_approval_response"},
                       {"approval_request_id", items_of(first, "mcp_approval_request").at(0)["id"]},
                       {"approve", true}});
  const auto second = create_ok(s, responses_body(url(), "", {}, {{"input", input}}));
  EXPECT_TRUE(items_of(second, "mcp_list_tools").empty()) << second.dump(2);
  EXPECT_EQ(items_of(second, "mcp_call").at(0)["output"], "by hand");
}

TEST_F(ServeService, ADeniedApprovalCallsNothing) {
  auto& s = service();
  const auto first = create_ok(s, responses_body(url(), "@call echo {\"text\": \"x\"}"));
  const auto request_id = items_of(first, "mcp_approval_request").at(0)["id"];
  const auto second =
      create_ok(s, responses_body(url(), "", {},
                                  {{"previous_response_id", first["id"]},
                                   {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                               {"approval_request_id", request_id},
                                                               {"approve", false},
                                                               {"reason", "not now"}}})}}));
  EXPECT_TRUE(items_of(second, "mcp_call").empty());
  EXPECT_NE(message_text(second).find("was not approved: not now"), std::string::npos);
  EXPECT_TRUE(methods_sent(transcript(second)).empty());
}

TEST_F(ServeService, ALaterTurnCallsAgainWithoutListing) {
  auto& s = service();
  const Json never{{"require_approval", "never"}};
  const auto first = create_ok(s, responses_body(url(), "@call echo {\"text\": \"one\"}", never));
  const auto second = create_ok(s, responses_body(url(), "@call echo {\"text\": \"two\"}", never,
                                                  {{"previous_response_id", first["id"]}}));
  EXPECT_TRUE(items_of(second, "mcp_list_tools").empty());
  EXPECT_EQ(items_of(second, "mcp_call").at(0)["output"], "two");
  // A newly added server is listed, the known one is not (R18).
  Json two_servers = responses_body(url(), "@call echo {\"text\": \"three\"}", never,
                                    {{"previous_response_id", second["id"]}});
  Json other = two_servers["tools"][0];
  other["server_label"] = "other";
  two_servers["tools"].push_back(other);
  const auto third = create_ok(s, two_servers);
  const auto lists = items_of(third, "mcp_list_tools");
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]["server_label"], "other");
  EXPECT_EQ(items_of(third, "mcp_call").size(), 1u);  // one call a turn
}

TEST_F(ServeService, AllowedToolsFiltersWhatIsImportedAndCallable) {
  auto& s = service();
  const auto r = create_ok(
      s, responses_body(url(), "@call echo {\"text\": \"x\"}",
                        {{"allowed_tools", Json::array({"add"})}, {"require_approval", "never"}}));
  const auto lists = items_of(r, "mcp_list_tools");
  ASSERT_EQ(lists.size(), 1u);
  ASSERT_EQ(lists[0]["tools"].size(), 1u);
  EXPECT_EQ(lists[0]["tools"][0]["name"], "add");
  EXPECT_TRUE(items_of(r, "mcp_call").empty());
  EXPECT_NE(message_text(r).find("echo is not among the imported tools"), std::string::npos);
  // The default model then calls the one allowed tool, with arguments from its schema.
  const auto d = create_ok(s, responses_body(url(), "anything",
                                             {{"allowed_tools", {{"tool_names", {"add"}}}},
                                              {"require_approval", "never"}}));
  const auto calls = items_of(d, "mcp_call");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["name"], "add");
  EXPECT_EQ(calls[0]["status"], "completed");
}

TEST_F(ServeService, HeadersAndAuthorizationReachTheServerAndNoFile) {
  auto& s = service();
  const auto r = create_ok(
      s, responses_body(url(), "@call echo {\"text\": \"x\"}",
                        {{"headers", {{"X-Probe", "probe-value"}, {"X-Api-Key", "sk-secret-1"}}},
                         {"authorization", "oauth-token-42"},
                         {"require_approval", "never"}}));
  const auto file = transcript(r);
  bool probe = false, bearer = false;
  for (const auto& e : file["flows"][0]["transcript"]["exchanges"]) {
    for (const auto& h : e["request"]["headers"]) {
      // Header values are credentials as far as the mock knows: sent, never written down.
      probe = probe || (h[0] == "X-Probe" && h[1] == "[redacted]");
      bearer = bearer || (h[0] == "Authorization" && h[1].get<std::string>().starts_with("Bearer"));
    }
  }
  EXPECT_TRUE(probe) << file["flows"][0]["transcript"]["exchanges"][0]["request"].dump();
  EXPECT_TRUE(bearer);
  const auto text = file.dump();
  EXPECT_EQ(text.find("oauth-token-42"), std::string::npos);
  EXPECT_EQ(text.find("probe-value"), std::string::npos);
  EXPECT_EQ(text.find("sk-secret-1"), std::string::npos);
  EXPECT_EQ(r.dump().find("oauth-token-42"), std::string::npos);
  EXPECT_EQ(r.dump().find("sk-secret-1"), std::string::npos);
}

TEST_F(ServeService, AToolErrorAndAProtocolErrorLandInTheCallAndTheResponseCompletes) {
  auto& s = service();
  const Json never{{"require_approval", "never"}};
  auto r = create_ok(s, responses_body(url(), "@call fail {\"message\": \"boom\"}", never));
  EXPECT_EQ(r["status"], "completed");
  auto call = items_of(r, "mcp_call").at(0);
  EXPECT_EQ(call["status"], "failed");
  EXPECT_EQ(call["error"]["type"], "mcp_tool_execution_error");
  EXPECT_NE(message_text(r).find("fail on ref failed"), std::string::npos) << message_text(r);

  r = create_ok(s, responses_body(url(), "@call add {\"a\": \"not a number\"}", never));
  call = items_of(r, "mcp_call").at(0);
  EXPECT_EQ(call["status"], "failed");
  EXPECT_TRUE(call["error"].is_object()) << call.dump();
  EXPECT_TRUE(call["output"].is_null());
}

TEST_F(ServeService, AnUnreachableServerIsA424) {
  auto& s = service();
  const auto error = create_error(s, responses_body("http://127.0.0.1:1/mcp", "hi"));
  EXPECT_EQ(error.status, 424);
  EXPECT_EQ(error.type, "external_connector_error");
  EXPECT_EQ(error.param, "tools");
  EXPECT_EQ(error.code, "http_error");
  EXPECT_TRUE(error.message.starts_with("Error retrieving tool list from MCP server: 'ref'."))
      << error.message;
}

TEST_F(ServeService, AServerRefusingTheTokenIsA424WithItsStatus) {
  ReferenceServer guarded({"--auth-token", "right-token"});
  auto& s = service();
  const auto error = create_error(s, responses_body(guarded.url(), "hi"));
  EXPECT_EQ(error.status, 424);
  EXPECT_NE(error.message.find("Http status code: 401 (Unauthorized)"), std::string::npos)
      << error.message;
  // The mcp tool's authorization is what gets it through (as "Bearer TOKEN").
  const auto r =
      create_ok(s, responses_body(guarded.url(), "hi", {{"authorization", "right-token"}}));
  EXPECT_EQ(items_of(r, "mcp_list_tools").size(), 1u);
}

TEST_F(ServeService, AnExceededBudgetIsOpenAisTimeoutError) {
  auto options = service_options(dir_.path());
  options.budget_specs = {"tools/call=100"};
  auto& s = service(options);
  auto r = create_ok(
      s, responses_body(url(), "@call sleep {\"ms\": 400}", {{"require_approval", "never"}}));
  auto call = items_of(r, "mcp_call").at(0);
  EXPECT_EQ(call["status"], "failed");
  EXPECT_EQ(call["error"]["type"], "mcp_protocol_error");
  EXPECT_EQ(call["error"]["code"], 408);
  EXPECT_NE(call["error"]["message"].get<std::string>().find("Timed out"), std::string::npos);

  options.budget_specs = {"request=200"};  // no answer at all within the deadline
  auto& t = service(options);
  r = create_ok(
      t, responses_body(url(), "@call sleep {\"ms\": 1500}", {{"require_approval", "never"}}));
  call = items_of(r, "mcp_call").at(0);
  EXPECT_EQ(call["error"]["code"], 408) << call.dump();
}

TEST_F(ServeService, AListingOverItsBudgetIsA424) {
  ReferenceServer slow({"--fault", "slow-tools-list"});  // tools/list takes 1.5 s
  auto options = service_options(dir_.path());
  options.budget_specs = {"tools/list=300"};
  auto& s = service(options);
  const auto error = create_error(s, responses_body(slow.url(), "hi"));
  EXPECT_EQ(error.status, 424);
  EXPECT_EQ(error.type, "external_connector_error");
  EXPECT_NE(error.message.find("Timed out"), std::string::npos) << error.message;
  // The default budgets are inferred: the same slow listing changes nothing.
  auto& relaxed = service(service_options(dir_.path()));
  const auto r = create_ok(relaxed, responses_body(slow.url(), "@reply fine"));
  EXPECT_EQ(items_of(r, "mcp_list_tools").size(), 1u);
}

TEST_F(ServeService, TheScriptComesFirstThenTheDirectiveThenTheFirstTool) {
  auto options = service_options(dir_.path());
  std::string error;
  options.script = mock::serve::Script::parse(
      Json{{"rules",
            Json::array(
                {Json{{"match", "sum"}, {"tool", "add"}, {"arguments", {{"a", 40}, {"b", 2}}}},
                 Json{{"match", "greet"}, {"reply", "Hello from the script."}}})}},
      &error);
  auto& s = service(options);
  const Json never{{"require_approval", "never"}};
  auto r = create_ok(s, responses_body(url(), "a sum\n@call echo {\"text\": \"no\"}", never));
  EXPECT_EQ(items_of(r, "mcp_call").at(0)["output"], "42");
  r = create_ok(s, responses_body(url(), "greet me", never));
  EXPECT_TRUE(items_of(r, "mcp_call").empty());
  EXPECT_EQ(message_text(r), "Hello from the script.");
  EXPECT_EQ(items_of(r, "mcp_list_tools").size(), 1u);  // the server is still listed
  r = create_ok(s, responses_body(url(), "nothing scripted", never));
  EXPECT_EQ(items_of(r, "mcp_call").at(0)["name"], "echo");  // the first listed tool
}

TEST_F(ServeService, ToolChoiceAndMaxToolCallsAreHonoured) {
  auto& s = service();
  const Json never{{"require_approval", "never"}};
  auto r = create_ok(
      s, responses_body(url(), "@call echo {\"text\": \"x\"}", never, {{"tool_choice", "none"}}));
  EXPECT_TRUE(items_of(r, "mcp_call").empty());
  r = create_ok(s, responses_body(url(), "x", never, {{"max_tool_calls", 0}}));
  EXPECT_TRUE(items_of(r, "mcp_call").empty());
  r = create_ok(s, responses_body(url(), "x", never,
                                  {{"tool_choice",
                                    {{"type", "mcp"}, {"server_label", "ref"}, {"name", "add"}}}}));
  EXPECT_EQ(items_of(r, "mcp_call").at(0)["name"], "add");
}

TEST_F(ServeService, TheConversationMustExistAndCarryTheTools) {
  auto& s = service();
  auto error =
      create_error(s, responses_body(url(), "x", {}, {{"previous_response_id", "resp_x"}}));
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.param, "previous_response_id");
  EXPECT_EQ(error.code, "previous_response_not_found");

  const auto first = create_ok(s, responses_body(url(), "@call echo {\"text\": \"x\"}"));
  const auto request_id = items_of(first, "mcp_approval_request").at(0)["id"];
  Json body = responses_body(url(), "", {},
                             {{"previous_response_id", first["id"]},
                              {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                          {"approval_request_id", request_id},
                                                          {"approve", true}}})}});
  body["tools"] = Json::array();  // tools are not carried over
  error = create_error(s, body);
  EXPECT_EQ(error.param, "tools");
  body = responses_body(url(), "", {},
                        {{"previous_response_id", first["id"]},
                         {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                     {"approval_request_id", "mcpr_unknown"},
                                                     {"approve", true}}})}});
  error = create_error(s, body);
  EXPECT_EQ(error.param, "input[0].approval_request_id");
  // store: false keeps nothing to continue from.
  const auto unstored = create_ok(s, responses_body(url(), "x", {}, {{"store", false}}));
  error =
      create_error(s, responses_body(url(), "x", {}, {{"previous_response_id", unstored["id"]}}));
  EXPECT_EQ(error.code, "previous_response_not_found");
}

TEST_F(ServeService, TheStoreIsBoundedInCountAndBytes) {
  auto options = service_options(dir_.path());
  options.max_stored_responses = 1;
  auto& s = service(options);
  const auto first = create_ok(s, responses_body(url(), "@reply one"));
  const auto second = create_ok(s, responses_body(url(), "@reply two"));
  EXPECT_EQ(
      create_error(s, responses_body(url(), "x", {}, {{"previous_response_id", first["id"]}})).code,
      "previous_response_not_found");
  EXPECT_TRUE(s.retrieve(second["id"]));
  options.max_stored_responses = 100;
  options.max_stored_bytes = 1000;  // less than one response with a tool list
  auto& t = service(options);
  const auto big = create_ok(t, responses_body(url(), "@reply big"));
  EXPECT_FALSE(t.retrieve(big["id"]));
}

TEST_F(ServeService, StreamedEventsMatchTheResponse) {
  auto& s = service();
  std::vector<Json> events;
  auto prepared = s.prepare(responses_body(url(), "@call echo {\"text\": \"streamed\"}",
                                           {{"require_approval", "never"}}, {{"stream", true}}));
  auto turn = std::get<mock::serve::Turn>(std::move(prepared));
  auto outcome = s.run(turn, [&](const Json& event) {
    events.push_back(event);
    return true;
  });
  const auto& response = std::get<Json>(outcome);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front()["type"], "response.created");
  EXPECT_EQ(events.back()["type"], "response.completed");
  EXPECT_EQ(events.back()["response"], response);
  std::vector<Json> done;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]["sequence_number"], i);
    if (events[i]["type"] == "response.output_item.done") done.push_back(events[i]["item"]);
  }
  EXPECT_EQ(Json(done), response["output"]);
}

TEST_F(ServeService, AStreamedListFailureEndsWithAnErrorEvent) {
  auto& s = service();
  std::vector<std::string> types;
  auto prepared = s.prepare(responses_body("http://127.0.0.1:1/mcp", "hi", {}, {{"stream", true}}));
  auto turn = std::get<mock::serve::Turn>(std::move(prepared));
  auto outcome = s.run(turn, [&](const Json& event) {
    types.push_back(event["type"]);
    return true;
  });
  EXPECT_TRUE(std::holds_alternative<ApiError>(outcome));
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), "error");
  EXPECT_TRUE(contains(types, "response.mcp_list_tools.failed"));
}

TEST_F(ServeService, EveryProfileServesTheRoundTrip) {
  ReferenceServer stateless({"--stateless"});
  for (const std::string profile :
       {"responses-2025", "guide", "chatgpt-2025", "agents-sdk", "chatgpt-2026", "codex"}) {
    SCOPED_TRACE(profile);
    auto& s = service(service_options(dir_.path(), profile));
    const auto& target = profile == "chatgpt-2026" ? stateless.url() : url();
    const auto first = create_ok(s, responses_body(target, "@call echo {\"text\": \"p\"}"));
    const auto request_id = items_of(first, "mcp_approval_request").at(0)["id"];
    const auto second = create_ok(
        s, responses_body(target, "", {},
                          {{"previous_response_id", first["id"]},
                           {"input", Json::array({Json{{"type", "mcp_approval_response"},
                                                       {"approval_request_id", request_id},
                                                       {"approve", true}}})}}));
    EXPECT_EQ(items_of(second, "mcp_call").at(0)["output"], "p") << second.dump(2);
  }
}

}  // namespace
}  // namespace mcp::testing
