// What a report may hold, whatever the server sent: every report of a run is
// bounded, so a server answering with endless or enormous messages cannot turn
// a CI artifact into gigabytes.
#pragma once

#include <cstddef>

#include "reports/run_report.hpp"

namespace mcp::reports {

struct ReportBounds {
  std::size_t message = 64u << 10;  // of each check's message
  // Of wire exchanges in all, as compact JSON bytes. Each report shows them
  // (JUnit twice, JSON indented), so the reports of a run stay near 6x this.
  std::size_t exchanges = 6u << 20;
};

/// Cuts `report` to `bounds`: long messages are cut with a note, and once the
/// exchanges kept reach the budget, later ones keep their headers, status and
/// timing but not their bodies and events. The checks that need fixing first
/// (severity_rank) keep theirs first. Adds to report.notes what was cut.
void apply_bounds(RunReport& report, const ReportBounds& bounds);

}  // namespace mcp::reports
