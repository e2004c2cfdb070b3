// mcp-conformance's command line, on CLI11 with the conventions the three
// programs share (protocol/command_line.hpp); parsing is testable without a process.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "conformance/merge.hpp"
#include "conformance/runner.hpp"
#include "protocol/command_line.hpp"
#include "reports/report_bounds.hpp"

namespace mcp::conformance {

struct RunCommand {
  RunOptions options;
  reports::ReportBounds bounds{.summarize_passing = true};  // --full-exchanges keeps them whole
  std::string expected_failures_path;
  std::string junit_path;
  bool junit_extras = false;
  std::string json_path;
  std::string markdown_path;
  std::string html_path;
  bool quiet = false;
  bool verbose = false;
};
struct ListCommand {
  bool json = false;
  bool markdown = false;  // the table of checks per area and level
  std::string profile = "all";
};
struct HelpCommand {
  std::string text;  // of the program, or of the subcommand asked about
};
struct VersionCommand {};

using Command = std::variant<RunCommand, ListCommand, MergeCommand, HelpCommand, VersionCommand,
                             cli::UsageError>;

Command parse_command_line(int argc, const char* const* argv);

/// The whole help: every subcommand with every option, and the exit statuses.
std::string usage_text();

/// Every option name CLI11 knows for `subcommand` ("run", "list" or "merge"), e.g. "--url".
std::vector<std::string> option_names(std::string_view subcommand);

}  // namespace mcp::conformance
