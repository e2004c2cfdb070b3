// run --shard I/N and merge, without a server: how checks are dealt to
// shards, the command line, and merge_reports on shard reports made the way
// the runner makes them, against the report of the same results run whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "conformance/cli.hpp"
#include "conformance/merge.hpp"
#include "conformance/run_steps.hpp"
#include "conformance/shard.hpp"
#include "conformance/shard_record.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

using reports::CaseReport;
using reports::RunReport;
using reports::Verdict;

Command parse(std::vector<std::string> args) {
  std::vector<const char*> argv{"mcp-conformance"};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

std::string usage_error(std::vector<std::string> args) {
  const auto command = parse(std::move(args));
  const auto* error = std::get_if<cli::UsageError>(&command);
  return error ? error->message : "no usage error";
}

// ---- parsing I/N ----

TEST(Shard, ParsesIndexOverCount) {
  for (const auto& [text, index, count] : std::vector<std::tuple<std::string, unsigned, unsigned>>{
           {"1/1", 1, 1}, {"2/3", 2, 3}, {"3/3", 3, 3}, {"256/256", 256, 256}}) {
    const auto shard = parse_shard(text);
    ASSERT_TRUE(shard) << text;
    EXPECT_EQ(shard->index, index);
    EXPECT_EQ(shard->count, count);
    EXPECT_EQ(to_string(*shard), text);
  }
  for (const char* bad : {"0/3", "4/3", "1/0", "0/0", "1/257", "a/3", "1/b", "1/", "/3", "3",
                          "1/3/4", " 1/3", "1/3 ", "-1/3", "+1/3", "1.5/3", ""}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

TEST(Shard, BadShardIsAUsageErrorBeforeAnythingRuns) {
  for (const char* bad : {"0/3", "4/3", "x", "1/0"}) {
    EXPECT_NE(usage_error({"run", "--url", "http://127.0.0.1:9/mcp", "--shard", bad})
                  .find("--shard expects I/N with 1 <= I <= N <= 256, got '" + std::string(bad)),
              std::string::npos)
        << bad;
  }
  const auto command = parse({"run", "--url", "http://127.0.0.1:9/mcp", "--shard", "2/5"});
  ASSERT_TRUE(std::holds_alternative<RunCommand>(command));
  EXPECT_EQ(to_string(*std::get<RunCommand>(command).options.shard), "2/5");
}

// ---- dealing checks to shards ----

/// The catalogue as a run of every check at every version deals it.
std::vector<ShardUnit> catalogue_units() {
  std::vector<ShardUnit> units;
  for (const auto* check : catalogue().checks()) {
    std::size_t versions = 0;
    for (auto v = ProtocolVersion::k2024_11_05; v <= ProtocolVersion::k2026_07_28;
         v = static_cast<ProtocolVersion>(static_cast<int>(v) + 1))
      versions += check->info.versions.contains(v) ? 1 : 0;
    units.push_back({check->info.id, versions});
  }
  return units;
}

TEST(Shard, EveryCheckLandsInExactlyOneShardAndTheShardsAreBalanced) {
  const auto units = catalogue_units();
  std::size_t largest = 0, total = 0;
  for (const auto& u : units) {
    largest = std::max(largest, u.cases);
    total += u.cases;
  }
  for (unsigned count = 1; count <= 12; ++count) {
    const auto assigned = assign_shards(units, count);
    ASSERT_EQ(assigned.size(), units.size());
    std::vector<std::size_t> load(count + 1, 0);
    for (std::size_t u = 0; u < units.size(); ++u) {
      ASSERT_GE(assigned[u], 1u);
      ASSERT_LE(assigned[u], count);
      load[assigned[u]] += units[u].cases;
    }
    const auto [lightest, heaviest] = std::minmax_element(load.begin() + 1, load.end());
    EXPECT_LE(*heaviest - *lightest, largest) << count << " shards";
    EXPECT_LE(*heaviest, total / count + largest) << count << " shards";
  }
}

TEST(Shard, TheShardOfACheckDependsOnNothingButTheChecksAndTheCount) {
  auto units = catalogue_units();
  const auto assigned = assign_shards(units, 5);
  std::map<std::string, unsigned> shard_of;
  for (std::size_t u = 0; u < units.size(); ++u)
    shard_of[units[u].id] = assigned[u];
  std::mt19937 shuffle(12);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(units.begin(), units.end(), shuffle);
    const auto again = assign_shards(units, 5);
    for (std::size_t u = 0; u < units.size(); ++u)
      EXPECT_EQ(again[u], shard_of[units[u].id]) << units[u].id;
  }
}

// ---- the merge command line ----

TEST(MergeCli, TakesReportsInOrderAndEveryReportFlag) {
  const auto command =
      parse({"merge", "--json", "m.json", "c.json", "--junit=m.xml", "a.json", "--junit-extras",
             "--markdown", "m.md", "--html", "m.html", "b.json"});
  ASSERT_TRUE(std::holds_alternative<MergeCommand>(command)) << usage_error({});
  const auto& merge = std::get<MergeCommand>(command);
  EXPECT_EQ(merge.reports, (std::vector<std::string>{"c.json", "a.json", "b.json"}));
  EXPECT_EQ(merge.json_path, "m.json");
  EXPECT_EQ(merge.junit_path, "m.xml");
  EXPECT_TRUE(merge.junit_extras);
  EXPECT_EQ(merge.markdown_path, "m.md");
  EXPECT_EQ(merge.html_path, "m.html");
}

TEST(MergeCli, NeedsReportsAndNamesAnUnknownOption) {
  EXPECT_NE(usage_error({"merge"}).find("merge needs the JSON report of every shard"),
            std::string::npos);
  EXPECT_NE(usage_error({"merge", "--json", "m.json"}).find("merge needs"), std::string::npos);
  EXPECT_EQ(usage_error({"merge", "--bogus", "a.json"}), "merge: unknown option '--bogus'");
}

TEST(MergeCli, HelpShowsMergeAndShard) {
  const auto usage = usage_text();
  EXPECT_NE(usage.find("mcp-conformance merge [--json F]"), std::string::npos) << usage;
  EXPECT_NE(usage.find("--shard"), std::string::npos);
  const auto command = parse({"merge", "--help"});
  ASSERT_TRUE(std::holds_alternative<HelpCommand>(command));
  const auto& help = std::get<HelpCommand>(command).text;
  for (const char* flag : {"--json", "--junit", "--junit-extras", "--markdown", "--html",
                           "REPORT.json", "exit status"})
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
}

// ---- merge_reports ----

constexpr const char* kVersion = "2025-11-25";
constexpr const char* kTarget = "http://127.0.0.1:1/mcp";

struct Result {
  std::string id;
  Verdict verdict;
  std::vector<std::string> violations = {};  // of the schema, in what the server sent it
};

/// The reports `count` shards write for `results` (one version), made as the
/// runner makes them: each shard rolls its own violations up and judges
/// expected failures on its own results.
std::vector<ShardReport> shard_reports(const std::vector<Result>& results, unsigned count,
                                       const std::vector<ExpectedFailure>& expected = {}) {
  std::vector<ShardUnit> units;
  for (const auto& r : results)
    units.push_back({r.id, 1});
  const auto assigned = assign_shards(units, count);
  std::vector<ShardReport> shards;
  for (unsigned index = 1; index <= count; ++index) {
    RunReport report;
    report.tool_version = kToolkitVersion;
    report.target = kTarget;
    report.transport = "streamable-http";
    report.profile = "spec";
    report.started_at = "2026-01-0" + std::to_string(index) + "T00:00:00Z";
    report.hostname = "runner-" + std::to_string(index);
    report.seconds = index;
    SchemaFindings findings{.protocol_version = kVersion};
    reports::SuiteReport suite{"all", "all", kVersion, {}};
    for (std::size_t u = 0; u < results.size(); ++u) {
      if (assigned[u] != index) continue;
      CaseReport c;
      c.id = results[u].id;
      c.area = catalogue().find(c.id)->info.area;
      c.verdict = results[u].verdict;
      for (const auto& v : results[u].violations) {
        ++findings.violations;
        if (findings.first.size() < kSchemaViolationsListed) findings.first.emplace_back(c.id, v);
      }
      suite.cases.push_back(std::move(c));
    }
    for (auto& c : suite.cases) {
      if (c.id != kSchemaCheckId) continue;
      findings.schema_check = Outcome{c.verdict, c.message};
      apply_schema_findings(c, findings);
    }
    std::vector<VersionedCase> cases;
    for (auto& c : suite.cases)
      cases.push_back({&c, kVersion});
    apply_expected_failures(cases, expected);
    report.suites.push_back(std::move(suite));
    report.shard =
        to_json(ShardRecord{{index, count}, false, {kVersion}, units, expected, {findings}});
    shards.push_back({"shard-" + std::to_string(index) + ".json", std::move(report)});
  }
  return shards;
}

RunReport merged(std::vector<ShardReport> shards) {
  auto result = merge_reports(std::move(shards));
  if (const auto* error = std::get_if<MergeError>(&result)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<RunReport>(result);
}

std::string merge_error(std::vector<ShardReport> shards) {
  auto result = merge_reports(std::move(shards));
  const auto* error = std::get_if<MergeError>(&result);
  return error ? error->message : "merged";
}

/// What a single run says of each check: verdict, expected failure, stale.
std::map<std::string, std::string> outcomes(const RunReport& report) {
  std::map<std::string, std::string> out;
  for (const auto& suite : report.suites) {
    for (const auto& c : suite.cases) {
      out[c.id] = std::string(to_string(c.verdict)) + (c.expected_failure ? " expected" : "") +
                  (c.stale ? " stale" : "");
    }
  }
  return out;
}

// Spread over the areas, so every count of shards splits them differently.
const std::vector<Result> kResults{
    {"base.jsonrpc.version", Verdict::kPass},
    {"base.message.schema", Verdict::kPass},
    {"lifecycle.init.result", Verdict::kPass},
    {"lifecycle.instructions", Verdict::kWarn},
    {"transport.http.session.delete", Verdict::kFail},
    {"tools.call.malformed", Verdict::kPass, {"tools/call: result.content[0]: not an object"}},
    {"resources.read.not-found", Verdict::kSkip},
    {"prompts.get.errors", Verdict::kPass, {"prompts/get: messages[0].role: not one of"}},
    {"openai.cors-preflight", Verdict::kInfo},
};

TEST(Merge, ShardsMergeIntoWhatTheWholeRunReports) {
  const std::vector<ExpectedFailure> expected{{"base.message.schema", "our prompts say system", ""},
                                              {"transport.http.session.delete", "the proxy", ""},
                                              {"lifecycle.init.result", "was broken once", ""}};
  auto whole = merged(shard_reports(kResults, 1, expected));
  const auto expected_outcomes = outcomes(whole);
  // The schema check fails on violations other checks saw, and its expectation
  // holds: whichever shard it is in, the merge judges it on every shard's results.
  EXPECT_EQ(expected_outcomes.at("base.message.schema"), "fail expected");
  EXPECT_EQ(expected_outcomes.at("lifecycle.init.result"), "pass stale");
  EXPECT_EQ(expected_outcomes.at("transport.http.session.delete"), "fail expected");
  EXPECT_EQ(whole.exit_code, 1);  // the stale expectation
  for (unsigned count = 2; count <= 5; ++count) {
    SCOPED_TRACE(std::to_string(count) + " shards");
    auto shards = shard_reports(kResults, count, expected);
    std::reverse(shards.begin(), shards.end());  // the order given does not matter
    const auto parts = merged(std::move(shards));
    EXPECT_EQ(to_json(parts)["suites"], to_json(whole)["suites"]);
    EXPECT_EQ(parts.exit_code, whole.exit_code);
    EXPECT_EQ(parts.started_at, "2026-01-01T00:00:00Z");
    EXPECT_EQ(parts.seconds, count);
  }
}

TEST(Merge, TheSchemaCheckListsTheFirstViolationsInCatalogueOrder) {
  const auto whole = merged(shard_reports(kResults, 3));
  for (const auto& suite : whole.suites) {
    for (const auto& c : suite.cases) {
      if (c.id != kSchemaCheckId) continue;
      EXPECT_EQ(c.message,
                "expected: every server message valid against the official schema; got: 2 server "
                "message(s) break the 2025-11-25 schema\n- tools.call.malformed: tools/call: "
                "result.content[0]: not an object\n- prompts.get.errors: prompts/get: "
                "messages[0].role: not one of");
    }
  }
}

TEST(Merge, SaysWhichShardIsMissingOrGivenTwice) {
  auto shards = shard_reports(kResults, 3);
  EXPECT_EQ(merge_error({shards[0], shards[2]}),
            "shard 2/3 missing: merge needs the JSON report of every shard, once");
  EXPECT_EQ(merge_error({shards[0]}),
            "shards 2/3, 3/3 missing: merge needs the JSON report of every shard, once");
  auto again = shards[1];
  again.path = "copy.json";
  EXPECT_EQ(merge_error({shards[0], shards[1], again, shards[2]}),
            "shard 2/3 given twice (shard-2.json and copy.json): merge needs the JSON report of "
            "every shard, once");
}

TEST(Merge, RefusesReportsOfDifferentRuns) {
  auto shards = shard_reports(kResults, 2);
  auto other_target = shards;
  other_target[1].report.target = "http://127.0.0.1:1/other";
  EXPECT_EQ(merge_error(other_target),
            "shard-2.json: target http://127.0.0.1:1/other differs from shard-1.json's "
            "http://127.0.0.1:1/mcp: not the shards of one run");
  // A server each shard started on this machine may have had a port of its own.
  auto loopback_ports = shards;
  loopback_ports[1].report.target = "http://127.0.0.1:2/mcp";
  loopback_ports[1].report.server = {{"serverInfo", {{"name", "ours"}}}};
  loopback_ports[0].report.server = {{"serverInfo", {{"name", "ours"}}}};
  EXPECT_EQ(merge_error(loopback_ports), "merged");
  loopback_ports[1].report.server = {{"serverInfo", {{"name", "theirs"}}}};
  EXPECT_NE(merge_error(loopback_ports).find("shard-2.json: server {\"name\":\"theirs\"} differs"),
            std::string::npos);
  auto other_tool = shards;
  other_tool[0].report.tool_version = "0.0.1";
  EXPECT_NE(merge_error(other_tool).find("shard-1.json: written by mcp-conformance 0.0.1"),
            std::string::npos);
  auto other_count = shards;
  other_count[1] = shard_reports(kResults, 3)[1];
  EXPECT_NE(merge_error(other_count).find("shard count 3 differs"), std::string::npos);
  auto other_versions = shards;
  other_versions[1].report.shard["protocol_versions"] = Json::array({"2025-06-18"});
  EXPECT_NE(merge_error(other_versions).find("protocol versions 2025-06-18 differs"),
            std::string::npos);
  auto other_expected = shards;
  other_expected[1].report.shard["expected_failures"] =
      Json::array({{{"id", "lifecycle.init.result"}, {"reason", "r"}, {"version", ""}}});
  EXPECT_NE(merge_error(other_expected).find("its --expected-failures differ"), std::string::npos);
  auto not_sharded = shards;
  not_sharded[0].report.shard = nullptr;
  EXPECT_NE(merge_error(not_sharded).find("shard-1.json: not the report of a shard"),
            std::string::npos);
}

TEST(Merge, RefusesAShardThatHoldsAnotherShardsCheckOrLacksOne) {
  auto shards = shard_reports(kResults, 2);
  auto moved = shards;
  auto& from = moved[0].report.suites[0].cases;
  moved[1].report.suites[0].cases.push_back(from.back());
  from.pop_back();
  EXPECT_NE(merge_error(moved).find("shard 2/2 (shard-2.json) holds "), std::string::npos);
  EXPECT_NE(merge_error(moved).find(", which belongs to shard 1/2"), std::string::npos);
  auto cut = shards;
  const auto lost = cut[1].report.suites[0].cases.back().id;
  cut[1].report.suites[0].cases.pop_back();
  EXPECT_EQ(merge_error(cut), "shard 2/2 (shard-2.json) holds 0 result(s) of " + lost +
                                  " where the run gave it 1: the report is not whole");
  // A shard the server went away from stops early; the merge says so with its exit status.
  cut[1].report.exit_code = 3;
  EXPECT_EQ(merged(cut).exit_code, 3);
}

TEST(Merge, AShardThatStoppedBeforeItsChecksIsTheWholeStory) {
  auto shards = shard_reports(kResults, 2);
  RunReport stopped = shards[1].report;
  stopped.exit_code = 3;
  stopped.suites = {{"lifecycle (2025-11-25)", "lifecycle", kVersion, {CaseReport{}}}};
  stopped.suites[0].cases[0].id = "lifecycle.init.result";
  stopped.suites[0].cases[0].verdict = Verdict::kError;
  stopped.shard = to_json(ShardRecord{.shard = {2, 2}, .stopped = true});
  shards[1].report = stopped;
  const auto report = merged(shards);
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_TRUE(report.shard.is_null());
  EXPECT_EQ(outcomes(report),
            (std::map<std::string, std::string>{{"lifecycle.init.result", "error"}}));
}

}  // namespace
}  // namespace mcp::conformance
