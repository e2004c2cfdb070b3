// Spec page: openai. Checks are added by the issue that fills this page.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {

void register_openai_checks(Registry&) {}

}  // namespace mcp::conformance
