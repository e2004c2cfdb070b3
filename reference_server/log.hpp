// Minimal leveled logging to stderr (thread-safe, one line per call).
#pragma once

#include <optional>
#include <string_view>

namespace mcp::server {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };

std::optional<LogLevel> parse_log_level(std::string_view text);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);
void log_line(LogLevel level, std::string_view message);

}  // namespace mcp::server
