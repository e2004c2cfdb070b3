#include "mock_openai/profile.hpp"

#include <gtest/gtest.h>

namespace mcp::mock {
namespace {

Json minimal_profile() {
  return Json::parse(R"({
    "name": "t", "summary": "s", "evidence": "e",
    "client": {"user_agent": "ua", "protocol_version": "2025-06-18"},
    "phases": [{"name": "list", "steps": [{"do": "initialize", "session": "new"}, {"do": "list_tools"}]}],
    "options": {"x": {"summary": "s", "evidence": "e", "phases": {"list": [{"do": "initialize"}]}}}
  })");
}

TEST(Profiles, EveryBuiltInProfileParsesAndIsListed) {
  std::vector<std::string> names;
  for (const auto& p : builtin_profiles())
    names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"agents-sdk", "chatgpt-2025", "chatgpt-2026", "codex",
                                             "guide", "responses-2025"}));
  for (const auto& p : builtin_profiles()) {
    EXPECT_FALSE(p.summary.empty()) << p.name;
    EXPECT_FALSE(p.evidence.empty()) << p.name;
    EXPECT_FALSE(p.client.user_agent.empty()) << p.name;
    ASSERT_FALSE(p.phases.empty()) << p.name;
    EXPECT_EQ(p.phases.front().name, "list") << p.name;
  }
}

TEST(Profiles, EncodeWhatTheEvidenceSays) {
  const auto* responses = find_builtin_profile("responses-2025");
  ASSERT_TRUE(responses);
  EXPECT_EQ(responses->client.protocol_version, "2025-03-26");
  EXPECT_EQ(responses->client.first_id, 0);
  EXPECT_TRUE(responses->client.ids_restart_per_session);
  EXPECT_TRUE(responses->options.count("stale-session"));
  const auto* chatgpt = find_builtin_profile("chatgpt-2026");
  ASSERT_TRUE(chatgpt);
  EXPECT_FALSE(chatgpt->client.echo_session_id);
  EXPECT_EQ(chatgpt->client.protocol_version, "2025-11-25");
  EXPECT_EQ(chatgpt->phases.front().steps.front().kind, StepKind::kDiscover);
  EXPECT_EQ(*chatgpt->phases.front().steps.front().id, "openai-mcp-discover");
  for (const auto& phase : chatgpt->phases) {
    for (const auto& step : phase.steps) {
      EXPECT_NE(step.kind, StepKind::kDeleteSession);
      EXPECT_NE(step.kind, StepKind::kOpenGetStream);
    }
  }
  EXPECT_EQ(find_builtin_profile("agents-sdk")->request_deadline_ms, 5000);
  EXPECT_FALSE(find_builtin_profile("no-such-profile"));
}

TEST(Profiles, OptionsReplaceTheirPhases) {
  std::string error;
  const auto with =
      with_options(*find_builtin_profile("responses-2025"), {"stale-session"}, &error);
  ASSERT_TRUE(with) << error;
  const auto& call = with->phases.back();
  ASSERT_EQ(call.steps.size(), 1u);
  EXPECT_EQ(call.steps[0].kind, StepKind::kCallTool);
  EXPECT_EQ(call.steps[0].session, SessionUse::kDeleted);
  EXPECT_FALSE(with_options(*find_builtin_profile("guide"), {"stale-session"}, &error));
  EXPECT_NE(error.find("has no option"), std::string::npos) << error;
}

TEST(Profiles, ParseMinimalDocument) {
  std::string error;
  const auto p = parse_profile(minimal_profile(), &error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->request_deadline_ms, 30000);
  EXPECT_TRUE(p->client.echo_session_id);
}

struct BadProfile {
  const char* pointer;
  Json value;
  const char* fragment;
};

class ProfileRejects : public ::testing::TestWithParam<BadProfile> {};

TEST_P(ProfileRejects, NamingTheField) {
  Json doc = minimal_profile();
  doc[Json::json_pointer(GetParam().pointer)] = GetParam().value;
  std::string error;
  EXPECT_FALSE(parse_profile(doc, &error));
  EXPECT_NE(error.find(GetParam().fragment), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, ProfileRejects,
    ::testing::Values(BadProfile{"/name", 3, "name"},
                      BadProfile{"/phases/0/steps/0/do", "teleport", "unknown step"},
                      BadProfile{"/phases/0/steps/0/session", "sometimes", "session"},
                      BadProfile{"/phases/0/steps/0/typo", true, "unknown field"},
                      BadProfile{"/phases/0/steps/0/id", 1.5, "id"},
                      BadProfile{"/phases/0/steps/0/tolerate", "405", "tolerate"},
                      BadProfile{"/phases/0/steps", Json::array(), "non-empty"},
                      BadProfile{"/client/user_agent", nullptr, "user_agent"},
                      BadProfile{"/request_deadline_ms", -1, "positive"},
                      BadProfile{"/http_sse_fallback", true, "http_sse_fallback"},
                      BadProfile{"/http_sse_fallback", Json{{"enabled", true}}, "evidence"},
                      BadProfile{"/options/x/phases",
                                 Json{{"nope", Json::array({{{"do", "initialize"}}})}},
                                 "does not have"}),
    [](const ::testing::TestParamInfo<BadProfile>& param) {
      return "case" + std::to_string(param.index);
    });

// Transport detection (HTTP+SSE after a 4xx) only where the evidence says the client has it.
TEST(Profiles, OnlyClientsKnownToHaveItFallBackToHttpSse) {
  for (const auto& p : builtin_profiles()) {
    const bool expected = p.name != "agents-sdk" && p.name != "codex";
    EXPECT_EQ(p.http_sse_fallback.enabled, expected) << p.name;
    EXPECT_FALSE(p.http_sse_fallback.evidence.empty()) << p.name;
    EXPECT_EQ(p.request_deadline_evidence, Evidence::kInferred) << p.name;
  }
  EXPECT_NE(find_builtin_profile("agents-sdk")->http_sse_fallback.evidence.find("MCPServerSse"),
            std::string::npos);
  // A profile that does not say has no fallback.
  const auto parsed = parse_profile(minimal_profile(), nullptr);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->http_sse_fallback.enabled);
}

TEST(Profiles, LoadingAMissingFileSaysSo) {
  std::string error;
  EXPECT_FALSE(load_profile_file("/nonexistent/profile.json", &error));
  EXPECT_NE(error.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace mcp::mock
