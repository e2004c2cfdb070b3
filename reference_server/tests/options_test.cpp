#include "reference_server/options.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcp::server {
namespace {

ParseResult parse(std::vector<const char*> args) {
  args.insert(args.begin(), "mcp-reference-server");
  return parse_options(static_cast<int>(args.size()), args.data());
}

ParseResult parse_words(const std::vector<std::string>& words) {
  std::vector<const char*> args;
  for (const auto& word : words)
    args.push_back(word.c_str());
  return parse(args);
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

std::string numbered(const ::testing::TestParamInfo<BadCase>& param) {
  return "case" + std::to_string(param.index);
}

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
                                           BadCase{{"--era", "future"}, "dual, modern or legacy"},
                                           BadCase{{"--port", "-1"}, "0-65535"},
                                           BadCase{{"--port", "80x"}, "0-65535"},
                                           BadCase{{"--max-sessions", "0"}, ">= 1"},
                                           BadCase{{"--log-level", "loud"}, "debug, info"},
                                           BadCase{{"--allowed-origin", "example.com"}, "origin"},
                                           BadCase{{"--auth-token="}, "non-empty"},
                                           BadCase{{"--sse-keepalive-seconds", "0"}, "> 0"}),
                         numbered);

// ---- every flag, both spellings ----

/// One flag of the command line: a sample value (none for a switch) and what
/// it must do.
struct FlagCase {
  std::string flag;
  std::optional<std::string> value;
  std::function<bool(const ParseResult&)> took_effect;
};

std::function<bool(const ParseResult&)> options_where(std::function<bool(const Options&)> test) {
  return [test = std::move(test)](const ParseResult& result) {
    const auto* options = std::get_if<Options>(&result);
    return options && test(*options);
  };
}

template <class T>
bool is(const ParseResult& result) {
  return std::holds_alternative<T>(result);
}

const std::vector<FlagCase>& flag_table() {
  static const std::vector<FlagCase> table{
      {"--host", "0.0.0.0", options_where([](const Options& o) { return o.host == "0.0.0.0"; })},
      {"--port", "8080", options_where([](const Options& o) { return o.port == 8080; })},
      {"--stateless", {}, options_where([](const Options& o) { return o.stateless; })},
      {"--era", "modern", options_where([](const Options& o) { return o.era == Era::kModern; })},
      {"--stdio", {}, options_where([](const Options& o) { return o.stdio; })},
      {"--trap-tool", {}, options_where([](const Options& o) { return o.trap_tool; })},
      {"--auth-token", "s3cret",
       options_where([](const Options& o) { return o.auth_token == "s3cret"; })},
      {"--allowed-origin", "https://a.example", options_where([](const Options& o) {
         return o.allowed_origins == std::vector<std::string>{"https://a.example"};
       })},
      {"--allowed-host", "mcp.example", options_where([](const Options& o) {
         return o.allowed_hosts == std::vector<std::string>{"mcp.example"};
       })},
      {"--max-sessions", "3", options_where([](const Options& o) { return o.max_sessions == 3; })},
      {"--session-idle-timeout", "60",
       options_where([](const Options& o) { return o.session_idle_timeout_s == 60; })},
      {"--max-body-bytes", "1024",
       options_where([](const Options& o) { return o.max_body_bytes == 1024; })},
      {"--max-streams", "5", options_where([](const Options& o) { return o.max_streams == 5; })},
      {"--workers", "7", options_where([](const Options& o) { return o.workers == 7; })},
      {"--page-size", "2", options_where([](const Options& o) { return o.page_size == 2; })},
      {"--sse-keepalive-seconds", "30",
       options_where([](const Options& o) { return o.sse_keepalive_s == 30; })},
      {"--max-connections", "50",
       options_where([](const Options& o) { return o.max_connections == 50; })},
      {"--request-timeout", "2",
       options_where([](const Options& o) { return o.request_timeout_s == 2; })},
      {"--keep-alive-timeout", "9",
       options_where([](const Options& o) { return o.keep_alive_timeout_s == 9; })},
      {"--log-level", "debug",
       options_where([](const Options& o) { return o.log_level == LogLevel::kDebug; })},
      {"--fault", "bare-tools-array", options_where([](const Options& o) {
         return o.faults == std::vector<std::string>{"bare-tools-array"};
       })},
      {"--list-faults", {}, is<ListFaults>},
      {"--help", {}, is<ShowHelp>},
      {"-h", {}, is<ShowHelp>},
      {"--version", {}, is<ShowVersion>},
  };
  return table;
}

TEST(OptionsFlags, DualEraIsTheDefaultAndEveryEraHasItsName) {
  EXPECT_EQ(std::get<Options>(parse({})).era, Era::kDual);
  for (const auto era : {Era::kDual, Era::kModern, Era::kLegacy}) {
    const auto parsed = parse_words({"--era", std::string(to_string(era))});
    ASSERT_TRUE(std::holds_alternative<Options>(parsed));
    EXPECT_EQ(std::get<Options>(parsed).era, era);
  }
}

