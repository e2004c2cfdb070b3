// How the HTTP transports answer: JSON bodies, and refusals (a status with a
// JSON-RPC error that says why). The version a request claims decides how a
// refusal writes an id it could not read.
#pragma once

#include <optional>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "protocol/versions.hpp"
#include "reference_server/hooks.hpp"

namespace mcp::server {

inline constexpr char kMcpPath[] = "/mcp";

/// Writes `body` as a 200 application/json answer.
void send_json(httplib::Response& res, const Json& body);

/// Writes a refusal: `status`, and a JSON-RPC error with `code` and `message`.
void send_error(httplib::Response& res, int status, int code, const std::string& message,
                std::optional<ProtocolVersion> version = std::nullopt, const Json& id = nullptr);
/// Writes an error response already built (jsonrpc::make_error) with `status`.
void send_error_response(httplib::Response& res, int status, Json error,
                         std::optional<ProtocolVersion> version);
/// Writes 503 with Retry-After: the server is at one of its limits.
void send_unavailable(httplib::Response& res, const std::string& message,
                      std::optional<ProtocolVersion> version, const Json& id = nullptr);
/// Writes `refusal`, its headers included.
void refuse(httplib::Response& res, const Refusal& refusal, std::optional<ProtocolVersion> version);

/// The version the client says it speaks (the MCP-Protocol-Version header), if
/// it names one we know (or a newer date, which keeps our latest's rules).
std::optional<ProtocolVersion> request_version(const httplib::Request& req);

/// "2025-03-26, 2025-06-18, 2025-11-25": the versions Streamable HTTP serves.
std::string supported_versions_text();

bool is_initialize_request(const Json& message);

}  // namespace mcp::server
