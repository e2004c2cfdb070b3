// Byte strings a broken or hostile server can put into a report (tool names, error
// messages, wire dumps), each with what xml::to_xml_chars() must make of it. Shared by
// the unit tests and the sample report that xmllint validates.
#pragma once

#include <string_view>

namespace mcp::reports::test_data {

using namespace std::string_view_literals;

struct HostileString {
  std::string_view label;
  std::string_view bytes;
  /// to_xml_chars(bytes): XML 1.0 characters only, well-formed UTF-8.
  std::string_view xml_chars;
};

// Literals are split where a hex escape is followed by a hex digit ("\x80" "a"), since
// C++ would otherwise read the digit as part of the escape.
inline constexpr HostileString kHostileStrings[] = {
    {"NUL byte", "a\0b"sv, "ab"sv},
    {"ANSI escape", "\x1B[31mred\x1B[0m"sv, "[31mred[0m"sv},
    {"all C0 controls but TAB LF CR", "\x01\x02\x03\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F\x10\x1F"sv,
     ""sv},
    {"TAB LF CR kept", "a\tb\nc\rd"sv, "a\tb\nc\rd"sv},
    {"DEL and C1 controls kept (XML 1.0 allows them)", "\x7F\xC2\x80\xC2\x9F"sv,
     "\x7F\xC2\x80\xC2\x9F"sv},
    {"CDATA terminator", "x]]>y"sv, "x]]>y"sv},
    {"quotes and markup", "<a href=\"x\" title='y'>&amp;</a>"sv,
     "<a href=\"x\" title='y'>&amp;</a>"sv},
    {"lone surrogate U+D800 as ED A0 80",
     "s\xED\xA0\x80"
     "e"sv,
     "s\uFFFD\uFFFD\uFFFD"
     "e"sv},
    {"overlong slash C0 AF", "\xC0\xAF"sv, "\uFFFD\uFFFD"sv},
    {"overlong 3-byte E0 80 AF", "\xE0\x80\xAF"sv, "\uFFFD\uFFFD\uFFFD"sv},
    {"truncated 3-byte at end", "ab\xE2\x82"sv, "ab\uFFFD"sv},
    {"truncated 4-byte before ASCII",
     "\xF0\x9F\x98"
     "x"sv,
     "\uFFFD"
     "x"sv},
    {"stray continuation byte",
     "a\x80"
     "b"sv,
     "a\uFFFD"
     "b"sv},
    {"past U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80"sv, "\uFFFD\uFFFD\uFFFD\uFFFD"sv},
    {"bytes that never start UTF-8", "\xF5\xFF\xFE"sv, "\uFFFD\uFFFD\uFFFD"sv},
    {"noncharacters U+FFFE and U+FFFF",
     "a\xEF\xBF\xBE"
     "b\xEF\xBF\xBF"
     "c"sv,
     "abc"sv},
    {"well-formed text beyond ASCII", "h\xC3\xA9llo \xE2\x80\x94 \xE6\x97\xA5 \xF0\x9F\x98\x80"sv,
     "h\xC3\xA9llo \xE2\x80\x94 \xE6\x97\xA5 \xF0\x9F\x98\x80"sv},
    {"U+FFFD itself and U+10FFFF", "\xEF\xBF\xBD\xF4\x8F\xBF\xBF"sv,
     "\xEF\xBF\xBD\xF4\x8F\xBF\xBF"sv},
    {"BOM in the middle",
     "a\xEF\xBB\xBF"
     "b"sv,
     "a\xEF\xBB\xBF"
     "b"sv},
};

}  // namespace mcp::reports::test_data
