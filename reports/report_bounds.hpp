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
  // Passing and skipped checks keep one line per exchange instead of the whole
  // exchanges (mcp-conformance turns this on unless --full-exchanges): what
  // someone reads a report for is what went wrong, and whole exchanges of the
  // hundreds of passes were nearly all of an all-pass run's megabytes.
  bool summarize_passing = false;
};

/// Cuts `report` to `bounds`: passing and skipped checks' exchanges become
/// summary lines (when asked), long messages are cut with a note, and once the
/// exchanges kept reach the budget, later ones keep their headers, status and
/// timing but not their bodies and events. The checks that need fixing first
/// (severity_rank) keep theirs first. Adds to report.notes what was cut.
void apply_bounds(RunReport& report, const ReportBounds& bounds);

/// One line saying what an exchange (client transcript JSON) was: its label, the
/// tool a tools/call names, the HTTP method unless POST, the URL unless `target`,
/// the status (or "no response") and the number of SSE events, e.g.
/// "tools/call echo: 200" or "GET stream: GET 200, 2 SSE event(s)".
std::string summarize_exchange(const Json& exchange, const std::string& target);

}  // namespace mcp::reports
