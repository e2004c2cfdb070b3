#include "mock_openai/cli.hpp"

#include <algorithm>
#include <functional>
#include <optional>

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

// ---- every option, both spellings ----

/// One option of the table: a sample value (none for a flag) and what it must do.
struct OptionCase {
  std::string command;  // "replay", "serve", "profiles", or "" for the program itself
  std::string flag;
  std::optional<std::string> value;
  std::function<bool(const Command&)> took_effect;
};

std::function<bool(const Command&)> replay_where(std::function<bool(const ReplayCommand&)> test) {
  return [test = std::move(test)](const Command& c) {
    const auto* r = std::get_if<ReplayCommand>(&c);
    return r && test(*r);
  };
}

std::function<bool(const Command&)> serve_where(std::function<bool(const ServeCommand&)> test) {
  return [test = std::move(test)](const Command& c) {
    const auto* s = std::get_if<ServeCommand>(&c);
    return s && test(*s);
  };
}

bool is_help(const Command& c) {
  return std::holds_alternative<HelpCommand>(c);
}
bool is_version(const Command& c) {
  return std::holds_alternative<VersionCommand>(c);
}

const std::vector<OptionCase>& option_table() {
  static const std::vector<OptionCase> table{
      {"", "--help", {}, is_help},
      {"", "-h", {}, is_help},
      {"", "--version", {}, is_version},
      {"profiles", "--help", {}, is_help},
      {"profiles", "-h", {}, is_help},
      {"profiles", "--version", {}, is_version},
      {"profiles",
       "--json",
       {},
       [](const Command& c) {
         const auto* p = std::get_if<ProfilesCommand>(&c);
         return p && p->json;
       }},
      {"replay", "--help", {}, is_help},
      {"replay", "-h", {}, is_help},
      {"replay", "--version", {}, is_version},
      {"replay", "--url", "http://h:1/mcp",
       replay_where([](const auto& r) { return r.flow.url == "http://h:1/mcp"; })},
      {"replay", "--stdio", "srv --flag",
       replay_where([](const auto& r) { return r.flow.stdio_command == "srv --flag"; })},
      {"replay", "--profile", "guide",
       replay_where([](const auto& r) { return r.profile == "guide"; })},
      {"replay", "--option", "stale-session", replay_where([](const auto& r) {
         return r.options == std::vector<std::string>{"stale-session"};
       })},
      {"replay", "--profile-file", "mine.json",
       replay_where([](const auto& r) { return r.profile_file == "mine.json"; })},
      {"replay", "--transport", "sse",
       replay_where([](const auto& r) { return r.flow.transport == TransportChoice::kSse; })},
      {"replay", "--protocol-version", "2025-03-26",
       replay_where([](const auto& r) { return r.flow.protocol_version == "2025-03-26"; })},
      {"replay", "--call", "add",
       replay_where([](const auto& r) { return r.flow.call_tool == "add"; })},
      {"replay", "--arguments", R"({"a":1})", replay_where([](const auto& r) {
         return r.flow.call_arguments == Json{{"a", 1}};
       })},
      {"replay", "--header", "X-Trace: abc", replay_where([](const auto& r) {
         return r.flow.headers == client::Headers{{"X-Trace", "abc"}};
       })},
      {"replay", "--authorization", "tok",
       replay_where([](const auto& r) { return r.flow.authorization == "tok"; })},
      {"replay", "--authorization-raw", {}, replay_where([](const auto& r) {
         return r.flow.authorization_raw;
       })},
      {"replay", "--allowed-tools", "add, echo", replay_where([](const auto& r) {
         return r.flow.allowed_tools == Json{"add", "echo"};
       })},
      {"replay", "--require-approval", "always",
       replay_where([](const auto& r) { return r.flow.require_approval == "always"; })},
      {"replay", "--approve", {}, replay_where([](const auto& r) { return r.flow.approve; })},
      {"replay", "--server-label", "docs",
       replay_where([](const auto& r) { return r.flow.server_label == "docs"; })},
      {"replay", "--budget", "tools/call=100", replay_where([](const auto& r) {
         return r.budget_specs == std::vector<std::string>{"tools/call=100"};
       })},
      {"replay", "--max-response-bytes", "2M", replay_where([](const auto& r) {
         return r.flow.limits.max_body_bytes == (2u << 20) &&
                r.flow.limits.sse.max_event_bytes == (2u << 20);
       })},
      {"replay", "--max-report-body", "4K",
       replay_where([](const auto& r) { return r.flow.report_body_limit == 4096; })},
      {"replay", "--json", "out.json",
       replay_where([](const auto& r) { return r.json_path == "out.json"; })},
      {"replay", "--junit", "out.xml",
       replay_where([](const auto& r) { return r.junit_path == "out.xml"; })},
      {"replay", "--transcript", "t.json",
       replay_where([](const auto& r) { return r.transcript_path == "t.json"; })},
      {"replay", "--quiet", {}, replay_where([](const auto& r) { return r.quiet; })},
      {"replay", "--verbose", {}, replay_where([](const auto& r) { return r.verbose; })},
      {"serve", "--help", {}, is_help},
      {"serve", "-h", {}, is_help},
      {"serve", "--version", {}, is_version},
      {"serve", "--host", "0.0.0.0",
       serve_where([](const auto& s) { return s.host == "0.0.0.0"; })},
      {"serve", "--port", "8080", serve_where([](const auto& s) { return s.port == 8080; })},
      {"serve", "--profile", "chatgpt-2026",
       serve_where([](const auto& s) { return s.profile == "chatgpt-2026"; })},
      {"serve", "--option", "stale-session", serve_where([](const auto& s) {
         return s.options == std::vector<std::string>{"stale-session"};
       })},
      {"serve", "--profile-file", "mine.json",
       serve_where([](const auto& s) { return s.profile_file == "mine.json"; })},
      {"serve", "--script", "rules.json",
       serve_where([](const auto& s) { return s.script_path == "rules.json"; })},
      {"serve", "--transcript-dir", "out",
       serve_where([](const auto& s) { return s.transcript_dir == "out"; })},
      {"serve", "--budget", "tools/call=100", serve_where([](const auto& s) {
         return s.budget_specs == std::vector<std::string>{"tools/call=100"};
       })},
      {"serve", "--authorization-raw", {}, serve_where([](const auto& s) {
         return s.authorization_raw;
       })},
      {"serve", "--max-body", "1M",
       serve_where([](const auto& s) { return s.max_body_bytes == (1u << 20); })},
      {"serve", "--workers", "8", serve_where([](const auto& s) { return s.workers == 8; })},
      {"serve", "--max-stored", "50",
       serve_where([](const auto& s) { return s.max_stored_responses == 50; })},
  };
  return table;
}

