// mcp-conformance's command line: every bad input is a clear usage error (exit
// 2), never a run with a silently different meaning.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "conformance/cli.hpp"
#include "conformance/listing.hpp"

namespace mcp::conformance {
namespace {

Command parse(std::vector<std::string> args) {
  args.insert(args.begin(), "mcp-conformance");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

std::string usage_error(std::vector<std::string> args) {
  const auto command = parse(std::move(args));
  if (const auto* e = std::get_if<cli::UsageError>(&command)) return e->message;
  return "";
}

const RunCommand& as_run(const Command& command) {
  if (const auto* e = std::get_if<cli::UsageError>(&command)) ADD_FAILURE() << e->message;
  return std::get<RunCommand>(command);
}

/// A file with `text`, removed with the test.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(CliTest, RunTakesEveryOption) {
  const auto command = parse({"run",
                              "--url",
                              "http://127.0.0.1:8080/mcp",
                              "--transport",
                              "streamable-http",
                              "--protocol-version",
                              "2025-06-18",
                              "--profile",
                              "openai",
                              "--strict",
                              "--only",
                              "transport.http.*",
                              "--skip",
                              "transport.http.session.*",
                              "--header",
                              "X-Tenant: blue",
                              "--bearer",
                              "secret",
                              "--timeout",
                              "5",
                              "--jobs",
                              "3",
                              "--call-tool",
                              "echo",
                              "--call-arguments",
                              R"({"text":"hi"})",
                              "--junit",
                              "r.xml",
                              "--junit-extras",
                              "--json",
                              "r.json",
                              "--markdown",
                              "r.md",
                              "--html",
                              "r.html",
                              "--quiet"});
  const auto& run = as_run(command);
  const auto& o = run.options;
  EXPECT_EQ(o.target.url, "http://127.0.0.1:8080/mcp");
  EXPECT_EQ(o.target.transport, TransportChoice::kStreamableHttp);
  EXPECT_EQ(o.protocol_version, "2025-06-18");
  EXPECT_EQ(o.profile, "openai");
  EXPECT_TRUE(o.strict);
  EXPECT_EQ(o.only, std::vector<std::string>{"transport.http.*"});
  EXPECT_EQ(o.skip, std::vector<std::string>{"transport.http.session.*"});
  ASSERT_EQ(o.target.headers.size(), 2u);
  EXPECT_EQ(o.target.headers[0], (std::pair<std::string, std::string>{"X-Tenant", "blue"}));
  EXPECT_EQ(o.target.headers[1],
            (std::pair<std::string, std::string>{"Authorization", "Bearer secret"}));
  EXPECT_TRUE(o.target.has_bearer);
  EXPECT_EQ(o.target.deadlines.total, std::chrono::seconds(5));
  EXPECT_EQ(o.jobs, 3u);
  EXPECT_EQ(o.call_tool, "echo");
  EXPECT_EQ(o.call_arguments, (Json{{"text", "hi"}}));
  EXPECT_EQ(run.junit_path, "r.xml");
  EXPECT_TRUE(run.junit_extras);
  EXPECT_EQ(run.json_path, "r.json");
  EXPECT_EQ(run.markdown_path, "r.md");
  EXPECT_EQ(run.html_path, "r.html");
  EXPECT_TRUE(run.quiet);
}

TEST(CliTest, DefaultsAreTheDocumentedOnes) {
  const auto command = parse({"run", "--stdio", "my-server --flag"});
  const auto& run = as_run(command);
  EXPECT_EQ(run.options.target.stdio_command, "my-server --flag");
  EXPECT_EQ(run.options.profile, "spec");
  EXPECT_EQ(run.options.protocol_version, "");
  EXPECT_FALSE(run.options.strict);
  EXPECT_EQ(run.options.target.deadlines.total, std::chrono::seconds(30));
  EXPECT_GE(run.options.jobs, 1u);
}

TEST(CliTest, OptionEqualsValueFormWorks) {
  const auto command = parse({"run", "--url=http://[::1]:9/mcp", "--profile=all"});
  const auto& run = as_run(command);
  EXPECT_EQ(run.options.target.url, "http://[::1]:9/mcp");
  EXPECT_EQ(run.options.profile, "all");
}

TEST(CliTest, BadInputIsAUsageErrorThatSaysWhy) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{}, "missing command"},
      {{"frobnicate"}, "unknown command"},
      {{"run"}, "exactly one of --url and --stdio"},
      {{"run", "--url", "http://a/mcp", "--stdio", "x"}, "exactly one of --url and --stdio"},
      {{"run", "--url", "ftp://a/mcp"}, "http:// or https://"},
      {{"run", "--url"}, "needs a value"},
      {{"run", "--url", "http://a/mcp", "--bogus"}, "unknown option '--bogus'"},
      {{"run", "--url", "http://a/mcp", "--transport", "websocket"}, "--transport expects"},
      {{"run", "--url", "http://a/mcp", "--protocol-version", "2024-01-01"},
       "--protocol-version expects"},
      {{"run", "--url", "http://a/mcp", "--profile", "anthropic"}, "--profile expects"},
      {{"run", "--url", "http://a/mcp", "--timeout", "0"}, "--timeout expects"},
      {{"run", "--url", "http://a/mcp", "--timeout", "ten"}, "--timeout expects"},
      {{"run", "--url", "http://a/mcp", "--jobs", "0"}, "--jobs expects"},
      {{"run", "--url", "http://a/mcp", "--header", "NoColon"}, "--header expects"},
      {{"run", "--url", "http://a/mcp", "--bearer", ""}, "--bearer needs a token"},
      {{"run", "--url", "http://a/mcp", "--call-arguments", "{}"}, "needs --call-tool"},
      {{"run", "--url", "http://a/mcp", "--call-tool", "x", "--call-arguments", "[1]"},
       "JSON object"},
      {{"run", "--url", "http://a/mcp", "--quiet", "--verbose"}, "exclude each other"},
      {{"run", "--url", "http://a/mcp", "--only", "lifecycel.*"}, "matches no check"},
      {{"run", "--url", "http://a/mcp", "--skip", "nothing.like.this"}, "matches no check"},
      {{"run", "--url", "http://a/mcp", "--expected-failures", "/nonexistent/x.yaml"},
       "cannot read expected failures"},
      {{"list", "--profile", "x"}, "--profile expects"},
      {{"list", "--bogus"}, "unknown option"},
  };
  for (const auto& [args, expected] : cases) {
    std::string joined;
    for (const auto& a : args)
      joined += a + " ";
    const auto message = usage_error(args);
    EXPECT_NE(message.find(expected), std::string::npos)
        << "args: " << joined << "\nmessage: " << message;
  }
}

