// The stdio transport: newline-delimited JSON-RPC on stdin/stdout, one session,
// the same dispatcher as HTTP. Logs go to stderr.
#pragma once

#include <istream>
#include <ostream>

#include "reference_server/hooks.hpp"
#include "reference_server/options.hpp"

namespace mcp::server {

/// Serves `in` until EOF, writing to `out`. Requests run concurrently so
/// notifications/cancelled can reach a running tool. Returns the process exit
/// status.
int serve_stdio(const Options& options, std::istream& in, std::ostream& out, McpHooks hooks = {});

}  // namespace mcp::server
