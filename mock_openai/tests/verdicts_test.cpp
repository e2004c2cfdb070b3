// mock-openai's verdicts that must hold up on real servers: it never calls a
// tool that is not read-only unless the user names it, it passes no flow whose
// call was skipped without saying so, a budget the evidence only infers is a
// warning, and a client without an HTTP+SSE fallback does not fall back.
#include <gtest/gtest.h>

#include <fstream>

#include "mock_openai/tests/replay_support.hpp"
#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

std::vector<std::string> profile_names() {
  ChildProcess child(MCPC_MOCK_OPENAI_EXE, {"profiles", "--json"});
  std::string text;
  while (auto line = child.read_line(30s))
    text += *line + "\n";
  EXPECT_EQ(child.wait(30s), 0);
  std::vector<std::string> names;
  for (const auto& p : jsonrpc::parse(text).value.value_or(Json::array()))
    names.push_back(p["name"].get<std::string>());
  return names;
}

bool trapped(ReferenceServer& server) {
  return server.process().stderr_text().find("TRAP: delete_all_data was called") !=
         std::string::npos;
}

// --trap-tool lists first delete_all_data (destructiveHint true, readOnlyHint false).
TEST(MockOpenAiSafety, NoProfileCallsAToolThatIsNotReadOnly) {
  ReferenceServer stateful({"--trap-tool"});
  ReferenceServer stateless({"--trap-tool", "--stateless"});
  const auto profiles = profile_names();
  ASSERT_EQ(profiles.size(), 6u);
  for (const auto& profile : profiles) {
    // ChatGPT's 2026 client sends no session id at all: it needs a stateless server.
    const auto& url = profile == "chatgpt-2026" ? stateless.url() : stateful.url();
    const auto r = replay({"--url", url, "--profile", profile});
    EXPECT_EQ(r.exit_code, 0) << profile << "\n" << r.stdout_text;
    const auto called = called_tools(r.transcript);
    EXPECT_EQ(called, std::vector<std::string>{"echo"}) << profile << "\n" << r.stdout_text;
    const auto* call = find_item(r.result, "mcp_call");
    ASSERT_TRUE(call) << profile;
    EXPECT_EQ((*call)["name"], "echo") << profile;
  }
  EXPECT_FALSE(trapped(stateful)) << stateful.process().stderr_text();
  EXPECT_FALSE(trapped(stateless)) << stateless.process().stderr_text();
}

