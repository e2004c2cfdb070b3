#include "mock_openai/cli.hpp"

#include <gtest/gtest.h>

namespace mcp::mock {
namespace {

Command parse(std::vector<const char*> args) {
  args.insert(args.begin(), "mock-openai");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(MockCli, ReplayDefaultsAndFlags) {
  const auto c = parse({"replay",
                        "--url",
                        "http://127.0.0.1:1/mcp",
                        "--profile",
                        "guide",
                        "--call",
                        "add",
                        "--arguments",
                        R"({"a":1,"b":2})",
                        "--header",
                        "X-Trace: abc",
                        "--authorization",
                        "tok",
                        "--allowed-tools",
                        "add, echo",
                        "--require-approval",
                        "always",
                        "--approve",
                        "--budget",
                        "tools/call=100",
                        "--json=out.json",
                        "--option",
                        "x"});
  ASSERT_TRUE(std::holds_alternative<ReplayCommand>(c)) << std::get<UsageError>(c).message;
  const auto& r = std::get<ReplayCommand>(c);
  EXPECT_EQ(r.profile, "guide");
  EXPECT_EQ(r.flow.call_tool, "add");
  EXPECT_EQ((*r.flow.call_arguments)["b"], 2);
  EXPECT_EQ(r.flow.headers, (client::Headers{{"X-Trace", "abc"}}));
  EXPECT_EQ(r.flow.authorization, "tok");
  EXPECT_EQ(r.flow.allowed_tools, (Json{"add", "echo"}));
  EXPECT_EQ(r.flow.require_approval, "always");
  EXPECT_TRUE(r.flow.approve);
  EXPECT_EQ(r.json_path, "out.json");
  EXPECT_EQ(r.options, (std::vector<std::string>{"x"}));
  EXPECT_EQ(r.budget_specs, (std::vector<std::string>{"tools/call=100"}));
}

TEST(MockCli, BudgetsStartFromTheProfileDeadline) {
  const auto budgets = budgets_for(*find_builtin_profile("agents-sdk"), {"initialize=50"});
  EXPECT_EQ(budgets.request_deadline_ms(), 5000);
  EXPECT_EQ(budgets.for_step("initialize")->limit_ms, 50);
}

TEST(MockCli, AllowedToolsAcceptsJson) {
  const auto c =
      parse({"replay", "--url", "http://h/mcp", "--allowed-tools", R"({"read_only": true})"});
  EXPECT_EQ(std::get<ReplayCommand>(c).flow.allowed_tools, (Json{{"read_only", true}}));
}

TEST(MockCli, OtherCommands) {
  EXPECT_TRUE(std::holds_alternative<ProfilesCommand>(parse({"profiles"})));
  EXPECT_TRUE(std::get<ProfilesCommand>(parse({"profiles", "--json"})).json);
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parse({"--help"})));
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parse({"replay", "--help"})));
  EXPECT_TRUE(std::holds_alternative<VersionCommand>(parse({"--version"})));
  EXPECT_NE(usage_text().find("unconfirmed"),
            std::string::npos);  // the 30 s deadline is not documented
}

struct Bad {
  std::vector<const char*> args;
  const char* fragment;
};
class MockCliRejects : public ::testing::TestWithParam<Bad> {};

TEST_P(MockCliRejects, WithAReason) {
  const auto c = parse(GetParam().args);
  ASSERT_TRUE(std::holds_alternative<UsageError>(c));
  EXPECT_NE(std::get<UsageError>(c).message.find(GetParam().fragment), std::string::npos)
      << std::get<UsageError>(c).message;
}

INSTANTIATE_TEST_SUITE_P(
    Args, MockCliRejects,
    ::testing::Values(
        Bad{{}, "missing command"}, Bad{{"fly"}, "unknown command"},
        Bad{{"replay"}, "exactly one of --url and --stdio"},
        Bad{{"replay", "--url", "http://a/mcp", "--stdio", "x"}, "exactly one"},
        Bad{{"replay", "--url", "ftp://a"}, "http://"},
        Bad{{"replay", "--url", "http://a/mcp", "--transport", "carrier-pigeon"}, "--transport"},
        Bad{{"replay", "--url", "http://a/mcp", "--arguments", "[1]"}, "JSON object"},
        Bad{{"replay", "--url", "http://a/mcp", "--budget", "warp=1"}, "unknown step"},
        Bad{{"replay", "--url", "http://a/mcp", "--header", "NoColon"}, "Name: value"},
        Bad{{"replay", "--url", "http://a/mcp", "--call"}, "needs a value"},
        Bad{{"replay", "--url", "http://a/mcp", "--bogus"}, "unknown option"},
        Bad{{"replay", "--stdio", "srv", "--transport", "sse"}, "--transport sse"}),
    [](const ::testing::TestParamInfo<Bad>& param) {
      return "case" + std::to_string(param.index);
    });

}  // namespace
}  // namespace mcp::mock
