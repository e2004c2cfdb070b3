// Runs mock-openai as a process for the end-to-end tests, with its JSON result,
// transcript and JUnit report read back.
#pragma once

#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::testing {

struct Replay {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
  Json result;
  Json transcript;
  std::string junit_path;
};

/// `mock-openai replay ARGS` with relaxed interactive budgets (a test that sets
/// its own wins) and every report written.
Replay replay(std::vector<std::string> args);
/// `mock-openai replay ARGS` exactly as given, every report written.
Replay replay_as_given(std::vector<std::string> args);

std::string read_text(const std::string& path);
/// "phase/name" of each step of a result.
std::vector<std::string> step_names(const Json& result);
/// The first output item of `type`, or null.
const Json* find_item(const Json& result, const std::string& type);
/// The names of the tools every tools/call request of a transcript named.
std::vector<std::string> called_tools(const Json& transcript);

}  // namespace mcp::testing