TEST(CliTest, HelpAndVersion) {
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parse({"--help"})));
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parse({"run", "--help"})));
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parse({"list", "--help"})));
  EXPECT_TRUE(std::holds_alternative<VersionCommand>(parse({"--version"})));
  const auto usage = usage_text();
  for (const char* documented : {"--url", "--stdio", "--junit", "--expected-failures", "--strict",
                                 "exit status", "--profile"}) {
    EXPECT_NE(usage.find(documented), std::string::npos) << documented;
  }
}

/// Everything a parse produced, as text: two parses that gave the same
/// command give the same text.
std::string fingerprint(const Command& command) {
  if (const auto* run = std::get_if<RunCommand>(&command)) {
    const auto& o = run->options;
    const auto& d = o.target.deadlines;
    Json expected = Json::array();
    for (const auto& e : o.expected_failures)
      expected.push_back({e.id, e.reason, e.version});
    return Json{
        {"url", o.target.url},
        {"stdio", o.target.stdio_command},
        {"transport", static_cast<int>(o.target.transport)},
        {"headers", o.target.headers},
        {"has_bearer", o.target.has_bearer},
        {"deadlines", {d.connect.count(), d.first_byte.count(), d.idle.count(), d.total.count()}},
        {"limits",
         {o.target.limits.max_body_bytes, o.target.limits.sse.max_event_bytes,
          o.target.limits.sse.max_line_bytes}},
        {"report_body_limit", o.report_body_limit},
        {"report_exchanges", run->bounds.exchanges},
        {"summarize_passing", run->bounds.summarize_passing},
        {"protocol_version", o.protocol_version},
        {"profile", o.profile},
        {"strict", o.strict},
        {"only", o.only},
        {"skip", o.skip},
        {"expected_failures", expected},
        {"jobs", o.jobs},
        {"call_tool", o.call_tool},
        {"allow_tools", o.allow_tools},
        {"call_arguments", o.call_arguments},
        {"expected_failures_path", run->expected_failures_path},
        {"junit", run->junit_path},
        {"junit_extras", run->junit_extras},
        {"json", run->json_path},
        {"markdown", run->markdown_path},
        {"html", run->html_path},
        {"quiet", run->quiet},
        {"verbose", run->verbose},
        {"shard", o.shard ? to_string(*o.shard) : ""}}
        .dump();
  }
  if (const auto* merge = std::get_if<MergeCommand>(&command)) {
    return Json{{"reports", merge->reports},        {"json", merge->json_path},
                {"junit", merge->junit_path},       {"junit_extras", merge->junit_extras},
                {"markdown", merge->markdown_path}, {"html", merge->html_path}}
        .dump();
  }
  if (const auto* list = std::get_if<ListCommand>(&command))
    return Json{{"json", list->json}, {"markdown", list->markdown}, {"profile", list->profile}}
        .dump();
  if (const auto* help = std::get_if<HelpCommand>(&command)) return "help: " + help->text;
  if (std::holds_alternative<VersionCommand>(command)) return "version";
  return "usage error: " + std::get<cli::UsageError>(command).message;
}

