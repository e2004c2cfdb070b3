// Resources, prompts, completion, logging and server-to-client requests over HTTP.
#include <gtest/gtest.h>

#include "http_fixture.hpp"
#include "protocol/headers.hpp"

namespace mcp::testing {
namespace {

class CatalogTest : public HttpTest {
 protected:
  void SetUp() override {
    start();
    session_ = client().open_session("2025-11-25");
  }
  Json call(const std::string& method, Json params = Json::object()) {
    return client().request(session_, "2025-11-25", next_id_++, method, std::move(params)).json();
  }
  std::string session_;
  int next_id_ = 1;
};

bool is_base64(const std::string& s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
      return false;
  }
  return true;
}

TEST_F(CatalogTest, ResourcesListReadAndTemplates) {
  const auto listed = call("resources/list")["result"]["resources"];
  std::set<std::string> uris;
  for (const auto& r : listed) {
    EXPECT_TRUE(r["name"].is_string());
    uris.insert(r["uri"]);
  }
  EXPECT_TRUE(uris.count("test://static-text") && uris.count("test://static-binary") &&
              uris.count("test://watched-resource"));
  EXPECT_FALSE(uris.count("test://extra-resource"));  // hidden until toggled
  const auto templates = call("resources/templates/list")["result"]["resourceTemplates"];
  ASSERT_FALSE(templates.empty());
  EXPECT_EQ(templates[0]["uriTemplate"], "test://template/{id}/data");

  const auto text =
      call("resources/read", {{"uri", "test://static-text"}})["result"]["contents"][0];
  EXPECT_EQ(text["uri"], "test://static-text");
  EXPECT_EQ(text["mimeType"], "text/plain");
  EXPECT_FALSE(text["text"].get<std::string>().empty());
  const auto binary =
      call("resources/read", {{"uri", "test://static-binary"}})["result"]["contents"][0];
  EXPECT_TRUE(is_base64(binary["blob"].get<std::string>()));
  EXPECT_FALSE(binary.contains("text"));
  const auto templated =
      call("resources/read", {{"uri", "test://template/123/data"}})["result"]["contents"][0];
  EXPECT_EQ(templated["uri"], "test://template/123/data");
  EXPECT_EQ(Json::parse(templated["text"].get<std::string>())["id"], "123");
}

TEST_F(CatalogTest, UnknownResourcesAreNotFoundNeverContent) {
  for (const std::string uri : {"test://missing", "file:///../../etc/passwd",
                                "test://template//data", "test://template/a/b/data"}) {
    const auto error = call("resources/read", {{"uri", uri}});
    EXPECT_EQ(error["error"]["code"], -32002) << uri;
    EXPECT_EQ(error["error"]["data"]["uri"], uri);
    EXPECT_FALSE(error.contains("result"));
  }
  EXPECT_EQ(call("resources/read", {{"uri", 7}})["error"]["code"], -32602);
  EXPECT_EQ(call("resources/list", {{"cursor", "bogus"}})["error"]["code"], -32602);
}

TEST_F(CatalogTest, SubscribersGetUpdatesUntilTheyUnsubscribe) {
  auto headers = mcp_headers(session_, "2025-11-25");
  headers.find("Accept")->second = "text/event-stream";
  auto stream = open_stream("GET", headers);
  ASSERT_EQ(stream->wait_status(10s), 200);
  EXPECT_EQ(call("resources/subscribe", {{"uri", "test://watched-resource"}})["result"],
            Json::object());
  call("tools/call", {{"name", "update_watched_resource"}, {"arguments", Json::object()}});
  const auto updated = next_message(*stream);
  ASSERT_TRUE(updated);
  EXPECT_EQ((*updated)["method"], "notifications/resources/updated");
  EXPECT_EQ((*updated)["params"]["uri"], "test://watched-resource");
  EXPECT_EQ(call("resources/unsubscribe", {{"uri", "test://watched-resource"}})["result"],
            Json::object());
  call("tools/call", {{"name", "update_watched_resource"}, {"arguments", Json::object()}});
  // A list change after it: the next message must be that, not an update.
  call("tools/call",
       {{"name", "toggle_list_entry"}, {"arguments", {{"list", "resources"}, {"visible", true}}}});
  const auto next = next_message(*stream);
  ASSERT_TRUE(next);
  EXPECT_EQ((*next)["method"], "notifications/resources/list_changed");
  EXPECT_EQ(call("resources/subscribe", {{"uri", "test://no-such"}})["error"]["code"], -32002);
}

TEST_F(CatalogTest, PromptsListAndGet) {
  const auto prompts = call("prompts/list")["result"]["prompts"];
  ASSERT_GE(prompts.size(), 4u);
  for (const auto& p : prompts)
    EXPECT_FALSE(p["description"].get<std::string>().empty()) << p["name"];
  const auto simple = call("prompts/get", {{"name", "test_simple_prompt"}})["result"];
  EXPECT_EQ(simple["messages"][0]["role"], "user");
  const auto with_args =
      call("prompts/get", {{"name", "test_prompt_with_arguments"},
                           {"arguments", {{"arg1", "A1"}, {"arg2", "B2"}}}})["result"];
  const auto text = with_args["messages"].dump();
  EXPECT_NE(text.find("A1"), std::string::npos);
  EXPECT_NE(text.find("B2"), std::string::npos);
  const auto image =
      call("prompts/get", {{"name", "test_prompt_with_image"}})["result"]["messages"][0]["content"];
  EXPECT_EQ(image["type"], "image");
  EXPECT_TRUE(is_base64(image["data"].get<std::string>()));
  const auto embedded =
      call("prompts/get",
           {{"name", "test_prompt_with_embedded_resource"},
            {"arguments", {{"resourceUri", "test://x"}}}})["result"]["messages"][0]["content"];
  EXPECT_EQ(embedded["resource"]["uri"], "test://x");
  EXPECT_EQ(call("prompts/get", {{"name", "nope"}})["error"]["code"], -32602);
  EXPECT_EQ(call("prompts/get", {{"name", "test_prompt_with_arguments"},
                                 {"arguments", {{"arg1", "x"}}}})["error"]["code"],
            -32602);
  EXPECT_EQ(call("prompts/get", {{"name", "test_prompt_with_arguments"},
                                 {"arguments", {{"arg1", 1}, {"arg2", "y"}}}})["error"]["code"],
            -32602);
}

TEST_F(CatalogTest, CompletionForPromptArgumentsAndTemplates) {
  const auto prompt =
      call("completion/complete",
           {{"ref", {{"type", "ref/prompt"}, {"name", "test_prompt_with_arguments"}}},
            {"argument", {{"name", "arg1"}, {"value", "te"}}}})["result"]["completion"];
  EXPECT_EQ(prompt["values"], (Json{"test", "testing"}));
  EXPECT_EQ(prompt["total"], 2);
  EXPECT_EQ(prompt["hasMore"], false);
  const auto resource =
      call("completion/complete",
           {{"ref", {{"type", "ref/resource"}, {"uri", "test://template/{id}/data"}}},
            {"argument", {{"name", "id"}, {"value", "1"}}}})["result"]["completion"];
  EXPECT_EQ(resource["values"], (Json{"1", "123"}));
  EXPECT_EQ(
      call("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "nope"}}},
                                   {"argument", {{"name", "a"}, {"value", ""}}}})["error"]["code"],
      -32602);
  EXPECT_EQ(call("completion/complete", {{"ref", "prompt"}})["error"]["code"], -32602);
}

