#include "reports/xml_text.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <limits>
#include <locale>
#include <string>

#include "reports/tests/hostile_strings.hpp"

namespace mcp::reports::xml {
namespace {

using test_data::kHostileStrings;

// True when `text` is well-formed UTF-8 holding only XML 1.0 characters; written
// independently of to_xml_chars() (by code point arithmetic) so the check is not circular.
bool is_xml_safe_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : 4;
    if (lead >= 0x80 && (lead < 0xC2 || lead > 0xF4)) return false;
    if (i + length > text.size()) return false;
    char32_t code_point = length == 1 ? lead : lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (byte >> 6 != 0x2) return false;
      code_point = (code_point << 6) | (byte & 0x3Fu);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    const bool xml_char = code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
                          (code_point >= 0x20 && code_point != 0xFFFE && code_point != 0xFFFF);
    if (!xml_char) return false;
    i += length;
  }
  return true;
}

TEST(XmlChars, RepairsEveryHostileString) {
  for (const auto& hostile : kHostileStrings) {
    SCOPED_TRACE(hostile.label);
    const std::string repaired = to_xml_chars(hostile.bytes);
    EXPECT_EQ(repaired, hostile.xml_chars);
    EXPECT_TRUE(is_xml_safe_utf8(repaired));
  }
}

TEST(XmlChars, FixtureExpectationsAreThemselvesSafe) {
  for (const auto& hostile : kHostileStrings) {
    SCOPED_TRACE(hostile.label);
    EXPECT_TRUE(is_xml_safe_utf8(hostile.xml_chars));
  }
}

TEST(XmlChars, IsIdempotent) {
  for (const auto& hostile : kHostileStrings) {
    SCOPED_TRACE(hostile.label);
    const std::string once = to_xml_chars(hostile.bytes);
    EXPECT_EQ(to_xml_chars(once), once);
  }
}

TEST(XmlChars, EveryTwoByteCombinationComesOutSafe) {
  // Exhaustive over pairs, so no lead/continuation combination slips through.
  for (int first = 0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      const char bytes[] = {static_cast<char>(first), static_cast<char>(second)};
      const std::string repaired = to_xml_chars(std::string_view(bytes, 2));
      ASSERT_TRUE(is_xml_safe_utf8(repaired)) << first << ' ' << second;
    }
  }
}

TEST(XmlChars, TruncationAtEachPointOfAFourByteSequence) {
  const std::string_view emoji = "\xF0\x9F\x98\x80";
  EXPECT_EQ(to_xml_chars(emoji), emoji);
  for (std::size_t keep = 1; keep < emoji.size(); ++keep) {
    SCOPED_TRACE(keep);
    EXPECT_EQ(to_xml_chars(emoji.substr(0, keep)), "\uFFFD");
  }
}

TEST(XmlChars, BoundariesOfTheSecondByteRanges) {
  EXPECT_EQ(to_xml_chars("\xE0\xA0\x80"), "\xE0\xA0\x80");        // U+0800, smallest 3-byte
  EXPECT_EQ(to_xml_chars("\xED\x9F\xBF"), "\xED\x9F\xBF");        // U+D7FF, below surrogates
  EXPECT_EQ(to_xml_chars("\xEE\x80\x80"), "\xEE\x80\x80");        // U+E000, above surrogates
  EXPECT_EQ(to_xml_chars("\xED\xBF\xBF"), "\uFFFD\uFFFD\uFFFD");  // U+DFFF, a surrogate
  EXPECT_EQ(to_xml_chars("\xF0\x8F\xBF\xBF"), "\uFFFD\uFFFD\uFFFD\uFFFD");  // overlong
  EXPECT_EQ(to_xml_chars("\xC1\xBF"), "\uFFFD\uFFFD");                      // overlong
}

TEST(XmlEscapeText, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_text("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &apos; f");
}

TEST(XmlEscapeText, NeverLeavesACdataTerminator) {
  EXPECT_EQ(escape_text("]]>"), "]]&gt;");
  EXPECT_EQ(escape_text("]]]]>>"), "]]]]&gt;&gt;");
}

TEST(XmlEscapeText, KeepsTabAndNewlineButEscapesCarriageReturn) {
  EXPECT_EQ(escape_text("a\tb\r\nc"), "a\tb&#13;\nc");
}

