// The openai.flow.* checks as mcp-conformance runs them: they call no tool a run
// may not call, pass only when tools/call ran, warn (not fail) on a budget that
// no OpenAI source gives, and fail the Agents SDK's flow where only the HTTP+SSE
// fallback it lacks would reach the server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "protocol/jsonrpc.hpp"
#include "testing/child_process.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFlows{"guide",      "responses-2025", "chatgpt-2025",
                                      "agents-sdk", "codex",          "chatgpt-2026"};

/// mcp-conformance run ARGS --json FILE --full-exchanges; the report it wrote, with every
/// exchange whole (the tools called are read from the requests, passing checks' included).
Json run_conformance(std::vector<std::string> args) {
  static int counter = 0;
  const auto path = fs::temp_directory_path() / ("mcpc-openai-flow-" + std::to_string(::getpid()) +
                                                 "-" + std::to_string(++counter) + ".json");
  args.insert(args.begin(), "run");
  args.insert(args.end(), {"--json", path.string(), "--full-exchanges", "--quiet"});
  ChildProcess process(MCPC_CONFORMANCE_EXE, args);
  while (process.read_line(240s)) {
  }
  EXPECT_TRUE(process.wait(240s)) << process.stderr_text();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove(path);
  auto parsed = jsonrpc::parse(text.str(), 1000);
  EXPECT_TRUE(parsed.value) << "no JSON report: " << process.stderr_text();
  return parsed.value.value_or(Json::object());
}

/// Every case of `id`, in every suite (version) that ran it.
std::vector<Json> cases_of(const Json& report, const std::string& id) {
  std::vector<Json> out;
  for (const auto& suite : report.value("suites", Json::array())) {
    for (const auto& c : suite["cases"]) {
      if (c["id"] == id) out.push_back(c);
    }
  }
  return out;
}

std::set<std::string> verdicts(const Json& report, const std::string& id) {
  std::set<std::string> out;
  for (const auto& c : cases_of(report, id))
    out.insert(c["verdict"].get<std::string>());
  return out;
}

/// The tools named by the tools/call requests in `exchanges`.
std::multiset<std::string> called(const Json& exchanges) {
  std::multiset<std::string> names;
  for (const auto& e : exchanges) {
    for (const auto& m : jsonrpc::parse_messages(e["request"].value("body", std::string()))) {
      // Checks send malformed calls on purpose (a name that is a number).
      if (m.is_object() && m.contains("method") && m["method"] == "tools/call" &&
          m.contains("params") && m["params"].is_object() && m["params"].contains("name") &&
          m["params"]["name"].is_string())
        names.insert(m["params"]["name"].get<std::string>());
    }
  }
  return names;
}

/// The tools of the reference server that are not annotated readOnlyHint,
/// which no run may call unless the user names them.
const std::set<std::string> kNotReadOnly{"delete_all_data", "test_trigger_tool_change",
                                         "test_trigger_prompt_change", "toggle_list_entry",
                                         "update_watched_resource"};

/// Every tool called in any case of the report.
std::multiset<std::string> every_call(const Json& report) {
  std::multiset<std::string> everything;
  for (const auto& suite : report.value("suites", Json::array())) {
    for (const auto& c : suite["cases"]) {
      const auto names = called(c["exchanges"]);
      everything.insert(names.begin(), names.end());
    }
  }
  return everything;
}

// The whole catalogue, every profile and version, over HTTP and stdio: a run
// calls read-only tools (the call-tool, the official fixtures that change
// nothing) and never one that is not, the destructive tool listed first included.
TEST(WholeCatalogue, CallsNoToolThatIsNotReadOnly) {
  ReferenceServer server({"--trap-tool"});
  const auto http = every_call(
      run_conformance({"--url", server.url(), "--profile", "all", "--protocol-version", "all"}));
  const auto stdio = every_call(
      run_conformance({"--stdio", std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio --trap-tool",
                       "--profile", "all", "--protocol-version", "all"}));
  for (const auto* calls : {&http, &stdio}) {
    EXPECT_GE(calls->count("echo"), 1u);
    for (const auto& name : kNotReadOnly)
      EXPECT_EQ(calls->count(name), 0u) << name;
  }
  EXPECT_EQ(server.process().stderr_text().find("TRAP"), std::string::npos);
}

// Named with --allow-tool, a list trigger is called (the list-change checks need it).
TEST(WholeCatalogue, CallsAToolTheUserAllows) {
  ReferenceServer server;
  const auto calls = every_call(run_conformance(
      {"--url", server.url(), "--protocol-version", "2026-07-28", "--only", "tools.list-changed",
       "--allow-tool", "toggle_list_entry", "--allow-tool", "test_trigger_tool_change"}));
  EXPECT_GE(calls.count("toggle_list_entry") + calls.count("test_trigger_tool_change"), 1u);
}

TEST(OpenAiFlows, CallNoToolThatIsNotReadOnly) {
  ReferenceServer server({"--trap-tool"});
  const auto report =
      run_conformance({"--url", server.url(), "--profile", "openai", "--protocol-version", "all"});
  std::multiset<std::string> everything;
  for (const auto& suite : report.value("suites", Json::array())) {
    for (const auto& c : suite["cases"]) {
      const auto names = called(c["exchanges"]);
      everything.insert(names.begin(), names.end());
    }
  }
  EXPECT_EQ(everything.count("delete_all_data"), 0u);
  EXPECT_EQ(server.process().stderr_text().find("TRAP"), std::string::npos);
  // A flow passes only with its call made, and each that connects still calls a read-only tool.
  for (const auto& flow : kFlows) {
    const auto ran = cases_of(report, "openai.flow." + flow);
    ASSERT_FALSE(ran.empty()) << flow;
    std::size_t echoed = 0;
    for (const auto& c : ran) {
      const auto calls = called(c["exchanges"]).count("echo");
      echoed += calls;
      if (c["verdict"] == "pass") {
        EXPECT_EQ(calls, 1u) << flow << c.dump(1);
      }
    }
    // ChatGPT 2026 sends no session id, which this (stateful) server requires.
    if (flow != "chatgpt-2026") {
      EXPECT_GE(echoed, 1u) << flow;
    }
  }
}

