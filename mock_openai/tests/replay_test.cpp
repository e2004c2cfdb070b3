// mock-openai end to end: each profile against the reference server (and its
// stdio mode, and a legacy HTTP+SSE server), and against servers that break one
// rule (the reference server's --fault modes): the right step fails, with the
// reason, the exit code and what OpenAI would show.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "conformance/tests/silent_server.hpp"
#include "mock_openai/tests/replay_support.hpp"
#include "protocol/headers.hpp"
#include "protocol/jsonrpc.hpp"
#include "testing/child_process.hpp"
#include "testing/legacy_sse_server.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::testing {
namespace {

std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

TEST(MockOpenAi, EveryProfilePassesAgainstTheReferenceServer) {
  ReferenceServer stateful;
  ReferenceServer stateless({"--stateless"});
  for (const std::string profile :
       {"guide", "responses-2025", "chatgpt-2025", "agents-sdk", "chatgpt-2026"}) {
    // ChatGPT's 2026 client sends no session id at all: it needs a stateless server.
    const auto& url = profile == "chatgpt-2026" ? stateless.url() : stateful.url();
    const auto r = replay({"--url", url, "--profile", profile});
    EXPECT_EQ(r.exit_code, 0) << profile << "\n" << r.stdout_text << r.stderr_text;
    EXPECT_EQ(r.result["ok"], true) << profile;
    ASSERT_TRUE(find_item(r.result, "mcp_list_tools")) << profile;
    const auto* call = find_item(r.result, "mcp_call");
    ASSERT_TRUE(call) << profile;
    EXPECT_EQ((*call)["status"], "completed") << profile;
    EXPECT_TRUE((*call)["arguments"].is_string()) << profile;
    EXPECT_EQ(r.result["transport"], "streamable-http");
    // The verdict stays on screen: it is the last line; the items are in --json.
    EXPECT_EQ(last_line(r.stdout_text).rfind("result: ok, ", 0), 0u) << r.stdout_text;
    EXPECT_NE(last_line(r.stdout_text).find("(exit 0)"), std::string::npos) << r.stdout_text;
    EXPECT_EQ(r.stdout_text.find("Responses API output items"), std::string::npos) << profile;
  }
}

TEST(MockOpenAi, VerbosePrintsTheItemsBeforeTheVerdict) {
  ReferenceServer server;
  const auto r = replay({"--url", server.url(), "--profile", "guide", "--verbose"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text << r.stderr_text;
  const auto items = r.stdout_text.find("Responses API output items");
  ASSERT_NE(items, std::string::npos) << r.stdout_text;
  EXPECT_GT(r.stdout_text.find("\"mcp_list_tools\"", items), items);
  EXPECT_EQ(last_line(r.stdout_text).rfind("result: ok, ", 0), 0u) << r.stdout_text;
}

TEST(MockOpenAi, ProfilesSendWhatTheEvidenceSays) {
  ReferenceServer stateful;
  ReferenceServer stateless({"--stateless"});
  const auto responses = replay({"--url", stateful.url(), "--profile", "responses-2025"});
  EXPECT_EQ(step_names(responses.result),
            (std::vector<std::string>{"list/initialize", "list/initialized", "list/GET stream",
                                      "list/tools/list", "list/DELETE", "call/initialize",
                                      "call/initialized", "call/GET stream", "call/tools/call",
                                      "call/DELETE"}));
  const auto& exchanges = responses.transcript["exchanges"];
  ASSERT_FALSE(exchanges.empty());
  const auto header = [](const Json& exchange, const std::string& name) -> std::string {
    for (const auto& h : exchange["request"]["headers"]) {
      if (h[0] == name) return h[1];
    }
    return {};
  };
  const auto first = Json::parse(exchanges[0]["request"]["body"].get<std::string>());
  EXPECT_EQ(first["id"], 0);
  EXPECT_EQ(first["params"]["protocolVersion"], "2025-03-26");
  EXPECT_EQ(first["params"]["clientInfo"]["name"], "openai-mcp");
  EXPECT_EQ(header(exchanges[0], "User-Agent"), "openai-mcp/1.0.0");
  EXPECT_EQ(header(exchanges[0], "Accept"), "application/json, text/event-stream");
  EXPECT_EQ(header(exchanges[0], headers::kSessionId), "");
  EXPECT_EQ(header(exchanges[1], headers::kProtocolVersion), "2025-03-26");
  EXPECT_FALSE(header(exchanges[1], headers::kSessionId).empty());

  const auto chatgpt = replay({"--url", stateless.url(), "--profile", "chatgpt-2026"});
  for (const auto& e : chatgpt.transcript["exchanges"]) {
    EXPECT_EQ(header(e, headers::kSessionId), "") << e["label"];
    EXPECT_NE(e["method"], "DELETE");
    EXPECT_NE(e["method"], "GET");
    EXPECT_EQ(header(e, "User-Agent"), "openai-mcp/1.0.0 (ChatGPT)");
  }
  const auto discover =
      Json::parse(chatgpt.transcript["exchanges"][0]["request"]["body"].get<std::string>());
  EXPECT_EQ(discover["method"], "server/discover");
  EXPECT_EQ(discover["id"], "openai-mcp-discover");
  const auto call =
      Json::parse(chatgpt.transcript["exchanges"].back()["request"]["body"].get<std::string>());
  EXPECT_EQ(call["method"], "tools/call");
  EXPECT_TRUE(call["params"]["_meta"].contains("openai/session"));
}

TEST(MockOpenAi, StatelessChatGptAgainstAServerThatRequiresSessionsFailsAtItsFirstRequest) {
  ReferenceServer stateful({"--fault", "session-required"});
  const auto r = replay({"--url", stateful.url(), "--profile", "chatgpt-2026"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.result["failure"]["step"], "list/initialized");
  const auto reason = r.result["failure"]["reason"].get<std::string>();
  EXPECT_NE(reason.find("400"), std::string::npos) << reason;
  EXPECT_NE(reason.find("never echoes Mcp-Session-Id"), std::string::npos) << reason;
  EXPECT_EQ(r.result["failure"]["openai_view"]["error"]["type"], "external_connector_error");
}

TEST(MockOpenAi, StaleSessionReuseShowsSessionTerminated) {
  ReferenceServer stateful;
  const auto broken =
      replay({"--url", stateful.url(), "--profile", "responses-2025", "--option", "stale-session"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(broken.result["failure"]["step"], "call/tools/call");
  const auto& error = broken.result["failure"]["openai_view"]["error"];
  EXPECT_EQ(error["type"], "mcp_protocol_error");
  EXPECT_EQ(error["code"], 32600);
  EXPECT_EQ(error["message"], "Session terminated");
  // The workaround users reported: a stateless server.
  ReferenceServer stateless({"--stateless"});
  const auto fixed = replay(
      {"--url", stateless.url(), "--profile", "responses-2025", "--option", "stale-session"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.stdout_text;
}

TEST(MockOpenAi, RunsAgainstAStdioServer) {
  const auto r = replay(
      {"--stdio", std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio", "--profile", "guide"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text << r.stderr_text;
  EXPECT_EQ(r.result["transport"], "stdio");
  EXPECT_TRUE(find_item(r.result, "mcp_call"));
}

TEST(MockOpenAi, FallsBackToLegacySseOnA4xx) {
  LegacyServer legacy;
  const auto r = replay({"--url", legacy.url(), "--profile", "guide", "--call", "echo",
                         "--arguments", R"({"text":"hi"})"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text << r.stderr_text;
  EXPECT_EQ(r.result["transport"], "sse");
  EXPECT_EQ((*find_item(r.result, "mcp_call"))["output"], "hi");
  ASSERT_FALSE(r.result["warnings"].empty());
  EXPECT_NE(r.result["warnings"][0].get<std::string>().find("fell back"), std::string::npos);
}

struct FaultCase {
  const char* fault;
  const char* profile;
  const char* failed_step;
  const char* reason_fragment;
  const char* budget = nullptr;  // a budget the case is about
};

class MockOpenAiCatches : public ::testing::TestWithParam<FaultCase> {};

TEST_P(MockOpenAiCatches, TheBrokenRuleAtTheRightStep) {
  const auto& c = GetParam();
  ReferenceServer server({"--fault", c.fault});
  std::vector<std::string> args{"--url", server.url(), "--profile", c.profile};
  if (c.budget) args.insert(args.end(), {"--budget", c.budget});
  const auto r = replay(args);
  EXPECT_EQ(r.exit_code, 1) << r.stdout_text;
  EXPECT_EQ(r.result["failure"]["step"], c.failed_step) << r.stdout_text;
  EXPECT_NE(r.result["failure"]["reason"].get<std::string>().find(c.reason_fragment),
            std::string::npos)
      << r.result["failure"]["reason"];
  EXPECT_NE(r.stdout_text.find("FAILED at"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, MockOpenAiCatches,
    ::testing::Values(FaultCase{"session-header-name", "guide", "list/initialized",
                                "X-MCP-Session-Id"},
                      FaultCase{"bare-tools-array", "guide", "list/tools/list", "bare array"},
                      FaultCase{"hardcoded-id", "responses-2025", "list/initialize", "id 1"},
                      FaultCase{"delete-405", "guide", "call/DELETE", "405"},
                      FaultCase{"answer-on-get-stream", "responses-2025", "list/tools/list", "202"},
                      FaultCase{"slow-tools-list", "chatgpt-2025", "list/tools/list",
                                "over its 1000 ms budget", "tools/list=1000"}),
    [](const ::testing::TestParamInfo<FaultCase>& param) {
      std::string name = param.param.fault;
      for (auto& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

TEST(MockOpenAi, ToleratesA405OnDeleteWhereTheClientDoes) {
  ReferenceServer server({"--fault", "delete-405"});
  const auto r = replay({"--url", server.url(), "--profile", "agents-sdk", "--option", "python"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text;
  ASSERT_FALSE(r.result["warnings"].empty());
}

/// The verdict of each profile (and option) against the reference server in
/// each era, as the evidence has it: OpenAI's hosted clients open with a legacy
/// initialize and fail a modern-only server; the JavaScript Agents SDK (auto
/// mode) and Codex's opt-in probe server/discover and speak 2026-07-28.
struct EraCase {
  std::string era;
  std::vector<std::string> profile;
  int exit_code;
  bool spoke_2026;
};

class ProfileEras : public ::testing::TestWithParam<EraCase> {};

TEST_P(ProfileEras, EachProfileConnectsWhereItsClientWould) {
  const auto& c = GetParam();
  ReferenceServer server({"--era", c.era});
  std::vector<std::string> args{"--url", server.url()};
  args.insert(args.end(), c.profile.begin(), c.profile.end());
  const auto r = replay(args);
  EXPECT_EQ(r.exit_code, c.exit_code) << r.stdout_text;
  EXPECT_EQ(r.stdout_text.find("the client speaks it") != std::string::npos, c.spoke_2026)
      << r.stdout_text;
  if (c.exit_code == 1) {
    EXPECT_NE(r.stdout_text.find("-32022"), std::string::npos) << r.stdout_text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    MockOpenAi, ProfileEras,
    ::testing::Values(
        EraCase{"dual", {"--profile", "agents-sdk"}, 0, true},
        EraCase{"modern", {"--profile", "agents-sdk"}, 0, true},
        EraCase{"legacy", {"--profile", "agents-sdk"}, 0, false},
        EraCase{"modern", {"--profile", "agents-sdk", "--option", "python"}, 1, false},
        EraCase{"dual", {"--profile", "chatgpt-2026"}, 0, false},
        EraCase{"modern", {"--profile", "chatgpt-2026"}, 1, false},
        EraCase{"modern", {"--profile", "chatgpt-2026", "--option", "no-probe"}, 1, false},
        EraCase{"dual", {"--profile", "codex"}, 0, false},
        EraCase{"modern", {"--profile", "codex"}, 1, false},
        EraCase{"modern", {"--profile", "codex", "--option", "mcp_2026_07_28"}, 0, true}));

TEST(MockOpenAi, ListingFailureIsThe424BodyOpenAiReturns) {
  ReferenceServer server({"--auth-token", "s3cret"});
  const auto denied =
      replay({"--url", server.url(), "--profile", "guide", "--server-label", "plaid"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_EQ(
      denied.result["failure"]["openai_view"],
      Json::parse(
          R"json({"error":{"message":"Error retrieving tool list from MCP server: 'plaid'. Http status code: 401 (Unauthorized)","type":"external_connector_error","param":"tools","code":"http_error"}})json"));
  // The mcp tool's `authorization` is forwarded (the guide said OpenAI cannot pass auth; it can).
  const auto allowed = replay({"--url", server.url(), "--profile", "guide", "--authorization",
                               "s3cret", "--header", "X-Tenant: t1"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.stdout_text;
  const auto& headers = allowed.transcript["exchanges"][0]["request"]["headers"];
  bool auth = false;
  bool tenant = false;
  for (const auto& h : headers) {
    auth = auth || (h[0] == "Authorization" && h[1] == "Bearer [redacted]");
    tenant = tenant || (h[0] == "X-Tenant" && h[1] == "t1");
  }
  EXPECT_TRUE(auth);
  EXPECT_TRUE(tenant);
}

TEST(MockOpenAi, ApprovalAndAllowedTools) {
  ReferenceServer server;
  const auto gated =
      replay({"--url", server.url(), "--profile", "guide", "--require-approval", "always"});
  EXPECT_EQ(gated.exit_code, 0) << gated.stdout_text;
  EXPECT_TRUE(find_item(gated.result, "mcp_approval_request"));
  EXPECT_FALSE(find_item(gated.result, "mcp_call"));
  for (const auto& e : gated.transcript["exchanges"]) {
    EXPECT_EQ(e["request"]["body"].get<std::string>().find("tools/call"), std::string::npos);
  }
  const auto approved = replay(
      {"--url", server.url(), "--profile", "guide", "--require-approval", "always", "--approve"});
  const auto* request = find_item(approved.result, "mcp_approval_request");
  const auto* call = find_item(approved.result, "mcp_call");
  ASSERT_TRUE(request && call);
  EXPECT_EQ((*call)["approval_request_id"], (*request)["id"]);

  const auto filtered =
      replay({"--url", server.url(), "--profile", "guide", "--allowed-tools", "add"});
  EXPECT_EQ(filtered.exit_code, 0);
  EXPECT_EQ((*find_item(filtered.result, "mcp_list_tools"))["tools"].size(), 1u);
  EXPECT_EQ((*find_item(filtered.result, "mcp_call"))["name"], "add");
  const auto outside = replay(
      {"--url", server.url(), "--profile", "guide", "--allowed-tools", "add", "--call", "echo"});
  EXPECT_EQ(outside.exit_code, 1);
  EXPECT_EQ(outside.result["failure"]["step"], "call/tools/call");
}

TEST(MockOpenAi, ToolErrorsAndProtocolErrorsBecomeMcpCallErrors) {
  ReferenceServer server;
  const auto tool_error = replay({"--url", server.url(), "--profile", "guide", "--call", "fail"});
  EXPECT_EQ(tool_error.exit_code, 0);  // the server behaved; the tool failed
  EXPECT_EQ((*find_item(tool_error.result, "mcp_call"))["error"]["type"],
            "mcp_tool_execution_error");
  const auto protocol = replay({"--url", server.url(), "--profile", "guide", "--protocol-version",
                                "2025-06-18", "--call", "echo", "--arguments", R"({"wrong":1})"});
  EXPECT_EQ(protocol.exit_code, 1);
  EXPECT_EQ((*find_item(protocol.result, "mcp_call"))["error"]["type"], "mcp_protocol_error");
  EXPECT_EQ((*find_item(protocol.result, "mcp_call"))["error"]["code"], -32602);
}

TEST(MockOpenAi, BudgetsFailTheRunSayingByHowMuch) {
  ReferenceServer server;
  const auto r = replay({"--url", server.url(), "--profile", "guide", "--call", "sleep",
                         "--arguments", R"({"ms":300})", "--budget", "tools/call=100"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.result["failure"]["step"], "call/tools/call");
  EXPECT_NE(r.result["failure"]["reason"].get<std::string>().find("over its 100 ms budget"),
            std::string::npos);
  const auto deadline = replay({"--url", server.url(), "--profile", "guide", "--call", "sleep",
                                "--arguments", R"({"ms":5000})", "--budget", "request=300"});
  EXPECT_EQ(deadline.exit_code, 1);
  EXPECT_NE(deadline.result["failure"]["reason"].get<std::string>().find("300 ms request deadline"),
            std::string::npos);
  EXPECT_EQ((*find_item(deadline.result, "mcp_call"))["status"], "failed");
}

TEST(MockOpenAi, ExitCodesForUnreachableAndUsage) {
  int port = 0;
  {
    ReferenceServer gone;
    port = gone.port();
  }
  const auto r =
      replay({"--url", "http://127.0.0.1:" + std::to_string(port) + "/mcp", "--profile", "guide"});
  EXPECT_EQ(r.exit_code, 3);
  ChildProcess usage(MCPC_MOCK_OPENAI_EXE, {"replay", "--profile", "guide"});
  EXPECT_EQ(usage.wait(30s), 2);
  EXPECT_NE(usage.stderr_text().find("--url"), std::string::npos);
  ChildProcess unknown(MCPC_MOCK_OPENAI_EXE,
                       {"replay", "--url", "http://127.0.0.1:1/mcp", "--profile", "nope"});
  EXPECT_EQ(unknown.wait(30s), 2);
  EXPECT_NE(unknown.stderr_text().find("responses-2025"), std::string::npos);
}

// Exit 3 only while no MCP server answers at all (silence, answers that are not
// JSON-RPC), saying that the connection was made; once one has answered, its
// silence is a failure (1).
TEST(MockOpenAi, ExitCodesForServersThatConnectButDoNotAnswer) {
  using conformance::SilentServer;
  SilentServer never(SilentServer::Era::kNothing, SilentServer::Silence::kHold);
  const auto silent =
      replay({"--url", never.url(), "--profile", "guide", "--budget", "request=1000"});
  EXPECT_EQ(silent.exit_code, 3) << silent.stdout_text;
  const auto reason = silent.result["failure"]["reason"].get<std::string>();
  EXPECT_EQ(reason.rfind("connected to 127.0.0.1:" + std::to_string(never.port()) +
                             ", but no MCP server answered: ",
                         0),
            0u)
      << reason;

  TestHttpServer html;
  html.http().Post("/mcp", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html>It works!</html>", "text/html");
  });
  html.start();
  const auto garbage = replay({"--url", html.url(), "--profile", "guide"});
  EXPECT_EQ(garbage.exit_code, 3) << garbage.stdout_text;

  SilentServer after(SilentServer::Era::kInitialize, SilentServer::Silence::kHold);
  const auto later =
      replay({"--url", after.url(), "--profile", "guide", "--budget", "request=1000"});
  EXPECT_EQ(later.exit_code, 1) << later.stdout_text;
}

TEST(MockOpenAi, JunitValidatesAgainstBothSchemas) {
  ReferenceServer server({"--fault", "bare-tools-array"});
  const auto r = replay({"--url", server.url(), "--profile", "responses-2025"});
  ASSERT_EQ(r.exit_code, 1);
  for (const char* xsd : {"windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd"}) {
    ChildProcess lint(
        "/usr/bin/xmllint",
        {"--noout", "--schema", std::string(MCPC_FIXTURES_DIR) + "/junit/" + xsd, r.junit_path});
    EXPECT_EQ(lint.wait(30s), 0) << xsd << ": " << lint.stderr_text();
  }
  std::ifstream in(r.junit_path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("<failure"), std::string::npos);
}

// A server's bytes never crash the mock: a body with invalid UTF-8 (kept
// verbatim in the transcript) is a failed step, and every report is written.
TEST(MockOpenAi, InvalidUtf8FromTheServerIsAFailureNotACrash) {
  TestHttpServer server;
  server.http().Post("/mcp", [](const httplib::Request& req, httplib::Response& res) {
    const auto request = jsonrpc::parse(req.body).value.value_or(Json::object());
    if (!request.contains("id")) {
      res.status = 202;
      return;
    }
    if (request.value("method", "") == "initialize") {
      const Json answer{{"jsonrpc", "2.0"},
                        {"id", request["id"]},
                        {"result",
                         {{"protocolVersion", request["params"]["protocolVersion"]},
                          {"capabilities", {{"tools", Json::object()}}},
                          {"serverInfo", {{"name", "bad-utf8"}, {"version", "1"}}}}}};
      res.set_content(answer.dump(), "application/json");
      return;
    }
    res.set_content("{\"jsonrpc\":\"2.0\",\"id\":" + request["id"].dump() +
                        ",\"result\":{\"tools\":[{\"name\":\"\xff\xfe\"}]}}",
                    "application/json");
  });
  server.start();
  const auto r = replay({"--url", server.url(), "--profile", "guide"});
  EXPECT_EQ(r.exit_code, 1) << r.stdout_text << r.stderr_text;
  EXPECT_TRUE(r.result.is_object()) << "no JSON result written";
  EXPECT_TRUE(r.transcript.is_object() || r.transcript.is_array()) << "no transcript written";
  ChildProcess lint("/usr/bin/xmllint", {"--noout", r.junit_path});
  EXPECT_EQ(lint.wait(30s), 0) << lint.stderr_text();
}

TEST(MockOpenAi, ListsItsProfiles) {
  ChildProcess child(MCPC_MOCK_OPENAI_EXE, {"profiles"});
  std::vector<std::string> lines;
  while (auto line = child.read_line(30s))
    lines.push_back(*line);
  EXPECT_EQ(child.wait(30s), 0);
  EXPECT_EQ(lines.size(), 6u);
}

}  // namespace
}  // namespace mcp::testing
