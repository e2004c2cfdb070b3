#include "protocol/command_line.hpp"

#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

namespace mcp::cli {
namespace {

struct Parsed {
  std::optional<UsageError> error;
  int port = -1;
  std::vector<std::string> headers;
  bool help = false;
  bool version = false;
  std::string label = "unset";
  bool strict = false;
  std::optional<UsageError> unknown;
};

Parsed parse_args(std::vector<const char*> args) {
  Parsed out;
  CLI::App app{"test program", "prog"};
  configure(app);
  add_help_and_version(app, out.help, out.version);
  app.add_option("--port", out.port)->check(CLI::Range(0, 65535));
  app.add_option("--header", out.headers);
  app.add_option("--label", out.label);
  app.add_flag("--strict", out.strict)->disable_flag_override();
  app.allow_extras();
  args.insert(args.begin(), "prog");
  out.error = parse(app, static_cast<int>(args.size()), args.data());
  if (!out.error) out.unknown = unknown_option(app, "prog: ");
  return out;
}

TEST(CommandLine, FlagValueAndFlagEqualsValueAreTheSame) {
  EXPECT_EQ(parse_args({"--port", "8080"}).port, 8080);
  EXPECT_EQ(parse_args({"--port=8080"}).port, 8080);
  const auto repeated = parse_args({"--header", "A: 1", "--header=B: 2"});
  EXPECT_EQ(repeated.headers, (std::vector<std::string>{"A: 1", "B: 2"}));
}

TEST(CommandLine, BadInputIsAUsageErrorNamingTheFlag) {
  for (const auto& args : std::vector<std::vector<const char*>>{
           {"--port", "-1"}, {"--port", "x"}, {"--port"}, {"--no-such-flag"}, {"stray"}}) {
    const auto parsed = parse_args(args);
    ASSERT_TRUE(parsed.error || parsed.unknown) << args.front();
    if (!parsed.error) continue;
    EXPECT_FALSE(parsed.error->message.empty());
  }
  EXPECT_NE(parse_args({"--port", "70000"}).error->message.find("--port"), std::string::npos);
}

TEST(CommandLine, AnEmptyInlineValueIsEmptyAndDoesNotTakeTheNextWord) {
  const auto parsed = parse_args({"--label=", "--strict"});
  EXPECT_FALSE(parsed.error);
  EXPECT_EQ(parsed.label, "");
  EXPECT_TRUE(parsed.strict);
}

TEST(CommandLine, CommonMistakesAreSaidPlainly) {
  EXPECT_EQ(parse_args({"--label"}).error->message, "--label: needs a value");
  EXPECT_EQ(parse_args({"--strict=yes"}).error->message, "--strict: takes no value");
  const auto extra = parse_args({"--bogus=1"});
  ASSERT_TRUE(extra.unknown);
  EXPECT_EQ(extra.unknown->message, "prog: unknown option '--bogus'");
  EXPECT_FALSE(parse_args({"--strict"}).unknown);
}

TEST(CommandLine, HelpAndVersionAreOrdinaryFlags) {
  EXPECT_TRUE(parse_args({"--help"}).help);
  EXPECT_FALSE(parse_args({"--help"}).error);
  EXPECT_TRUE(parse_args({"--version"}).version);
}

// The whole help is what help2man makes the man page of: its synopsis from the
// program's own "Usage:" lines only, and a subsection from each heading at the margin.
TEST(CommandLine, WholeHelpHasOneSynopsisAndEachSubcommandsOptionsUnderHeadings) {
  CLI::App app{"Usage: prog run [options]\n  or:  prog --help\n\nDoes things.", "prog"};
  configure(app);
  bool help = false;
  bool version = false;
  add_help_and_version(app, help, version);
  auto* run = app.add_subcommand("run", "run the things");
  add_help_and_version(*run, help, version);
  bool fast = false;
  run->add_flag("--fast", fast, "go fast")->group("speed");
  const auto text = app.get_formatter()->make_help(&app, "prog", CLI::AppFormatMode::All);
  EXPECT_TRUE(text.starts_with("Usage: prog run [options]\n  or:  prog --help\n")) << text;
  EXPECT_EQ(text.find("Usage:", 1), std::string::npos) << text;
  EXPECT_NE(text.find("\n  run                           run the things\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\nrun options:\n  --help "), std::string::npos) << text;
  EXPECT_NE(text.find("\nrun options, speed:\n  --fast "), std::string::npos) << text;

  CLI::App plain{"test program", "prog"};
  configure(plain);
  EXPECT_NE(plain.help().find("Usage: prog"), std::string::npos);
}

TEST(CommandLine, ReportPrintsTwoLinesAndReturnsTwo) {
  std::ostringstream err;
  EXPECT_EQ(report("prog", UsageError{"--port: bad"}, err), 2);
  EXPECT_EQ(err.str(), "prog: --port: bad\nrun 'prog --help' for usage\n");
}

}  // namespace
}  // namespace mcp::cli