/// Answers the handshake and tools/list with one destructive tool; reports any call.
class DestructiveOnlyServer {
 public:
  DestructiveOnlyServer() {
    server_.http().Post("/mcp", [this](const httplib::Request& req, httplib::Response& res) {
      const auto m = jsonrpc::parse(req.body).value.value_or(Json::object());
      if (!m.is_object() || !m.contains("id")) {
        res.status = 202;
        return;
      }
      const auto method = m.value("method", "");
      Json answer{{"jsonrpc", "2.0"}, {"id", m["id"]}};
      if (method == "initialize") {
        answer["result"] = {{"protocolVersion", m["params"].value("protocolVersion", "")},
                            {"capabilities", {{"tools", Json::object()}}},
                            {"serverInfo", {{"name", "destructive-only"}, {"version", "1"}}}};
      } else if (method == "tools/list") {
        answer["result"] = {
            {"tools", Json::array({{{"name", "delete_all_data"},
                                    {"inputSchema", {{"type", "object"}}},
                                    {"annotations",
                                     {{"readOnlyHint", false}, {"destructiveHint", true}}}}})}};
      } else if (method == "ping") {
        answer["result"] = Json::object();
      } else {
        if (method == "tools/call") called_ = true;
        answer["error"] = {{"code", -32601}, {"message", "not here"}};
      }
      res.set_content(answer.dump(), "application/json");
    });
    server_.start();
  }
  std::string url() const { return server_.url(); }
  bool called() const { return called_; }

 private:
  std::atomic<bool> called_ = false;
  TestHttpServer server_;
};

TEST(OpenAiFlows, WithoutAToolTheyMayCallTheySkipSayingWhy) {
  DestructiveOnlyServer server;
  const auto report = run_conformance({"--url", server.url(), "--profile", "openai", "--only",
                                       "openai.flow.*", "--protocol-version", "2025-11-25"});
  EXPECT_FALSE(server.called());
  for (const auto& flow : {"guide", "responses-2025", "codex"}) {
    const auto ran = cases_of(report, std::string("openai.flow.") + flow);
    ASSERT_EQ(ran.size(), 1u) << flow << report.dump(1);
    EXPECT_EQ(ran[0]["verdict"], "skip") << flow << ran[0].dump(1);
    EXPECT_NE(ran[0]["message"].get<std::string>().find("readOnlyHint"), std::string::npos)
        << ran[0]["message"];
  }
}

/// mcpc-hostile-server --mode slow-initialize: answers initialize after `delay_ms`, the rest
/// at once.
class SlowInitializeServer {
 public:
  explicit SlowInitializeServer(int delay_ms)
      : process_(MCPC_HOSTILE_SERVER_EXE,
                 {"--mode", "slow-initialize", "--delay-ms", std::to_string(delay_ms)}) {
    const auto line = process_.read_line(30s).value_or("");
    url_ = line.substr(line.find("http://"));
  }
  const std::string& url() const { return url_; }

 private:
  ChildProcess process_;
  std::string url_;
};

// fastmcp took 1,004-1,019 ms per initialize: over the 1 s budget no OpenAI source gives.
TEST(OpenAiFlows, AnInitializeOverTheInferredBudgetWarnsAndDoesNotFail) {
  SlowInitializeServer server(1100);
  const auto report =
      run_conformance({"--url", server.url(), "--profile", "openai", "--only", "openai.flow.guide",
                       "--only", "openai.flow.codex", "--protocol-version", "2025-11-25"});
  for (const auto& flow : {"openai.flow.guide", "openai.flow.codex"}) {
    const auto ran = cases_of(report, flow);
    ASSERT_EQ(ran.size(), 1u) << flow << report.dump(1);
    EXPECT_EQ(ran[0]["verdict"], "warn") << ran[0].dump(1);
    const auto message = ran[0]["message"].get<std::string>();
    EXPECT_NE(message.find("over its 1000 ms budget"), std::string::npos) << message;
    EXPECT_NE(message.find("inferred"), std::string::npos) << message;
  }
}

TEST(OpenAiFlows, TheAgentsSdkFlowHasNoHttpSseFallback) {
  ReferenceServer server;  // its HTTP+SSE endpoint; a POST there answers 404
  const auto sse_url = server.url().substr(0, server.url().rfind('/')) + "/sse";
  const auto report = run_conformance(
      {"--url", sse_url, "--transport", "sse", "--profile", "openai", "--only", "openai.flow.*"});
  EXPECT_EQ(verdicts(report, "openai.flow.agents-sdk"), std::set<std::string>{"fail"})
      << report.dump(1);
  for (const auto& c : cases_of(report, "openai.flow.agents-sdk")) {
    const auto message = c["message"].get<std::string>();
    EXPECT_NE(message.find("MCPServerSse"), std::string::npos) << message;
  }
  // The Responses API's flow does fall back, as OpenAI documents.
  const auto responses = verdicts(report, "openai.flow.responses-2025");
  EXPECT_FALSE(responses.empty());
  EXPECT_FALSE(responses.contains("fail")) << report.dump(1);
}

}  // namespace
}  // namespace mcp::testing
