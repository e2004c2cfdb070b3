// The checks whose whole evidence is the handshake (initialize, or
// server/discover at 2026-07-28), with why: against a server that answers it
// and then goes silent, these may pass; a pass of any other check would be a
// pass without evidence. Shared by the no-false-pass tests (a silent HTTP
// server, and the scripted one of the verdict tests).
#pragma once

#include <map>
#include <string>

namespace mcp::conformance {

/// Proven by initialize and its result (the initialize era).
const std::map<std::string, std::string>& proven_by_initialize();
/// Proven by server/discover and its result (2026-07-28).
const std::map<std::string, std::string>& proven_by_discover();

}  // namespace mcp::conformance