TEST(XmlEscapeText, RepairsBeforeEscaping) {
  EXPECT_EQ(escape_text(std::string_view("<\0>\xC0", 4)), "&lt;&gt;\uFFFD");
}

TEST(XmlEscapeAttribute, EscapesWhitespaceThatNormalisationWouldLose) {
  EXPECT_EQ(escape_attribute("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
  EXPECT_EQ(escape_attribute("\"x\" & 'y' <z>"), "&quot;x&quot; &amp; &apos;y&apos; &lt;z&gt;");
}

TEST(XmlEscapeAttribute, HostileStringsLeaveNoRawMarkup) {
  for (const auto& hostile : kHostileStrings) {
    SCOPED_TRACE(hostile.label);
    const std::string escaped = escape_attribute(hostile.bytes);
    EXPECT_EQ(escaped.find_first_of("<>\"'\t\n\r"), std::string::npos);
    EXPECT_TRUE(is_xml_safe_utf8(escaped));
  }
}

TEST(XmlHasVisibleText, RejectsWhatTheSchemaWouldCollapseToNothing) {
  EXPECT_FALSE(has_visible_text(""));
  EXPECT_FALSE(has_visible_text(" \t\r\n"));
  EXPECT_FALSE(has_visible_text(std::string_view("\0\x01", 2)));  // stripped, then empty
  EXPECT_TRUE(has_visible_text(" x "));
  EXPECT_TRUE(has_visible_text("\xC0"));  // becomes U+FFFD, which is visible
}

TEST(XmlFormatSeconds, ThreeDecimalsWithADot) {
  EXPECT_EQ(format_seconds(0), "0.000");
  EXPECT_EQ(format_seconds(0.125), "0.125");
  EXPECT_EQ(format_seconds(1.5), "1.500");
  EXPECT_EQ(format_seconds(12345.6789), "12345.679");
  EXPECT_EQ(format_seconds(0.0004), "0.000");
  EXPECT_EQ(format_seconds(1e-300), "0.000");
}

TEST(XmlFormatSeconds, NoExponentForLargeValues) {
  const std::string huge = format_seconds(1e20);
  EXPECT_EQ(huge, "100000000000000000000.000");
  const std::string largest = format_seconds(std::numeric_limits<double>::max());
  EXPECT_EQ(largest.find_first_not_of("0123456789."), std::string::npos);
  EXPECT_EQ(largest.substr(largest.size() - 4), ".000");
}

TEST(XmlFormatSeconds, ValuesNoSchemaAcceptsBecomeZero) {
  EXPECT_EQ(format_seconds(-1), "0.000");
  EXPECT_EQ(format_seconds(-0.0), "0.000");
  EXPECT_EQ(format_seconds(std::nan("")), "0.000");
  EXPECT_EQ(format_seconds(std::numeric_limits<double>::infinity()), "0.000");
  EXPECT_EQ(format_seconds(-std::numeric_limits<double>::infinity()), "0.000");
}

// A C++ locale whose decimal point is a comma, as de_DE has: it does not need the
// locale to be installed, and breaks any formatting that goes through iostreams.
struct CommaDecimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
};

TEST(XmlFormatSeconds, IgnoresACommaDecimalCxxLocale) {
  const std::locale previous = std::locale::global(std::locale(std::locale(), new CommaDecimal));
  const std::string formatted = format_seconds(0.125);
  std::locale::global(previous);
  EXPECT_EQ(formatted, "0.125");
}

TEST(XmlFormatSeconds, IgnoresACommaDecimalCLocale) {
  const std::string previous = std::setlocale(LC_NUMERIC, nullptr);
  const char* installed = nullptr;
  for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE"}) {
    if (std::setlocale(LC_NUMERIC, name) != nullptr) {
      installed = name;
      break;
    }
  }
  if (installed == nullptr) {
    GTEST_SKIP() << "no comma-decimal C locale installed; the C++ locale test covers the "
                    "formatting path, which never reads the C locale";
  }
  const std::string formatted = format_seconds(0.125);
  std::setlocale(LC_NUMERIC, previous.c_str());
  EXPECT_EQ(formatted, "0.125") << "under " << installed;
}

}  // namespace
}  // namespace mcp::reports::xml
