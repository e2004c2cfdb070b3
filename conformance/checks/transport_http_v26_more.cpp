// Spec page basic/transports/streamable-http at 2026-07-28, more rules: the one
// endpoint that takes POST, and the x-mcp-header marks that make Mcp-Param-*
// headers. Part of the transport-http area (transport_http.cpp registers these).
#include "conformance/checks/check_util.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::conformance {
namespace {

const std::string kTransportHttpV26MoreArea = "transport-http";
const std::string kTransportHttpV26MorePage = "basic/transports/streamable-http";

const CheckInfo kEndpoint{
    .id = "transport.http.v26.endpoint",
    .title = "The MCP endpoint takes POST",
    .area = kTransportHttpV26MoreArea,
    .section = kTransportHttpV26MorePage,
    .rule = "The server has a single MCP endpoint that takes POST requests.",
    .versions = kModernVersions,
    .needs = {.streamable = true},
    .requirement = "transport.v26.endpoint",
    .description =
        "POSTs a 2026-07-28 server/discover, with the envelope and the headers a client sends, "
        "to the URL under test: the answer must be a 2xx with the JSON-RPC response holding a "
        "result (as JSON or on an SSE stream)."};

Outcome endpoint(CheckContext& c) {
  const auto answer = post_modern(c, modern_request(c, "server/discover"));
  if (const auto problem = not_served(answer); !problem.empty())
    return Outcome::fail("a server/discover result to a POST to " + c.target().url, problem);
  return Outcome::pass();
}

const CheckInfo kXMcpHeaderValid{
    .id = "transport.http.v26.x-mcp-header-valid",
    .title = "x-mcp-header marks are valid",
    .area = kTransportHttpV26MoreArea,
    .section = kTransportHttpV26MorePage + "#custom-headers-from-tool-parameters",
    .rule =
        "An x-mcp-header name in a tool's input schema is a valid, unique header token on a "
        "simple top-level property.",
    .versions = kModernVersions,
    .needs = kListedTools,
    .requirement = "transport.v26.x-mcp-header-valid",
    .description =
        "Reads the x-mcp-header marks of every listed tool's inputSchema: each must be a "
        "non-empty header token, unique ignoring case within the tool, on a string, integer or "
        "boolean property reached from the root through properties alone (not under items, a "
        "composition or a $ref). A client drops a tool whose marks break these rules.",
    .evidence = Evidence::kHandshake};

Outcome x_mcp_header_valid(CheckContext& c) {
  if (c.facts().tools.empty()) return Outcome::skip("the server lists no tools");
  std::size_t marked = 0;
  for (const auto& tool : c.facts().tools) {
    std::string problem;
    const auto params = modern::header_params(input_schema(tool), &problem);
    if (!params) return Outcome::fail("valid x-mcp-header marks (" + name_of(tool) + ")", problem);
    if (!params->empty()) ++marked;
  }
  if (marked == 0) return Outcome::skip("no tool marks an argument x-mcp-header");
  return Outcome::pass(std::to_string(marked) + " tool(s) with valid x-mcp-header marks");
}

}  // namespace

void register_transport_http_v26_more_checks(Registry& registry) {
  registry.add(kEndpoint, endpoint);
  registry.add(kXMcpHeaderValid, x_mcp_header_valid);
}

}  // namespace mcp::conformance
