#include "reports/report_bounds.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "protocol/redaction.hpp"
#include "reports/exchange_json.hpp"

namespace mcp::reports {
namespace {

using exchange_json::number_at;
using exchange_json::object_at;
using exchange_json::text_at;

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

/// `text` on one line of at most `limit` bytes (a summary line stays a line).
std::string one_line(std::string text, std::size_t limit) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a UTF-8 sequence
  text.resize(cut);
  return text + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

/// The tool a tools/call request names (what a summary must still show: a run
/// calls read-only tools only); "" for any other request.
std::string called_tool(const Json& request) {
  const std::string body = text_at(request, "body");
  if (body.find("tools/call") == std::string::npos) return {};
  for (const Json& message : jsonrpc::parse_messages(body)) {
    if (text_at(message, "method") != "tools/call") continue;
    const std::string name = text_at(object_at(message, "params"), "name");
    if (!name.empty()) return one_line(name, 80);
  }
  return {};
}

bool keeps_whole_exchanges(const CaseReport& check) {
  return check.stale || (check.verdict != Verdict::kPass && check.verdict != Verdict::kSkip);
}

}  // namespace

std::string summarize_exchange(const Json& exchange, const std::string& target) {
  if (!exchange.is_object()) return one_line(jsonrpc::serialize(exchange), 200);
  const Json& response = object_at(exchange, "response");
  const std::string label = text_at(exchange, "label");
  const std::string method = text_at(exchange, "method");
  std::string line = label;
  if (const std::string tool = called_tool(object_at(exchange, "request")); !tool.empty())
    line += " " + tool;
  line += ":";
  if (text_at(exchange, "transport") == "stdio") {
    line += " " + method;  // send or receive; stdio has no status
  } else {
    // POST is what MCP requests are; the URL is the target's unless it says otherwise.
    if (method != "POST") line += " " + method;
    const std::string url = text_at(exchange, "url");
    if (!url.empty() && url != target && label.find(url) == std::string::npos) line += " " + url;
    const Json* status = number_at(response, "status");
    const bool answered = status != nullptr && status->get<double>() != 0;
    line += " " + (answered ? jsonrpc::serialize(*status) : std::string("no response"));
    const Json* events = exchange_json::member(response, "events");
    if (events != nullptr && events->is_array() && !events->empty())
      line += ", " + std::to_string(events->size()) + " SSE event(s)";
  }
  if (const std::string error = text_at(exchange, "error"); !error.empty())
    line += " (" + one_line(error, 200) + ")";
  return line;
}

void apply_bounds(RunReport& report, const ReportBounds& bounds) {
  std::size_t messages_cut = 0;
  std::vector<CaseReport*> cases;
  for (auto& suite : report.suites) {
    for (auto& check : suite.cases) {
      if (check.message.size() > bounds.message) {
        check.message = redaction::cut(check.message, bounds.message, "the report's message limit");
        ++messages_cut;
      }
      if (bounds.summarize_passing && !keeps_whole_exchanges(check) && check.exchanges.is_array() &&
          !check.exchanges.empty()) {
        for (const Json& exchange : check.exchanges)
          check.exchange_summary.push_back(summarize_exchange(exchange, report.target));
        check.exchanges = Json::array();
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
