// Spec page: resources. Checks are added by the issue that fills this page.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {

void register_resources_checks(Registry&) {}

}  // namespace mcp::conformance
