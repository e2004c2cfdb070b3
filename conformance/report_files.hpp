// The report files of a run (or of a merge of shards), written from one RunReport.
#pragma once

#include <string>

#include "reports/run_report.hpp"

namespace mcp::conformance {

/// The JUnit XML of a run; with extras, each case names the file of its check.
std::string junit_xml(const reports::RunReport& report, bool extras);

}  // namespace mcp::conformance
