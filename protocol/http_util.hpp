// Small HTTP helpers shared by the server, the client and the checks.
#pragma once

#include <string>
#include <string_view>

namespace mcp::http {

/// ASCII case-insensitive equality (HTTP header names, media types).
bool iequals(std::string_view a, std::string_view b);

/// The media type of a Content-Type value, lower-cased, without parameters:
/// "Application/JSON; charset=utf-8" -> "application/json".
std::string media_type(std::string_view content_type);

/// True when an Accept header value admits `media` ("type/subtype"), honouring
/// "type/*" and "*/*" and ignoring entries with q=0. An empty header admits anything.
bool accepts(std::string_view accept_header, std::string_view media);

/// The host part (no port, no brackets) of an Origin value such as
/// "http://localhost:3000" or "http://[::1]:80"; empty if it cannot be parsed.
std::string origin_host(std::string_view origin);

/// The host part of a Host header value ("127.0.0.1:8080", "[::1]:80", "example.com").
std::string host_header_host(std::string_view host);

/// localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

/// Constant-time comparison, for secrets such as bearer tokens.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace mcp::http
