// MCP protocol revisions and what changes between them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mcp {

/// The protocol revisions this project knows, oldest first. The enum order is
/// the date order, so `a < b` means "a is older than b".
enum class ProtocolVersion {
  k2024_11_05,
  k2025_03_26,
  k2025_06_18,
  k2025_11_25,
  k2026_07_28,
};

std::string_view to_string(ProtocolVersion version);
std::optional<ProtocolVersion> parse_protocol_version(std::string_view text);

/// Every known revision, oldest first.
std::span<const ProtocolVersion> all_protocol_versions();

/// The legacy era: the revisions a connection opens with initialize (up to 2025-11-25).
std::span<const ProtocolVersion> legacy_protocol_versions();

/// The legacy revisions served over Streamable HTTP (2024-11-05 predates that transport).
std::span<const ProtocolVersion> streamable_http_versions();

/// The newest revision of the legacy (initialize) era.
constexpr ProtocolVersion kLatestLegacyVersion = ProtocolVersion::k2025_11_25;
/// The newest revision of the modern (stateless) era.
constexpr ProtocolVersion kLatestModernVersion = ProtocolVersion::k2026_07_28;

/// From 2026-07-28 there is no initialize and no session: every request carries
/// its version and the client's capabilities (the modern era).
constexpr bool is_modern(ProtocolVersion v) {
  return v >= ProtocolVersion::k2026_07_28;
}

/// 2025-03-26 is the only revision with JSON-RPC batching.
constexpr bool allows_batches(ProtocolVersion v) {
  return v == ProtocolVersion::k2025_03_26;
}

/// From 2025-06-18 clients send MCP-Protocol-Version and servers check it.
constexpr bool checks_protocol_version_header(ProtocolVersion v) {
  return v >= ProtocolVersion::k2025_06_18;
}

/// From 2025-11-25 schema-invalid tool arguments are tool execution errors
/// (isError: true); before that they are protocol errors (-32602).
constexpr bool input_errors_are_tool_errors(ProtocolVersion v) {
  return v >= ProtocolVersion::k2025_11_25;
}

/// structuredContent / outputSchema exist from 2025-06-18.
constexpr bool has_structured_output(ProtocolVersion v) {
  return v >= ProtocolVersion::k2025_06_18;
}

/// From 2025-11-25 an SSE response starts with a priming event (id, empty data).
constexpr bool primes_sse_streams(ProtocolVersion v) {
  return v >= ProtocolVersion::k2025_11_25;
}

}  // namespace mcp
