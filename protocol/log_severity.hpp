// The MCP logging levels (RFC 5424 severities), in order of severity.
#pragma once

#include <optional>
#include <string_view>

namespace mcp {

enum class LogSeverity { kDebug, kInfo, kNotice, kWarning, kError, kCritical, kAlert, kEmergency };

std::optional<LogSeverity> parse_log_severity(std::string_view name);
std::string_view to_string(LogSeverity severity);

}  // namespace mcp
