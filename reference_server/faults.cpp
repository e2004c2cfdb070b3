#include "reference_server/faults.hpp"

namespace mcp::server {

const std::vector<FaultInfo>& all_faults() {
  static const std::vector<FaultInfo> faults{
      {Fault::kSessionHeaderName, "session-header-name",
       "the session id travels as X-MCP-Session-Id instead of Mcp-Session-Id, and requests need it (guide pitfall 2)"},
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
      {Fault::kEchoAnyVersion, "echo-any-version",
       "initialize echoes whatever version is requested, even one the server does not know, "
       "instead of counter-offering one it supports"},
      {Fault::kNoOriginCheck, "no-origin-check",
       "a foreign Origin is accepted (no DNS-rebinding protection)"},
      {Fault::kUnknownSession400, "unknown-session-400",
       "an unknown or ended session id gets 400 instead of 404"},
      {Fault::kNotification200, "notification-200",
       "notifications (and client responses) get 200 with an empty body instead of 202"},
      {Fault::kBatchesAlways, "batches-always",
       "JSON-RPC batches are accepted under every version, not only 2025-03-26"},
      {Fault::kProtocolHeaderIgnored, "protocol-header-ignored",
       "a request with an unsupported MCP-Protocol-Version is processed instead of getting 400"},
      {Fault::kUnknownMethodResult, "unknown-method-result",
       "an unknown method gets an empty result instead of error -32601"},
      {Fault::kStringErrorCodes, "string-error-codes",
       "JSON-RPC error codes are written as strings (\"-32601\") instead of integers"},
      {Fault::kNullIdAccepted, "null-id-accepted",
       "a request with id null is answered instead of refused"},
      {Fault::kSessionIdSpace, "session-id-space",
       "session ids contain a space (outside visible ASCII 0x21-0x7E)"},
      {Fault::kSequentialSessionIds, "sequential-session-ids",
       "session ids are 1, 2, 3, ... (guessable)"},
      {Fault::kSessionRequired, "session-required",
       "a POST without Mcp-Session-Id gets 400: allowed by the spec, fatal for ChatGPT's 2026 "
       "client, which sends none"},
      {Fault::kSessionMissing404, "session-missing-404",
       "a POST without Mcp-Session-Id gets 404, as if its session had expired, not 400"},
      {Fault::kEventIdsPerStream, "event-ids-per-stream",
       "SSE event ids restart at 1 on every stream instead of being unique in the session"},
      {Fault::kLatin1Body, "latin1-body",
       "request bodies are read as Latin-1, so non-ASCII text comes back mangled"},
      {Fault::kNotificationWithId, "notification-with-id",
       "server notifications (progress, logging, list changes) carry an id"},
      {Fault::kBadMetaKey, "bad-meta-key",
       "tools/list carries the _meta key \"-reserved/-bad\", which breaks the naming rules"},
      {Fault::kInvalidToolSchema, "invalid-tool-schema",
       "the echo tool's inputSchema is not a JSON Schema that compiles"},
      {Fault::kUndeclaredPrompts, "undeclared-prompts",
       "prompts are served but the prompts capability is not declared"},
      {Fault::kUnknownToolResult, "unknown-tool-result",
       "calling an unknown tool gets an isError result instead of error -32602"},
      {Fault::kResourceNotFoundEmpty, "resource-not-found-empty",
       "reading an unknown resource gets empty contents instead of error -32002"},
      {Fault::kPromptArgsUnchecked, "prompt-args-unchecked",
       "prompts/get without a required argument answers instead of error -32602"},
      {Fault::kProgressDecreasing, "progress-decreasing",
       "progress values decrease from one notification to the next"},
      {Fault::kProgressAfterResponse, "progress-after-response",
       "a progress notification follows the response it belongs to, on the GET stream"},
      {Fault::kCursorIgnored, "cursor-ignored",
       "an invalid cursor returns the first page instead of error -32602"},
      {Fault::kLogLevelIgnored, "log-level-ignored",
       "logging/setLevel is accepted but messages below the level keep coming"},
      {Fault::kStructuredMismatch, "structured-mismatch",
       "the structured tool's structuredContent does not match its outputSchema"},
      {Fault::kBadToolName, "bad-tool-name",
       "tools/list includes a tool named \"bad tool!\" (space and '!' are not allowed)"},
      {Fault::kAnnotationsWrongType, "annotations-wrong-type",
       "tool annotations carry readOnlyHint as the string \"yes\" instead of a boolean"},
      {Fault::kSessionAsAuth, "session-as-auth",
       "with --auth-token, a request with a valid session id needs no bearer token"},
      {Fault::kTokenInQuery, "token-in-query",
       "with --auth-token, the token is also accepted from the ?access_token= query parameter"},
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
