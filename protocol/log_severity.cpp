#include "protocol/log_severity.hpp"

#include <array>
#include <cstddef>

namespace mcp {
namespace {
constexpr std::array<std::string_view, 8> kNames{"debug", "info",     "notice", "warning",
                                                 "error", "critical", "alert",  "emergency"};
}

std::optional<LogSeverity> parse_log_severity(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<LogSeverity>(i);
  }
  return std::nullopt;
}

std::string_view to_string(LogSeverity severity) {
  return kNames.at(static_cast<std::size_t>(severity));
}

}  // namespace mcp