/// The words before the option under test: its command and, for replay, a target
/// (unless the option is itself the target).
std::vector<std::string> words_before(const OptionCase& option) {
  std::vector<std::string> words;
  if (!option.command.empty()) words.push_back(option.command);
  if (option.command == "replay" && option.flag != "--url" && option.flag != "--stdio") {
    words.insert(words.end(), {"--url", "http://base/mcp"});
  }
  return words;
}

Command parse_words(std::vector<std::string> words) {
  std::vector<const char*> args;
  for (const auto& w : words)
    args.push_back(w.c_str());
  return parse(args);
}

bool same(const Command& a, const Command& b) {
  if (a.index() != b.index()) return false;
  if (const auto* r = std::get_if<ReplayCommand>(&a)) return *r == std::get<ReplayCommand>(b);
  if (const auto* s = std::get_if<ServeCommand>(&a)) return *s == std::get<ServeCommand>(b);
  if (const auto* p = std::get_if<ProfilesCommand>(&a)) return *p == std::get<ProfilesCommand>(b);
  if (const auto* h = std::get_if<HelpCommand>(&a)) return h->text == std::get<HelpCommand>(b).text;
  if (const auto* e = std::get_if<UsageError>(&a))
    return e->message == std::get<UsageError>(b).message;
  return true;
}

