// Reading a JSON report back (report_reader.hpp): what it refuses, and how it
// says where. That it reads everything the writer writes is run_report_test's
// ReadsBackExactlyWhatItWrites.
#include "reports/report_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace mcp::reports {
namespace {

Json small_report() {
  RunReport report;
  report.tool_version = "0.1.0";
  report.target = "http://127.0.0.1:1/mcp";
  report.transport = "streamable-http";
  report.profile = "spec";
  report.started_at = "2026-11-24T05:00:00Z";
  report.hostname = "ci";
  report.exit_code = 1;
  CaseReport failed;
  failed.id = "lifecycle.init.result";
  failed.verdict = Verdict::kFail;
  failed.message = "expected: a; got: b";
  CaseReport passed;
  passed.id = "lifecycle.ping";
  report.suites = {{"lifecycle (2025-11-25)", "lifecycle", "2025-11-25", {failed, passed}}};
  return to_json(report);
}

std::string refusal(const Json& json) {
  std::string error;
  const auto report = from_json(json, &error);
  return report ? "read" : error;
}

TEST(ReportReader, ReadsAReportAndIgnoresFieldsItDoesNotKnow) {
  Json json = small_report();
  json["added_in_1_9"] = {{"anything", true}};
  json["suites"][0]["cases"][0]["added_too"] = 1;
  std::string error;
  const auto report = from_json(json, &error);
  ASSERT_TRUE(report) << error;
  EXPECT_EQ(report->target, "http://127.0.0.1:1/mcp");
  EXPECT_EQ(report->exit_code, 1);
  ASSERT_EQ(report->suites.size(), 1u);
  EXPECT_EQ(report->suites[0].cases[0].verdict, Verdict::kFail);
  EXPECT_EQ(report->suites[0].cases[0].message, "expected: a; got: b");
  EXPECT_TRUE(report->shard.is_null());
}

TEST(ReportReader, NamesTheFieldThatIsMissingOrWrong) {
  const auto with = [](const std::string& where, Json value) {
    Json json = small_report();
    json[Json::json_pointer(where)] = std::move(value);
    return json;
  };
  const auto without = [](const std::string& parent, const std::string& name) {
    Json json = small_report();
    json[Json::json_pointer(parent)].erase(name);
    return json;
  };
  EXPECT_EQ(refusal(Json::array()), "expected an object");
  EXPECT_EQ(refusal(with("/format", "junit")),
            "format: expected \"mcp-conformance-report\", got \"junit\"");
  EXPECT_EQ(refusal(with("/version", 2)), "version: 2, this reader knows version 1");
  EXPECT_EQ(refusal(without("", "target")), "target: missing");
  EXPECT_EQ(refusal(with("/strict", "no")), "strict: expected true or false");
  EXPECT_EQ(refusal(with("/tool", "mcp-conformance")), "tool: expected an object");
  EXPECT_EQ(refusal(without("/suites/0/cases/1", "verdict")),
            "suites[0].cases[1].verdict: missing");
  EXPECT_EQ(refusal(with("/suites/0/cases/1/verdict", "maybe")),
            "suites[0].cases[1].verdict: expected one of pass, fail, warn, skip, error, info; got "
            "'maybe'");
  EXPECT_EQ(refusal(with("/suites/0/cases/0/seconds", -1)),
            "suites[0].cases[0].seconds: expected >= 0");
  EXPECT_EQ(refusal(with("/suites/0/cases/0/exchanges", Json::object())),
            "suites[0].cases[0].exchanges: expected an array");
  EXPECT_EQ(refusal(with("/suites/0/cases/0", "a case")), "suites[0].cases[0]: expected an object");
  EXPECT_EQ(refusal(with("/notes", Json::array({1}))), "notes[0]: expected a string");
  EXPECT_EQ(refusal(with("/shard", 3)), "shard: expected an object");
}

TEST(ReportReader, RefusesASummaryThatDoesNotCountItsCases) {
  Json json = small_report();
  json["suites"][0]["summary"]["fail"] = 2;
  EXPECT_EQ(refusal(json), "suites[0].summary.fail: says 2, the cases hold 1");
  json = small_report();
  json["suites"][0]["cases"].erase(1);  // a report cut short
  json["suites"][0]["summary"]["pass"] = 0;
  json["suites"][0]["summary"]["total"] = 1;
  EXPECT_EQ(refusal(json), "summary.pass: says 1, the cases hold 0");
}

TEST(ReportReader, ReadsAFileAndSaysWhatIsWrongWithIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mcpc-report-reader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = [&](const char* name) { return (dir / name).string(); };
  std::ofstream(path("good.json")) << small_report().dump(2);
  std::ofstream(path("text.json")) << "PASS 3 checks\n";
  std::ofstream(path("junit.json")) << R"({"format": "junit"})";
  std::string error;
  EXPECT_TRUE(read_report_file(path("good.json"), &error)) << error;
  EXPECT_FALSE(read_report_file(path("none.json"), &error));
  EXPECT_EQ(error, path("none.json") + ": cannot read the file");
  EXPECT_FALSE(read_report_file(dir.string(), &error));
  EXPECT_EQ(error, dir.string() + ": cannot read the file");
  EXPECT_FALSE(read_report_file(path("text.json"), &error));
  EXPECT_TRUE(error.starts_with(path("text.json") + ": not JSON: ")) << error;
  EXPECT_FALSE(read_report_file(path("junit.json"), &error));
  EXPECT_EQ(error, path("junit.json") +
                       ": not an mcp-conformance report: format: expected "
                       "\"mcp-conformance-report\", got \"junit\"");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcp::reports
