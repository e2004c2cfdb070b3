// JSON-RPC 2.0 message model shared by the reference server, the client and the checks.
//
// Messages stay nlohmann::json values (so ids keep their exact JSON type: a string
// stays a string, 7 stays the integer 7, 2^64-1 stays exact); this header adds the
// classification and construction rules of JSON-RPC 2.0 as MCP uses them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcp {

using Json = nlohmann::json;

namespace jsonrpc {

/// Error codes defined by JSON-RPC 2.0 (section 5.1) and the ones MCP adds.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  // MCP: generic server error used by SDKs for transport-level refusals.
  kServerError = -32000,
  kResourceNotFound = -32002,  // up to 2025-11-25; 2026-07-28 uses -32602 with data.uri
  // 2026-07-28: the range -32020..-32099 is the spec's own.
  kHeaderMismatch = -32020,                   // HTTP headers disagree with the body, or are missing
  kMissingRequiredClientCapability = -32021,  // the request needs a capability the client lacks
  kUnsupportedProtocolVersion = -32022,       // data.supported lists what the server speaks
};

/// What a single decoded JSON value is, as a JSON-RPC message.
enum class Kind {
  kRequest,       ///< method + id
  kNotification,  ///< method, no id
  kResponse,      ///< id + exactly one of result / error
  kInvalid,       ///< none of the above; see Classification::problem
};

struct Classification {
  Kind kind = Kind::kInvalid;
  /// For kInvalid: why, in words a client developer can act on.
  std::string problem;
  /// The id when it could be read and is valid (string or integer); null otherwise.
  /// Error responses to invalid messages echo this.
  Json id;
};

/// Classifies one message (not a batch) against JSON-RPC 2.0 and MCP's rules:
/// `jsonrpc` must be "2.0", `method` a string, ids strings or integers (never null,
/// never fractional), `params` (if present) an object or array.
Classification classify(const Json& message);

/// True when `id` is a valid MCP request id: a string or an integer.
bool is_valid_id(const Json& id);

/// Builds a success response echoing `id` exactly.
Json make_result(const Json& id, Json result);

/// Builds an error response. `id` is echoed; pass a null Json when the request id
/// could not be read (JSON-RPC 2.0 section 5).
Json make_error(const Json& id, int code, std::string_view message,
                const std::optional<Json>& data = std::nullopt);

Json make_notification(std::string_view method, Json params = Json::object());
Json make_request(const Json& id, std::string_view method, Json params = Json::object());

struct ParseOutcome {
  std::optional<Json> value;
  /// Set when value is empty: a one-line reason (position and cause).
  std::string error;
};

/// Parses untrusted text. Never throws. Rejects invalid UTF-8, numbers that
/// overflow a double, and nesting deeper than `max_depth` (so a hostile body
/// cannot exhaust the stack of code that walks the value).
ParseOutcome parse(std::string_view text, std::size_t max_depth = 64);

/// Parses one body or SSE data payload into its messages: a single message, or
/// each member of a batch array, in order. Empty for text that is not JSON,
/// and then *error (when given) is "not JSON: <why>".
std::vector<Json> parse_messages(std::string_view text, std::string* error = nullptr,
                                 std::size_t max_depth = 64);

/// Serialises without throwing: invalid UTF-8 (which parse() never produces) is replaced.
std::string serialize(const Json& message);
/// serialize(), indented by two spaces for people to read.
std::string serialize_indented(const Json& value);

/// Depth of the deepest array/object nesting in `text`, stopping early once it
/// exceeds `limit`. Strings are skipped, so brackets inside them do not count.
std::size_t nesting_depth(std::string_view text, std::size_t limit);

}  // namespace jsonrpc
}  // namespace mcp
