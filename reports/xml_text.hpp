// Text hygiene for XML reports: whatever bytes a server sent must end up in a document
// every XML 1.0 parser accepts, so a hostile or broken server cannot break the report
// that describes it.
#pragma once

#include <string>
#include <string_view>

namespace mcp::reports::xml {

/// Returns `text` as well-formed UTF-8 holding only characters XML 1.0 allows.
///
/// Ill-formed UTF-8 (stray continuation bytes, overlong forms such as C0 AF, encoded
/// surrogates such as ED A0 80, code points past U+10FFFF, truncated sequences) becomes
/// U+FFFD, one per maximal ill-formed subpart as Unicode recommends, so the reader sees
/// that something was there. Characters XML 1.0 cannot carry even as references (C0
/// controls other than TAB, LF and CR; U+FFFE; U+FFFF) are dropped.
std::string to_xml_chars(std::string_view text);

/// For element content: to_xml_chars(), then & < > " ' as entities and CR as &#13;
/// (a parser turns a literal CR into LF). Never produces CDATA, so `]]>` needs no care
/// beyond its `>` becoming &gt;.
std::string escape_text(std::string_view text);

/// For a quoted attribute value: as escape_text(), and TAB and LF as character
/// references too, because attribute-value normalisation turns literal ones into spaces.
std::string escape_attribute(std::string_view text);

/// True when to_xml_chars(text) holds something other than XML whitespace; schemas that
/// say xs:token with minLength 1 reject the rest.
bool has_visible_text(std::string_view text);

/// Seconds with a dot and exactly three decimals ("0.125"), whatever the C or C++ locale
/// says. Negative, NaN and infinite values give "0.000": no schema accepts them as time.
std::string format_seconds(double seconds);

/// `value` with exactly `decimals` decimals and a dot, whatever the locale says;
/// "0" when it cannot be written (a value too large for the buffer).
std::string format_fixed(double value, int decimals);

}  // namespace mcp::reports::xml