/// A flag, with a value that changes the command (none for a switch), the rest
/// of a command line it needs, and a value it refuses (with what the refusal says).
struct FlagSample {
  std::string subcommand;
  std::string flag;
  std::optional<std::string> value;
  std::vector<std::string> rest;
  std::optional<std::string> bad_value = std::nullopt;
  std::string refusal = {};
};

/// Every flag of every subcommand. Keep it complete: FlagTableCoversEveryOption
/// fails when CLI11 knows a flag this table does not.
std::vector<FlagSample> every_flag(const std::string& expected_failures_file) {
  const std::vector<std::string> url{"--url", "http://127.0.0.1:9/mcp"};
  return {
      {"run", "--url", "http://127.0.0.1:8080/mcp", {}, "ftp://a/mcp", "http:// or https://"},
      {"run", "--stdio", "my-server --stdio", {}, "", "--stdio needs a command"},
      {"run", "--transport", "sse", url, "websocket", "--transport expects"},
      {"run", "--header", "X-Tenant: blue", url, "NoColon", "--header expects"},
      {"run", "--bearer", "secret", url, "", "--bearer needs a token"},
      {"run", "--timeout", "5", url, "3601", "--timeout expects"},
      {"run", "--max-response-bytes", "4M", url, "12", "--max-response-bytes expects"},
      {"run", "--max-report-body", "1K", url, "lots", "--max-report-body expects"},
      {"run", "--max-report-exchanges", "0", url, "-1", "--max-report-exchanges expects"},
      {"run", "--protocol-version", "2025-06-18", url, "2024-01-01", "--protocol-version expects"},
      {"run", "--profile", "openai", url, "anthropic", "--profile expects"},
      {"run", "--strict", std::nullopt, url},
      {"run", "--only", "lifecycle.*", url, "lifecycel.*", "matches no check"},
      {"run", "--skip", "tools.*", url, "nothing.like.this", "matches no check"},
      {"run", "--expected-failures", expected_failures_file, url, "/nonexistent/x.yaml",
       "cannot read expected failures"},
      {"run", "--jobs", "250", url, "257", "--jobs expects"},
      {"run", "--shard", "2/3", url, "4/3", "--shard expects I/N"},
      {"run", "--call-tool", "echo", url},
      {"run", "--allow-tool", "toggle_list_entry", url, "", "--allow-tool expects a tool name"},
      {"run",
       "--call-arguments",
       R"({"text":"hi"})",
       {"--url", "http://a/mcp", "--call-tool", "echo"},
       "[1]",
       "--call-arguments expects a JSON object"},
      {"run", "--junit", "r.xml", url},
      {"run", "--junit-extras", std::nullopt, url},
      {"run", "--json", "r.json", url},
      {"run", "--markdown", "r.md", url},
      {"run", "--html", "r.html", url},
      {"run", "--full-exchanges", std::nullopt, url},
      {"run", "--quiet", std::nullopt, url},
      {"run", "--verbose", std::nullopt, url},
      {"run", "--help", std::nullopt, url},
      {"run", "-h", std::nullopt, url},
      {"run", "--version", std::nullopt, url},
      {"list", "--json", std::nullopt, {}},
      {"list", "--markdown", std::nullopt, {}},
      {"list", "--profile", "spec", {}, "x", "--profile expects"},
      {"list", "--help", std::nullopt, {}},
      {"list", "-h", std::nullopt, {}},
      {"list", "--version", std::nullopt, {}},
      {"merge", "--json", "m.json", {"a.json"}},
      {"merge", "--junit", "m.xml", {"a.json"}},
      {"merge", "--junit-extras", std::nullopt, {"a.json"}},
      {"merge", "--markdown", "m.md", {"a.json"}},
      {"merge", "--html", "m.html", {"a.json"}},
      {"merge", "--help", std::nullopt, {"a.json"}},
      {"merge", "-h", std::nullopt, {"a.json"}},
      {"merge", "--version", std::nullopt, {"a.json"}},
  };
}