TEST_F(CatalogTest, LoggingHonoursTheLevel) {
  EXPECT_EQ(call("logging/setLevel", {{"level", "loud"}})["error"]["code"], -32602);
  EXPECT_EQ(call("logging/setLevel", {{"level", "warning"}})["result"], Json::object());
  const auto run = [&] {
    auto stream =
        open_stream("POST", mcp_headers(session_, "2025-11-25"),
                    jsonrpc::serialize(jsonrpc::make_request(
                        "log", "tools/call",
                        {{"name", "test_tool_with_logging"}, {"arguments", Json::object()}})));
    EXPECT_TRUE(stream->wait_closed(20s));
    int logs = 0;
    for (const auto& e : stream->all_events()) {
      if (!e.data.empty() && Json::parse(e.data).value("method", "") == "notifications/message")
        ++logs;
    }
    return logs;
  };
  EXPECT_EQ(run(), 0);  // the tool logs at info, below warning
  call("logging/setLevel", {{"level", "debug"}});
  EXPECT_EQ(run(), 3);
}

TEST_F(HttpTest, SamplingRoundTripThroughALaterPost) {
  start();
  const Json init = jsonrpc::make_request(0, "initialize",
                                          {{"protocolVersion", "2025-11-25"},
                                           {"capabilities", {{"sampling", Json::object()}}},
                                           {"clientInfo", {{"name", "tests"}, {"version", "1"}}}});
  const auto session = client().post(init, mcp_headers()).header(headers::kSessionId);
  auto call = open_stream(
      "POST", mcp_headers(session, "2025-11-25"),
      jsonrpc::serialize(jsonrpc::make_request(
          5, "tools/call", {{"name", "test_sampling"}, {"arguments", {{"prompt", "Say hi"}}}})));
  const auto request = next_message(*call);
  ASSERT_TRUE(request);
  EXPECT_EQ((*request)["method"], "sampling/createMessage");
  ASSERT_TRUE(jsonrpc::is_valid_id((*request)["id"]));
  EXPECT_TRUE((*request)["params"]["maxTokens"].is_number_integer());
  EXPECT_EQ((*request)["params"]["messages"][0]["content"]["text"], "Say hi");
  const Json answer =
      jsonrpc::make_result((*request)["id"], {{"role", "assistant"},
                                              {"content", {{"type", "text"}, {"text", "hi there"}}},
                                              {"model", "m"}});
  EXPECT_EQ(client().post(answer, mcp_headers(session, "2025-11-25")).status, 202);
  const auto result = next_message(*call);
  ASSERT_TRUE(result);
  EXPECT_EQ((*result)["id"], 5);
  EXPECT_EQ((*result)["result"]["content"][0]["text"], "LLM response: hi there");
  EXPECT_FALSE((*result)["result"].value("isError", false));
}

TEST_F(HttpTest, NoServerRequestsForUndeclaredCapabilities) {
  start();
  const auto session = client().open_session("2025-11-25");  // declares no capabilities
  auto call = open_stream(
      "POST", mcp_headers(session, "2025-11-25"),
      jsonrpc::serialize(jsonrpc::make_request(
          1, "tools/call", {{"name", "test_elicitation"}, {"arguments", {{"message", "?"}}}})));
  ASSERT_TRUE(call->wait_closed(20s));
  std::vector<Json> messages;
  for (const auto& e : call->all_events()) {
    if (!e.data.empty()) messages.push_back(Json::parse(e.data));
  }
  ASSERT_EQ(messages.size(), 1u) << "no elicitation/create may be sent";
  EXPECT_EQ(messages[0]["result"]["isError"], true);
  EXPECT_NE(messages[0]["result"]["content"][0]["text"].get<std::string>().find("elicitation"),
            std::string::npos);
}

}  // namespace
}  // namespace mcp::testing
