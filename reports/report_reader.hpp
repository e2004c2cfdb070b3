// A run report read back from its JSON form (to_json, reports/README.md), so
// that reports written apart (the shards of one run) can be combined and
// written again in every form. The reader takes exactly what the writer
// writes: to_json(*from_json(to_json(r))) == to_json(r), a test keeps it so.
#pragma once

#include <optional>
#include <string>

#include "reports/run_report.hpp"

namespace mcp::reports {

/// The verdict a report's "verdict" field names, or nullopt for another word.
std::optional<Verdict> verdict_from_string(std::string_view word);

/// The report `json` holds. nullopt with *error naming the first field that
/// is missing or wrong ("suites[2].cases[0].verdict: expected one of ...");
/// a summary that does not count its cases is wrong too. Fields it does not
/// know are ignored, as the compatibility promise asks.
std::optional<RunReport> from_json(const Json& json, std::string* error);

/// Reads the JSON report at `path`: nullopt with *error (starting with the
/// path) when the file cannot be read, is not JSON, or is not a report.
std::optional<RunReport> read_report_file(const std::string& path, std::string* error);

}  // namespace mcp::reports