Command parse_with(const FlagSample& sample, std::vector<std::string> flag_words) {
  std::vector<std::string> args{sample.subcommand};
  args.insert(args.end(), sample.rest.begin(), sample.rest.end());
  args.insert(args.end(), flag_words.begin(), flag_words.end());
  return parse(args);
}

class FlagTableTest : public ::testing::Test {
 protected:
  TempFile expected_{"flags-expected.yaml", "- id: base.batch.removed\n  reason: example\n"};
  std::vector<FlagSample> flags_ = every_flag(expected_.path());
};

TEST_F(FlagTableTest, FlagTableCoversEveryOption) {
  for (const std::string subcommand : {"run", "list", "merge"}) {
    std::set<std::string> in_table;
    for (const auto& sample : flags_) {
      if (sample.subcommand == subcommand) in_table.insert(sample.flag);
    }
    const auto known = option_names(subcommand);
    EXPECT_EQ(in_table, std::set<std::string>(known.begin(), known.end())) << subcommand;
  }
}

TEST_F(FlagTableTest, FlagEqualsValueIsFlagSpaceValueForEveryFlag) {
  for (const auto& sample : flags_) {
    SCOPED_TRACE(sample.subcommand + " " + sample.flag);
    const auto without = fingerprint(parse_with(sample, {}));
    if (!sample.value) {
      EXPECT_NE(fingerprint(parse_with(sample, {sample.flag})), without);
      continue;
    }
    const auto spaced = fingerprint(parse_with(sample, {sample.flag, *sample.value}));
    EXPECT_EQ(spaced.find("usage error"), std::string::npos) << spaced;
    EXPECT_NE(spaced, without) << "the sample value changes nothing";
    EXPECT_EQ(fingerprint(parse_with(sample, {sample.flag + "=" + *sample.value})), spaced);
  }
}

TEST_F(FlagTableTest, BadValueOrNoneIsAUsageErrorNamingTheFlag) {
  for (const auto& sample : flags_) {
    SCOPED_TRACE(sample.subcommand + " " + sample.flag);
    if (sample.value) {
      EXPECT_EQ(fingerprint(parse_with(sample, {sample.flag})),
                "usage error: " + sample.flag + ": needs a value");
    } else if (sample.flag.starts_with("--")) {
      EXPECT_EQ(fingerprint(parse_with(sample, {sample.flag + "=maybe"})),
                "usage error: " + sample.flag + ": takes no value");
    }
    if (!sample.bad_value) continue;
    const auto spaced = fingerprint(parse_with(sample, {sample.flag, *sample.bad_value}));
    EXPECT_NE(spaced.find("usage error: "), std::string::npos) << spaced;
    EXPECT_NE(spaced.find(sample.refusal), std::string::npos) << spaced;
    EXPECT_EQ(fingerprint(parse_with(sample, {sample.flag + "=" + *sample.bad_value})), spaced);
  }
}