std::string describe(const Command& c) {
  if (const auto* e = std::get_if<UsageError>(&c)) return "usage error: " + e->message;
  return "command #" + std::to_string(c.index());
}

TEST(MockCliOptions, TheTableCoversEveryOptionOfEveryCommand) {
  for (const std::string command : {"", "replay", "serve", "profiles"}) {
    std::vector<std::string> in_table;
    for (const auto& option : option_table()) {
      if (option.command == command) in_table.push_back(option.flag);
    }
    auto known = option_names(command);
    std::sort(in_table.begin(), in_table.end());
    std::sort(known.begin(), known.end());
    EXPECT_EQ(in_table, known) << "command '" << command << "'";
  }
}

TEST(MockCliOptions, FlagValueAndFlagEqualsValueAreTheSame) {
  for (const auto& option : option_table()) {
    SCOPED_TRACE(option.command + " " + option.flag);
    auto words = words_before(option);
    if (!option.value) {
      words.push_back(option.flag);
      const auto parsed = parse_words(words);
      EXPECT_TRUE(option.took_effect(parsed)) << describe(parsed);
      continue;
    }
    auto separate = words;
    separate.insert(separate.end(), {option.flag, *option.value});
    auto joined = words;
    joined.push_back(option.flag + "=" + *option.value);
    const auto a = parse_words(separate);
    const auto b = parse_words(joined);
    EXPECT_TRUE(option.took_effect(a)) << describe(a);
    EXPECT_TRUE(option.took_effect(b)) << describe(b);
    EXPECT_TRUE(same(a, b));
  }
}

TEST(MockCliOptions, AValueOptionWithoutItsValueIsAUsageErrorNamingIt) {
  for (const auto& option : option_table()) {
    if (!option.value) continue;
    auto words = words_before(option);
    words.push_back(option.flag);
    const auto parsed = parse_words(words);
    ASSERT_TRUE(std::holds_alternative<UsageError>(parsed)) << option.flag;
    EXPECT_EQ(std::get<UsageError>(parsed).message, option.flag + ": needs a value");
  }
}

TEST(MockCliOptions, RepeatableOptionsKeepEveryValueInOrderAndTheLastSingleValueWins) {
  const auto c = parse({"replay", "--url", "http://a/mcp", "--url=http://b/mcp", "--budget",
                        "initialize=10", "--budget=initialize=20", "--header", "A: 1",
                        "--header=B: 2", "--option", "x", "--option=y"});
  ASSERT_TRUE(std::holds_alternative<ReplayCommand>(c)) << describe(c);
  const auto& r = std::get<ReplayCommand>(c);
  EXPECT_EQ(r.flow.url, "http://b/mcp");
  EXPECT_EQ(r.budget_specs, (std::vector<std::string>{"initialize=10", "initialize=20"}));
  EXPECT_EQ(r.flow.headers, (client::Headers{{"A", "1"}, {"B", "2"}}));
  EXPECT_EQ(r.options, (std::vector<std::string>{"x", "y"}));
}

TEST(MockCliOptions, ServeDefaultsToAFreeLoopbackPortAndResponses2025) {
  const auto c = parse({"serve"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(c)) << describe(c);
  const auto& s = std::get<ServeCommand>(c);
  EXPECT_EQ(s.host, "127.0.0.1");
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.profile, "responses-2025");
  for (const auto& [flag, value] :
       std::vector<std::pair<std::string, std::string>>{{"--port", "-1"},
                                                        {"--port", "65536"},
                                                        {"--port", "http"},
                                                        {"--workers", "0"},
                                                        {"--max-stored", "1e3"},
                                                        {"--max-body", "12"},
                                                        {"--script", ""}}) {
    const auto bad = parse_words({"serve", flag, value});
    ASSERT_TRUE(std::holds_alternative<UsageError>(bad)) << flag << " " << value;
    EXPECT_TRUE(std::get<UsageError>(bad).message.starts_with(flag + ": "))
        << std::get<UsageError>(bad).message;
  }
  EXPECT_NE(std::get<HelpCommand>(parse({"serve", "--help"})).text.find("listening on"),
            std::string::npos);
}

