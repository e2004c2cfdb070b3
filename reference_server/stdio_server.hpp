// The stdio transport: newline-delimited JSON-RPC on stdin/stdout, one session,
// the same dispatcher as HTTP. Logs go to stderr.
#pragma once

#include <cstdio>
#include <istream>
#include <ostream>

#include "reference_server/options.hpp"

namespace mcp::server {

/// Serves `in` until EOF (or until stop()), writing to `out`. Requests run
/// concurrently so notifications/cancelled can reach a running tool. Returns the
/// process exit status.
int serve_stdio(const Options& options, std::istream& in, std::ostream& out);

}  // namespace mcp::server
