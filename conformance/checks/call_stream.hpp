// A 2026-07-28 tools/call read to the very end of its answer: everything the
// server put on the request's own response stream, in order, so that checks
// can attribute each message to its request exactly (one POST per request).
#pragma once

#include <string>
#include <vector>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {

/// A tools/call of `name` POSTed raw over Streamable HTTP with the envelope,
/// `meta` merged into its _meta and the Mcp-Param-* headers the tool declares;
/// its SSE stream is read until the server ends it, not just to the response.
client::HttpResponse post_tool_call(CheckContext& c, const std::string& name, const Json& arguments,
                                    const Json& meta, const Json& id);

/// Every JSON-RPC message of an answer, in order: each SSE event's, or the JSON body's.
std::vector<Json> answer_messages(const client::HttpResponse& r);

}  // namespace mcp::conformance
