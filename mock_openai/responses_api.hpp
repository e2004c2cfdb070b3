// The Responses API's side of OpenAI's hosted `mcp` tool: how the tool's request parameters
// select and gate tools, and how what the client saw on the wire becomes output items and
// errors. Pure functions over JSON, so the wire code and the reports share one mapping.
//
// Ground truth: docs/evidence/openai-clients.md (#request-shape, #output-items, #errors
// and #mock-requirements). Where that document only infers a behaviour, the comment
// below says "INF" and an options struct lets the caller choose the other reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::mock {

/// The Responses API answers a request whose tool listing failed with this status.
inline constexpr int kListFailureHttpStatus = 424;

/// What OpenAI's client reported for HTTP 404 on a session request (REP; python-sdk v1 emits
/// exactly this). Note the positive code: it is not JSON-RPC's -32600.
inline constexpr int kSessionTerminatedCode = 32600;
inline constexpr std::string_view kSessionTerminatedMessage = "Session terminated";

/// Readings of MCPToolFilter that the documents leave open.
struct FilterOptions {
  /// INF: when a filter gives both `tool_names` and `read_only`, a tool must satisfy both
  /// (true, the default) or either one (false).
  bool require_every_criterion = true;
  /// INF: `read_only: false` adds no constraint (false, the default), or selects only the
  /// tools not annotated `readOnlyHint: true` (true).
  bool read_only_false_selects_writable = false;
};

/// An mcp_list_tools entry (or MCP tool) annotated `readOnlyHint: true`.
bool is_read_only(const Json& mcp_tool);

/// The `allowed_tools` parameter of the mcp tool: null (every tool), an array of tool names,
/// or an MCPToolFilter object {"tool_names": [...], "read_only": bool}. Unknown keys are a
/// usage error (the schema says additionalProperties: false); a null member counts as
/// absent. `read_only: true` matches tools whose `annotations.readOnlyHint` is true.
class ToolFilter {
 public:
  /// Allows every tool, as when `allowed_tools` is absent.
  ToolFilter() = default;

  /// On a malformed value returns nullopt and sets *error to a message naming the field.
  static std::optional<ToolFilter> parse(const Json& value, std::string* error,
                                         const FilterOptions& options = {});

  /// `mcp_tool` is an MCP Tool object as tools/list returned it.
  bool allows(const Json& mcp_tool) const;

 private:
  friend class ApprovalPolicy;
  static std::optional<ToolFilter> parse_object(const Json& value, const std::string& field,
                                                std::string* error, const FilterOptions& options);

  std::optional<std::vector<std::string>> tool_names_;  // unset: names are not a criterion
  std::optional<bool> read_only_;
  FilterOptions options_;
};

/// Readings of `require_approval` that the documents leave open.
struct ApprovalOptions {
  /// INF: whether a tool matched by neither filter of the object form needs approval.
  /// Unset (the default): it does (the API default is "always"), except when the object
  /// names only an `always` filter, which would otherwise mean nothing.
  std::optional<bool> unmatched_requires_approval;
  /// INF: a tool matched by both `always` and `never` needs approval (true, the default:
  /// the cautious reading) or not (false).
  bool always_wins_over_never = true;
  FilterOptions filter;
};

/// The `require_approval` parameter: "always", "never", or {"always": MCPToolFilter,
/// "never": MCPToolFilter} (additionalProperties: false). OpenAI's default is "always":
/// approval is asked before any data reaches the server, so no tools/call is sent in the
/// turn that produces the mcp_approval_request.
class ApprovalPolicy {
 public:
  /// "always", the API default.
  ApprovalPolicy() = default;

  /// Null counts as absent ("always"). On a malformed value returns nullopt and sets *error.
  static std::optional<ApprovalPolicy> parse(const Json& value, std::string* error,
                                             const ApprovalOptions& options = {});

  bool requires_approval(const Json& mcp_tool) const;

 private:
  enum class Mode { kAlways, kNever, kFilters };
  Mode mode_ = Mode::kAlways;
  std::optional<ToolFilter> always_;
  std::optional<ToolFilter> never_;
  ApprovalOptions options_;
};

/// Output item ids shaped like OpenAI's: a prefix ("mcpl_", "mcp_", "mcpr_") and 48
/// lower-case hex digits. OpenAI's seem to embed a timestamp and a per-response suffix;
/// nothing documents that, so these are plain random digits. Not thread-safe.
class ItemIds {
 public:
  static constexpr std::size_t kHexDigits = 48;

  /// Unpredictable ids, seeded from std::random_device.
  ItemIds();
  /// The same sequence for the same seed, for tests and reproducible runs.
  explicit ItemIds(std::uint64_t seed);

  std::string next_list_tools_id();        ///< "mcpl_..."
  std::string next_call_id();              ///< "mcp_..."
  std::string next_approval_request_id();  ///< "mcpr_..."

 private:
  std::string next(std::string_view prefix);
  std::mt19937_64 engine_;
};