TEST(CliTest, UnknownFlagOrCommandIsAUsageErrorNamingIt) {
  EXPECT_EQ(usage_error({"run", "--url", "http://a/mcp", "--bogus=1"}),
            "run: unknown option '--bogus'");
  EXPECT_EQ(usage_error({"list", "stray"}), "list: unknown option 'stray'");
  EXPECT_EQ(usage_error({"--bogus"}), "unknown command '--bogus' (run, list or merge)");
  EXPECT_EQ(usage_error({"run", "--url", "http://a/mcp", "list"}), "run: unknown option 'list'");
  EXPECT_EQ(usage_error({"list", "--json", "--markdown"}),
            "--json and --markdown exclude each other");
}

TEST(CliTest, ARepeatedOptionTakesItsLastValueAndListsKeepTheirOrder) {
  const auto command = parse({"run", "--url", "http://a/mcp", "--url", "http://b/mcp", "--junit",
                              "a.xml", "--junit=b.xml", "--bearer", "t", "--header", "X-A: 1",
                              "--only", "tools.*", "--only", "lifecycle.*"});
  const auto& run = as_run(command);
  EXPECT_EQ(run.options.target.url, "http://b/mcp");
  EXPECT_EQ(run.junit_path, "b.xml");
  EXPECT_EQ(run.options.target.headers,
            (client::Headers{{"Authorization", "Bearer t"}, {"X-A", "1"}}));
  EXPECT_EQ(run.options.only, (std::vector<std::string>{"tools.*", "lifecycle.*"}));
}

TEST(CliTest, HelpOfTheProgramAndOfEachSubcommand) {
  const auto help = [](std::vector<std::string> args) {
    const auto command = parse(std::move(args));
    const auto* h = std::get_if<HelpCommand>(&command);
    return h ? h->text : "not help: " + fingerprint(command);
  };
  const auto whole = help({"--help"});
  EXPECT_EQ(whole, usage_text());
  EXPECT_EQ(help({"help"}), whole);
  EXPECT_EQ(help({"-h"}), whole);
  const auto run = help({"run", "--help"});
  const auto list = help({"list", "--help"});
  for (const auto& flag : option_names("run")) {
    if (flag == "-h") continue;  // kept from before, not advertised
    EXPECT_NE(whole.find(flag), std::string::npos) << flag;
    EXPECT_NE(run.find(flag), std::string::npos) << flag;
  }
  EXPECT_NE(run.find("exit status"), std::string::npos);
  EXPECT_NE(list.find("--markdown"), std::string::npos);
  EXPECT_EQ(list.find("--url"), std::string::npos);
  EXPECT_EQ(help({"run", "--url", "http://a/mcp", "-h"}), run);
  EXPECT_EQ(fingerprint(parse({"--version"})), "version");
}

// README.md's table of checks is generated: it is what `list --markdown` prints.
TEST(Readme, TableOfChecksIsWhatListMarkdownPrints) {
  const std::string begin = "<!-- mcp-conformance list --markdown -->\n";
  const std::string end = "<!-- end -->";
  std::ifstream in(std::string(MCPC_FIXTURES_DIR) + "/../README.md");
  std::stringstream text;
  text << in.rdbuf();
  const auto readme = text.str();
  const auto start = readme.find(begin);
  ASSERT_NE(start, std::string::npos) << "README.md has no line " << begin;
  const auto table_start = start + begin.size();
  const auto table_end = readme.find(end, table_start);
  ASSERT_NE(table_end, std::string::npos) << "README.md has no " << end << " after " << begin;
  const auto expected = checks_table("all");
  EXPECT_EQ(readme.substr(table_start, table_end - table_start), expected)
      << "README.md's table of checks is out of date: run\n"
         "  cmake --build --preset ci --target readme-table\n"
         "or replace its block with:\n"
      << begin << expected << end;
}

