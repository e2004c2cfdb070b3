#include "reports/xml_text.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>

namespace mcp::reports::xml {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// XML 1.0, production [2] Char.
bool is_xml_char(char32_t code_point) {
  return code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
         (code_point >= 0x20 && code_point <= 0xD7FF) ||
         (code_point >= 0xE000 && code_point <= 0xFFFD) ||
         (code_point >= 0x10000 && code_point <= 0x10FFFF);
}

bool is_xml_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum class Context { kText, kAttribute };

void append_escaped(std::string& out, std::string_view text, Context context) {
  for (const char c : to_xml_chars(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\n':
        out += context == Context::kAttribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += context == Context::kAttribute ? "&#9;" : "\t";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

std::string to_xml_chars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    const auto lead = static_cast<unsigned char>(text[position]);
    if (lead < 0x80) {
      if (is_xml_char(lead)) out += static_cast<char>(lead);
      ++position;
      continue;
    }
    // Unicode table 3-7: the lead byte fixes the length and narrows the range of the
    // second byte, which is what rules out overlong forms, surrogates and > U+10FFFF.
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0Fu;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07u;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      out += kReplacementCharacter;
      ++position;
      continue;
    }
    std::size_t accepted = 1;
    unsigned char next_min = second_min;
    unsigned char next_max = second_max;
    while (accepted < length && position + accepted < text.size()) {
      const auto byte = static_cast<unsigned char>(text[position + accepted]);
      if (byte < next_min || byte > next_max) break;
      code_point = (code_point << 6) | (byte & 0x3Fu);
      next_min = 0x80;
      next_max = 0xBF;
      ++accepted;
    }
    if (accepted < length) {
      // The bytes accepted so far are one maximal ill-formed subpart; the byte that
      // broke the sequence starts the next one.
      out += kReplacementCharacter;
    } else if (is_xml_char(code_point)) {
      out.append(text.substr(position, length));
    }
    position += accepted;
  }
  return out;
}

std::string escape_text(std::string_view text) {
  std::string out;
  append_escaped(out, text, Context::kText);
  return out;
}

std::string escape_attribute(std::string_view text) {
  std::string out;
  append_escaped(out, text, Context::kAttribute);
  return out;
}

bool has_visible_text(std::string_view text) {
  for (const char c : to_xml_chars(text)) {
    if (!is_xml_whitespace(c)) return true;
  }
  return false;
}

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || !(seconds > 0)) seconds = 0;  // also turns -0.0 into 0
  // std::to_chars never consults a locale. DBL_MAX in fixed notation is 309 digits.
  char buffer[400];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  if (result.ec != std::errc()) return "0.000";
  return std::string(buffer, result.ptr);
}

std::string format_fixed(double value, int decimals) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (result.ec != std::errc()) return "0";
  return std::string(buffer, result.ptr);
}

}  // namespace mcp::reports::xml
