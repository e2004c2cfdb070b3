// The HTTP header names MCP defines, in the spelling the spec uses. Header
// names are case-insensitive on the wire; compare them with http::iequals.
// Plain char arrays, so they pass wherever a std::string or string_view is taken.
#pragma once

namespace mcp::headers {

/// Streamable HTTP session id (2025-03-26 and later).
inline constexpr char kSessionId[] = "Mcp-Session-Id";
/// The negotiated protocol version, on every request after initialize (2025-06-18 and later).
inline constexpr char kProtocolVersion[] = "MCP-Protocol-Version";
/// The method of the request in the body (2026-07-28).
inline constexpr char kMethod[] = "Mcp-Method";
/// The tool, prompt name or resource URI of the request in the body (2026-07-28).
inline constexpr char kName[] = "Mcp-Name";
/// Prefix of the headers that mirror `x-mcp-header` tool arguments (2026-07-28).
inline constexpr char kParamPrefix[] = "Mcp-Param-";
/// SSE resumption: the id of the last event the client saw.
inline constexpr char kLastEventId[] = "Last-Event-ID";

}  // namespace mcp::headers
