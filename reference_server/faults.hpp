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
  kEchoAnyVersion,          // initialize echoes any requested version, even unknown ones
  kNoOriginCheck,           // any Origin is accepted
  kUnknownSession400,       // an unknown session id gets 400, not 404
  kNotification200,         // notifications get 200 with an empty body, not 202
  kBatchesAlways,           // JSON arrays accepted under every version
  kProtocolHeaderIgnored,   // an unsupported MCP-Protocol-Version is processed
  kUnknownMethodResult,     // an unknown method gets an empty result, not -32601
  kStringErrorCodes,        // error codes written as strings
  kNullIdAccepted,          // a request with id null is answered
  kSessionIdSpace,          // session ids contain a space
  kSequentialSessionIds,    // session ids are 1, 2, 3, ...
  kSessionRequired,          // a POST without the session id gets 400 (ChatGPT 2026 fails)
  kSessionMissing404,        // a POST without the session id gets 404 instead of 400
  kEventIdsPerStream,       // SSE event ids restart on every stream
  kLatin1Body,              // request bodies decoded as Latin-1 (UTF-8 gets mangled)
  kNotificationWithId,      // server notifications carry an id
  kBadMetaKey,              // tools/list carries a _meta key that breaks the naming rules
  kInvalidToolSchema,       // a tool's inputSchema does not compile
  kUndeclaredPrompts,       // prompts served without the prompts capability
  kUnknownToolResult,       // an unknown tool gets an isError result, not -32602
  kResourceNotFoundEmpty,   // an unknown resource reads as empty contents, not -32002
  kPromptArgsUnchecked,     // missing required prompt arguments are not refused
  kProgressDecreasing,      // progress values go down
  kProgressAfterResponse,   // a progress notification follows the response
  kCursorIgnored,           // an invalid cursor returns the first page
  kLogLevelIgnored,         // logging/setLevel is accepted but not honoured
  kStructuredMismatch,      // structuredContent does not match the outputSchema
  kBadToolName,             // a tool named "bad tool!" is listed
  kAnnotationsWrongType,    // readOnlyHint is the string "yes"
  kSessionAsAuth,           // a valid session id is accepted instead of the bearer token
  kTokenInQuery,            // ?access_token= authenticates
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