TEST(MockOpenAiSafety, CallsTheToolTheUserNames) {
  ReferenceServer server({"--trap-tool"});
  const auto r = replay({"--url", server.url(), "--profile", "guide", "--call", "delete_all_data"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text;
  EXPECT_EQ(called_tools(r.transcript), std::vector<std::string>{"delete_all_data"});
  EXPECT_TRUE(eventually([&] { return trapped(server); }, 10s));
}

TEST(MockOpenAiSafety, WithoutAReadOnlyToolTheCallIsSkippedSayingWhy) {
  ReferenceServer server({"--trap-tool"});
  // Only the trap is imported: nothing may be called.
  const auto r =
      replay({"--url", server.url(), "--profile", "guide", "--allowed-tools", "delete_all_data"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text;
  EXPECT_TRUE(called_tools(r.transcript).empty());
  EXPECT_FALSE(trapped(server));
  const auto reason = r.result["call_skipped"];
  ASSERT_TRUE(reason.is_string()) << r.result.dump(2);
  EXPECT_NE(reason.get<std::string>().find("readOnlyHint"), std::string::npos) << reason;
  EXPECT_NE(reason.get<std::string>().find("--call"), std::string::npos) << reason;
  EXPECT_NE(r.stdout_text.find("result: ok up to tools/call, which was skipped (no imported tool"),
            std::string::npos)
      << r.stdout_text;
  EXPECT_EQ(r.stdout_text.find("result: ok,"), std::string::npos) << r.stdout_text;
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

const Json* find_budget(const Json& result, const std::string& step) {
  for (const auto& b : result["budgets"]) {
    if (b["step"] == step) return &b;
  }
  return nullptr;
}

// fastmcp took 1,004-1,019 ms per initialize: over the 1 s budget no OpenAI source gives.
TEST(MockOpenAiBudgets, AnInferredBudgetMissedIsAWarning) {
  SlowInitializeServer server(1100);
  const auto r = replay_as_given({"--url", server.url(), "--profile", "guide"});
  EXPECT_EQ(r.exit_code, 0) << r.stdout_text;
  EXPECT_EQ(r.result["ok"], true);
  const auto* budget = find_budget(r.result, "list/initialize");
  ASSERT_TRUE(budget) << r.result.dump(2);
  EXPECT_EQ((*budget)["exceeded"], true);
  EXPECT_EQ((*budget)["evidence"], "inferred");
  EXPECT_EQ((*budget)["verdict"], "warning");
  bool warned = false;
  for (const auto& w : r.result["warnings"])
    warned = warned || w.get<std::string>().find("over its 1000 ms budget") != std::string::npos;
  EXPECT_TRUE(warned) << r.result["warnings"];
  EXPECT_NE(r.stdout_text.find("exceeded: warning"), std::string::npos) << r.stdout_text;
  // JUnit has no warning: the budget's case passes and says so.
  const auto junit = read_text(r.junit_path);
  EXPECT_EQ(junit.find("<failure"), std::string::npos) << junit;
  EXPECT_NE(junit.find("WARNING: expected at most 1000 ms"), std::string::npos) << junit;
  EXPECT_NE(junit.find("property verdict: warning"), std::string::npos) << junit;
  EXPECT_NE(junit.find("property evidence: inferred"), std::string::npos) << junit;
}

TEST(MockOpenAiBudgets, TheUsersBudgetsFailAsAsked) {
  SlowInitializeServer server(1100);
  const auto r =
      replay_as_given({"--url", server.url(), "--profile", "guide", "--budget", "initialize=1000"});
  EXPECT_EQ(r.exit_code, 1) << r.stdout_text;
  EXPECT_EQ(r.result["failure"]["step"], "list/initialize");
  EXPECT_NE(r.result["failure"]["reason"].get<std::string>().find("(--budget, user)"),
            std::string::npos)
      << r.result["failure"];
  EXPECT_NE(read_text(r.junit_path).find("<failure"), std::string::npos);
}

TEST(MockOpenAiBudgets, AProfileFilesDeadlineIsTheUsers) {
  ReferenceServer server;
  const auto path = ::testing::TempDir() + "/own-profile.json";
  auto profile = Json::parse(read_text(std::string(MCPC_FIXTURES_DIR) + "/flows/guide.json"));
  profile["request_deadline_ms"] = 300;
  { std::ofstream(path) << profile.dump(); }
  const auto r = replay({"--url", server.url(), "--profile-file", path, "--call", "sleep",
                         "--arguments", R"({"ms":2000})"});
  EXPECT_EQ(r.exit_code, 1) << r.stdout_text;
  EXPECT_NE(r.result["failure"]["reason"].get<std::string>().find(
                "300 ms request deadline (--profile-file, user"),
            std::string::npos)
      << r.result["failure"];
  EXPECT_EQ(r.result["request_deadline"]["evidence"], "user");
  const auto builtin = replay({"--url", server.url(), "--profile", "guide"});
  EXPECT_EQ(builtin.result["request_deadline"]["evidence"], "inferred");
  EXPECT_EQ(builtin.result["request_deadline"]["limit_ms"], 30000);
}

TEST(MockOpenAiTransports, OnlyClientsWithTheFallbackFallBackToHttpSse) {
  ReferenceServer server;  // its HTTP+SSE endpoint; a POST there answers 404
  const auto sse_url = server.url().substr(0, server.url().rfind('/')) + "/sse";
  for (const std::string profile : {"agents-sdk", "codex"}) {
    const auto r = replay({"--url", sse_url, "--profile", profile});
    EXPECT_EQ(r.exit_code, 1) << profile << "\n" << r.stdout_text;
    EXPECT_EQ(r.result["transport"], "streamable-http") << profile;
    EXPECT_EQ(r.result["failure"]["step"], "list/initialize") << profile;
    const auto reason = r.result["failure"]["reason"].get<std::string>();
    EXPECT_NE(reason.find("HTTP+SSE"), std::string::npos) << reason;
    if (profile == "agents-sdk") {
      EXPECT_NE(reason.find("MCPServerSse"), std::string::npos) << reason;
    }
  }
  for (const std::string profile : {"guide", "responses-2025", "chatgpt-2025", "chatgpt-2026"}) {
    const auto r = replay({"--url", sse_url, "--profile", profile});
    EXPECT_EQ(r.exit_code, 0) << profile << "\n" << r.stdout_text;
    EXPECT_EQ(r.result["transport"], "sse") << profile;
    EXPECT_EQ(called_tools(r.transcript), std::vector<std::string>{"echo"}) << profile;
  }
}

}  // namespace
}  // namespace mcp::testing
