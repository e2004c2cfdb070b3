// What the pieces of the HTML report share (report_html.cpp writes the page,
// html_exchanges.cpp the wire exchanges of a check). Not part of the library's API.
#pragma once

#include <string>
#include <string_view>

#include "reports/run_report.hpp"

namespace mcp::reports::html_page {

/// Element content and quoted attribute values alike: valid UTF-8, no characters
/// HTML forbids, and & < > " ' as references.
std::string html(std::string_view raw);
/// As html(), cut after 64 KiB (at a character boundary) with a note, so one huge
/// response cannot make the page too heavy to open (the JSON report keeps it all).
std::string html_clipped(std::string_view raw);
std::string duration(double seconds);

/// The check's wire exchanges: whole ones (the one that decided a failure, warning
/// or error marked and open, each HTTP one with its curl command), or the summary
/// lines a passing check keeps.
void append_exchanges(std::string& out, const CaseReport& check);

/// The stylesheet and script of the page (reports/html/, embedded at build time).
std::string_view asset(std::string_view name);

}  // namespace mcp::reports::html_page