TEST(MockCliOptions, BadValuesAreUsageErrorsNamingTheFlagInBothSpellings) {
  const std::vector<std::tuple<std::string, std::string, std::string>> bad{
      {"--url", "ftp://a", "http://"},
      {"--stdio", "", "needs a"},  // "--stdio=" reads as no value at all
      {"--transport", "carrier-pigeon", "auto, streamable-http or sse"},
      {"--arguments", "[1]", "JSON object"},
      {"--arguments", "{", "JSON object"},
      {"--header", "NoColon", "Name: value"},
      {"--allowed-tools", "[1,", "not valid JSON"},
      {"--require-approval", "sometimes", "always, never or a JSON object"},
      {"--server-label", "", "needs a value"},
      {"--budget", "warp=1", "unknown step"},
      {"--budget", "initialize", "STEP=MS"},
      {"--budget", "initialize=-5", "positive number"},
  };
  for (const auto& [flag, value, fragment] : bad) {
    const std::vector<std::string> base = flag == "--url" || flag == "--stdio"
                                              ? std::vector<std::string>{"replay"}
                                              : std::vector<std::string>{"replay", "--stdio", "x"};
    auto separate = base;
    separate.insert(separate.end(), {flag, value});
    auto joined = base;
    joined.push_back(flag + "=" + value);
    for (const auto& words : {separate, joined}) {
      const auto c = parse_words(words);
      ASSERT_TRUE(std::holds_alternative<UsageError>(c)) << flag << " " << value;
      const auto& message = std::get<UsageError>(c).message;
      EXPECT_TRUE(message.starts_with(flag + ": ")) << message;
      EXPECT_NE(message.find(fragment), std::string::npos) << message;
    }
  }
}

TEST(MockCliOptions, UnknownWordsAreUsageErrors) {
  const auto message = [](std::vector<const char*> args) {
    const auto c = parse(std::move(args));
    return std::holds_alternative<UsageError>(c) ? std::get<UsageError>(c).message : "";
  };
  EXPECT_EQ(message({"replay", "--url", "http://a/mcp", "--bogus=1"}),
            "replay: unknown option '--bogus'");
  EXPECT_EQ(message({"replay", "--url", "http://a/mcp", "stray"}),
            "replay: unknown option 'stray'");
  EXPECT_EQ(message({"profiles", "--bogus"}), "profiles: unknown option '--bogus'");
  EXPECT_EQ(message({"--bogus"}), "unknown command '--bogus' (replay, serve or profiles)");
  EXPECT_EQ(message({"replay", "--url", "http://a/mcp", "profiles"}),
            "replay: unknown option 'profiles'");
}

TEST(MockCliOptions, EachCommandHasItsOwnHelp) {
  const auto text = [](std::vector<const char*> args) {
    const auto c = parse(std::move(args));
    return std::holds_alternative<HelpCommand>(c) ? std::get<HelpCommand>(c).text : "";
  };
  const auto top = text({"--help"});
  const auto replay = text({"replay", "--help"});
  const auto profiles = text({"profiles", "--help"});
  const auto serve = text({"serve", "--help"});
  EXPECT_EQ(text({"help"}), top);
  for (const auto& option : option_table()) {
    if (option.flag == "-h") continue;  // a hidden spelling of --help
    const auto& help = option.command == "profiles" ? profiles
                       : option.command == "serve"  ? serve
                                                    : replay;
    if (option.command.empty()) continue;
    EXPECT_NE(help.find(option.flag), std::string::npos) << option.flag;
    EXPECT_NE(top.find(option.flag), std::string::npos) << option.flag;
  }
  EXPECT_NE(replay.find("exit status"), std::string::npos);
  EXPECT_EQ(profiles.find("--url"), std::string::npos);
  EXPECT_NE(serve.find("serve exit status"), std::string::npos);
  EXPECT_EQ(serve.find("--url"), std::string::npos);
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
