// `mcp-conformance merge`: the JSON reports of the shards of one run (run
// --shard I/N) put back together into the reports that run would have written
// unsharded: the same suites in the same order, the same verdicts (the schema
// roll-up and expected failures judged over all the shards' results) and the
// same exit status.
#pragma once

#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "reports/run_report.hpp"

namespace mcp::conformance {

struct MergeCommand {
  std::vector<std::string> reports;  // JSON report files, one per shard
  std::string json_path;
  std::string junit_path;
  bool junit_extras = false;
  std::string markdown_path;
  std::string html_path;
};

/// A shard's report, and the file it came from (named in every error).
struct ShardReport {
  std::string path;
  reports::RunReport report;
};

/// Why the reports are not the complete parts of one run: one line naming the
/// file(s) and the shard(s).
struct MergeError {
  std::string message;
};

/// The report of the whole run, from the reports of all of its shards.
std::variant<reports::RunReport, MergeError> merge_reports(std::vector<ShardReport> shards);

/// Reads the files, merges, writes the reports asked for and says so on `out`;
/// a file that cannot be read or merged is said on `err`. Returns the exit
/// status a single run would have had, or 2 when the reports cannot be merged.
int merge(const MergeCommand& command, std::ostream& out, std::ostream& err);

}  // namespace mcp::conformance
