// mock-openai's command line (CLI11, with the conventions of
// protocol/command_line.hpp): parsing, testable without a process, and the help.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "mock_openai/flow.hpp"
#include "protocol/command_line.hpp"

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
  bool verbose = false;  // the Responses API output items too

  bool operator==(const ReplayCommand&) const = default;
};
struct ServeCommand {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string profile = "responses-2025";
  std::string profile_file;
  std::vector<std::string> options;
  std::vector<std::string> budget_specs;
  std::string script_path;
  std::string transcript_dir;
  bool authorization_raw = false;
  std::size_t max_body_bytes = 8u << 20;
  std::size_t workers = 32;
  std::size_t max_stored_responses = 10000;

  bool operator==(const ServeCommand&) const = default;
};
struct ProfilesCommand {
  bool json = false;

  bool operator==(const ProfilesCommand&) const = default;
};
struct HelpCommand {
  std::string text;
};
struct VersionCommand {};
using cli::UsageError;

using Command = std::variant<ReplayCommand, ServeCommand, ProfilesCommand, HelpCommand,
                             VersionCommand, UsageError>;

Command parse_command_line(int argc, const char* const* argv);

/// Every option COMMAND ("replay", "serve", "profiles", or "" for the program itself) takes, by the
/// names CLI11 knows: lets a test prove that each one is parsed as the help says.
std::vector<std::string> option_names(const std::string& command);

/// The budgets of a replay: the profile's request deadline, the interactive
/// defaults, then the --budget specs on top.
Budgets budgets_for(const Profile& profile, const std::vector<std::string>& specs);
/// The whole help (mock-openai --help); each command's --help shows its own part.
std::string usage_text();

}  // namespace mcp::mock
