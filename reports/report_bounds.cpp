#include "reports/report_bounds.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "protocol/redaction.hpp"

namespace mcp::reports {
namespace {

/// The exchange without its bodies and events (what made it large).
void strip(Json& exchange, const std::string& why) {
  if (!exchange.is_object()) return;
  for (const char* side : {"request", "response"}) {
    auto& part = exchange[side];
    if (!part.is_object()) continue;
    if (part.contains("body")) part["body"] = why;
    if (part.contains("events")) part["events"] = Json::array();
  }
  exchange["omitted"] = true;
}

}  // namespace

void apply_bounds(RunReport& report, const ReportBounds& bounds) {
  std::size_t messages_cut = 0;
  std::vector<CaseReport*> cases;
  for (auto& suite : report.suites) {
    for (auto& check : suite.cases) {
      if (check.message.size() > bounds.message) {
        check.message = redaction::cut(check.message, bounds.message, "the report's message limit");
        ++messages_cut;
      }
      cases.push_back(&check);
    }
  }
  std::stable_sort(cases.begin(), cases.end(), [](const CaseReport* a, const CaseReport* b) {
    return severity_rank(*a) < severity_rank(*b);
  });
  const std::string why = "[omitted: the report keeps at most " + std::to_string(bounds.exchanges) +
                          " bytes of exchanges (--max-report-exchanges)]";
  std::size_t kept = 0;
  std::size_t stripped = 0;
  for (auto* check : cases) {
    if (!check->exchanges.is_array()) continue;
    for (auto& exchange : check->exchanges) {
      if (kept <= bounds.exchanges) {
        kept += exchange.dump(-1, ' ', false, Json::error_handler_t::replace).size();
        if (kept <= bounds.exchanges) continue;
      }
      strip(exchange, why);
      ++stripped;
    }
  }
  if (messages_cut) {
    report.notes.push_back(std::to_string(messages_cut) + " check message(s) longer than " +
                           std::to_string(bounds.message) + " bytes were cut");
  }
  if (stripped) {
    report.notes.push_back("the bodies and events of " + std::to_string(stripped) +
                           " exchange(s) were left out: the report keeps at most " +
                           std::to_string(bounds.exchanges) +
                           " bytes of exchanges (--max-report-exchanges), those of failures first");
  }
}

}  // namespace mcp::reports
