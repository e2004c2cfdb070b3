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
  kSessionHeaderName,        // session id sent (and read) as X-MCP-Session-Id
  kBareToolsArray,           // tools/list result is the bare array
  kHardcodedId,              // every response carries id 1
  kDelete405,                // DELETE answered 405
  kAnswerOnGetStream,        // the guide's design: 202 for a request, answer on the GET stream
  kSlowToolsList,            // tools/list takes 1.5 s
  kEchoAnyVersion,           // initialize echoes any requested version, even unknown ones
  kNoOriginCheck,            // any Origin is accepted
  kUnknownSession400,        // an unknown session id gets 400, not 404
  kNotification200,          // notifications get 200 with an empty body, not 202
  kBatchesAlways,            // JSON arrays accepted under every version
  kProtocolHeaderIgnored,    // an unsupported MCP-Protocol-Version is processed
  kUnknownMethodResult,      // an unknown method gets an empty result, not -32601
  kStringErrorCodes,         // error codes written as strings
  kNullIdAccepted,           // a request with id null is answered
  kSessionIdSpace,           // session ids contain a space
  kSequentialSessionIds,     // session ids are 1, 2, 3, ...
  kSessionRequired,          // a POST without the session id gets 400 (ChatGPT 2026 fails)
  kSessionMissing404,        // a POST without the session id gets 404 instead of 400
  kEventIdsPerStream,        // SSE event ids restart on every stream
  kLatin1Body,               // request bodies decoded as Latin-1 (UTF-8 gets mangled)
  kNotificationWithId,       // server notifications carry an id
  kBadMetaKey,               // tools/list carries a _meta key that breaks the naming rules
  kInvalidToolSchema,        // a tool's inputSchema does not compile
  kUndeclaredPrompts,        // prompts served without the prompts capability
  kUnknownToolResult,        // an unknown tool gets an isError result, not -32602
  kResourceNotFoundEmpty,    // an unknown resource reads as empty contents, not -32002
  kPromptArgsUnchecked,      // missing required prompt arguments are not refused
  kProgressDecreasing,       // progress values go down
  kProgressAfterResponse,    // a progress notification follows the response
  kCursorIgnored,            // an invalid cursor returns the first page
  kLogLevelIgnored,          // logging/setLevel is accepted but not honoured
  kStructuredMismatch,       // structuredContent does not match the outputSchema
  kBadToolName,              // a tool named "bad tool!" is listed
  kAnnotationsWrongType,     // readOnlyHint is the string "yes"
  kSessionAsAuth,            // a valid session id is accepted instead of the bearer token
  kTokenInQuery,             // ?access_token= authenticates
  kUndeclaredTools,          // tools served without the tools capability
  kUndeclaredResources,      // resources served without the resources capability
  kUndeclaredLogging,        // log messages sent without the logging capability
  kUndeclaredCompletions,    // completion/complete served without the completions capability
  kPingPong,                 // ping answered {"message": "pong"}, not {}
  kParseError500,            // an unparsable body gets 500
  kJsonrpcVersionUnchecked,  // a request with "jsonrpc": "1.0" is processed
  kErrorIdZero,              // a parse error carries id 0, not null
  kBatchesRefused,           // JSON-RPC batches refused under 2025-03-26 too
  kVersionStepDown,          // initialize answers the version before the requested one
  kInstructionsArray,        // instructions is an array of lines
  kEarlyServerRequest,       // roots/list sent on the GET stream before initialized
  kNoCors,                   // OPTIONS answered without CORS headers
  kHealth500,                // GET /health answers 500
  kPromptRoleSystem,         // prompts/get messages have role "system"
  kPromptRequiredString,     // prompt arguments carry required as a string
  kResourceSizeString,       // resources/list gives size as a string
  kReadContentsNoUri,        // resources/read contents items carry no uri
  kTemplateUriKey,           // resource templates carry uri instead of uriTemplate
  kImageDataUrl,             // tool image content is a data: URL, not bare base64
  kStructuredArray,          // structuredContent is wrapped in an array
  kDelete400,                // DELETE answered 400
  kProtocolHeaderRequired,   // a request without MCP-Protocol-Version gets 400
  kJsonAsTextPlain,          // JSON answers are labelled text/plain
  kNoPrimingEvent,           // SSE answers start without the priming event under 2025-11-25
  kSseResponseDropped,       // an SSE answer ends without the response
  kGet404,                   // GET on the endpoint answered 404
  kInvalidNotification202,   // an invalid message without id gets 202
  kLastPageCursor,           // prompts/list's last page carries a nextCursor it then refuses
  kProgressWrongToken,       // progress notifications carry the request id as token
  kCancelUnknown500,         // a cancellation of an unknown request gets 500
  kUnsubscribeMissing,       // resources/unsubscribe is not implemented
  kAuthSkipsInitialize,      // initialize needs no bearer token
  kInvalidToken403,          // an invalid bearer token gets 403
  kNoWwwAuthenticate,        // a 401 carries no WWW-Authenticate header
  kVersionUnpadded,          // versions answered as 2025-6-18 (no zero padding)
  kSessionHeaderOptional,    // session id sent as X-MCP-Session-Id; requests served without it
  kSessionIdPerResponse,     // every answer in a session carries a fresh Mcp-Session-Id
  kSseAnswerInPostBody,      // HTTP+SSE: the response also comes back in the POST body
  kSseNoOriginCheck,         // HTTP+SSE: a foreign Origin is accepted on /sse and /messages
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