TEST(ExpectedFailuresTest, ReadsYamlAndJson) {
  const TempFile yaml("expected.yaml",
                      "expected_failures:\n"
                      "  - id: transport.http.session.terminated-404\n"
                      "    reason: answers 400 for unknown sessions (issue 12)\n"
                      "  - id: base.batch.removed\n"
                      "    reason: still accepts batches\n");
  std::string error;
  const auto from_yaml = load_expected_failures(yaml.path(), &error);
  ASSERT_TRUE(from_yaml) << error;
  ASSERT_EQ(from_yaml->size(), 2u);
  EXPECT_EQ((*from_yaml)[0].id, "transport.http.session.terminated-404");
  EXPECT_EQ((*from_yaml)[0].reason, "answers 400 for unknown sessions (issue 12)");

  const TempFile json("expected.json", R"([{"id": "base.batch.removed", "reason": "r"}])");
  const auto from_json = load_expected_failures(json.path(), &error);
  ASSERT_TRUE(from_json) << error;
  ASSERT_EQ(from_json->size(), 1u);
  EXPECT_EQ((*from_json)[0].id, "base.batch.removed");
}

TEST(ExpectedFailuresTest, RefusesEntriesItCannotHonour) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"- id: base.batch.removed\n", "non-empty reason"},
      {"- id: base.batch.removed\n  reason: \"\"\n", "non-empty reason"},
      {"- reason: why\n", "needs an id"},
      {"- id: no.such.check\n  reason: why\n", "names no check: no.such.check"},
      {"just: a map\n", "expected a list"},
      {"- [unclosed\n", "cannot read"},
  };
  for (const auto& [text, expected] : cases) {
    const TempFile file("bad.yaml", text);
    std::string error;
    EXPECT_FALSE(load_expected_failures(file.path(), &error)) << text;
    EXPECT_NE(error.find(expected), std::string::npos) << text << "\n" << error;
  }
}

}  // namespace
}  // namespace mcp::conformance

namespace mcp::conformance {
namespace {

/// Every scalar in a YAML document that contains `needle`.
void collect_scalars(const YAML::Node& node, const std::string& needle,
                     std::vector<std::string>* out) {
  if (node.IsScalar()) {
    const auto text = node.as<std::string>();
    if (text.find(needle) != std::string::npos) out->push_back(text);
  } else if (node.IsSequence()) {
    for (const auto& child : node)
      collect_scalars(child, needle, out);
  } else if (node.IsMap()) {
    for (const auto& entry : node)
      collect_scalars(entry.second, needle, out);
  }
}

/// The words of the `mcp-conformance run ...` command in a shell snippet, with
/// backslash-newline continuations joined and comments dropped.
std::vector<std::string> command_words(std::string script) {
  for (std::size_t at; (at = script.find("\\\n")) != std::string::npos;)
    script.replace(at, 2, " ");
  const auto start = script.find("mcp-conformance run");
  const auto end = script.find('\n', start);
  std::istringstream line(script.substr(start, end == std::string::npos ? end : end - start));
  std::vector<std::string> words;
  for (std::string word; line >> word && word[0] != '#';)
    words.push_back(word);
  return words;
}

// The CI examples users copy must stay valid: their mcp-conformance command
// lines parse, with reports a CI system can publish.
TEST(CiExamples, CommandLinesParseAndWriteJUnit) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mcpc-ci-examples-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto expected = (dir / "expected.yaml").string();
  std::ofstream(expected) << "- id: base.batch.removed\n  reason: example\n";
  for (const char* name : {"github-actions.yml", "gitlab-ci.yml"}) {
    SCOPED_TRACE(name);
    const auto path = std::string(MCPC_FIXTURES_DIR) + "/../scripts/ci/" + name;
    std::vector<std::string> scripts;
    collect_scalars(YAML::LoadFile(path), "mcp-conformance run", &scripts);
    ASSERT_EQ(scripts.size(), 1u);
    auto words = command_words(scripts.front());
    ASSERT_GE(words.size(), 2u);
    words.erase(words.begin());  // the program name
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i] == "--expected-failures") words[i + 1] = expected;
    }
    const auto command = parse(words);
    ASSERT_TRUE(std::holds_alternative<RunCommand>(command)) << usage_error(words);
    const auto& run = std::get<RunCommand>(command);
    EXPECT_FALSE(run.options.target.url.empty());
    EXPECT_FALSE(run.junit_path.empty());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcp::conformance
