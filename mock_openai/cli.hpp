// mock-openai's command line: parsing (testable without a process) and usage.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "mock_openai/flow.hpp"

namespace mcp::mock {

struct ReplayCommand {
  std::string profile = "responses-2025";
  std::string profile_file;               // instead of a built-in profile
  std::vector<std::string> options;       // profile options (--option)
  FlowOptions flow;                       // flow.budgets is set from the profile, see budgets()
  std::vector<std::string> budget_specs;  // --budget STEP=MS, already checked
  std::string json_path;
  std::string junit_path;
  std::string transcript_path;
  bool quiet = false;
};
struct ProfilesCommand {
  bool json = false;
};
struct HelpCommand {
  std::string text;
};
struct VersionCommand {};
struct UsageError {
  std::string message;
};

using Command =
    std::variant<ReplayCommand, ProfilesCommand, HelpCommand, VersionCommand, UsageError>;

Command parse_command_line(int argc, const char* const* argv);

/// The budgets of a replay: the profile's request deadline, the interactive
/// defaults, then the --budget specs on top.
Budgets budgets_for(const Profile& profile, const std::vector<std::string>& specs);
std::string usage_text();

}  // namespace mcp::mock
