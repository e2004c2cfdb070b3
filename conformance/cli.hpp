// mcp-conformance's command line (parsing is testable without a process).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "conformance/runner.hpp"

namespace mcp::conformance {

struct RunCommand {
  RunOptions options;
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
  std::string profile = "all";
};
struct HelpCommand {};
struct VersionCommand {};
struct UsageError {
  std::string message;
};

using Command = std::variant<RunCommand, ListCommand, HelpCommand, VersionCommand, UsageError>;

Command parse_command_line(int argc, const char* const* argv);
std::string usage_text();

}  // namespace mcp::conformance
