// Protocol revision 2026-07-28 (the stateless "modern" era) carries what the
// initialize handshake used to settle in every request instead: a `_meta`
// envelope in the body, and HTTP headers that mirror the body for
// intermediaries (MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Param-*).
// These are the rules both sides share: the server validates them, the client
// produces them, and the checks judge them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::modern {

/// `_meta` keys of the request envelope and of results.
inline constexpr char kProtocolVersionKey[] = "io.modelcontextprotocol/protocolVersion";
inline constexpr char kClientCapabilitiesKey[] = "io.modelcontextprotocol/clientCapabilities";
inline constexpr char kClientInfoKey[] = "io.modelcontextprotocol/clientInfo";
inline constexpr char kServerInfoKey[] = "io.modelcontextprotocol/serverInfo";
inline constexpr char kSubscriptionIdKey[] = "io.modelcontextprotocol/subscriptionId";
inline constexpr char kLogLevelKey[] = "io.modelcontextprotocol/logLevel";

/// The per-request envelope: what a 2026-07-28 request says about its client.
struct Envelope {
  std::string protocol_version;
  Json client_capabilities = Json::object();
  Json client_info;  // null when the client sent none
};

/// Why an envelope cannot be read: the key at fault and what is wrong with it
/// ("missing", "not a string", "not an object"); servers answer -32602 with it.
struct EnvelopeProblem {
  std::string key;
  std::string problem;
};

/// True when `message` carries the 2026-07-28 envelope (a protocol version in
/// params._meta), whatever else is wrong with it: such a request is modern-era.
bool has_envelope(const Json& message);

/// Reads the envelope of a request. The protocol version and the client
/// capabilities are required; clientInfo, when present, must be an object.
std::optional<Envelope> read_envelope(const Json& message, EnvelopeProblem* problem);

/// Adds the envelope to a request's params._meta (creating params and _meta as needed).
void add_envelope(Json& message, const Envelope& envelope);

// ---- header values ----

/// True for a value that can travel as a plain header value: visible ASCII,
/// spaces and tabs only inside, and not shaped like the Base64 sentinel.
bool is_plain_header_value(std::string_view value);

/// The header form of `value`: as is when plain, else "=?base64?<UTF-8 bytes
/// in Base64>?=" (non-ASCII, control characters, surrounding white space, or
/// a value that would read as the sentinel itself).
std::string encode_header_value(std::string_view value);

/// The value a header carries: the decoded bytes of a sentinel value, the
/// value itself otherwise (surrounding white space, which HTTP does not
/// carry, removed). nullopt, with *problem set, for a sentinel whose Base64 is
/// malformed (bad characters, length or padding) or a value with characters a
/// header may not hold.
std::optional<std::string> decode_header_value(std::string_view header, std::string* problem);

/// RFC 9110 token (1*tchar): what a header field name may be made of.
bool is_token(std::string_view text);

// ---- Mcp-Param-* headers from x-mcp-header ----

/// A tool argument the server wants mirrored into a header.
struct HeaderParam {
  std::string name;               // the x-mcp-header value: the header is Mcp-Param-<name>
  std::vector<std::string> path;  // property names from the schema root to the argument
  std::string type;               // "string", "integer" or "boolean"
};

/// The x-mcp-header annotations of a tool's inputSchema. A tool whose
/// annotations break the rules (not a token, not unique ignoring case, on a
/// property that is not a string, integer or boolean, or not reachable from
/// the root through `properties` alone) is invalid as a whole: nullopt, and
/// *problem says why.
std::optional<std::vector<HeaderParam>> header_params(const Json& input_schema,
                                                      std::string* problem);

/// The header name of a parameter: "Mcp-Param-" + name.
std::string header_param_name(const HeaderParam& param);

/// The argument at `param`'s path in `arguments`, in its header form before
/// encoding (strings as is, integers in decimal, booleans "true"/"false");
/// nullopt when it is absent or null (then no header is sent or expected).
std::optional<std::string> header_param_text(const HeaderParam& param, const Json& arguments);

/// Whether a decoded header value agrees with the argument: integers compare as
/// numbers ("42.0" matches 42), everything else as exact text.
bool header_param_matches(const HeaderParam& param, const Json& arguments,
                          std::string_view decoded_header);

}  // namespace mcp::modern
