// A replay's result in the shared report formats (JUnit via reports/).
#pragma once

#include <vector>

#include "mock_openai/flow.hpp"
#include "reports/junit.hpp"

namespace mcp::mock {

/// One suite per replay: a test case per step and per budget.
std::vector<reports::TestSuite> to_junit_suites(const FlowResult& result,
                                                std::size_t max_exchange_text = 64u << 10);

}  // namespace mcp::mock
