// Deliberate faults (--fault NAME): the reference server breaks one rule on
// purpose, so tests can show that mock-openai and the conformance checks catch
// it. Each fault is one row of the table in faults.cpp: its name, the rule it
// breaks, and the hooks (hooks.hpp) it adds its behaviour to. The server's core
// knows the hooks, never the faults.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reference_server/hooks.hpp"

namespace mcp::server {

struct FaultInfo {
  std::string_view name;
  std::string_view breaks;           // the rule, in one line
  void (*hooks_into)(Hooks& hooks);  // adds the fault's behaviour to the hooks it uses
};

/// Every fault, in the order --list-faults shows them: the legacy era's, then
/// those of protocol revision 2026-07-28.
std::span<const FaultInfo> all_faults();
/// The faults of protocol revision 2026-07-28 (faults_modern.cpp).
std::span<const FaultInfo> modern_faults();
const FaultInfo* find_fault(std::string_view name);

/// Hooks that make the named faults happen: each fault once, in table order
/// (names that are no fault are ignored; the command line refuses them).
Hooks fault_hooks(const std::vector<std::string>& names);

}  // namespace mcp::server
