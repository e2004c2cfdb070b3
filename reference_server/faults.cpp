#include "reference_server/faults.hpp"

namespace mcp::server {

const std::vector<FaultInfo>& all_faults() {
  static const std::vector<FaultInfo> faults{
      {Fault::kSessionHeaderName, "session-header-name",
       "the session id travels as X-MCP-Session-Id instead of Mcp-Session-Id (guide pitfall 2)"},
      {Fault::kBareToolsArray, "bare-tools-array",
       "tools/list returns a bare array instead of {\"tools\": [...]} (guide pitfall 3)"},
      {Fault::kHardcodedId, "hardcoded-id",
       "every response carries id 1 instead of the request's id (guide pitfall 1)"},
      {Fault::kDelete405, "delete-405", "DELETE is answered 405 (guide pitfall 8)"},
      {Fault::kAnswerOnGetStream, "answer-on-get-stream",
       "with a GET stream open, a request gets 202 and its response goes to the GET stream "
       "(the guide's item 5; the spec forbids both)"},
      {Fault::kSlowToolsList, "slow-tools-list",
       "tools/list takes 1.5 s (over the 1 s interactive budget)"},
  };
  return faults;
}

const FaultInfo* find_fault(std::string_view name) {
  for (const auto& info : all_faults()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace mcp::server
