// The tools, resources and prompts the official MCP conformance suite calls,
// under the names it uses. Kept apart from the server's machinery.
#include "reference_server/catalog.hpp"

namespace mcp::server {

void add_official_fixtures(Catalog&) {}

}  // namespace mcp::server
