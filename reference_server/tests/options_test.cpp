#include "reference_server/options.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mcp::server {
namespace {

ParseResult parse(std::vector<const char*> args) {
  args.insert(args.begin(), "mcp-reference-server");
  return parse_options(static_cast<int>(args.size()), args.data());
}

TEST(Options, DefaultsAreSafeForLocalUse) {
  const auto result = parse({});
  const auto& o = std::get<Options>(result);
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 0);
  EXPECT_FALSE(o.stateless);
  EXPECT_TRUE(o.auth_token.empty());
}

TEST(Options, ParsesBothFlagForms) {
  const auto result =
      parse({"--port", "8080", "--stateless", "--auth-token=s3cret", "--allowed-origin",
             "https://a.example", "--allowed-origin=https://b.example", "--max-sessions", "3",
             "--session-idle-timeout=0", "--max-body-bytes", "1024", "--log-level", "debug",
             "--page-size", "2"});
  const auto& o = std::get<Options>(result);
  EXPECT_EQ(o.port, 8080);
  EXPECT_TRUE(o.stateless);
  EXPECT_EQ(o.auth_token, "s3cret");
  EXPECT_EQ(o.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(o.max_sessions, 3u);
  EXPECT_EQ(o.session_idle_timeout_s, 0u);
  EXPECT_EQ(o.max_body_bytes, 1024u);
  EXPECT_EQ(o.log_level, LogLevel::kDebug);
  EXPECT_EQ(o.page_size, 2u);
}

TEST(Options, HelpAndVersion) {
  EXPECT_TRUE(std::holds_alternative<ShowHelp>(parse({"--help"})));
  EXPECT_TRUE(std::holds_alternative<ShowVersion>(parse({"--version"})));
  EXPECT_NE(usage_text().find("--stateless"), std::string::npos);
}

struct BadCase {
  std::vector<const char*> args;
  const char* fragment;
};

class OptionsRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(OptionsRejects, WithAMessageNamingTheProblem) {
  const auto result = parse(GetParam().args);
  ASSERT_TRUE(std::holds_alternative<UsageError>(result));
  EXPECT_NE(std::get<UsageError>(result).message.find(GetParam().fragment), std::string::npos)
      << std::get<UsageError>(result).message;
}

INSTANTIATE_TEST_SUITE_P(BadFlags, OptionsRejects,
                         ::testing::Values(BadCase{{"--bogus"}, "unknown option '--bogus'"},
                                           BadCase{{"--port"}, "needs a value"},
                                           BadCase{{"--port", "70000"}, "0-65535"},
                                           BadCase{{"--port", "-1"}, "0-65535"},
                                           BadCase{{"--port", "80x"}, "0-65535"},
                                           BadCase{{"--max-sessions", "0"}, ">= 1"},
                                           BadCase{{"--log-level", "loud"}, "debug, info"},
                                           BadCase{{"--allowed-origin", "example.com"}, "origin"},
                                           BadCase{{"--auth-token="}, "non-empty"},
                                           BadCase{{"--sse-keepalive-seconds", "0"}, "> 0"}),
                         [](const ::testing::TestParamInfo<BadCase>& param) {
                           return "case" + std::to_string(param.index);
                         });

}  // namespace
}  // namespace mcp::server
