// `mcp-conformance list`: the catalogue as text, JSON, or the table of checks
// per area and level that README.md shows.
#pragma once

#include <string>

#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {

/// One line a check (id, level, title) under its area, in spec order.
std::string list_text(const std::string& profile);

/// Every field of every check.
Json list_json(const std::string& profile);

/// A Markdown table: a row per area (with its short note) counting the checks of
/// each level, and a total row.
std::string checks_table(const std::string& profile);

}  // namespace mcp::conformance
