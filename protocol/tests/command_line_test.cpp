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
};

Parsed parse_args(std::vector<const char*> args) {
  Parsed out;
  CLI::App app{"test program", "prog"};
  configure(app);
  add_help_and_version(app, out.help, out.version);
  app.add_option("--port", out.port)->check(CLI::Range(0, 65535));
  app.add_option("--header", out.headers);
  args.insert(args.begin(), "prog");
  out.error = parse(app, static_cast<int>(args.size()), args.data());
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
    ASSERT_TRUE(parsed.error) << args.front();
    EXPECT_FALSE(parsed.error->message.empty());
  }
  EXPECT_NE(parse_args({"--port", "70000"}).error->message.find("--port"), std::string::npos);
}

TEST(CommandLine, HelpAndVersionAreOrdinaryFlags) {
  EXPECT_TRUE(parse_args({"--help"}).help);
  EXPECT_FALSE(parse_args({"--help"}).error);
  EXPECT_TRUE(parse_args({"--version"}).version);
}

TEST(CommandLine, ReportPrintsTwoLinesAndReturnsTwo) {
  std::ostringstream err;
  EXPECT_EQ(report("prog", UsageError{"--port: bad"}, err), 2);
  EXPECT_EQ(err.str(), "prog: --port: bad\nrun 'prog --help' for usage\n");
}

}  // namespace
}  // namespace mcp::cli
