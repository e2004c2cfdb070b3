// Deliberate faults (--fault NAME): the reference server breaks one rule on
// purpose, so tests can show that mock-openai and the conformance checks catch
// it. Each fault is declared once here, with what it breaks.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::server {

enum class Fault {
  kSessionHeaderName,  // session id sent (and read) as X-MCP-Session-Id
  kBareToolsArray,     // tools/list result is the bare array
  kHardcodedId,        // every response carries id 1
  kDelete405,          // DELETE answered 405
  kAnswerOnGetStream,  // the guide's design: 202 for a request, answer on the GET stream
  kSlowToolsList,      // tools/list takes 1.5 s
};

struct FaultInfo {
  Fault fault;
  std::string_view name;
  std::string_view breaks;  // the rule, in one line
};

const std::vector<FaultInfo>& all_faults();
const FaultInfo* find_fault(std::string_view name);

class Faults {
 public:
  void add(Fault fault) { active_.insert(fault); }
  bool has(Fault fault) const { return active_.count(fault) != 0; }
  bool empty() const { return active_.empty(); }

 private:
  std::set<Fault> active_;
};

}  // namespace mcp::server
