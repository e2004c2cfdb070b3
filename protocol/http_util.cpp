#include "protocol/http_util.hpp"

#include <algorithm>
#include <cctype>

namespace mcp::http {
namespace {
char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

// "q=0" (or 0.0, 0.00...) marks a media range as not acceptable.
bool has_zero_quality(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    const auto param = trim(params.substr(0, semi));
    if (param.size() >= 2 && lower(param[0]) == 'q' && param[1] == '=') {
      const auto value = param.substr(2);
      return !value.empty() &&
             std::all_of(value.begin(), value.end(), [](char c) { return c == '0' || c == '.'; });
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return false;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

bool accepts(std::string_view accept_header, std::string_view media) {
  if (trim(accept_header).empty()) return true;
  const auto slash = media.find('/');
  const auto type = media.substr(0, slash);
  while (!accept_header.empty()) {
    const auto comma = accept_header.find(',');
    const auto entry = accept_header.substr(0, comma);
    const auto semi = entry.find(';');
    const auto range = to_lower(trim(entry.substr(0, semi)));
    const bool refused = semi != std::string_view::npos && has_zero_quality(entry.substr(semi + 1));
    if (!refused) {
      if (range == "*/*" || iequals(range, media)) return true;
      if (range.size() == type.size() + 2 && range.ends_with("/*") &&
          iequals(std::string_view(range).substr(0, type.size()), type)) {
        return true;
      }
    }
    if (comma == std::string_view::npos) break;
    accept_header.remove_prefix(comma + 1);
  }
  return false;
}

std::string origin_host(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return {};
  auto rest = origin.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  return host_header_host(rest);
}

std::string host_header_host(std::string_view host) {
  host = trim(host);
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return {};
    return to_lower(host.substr(1, close - 1));
  }
  return to_lower(host.substr(0, host.find(':')));
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  // 127.0.0.0/8, written as four decimal octets.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

}  // namespace mcp::http