TEST(OptionsFlags, TheTableCoversEveryOptionTheCommandLineKnows) {
  std::set<std::string> in_table;
  for (const auto& c : flag_table())
    in_table.insert(c.flag);
  const auto known = option_names();
  EXPECT_EQ(in_table, std::set<std::string>(known.begin(), known.end()));
}

TEST(OptionsFlags, FlagValueAndFlagEqualsValueGiveTheSameResult) {
  for (const auto& c : flag_table()) {
    if (!c.value) {
      EXPECT_TRUE(c.took_effect(parse_words({c.flag}))) << c.flag;
      continue;
    }
    const auto separate = parse_words({c.flag, *c.value});
    const auto joined = parse_words({c.flag + "=" + *c.value});
    ASSERT_TRUE(std::holds_alternative<Options>(separate)) << c.flag;
    ASSERT_TRUE(std::holds_alternative<Options>(joined)) << c.flag;
    EXPECT_EQ(std::get<Options>(separate), std::get<Options>(joined)) << c.flag;
    EXPECT_TRUE(c.took_effect(separate)) << c.flag;
    EXPECT_NE(std::get<Options>(separate), Options{}) << c.flag;
  }
}

TEST(OptionsFlags, AMissingValueIsAUsageErrorNamingTheFlag) {
  for (const auto& c : flag_table()) {
    if (!c.value) continue;
    const auto result = parse_words({c.flag});
    ASSERT_TRUE(std::holds_alternative<UsageError>(result)) << c.flag;
    EXPECT_EQ(std::get<UsageError>(result).message, c.flag + ": needs a value");
  }
}

TEST(OptionsFlags, RepeatableFlagsKeepEveryValueInOrder) {
  const auto result = parse({"--allowed-host", "a.example", "--allowed-host=b.example", "--fault",
                             "bare-tools-array", "--fault=ping-pong"});
  const auto& o = std::get<Options>(result);
  EXPECT_EQ(o.allowed_hosts, (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(o.faults, (std::vector<std::string>{"bare-tools-array", "ping-pong"}));
  // A single-valued flag given twice: the last one wins.
  EXPECT_EQ(std::get<Options>(parse({"--port", "1", "--port=2"})).port, 2);
}

TEST(OptionsFlags, HelpListsEveryFlag) {
  const auto help = usage_text();
  for (const auto& name : option_names()) {
    if (name == "-h") continue;  // the short spelling of --help, not listed
    EXPECT_NE(help.find(name), std::string::npos) << name;
  }
}

class OptionsRejectsBadValues : public ::testing::TestWithParam<BadCase> {};

TEST_P(OptionsRejectsBadValues, NamingTheFlagAndTheProblem) {
  const auto result = parse(GetParam().args);
  ASSERT_TRUE(std::holds_alternative<UsageError>(result)) << GetParam().args.front();
  const auto& message = std::get<UsageError>(result).message;
  const std::string word = GetParam().args.front();
  EXPECT_TRUE(message.starts_with(word.substr(0, word.find('=')) + ": ")) << message;
  EXPECT_NE(message.find(GetParam().fragment), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    EveryValueFlag, OptionsRejectsBadValues,
    ::testing::Values(
        BadCase{{"--host", ""}, "expects a host name"}, BadCase{{"--port=65536"}, "0-65535"},
        BadCase{{"--auth-token", ""}, "non-empty"},
        BadCase{{"--allowed-origin=example.com"}, "origin"},
        BadCase{{"--allowed-host="}, "expects a host name"},
        BadCase{{"--max-sessions", "many"}, ">= 1"},
        BadCase{{"--session-idle-timeout", "-5"}, "number of seconds"},
        BadCase{{"--session-idle-timeout", "99999999"}, "number of seconds"},
        BadCase{{"--max-body-bytes", "63"}, ">= 64"}, BadCase{{"--max-streams", "0"}, ">= 1"},
        BadCase{{"--workers=0"}, ">= 1"}, BadCase{{"--page-size", "-1"}, ">= 0"},
        BadCase{{"--sse-keepalive-seconds=0"}, "> 0"}, BadCase{{"--max-connections", "0"}, ">= 1"},
        BadCase{{"--request-timeout=0"}, "> 0"},
        BadCase{{"--keep-alive-timeout", "soon"}, "number of seconds"},
        BadCase{{"--log-level", "LOUD"}, "debug, info, warn, error or off"},
        BadCase{{"--fault", "no-such-fault"}, "unknown fault 'no-such-fault'"}),
    numbered);

}  // namespace
}  // namespace mcp::server