/// The mcp_list_tools output item for the tools a tools/list answered (`mcp_tools`, an array
/// of MCP Tool objects, in server order), keeping those `filter` allows:
/// {"type":"mcp_list_tools","id":"mcpl_...","server_label",
///  "tools":[{"name","description": string|null,"input_schema","annotations": object|null}],
///  "error": null}.
/// MCP's `inputSchema` is renamed `input_schema` and copied as given (null when missing: the
/// conformance checks judge it, not this mapping); other Tool fields have no place in the
/// item and are dropped. Entries that are not objects with a string `name` are skipped.
Json make_list_tools_item(ItemIds& ids, const std::string& server_label, const Json& mcp_tools,
                          const ToolFilter& filter);

/// {"type":"mcp_approval_request","id":"mcpr_...","server_label","name","arguments"}, where
/// `arguments` is the JSON text of the arguments the model chose, as in mcp_call.
Json make_approval_request(ItemIds& ids, const std::string& server_label, const std::string& tool,
                           const Json& arguments);

/// What happened to one tools/call, as the mock observed it on the wire.
struct CallOutcome {
  enum class Kind {
    kResult,             ///< a CallToolResult came back (isError may be true)
    kJsonRpcError,       ///< a JSON-RPC error response
    kHttpError,          ///< a non-2xx HTTP status other than the session 404
    kSessionTerminated,  ///< HTTP 404 on a request that carried Mcp-Session-Id
    kTransportError,     ///< no answer: connection refused, reset...
    kTimedOut,           ///< no complete answer within the request deadline
  };
  Kind kind = Kind::kResult;
  Json result;          ///< kResult: the CallToolResult
  int code = 0;         ///< kJsonRpcError: error.code; kHttpError: the HTTP status
  std::string message;  ///< error message, HTTP reason phrase or transport error text
};

/// INF: python-sdk v1's error when a request's read timeout passes (REQUEST_TIMEOUT, 408),
/// which the evidence says OpenAI's client is built on: "Timed out while waiting for
/// response to ClientRequest. Waited N seconds."
inline constexpr int kRequestTimeoutCode = 408;
std::string timeout_message(double waited_ms);

/// Readings of the mcp_call mapping that the documents leave open.
struct CallItemOptions {
  /// INF: a CallToolResult with isError: true gives status "failed" (true, the default) or
  /// "completed" (false). Its content always goes to a mcp_tool_execution_error.
  bool tool_error_fails_call = true;
  /// INF: such a result also keeps its text in `output` (true) or leaves it null (false,
  /// the default: the error carries the content).
  bool output_on_tool_error = false;
  /// INF: how text blocks are joined into `output` (see output_text).
  std::string text_separator = "\n";
  /// INF: a transport failure becomes {"type":"mcp_protocol_error","code": this, ...}.
  /// The default is python-sdk's CONNECTION_CLOSED (-32000), what its session raises when
  /// the transport goes away.
  int transport_error_code = -32000;
};

/// The mcp_call output item:
/// {"type":"mcp_call","id":"mcp_...","server_label","name","arguments": JSON text,
///  "output": string|null, "error": null|object, "status": "completed"|"failed",
///  "approval_request_id": null|"mcpr_..."}.
/// `error` is one of {"type":"mcp_protocol_error","code","message"} (JSON-RPC errors, the
/// session 404, transport failures, timeouts), {"type":"mcp_tool_execution_error","content"}
/// (isError: true) or {"type":"http_error","code","message"} (other HTTP statuses; the
/// message defaults to the reason phrase). Only a successful result completes.
Json make_call_item(ItemIds& ids, const std::string& server_label, const std::string& tool,
                    const Json& arguments, const CallOutcome& outcome,
                    const std::optional<std::string>& approval_request_id = {},
                    const CallItemOptions& options = {});

/// The `output` string of a CallToolResult. INF (undocumented; OpenAI's examples show plain
/// text): the `text` of its text blocks joined with `separator`; when it has no text block,
/// the JSON text of its content array ("[]" when there is none), so images and resources
/// are not silently lost.
std::string output_text(const Json& call_tool_result, std::string_view separator = "\n");

/// The body of the HTTP 424 the Responses API returns when listing tools failed:
/// {"error":{"message":"Error retrieving tool list from MCP server: '<label>'. Http status
/// code: <n> (<Reason Phrase>)","type":"external_connector_error","param":"tools",
/// "code":"http_error"}}.
/// With `http_status` 0, INF: the message ends with `failure_cause` instead of the status
/// (observed: "dial tcp ...: i/o timeout"; a JSON-RPC error text fits here too) and the
/// code stays "http_error", the only one observed. An unknown status gets no parentheses.
Json make_list_failure_424(const std::string& server_label, int http_status,
                           const std::string& failure_cause);

/// The RFC 9110 reason phrase ("Unauthorized" for 401, "Failed Dependency" for 424), or ""
/// for a status it does not know.
std::string http_reason_phrase(int status);

}  // namespace mcp::mock
