#include "protocol/versions.hpp"

#include <array>

namespace mcp {
namespace {
constexpr std::array kAll{ProtocolVersion::k2024_11_05, ProtocolVersion::k2025_03_26,
                          ProtocolVersion::k2025_06_18, ProtocolVersion::k2025_11_25,
                          ProtocolVersion::k2026_07_28};
constexpr std::array kLegacy{ProtocolVersion::k2024_11_05, ProtocolVersion::k2025_03_26,
                             ProtocolVersion::k2025_06_18, ProtocolVersion::k2025_11_25};
constexpr std::array kStreamable{ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_06_18,
                                 ProtocolVersion::k2025_11_25};
}  // namespace

std::string_view to_string(ProtocolVersion version) {
  switch (version) {
    case ProtocolVersion::k2024_11_05:
      return "2024-11-05";
    case ProtocolVersion::k2025_03_26:
      return "2025-03-26";
    case ProtocolVersion::k2025_06_18:
      return "2025-06-18";
    case ProtocolVersion::k2025_11_25:
      return "2025-11-25";
    case ProtocolVersion::k2026_07_28:
      return "2026-07-28";
  }
  return "unknown";
}

std::optional<ProtocolVersion> parse_protocol_version(std::string_view text) {
  for (const auto v : kAll) {
    if (to_string(v) == text) return v;
  }
  return std::nullopt;
}

std::span<const ProtocolVersion> all_protocol_versions() {
  return kAll;
}
std::span<const ProtocolVersion> legacy_protocol_versions() {
  return kLegacy;
}
std::span<const ProtocolVersion> streamable_http_versions() {
  return kStreamable;
}

}  // namespace mcp
