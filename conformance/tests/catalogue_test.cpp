// The catalogue as data: what users read in `list`, reports and CI rely on
// (stable unique ids, a level, a section and a requirement on every check).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "conformance/check.hpp"
#include "conformance/runner.hpp"

namespace mcp::conformance {
namespace {

TEST(CatalogueTest, IdsAreUniqueStableSlugs) {
  // Dotted, like the requirement ids they mirror (one of which, tools.inputSchema.valid,
  // keeps the spec's camelCase).
  static const std::regex kSlug(R"(^[a-z][a-z0-9-]*(\.[a-zA-Z0-9][a-zA-Z0-9-]*)+$)");
  std::set<std::string> ids;
  for (const auto* check : catalogue().checks()) {
    EXPECT_TRUE(std::regex_match(check->info.id, kSlug)) << check->info.id;
    EXPECT_TRUE(ids.insert(check->info.id).second) << "duplicate " << check->info.id;
  }
  EXPECT_GE(ids.size(), 100u);
}

TEST(CatalogueTest, EveryCheckSaysWhatItChecksAndWhere) {
  for (const auto* check : catalogue().checks()) {
    const auto& info = check->info;
    SCOPED_TRACE(info.id);
    EXPECT_FALSE(info.title.empty());
    EXPECT_FALSE(info.section.empty());
    EXPECT_FALSE(info.description.empty());
    EXPECT_FALSE(info.versions.describe().empty()) << "applies to no protocol version";
    EXPECT_FALSE(info.profiles.empty());
    for (const auto& profile : info.profiles)
      EXPECT_TRUE(profile == "spec" || profile == "openai") << profile;
    // Spec checks name the requirement row they test; OpenAI checks may be about
    // the client rather than a spec row.
    if (info.profiles.front() == "spec") {
      EXPECT_FALSE(info.requirement.empty());
    }
  }
}

TEST(CatalogueTest, ChecksComeInSpecOrder) {
  const auto checks = catalogue().checks();
  std::size_t area_index = 0;
  for (const auto* check : checks) {
    while (area_index < areas().size() && areas()[area_index] != check->info.area)
      ++area_index;
    ASSERT_LT(area_index, areas().size()) << check->info.id << " is out of area order";
  }
}

TEST(CatalogueTest, RegistryRefusesDuplicatesAndUnknownAreas) {
  Registry registry;
  const auto noop = [](CheckContext&) { return Outcome::pass(); };
  registry.add({.id = "x.one", .title = "t", .area = "jsonrpc", .section = "s"}, noop);
  EXPECT_THROW(registry.add({.id = "x.one", .title = "t", .area = "jsonrpc", .section = "s"}, noop),
               std::logic_error);
  EXPECT_THROW(registry.add({.id = "x.two", .title = "t", .area = "nowhere", .section = "s"}, noop),
               std::logic_error);
  EXPECT_NE(registry.find("x.one"), nullptr);
  EXPECT_EQ(registry.find("x.two"), nullptr);
}

TEST(CatalogueTest, FailureMessagesSayExpectedAndGot) {
  const auto outcome = Outcome::fail("HTTP 404", "HTTP 400");
  EXPECT_EQ(outcome.verdict, reports::Verdict::kFail);
  EXPECT_EQ(outcome.message, "expected: HTTP 404; got: HTTP 400");
}

TEST(GlobMatchTest, StarAndQuestionMark) {
  EXPECT_TRUE(glob_match("transport.http.*", "transport.http.session.delete"));
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_TRUE(glob_match("base.error.?d", "base.error.id"));
  EXPECT_TRUE(glob_match("*.delete", "transport.http.session.delete"));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("transport.http.*", "transport.sse.endpoint"));
  EXPECT_FALSE(glob_match("base.error.?d", "base.error.idd"));
  EXPECT_FALSE(glob_match("lifecycle", "lifecycle.init.result"));  // whole id, not a prefix
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "x"));
}

TEST(ExitCodeTest, MapsVerdictsToTheDocumentedStatuses) {
  RunResult result;
  reports::SuiteReport suite;
  suite.cases.push_back({.id = "a", .verdict = reports::Verdict::kPass});
  suite.cases.push_back({.id = "b", .verdict = reports::Verdict::kWarn});
  suite.cases.push_back({.id = "c", .verdict = reports::Verdict::kSkip});
  result.report.suites.push_back(suite);
  EXPECT_EQ(exit_code(result), 0);
  result.report.strict = true;  // warnings fail under --strict
  EXPECT_EQ(exit_code(result), 1);
  result.report.strict = false;

  result.report.suites[0].cases.push_back({.id = "d", .verdict = reports::Verdict::kFail});
  EXPECT_EQ(exit_code(result), 1);
  result.report.suites[0].cases.back().expected_failure = true;
  EXPECT_EQ(exit_code(result), 0);
  result.report.suites[0].cases.push_back({.id = "e", .verdict = reports::Verdict::kPass});
  result.report.suites[0].cases.back().stale = true;
  EXPECT_EQ(exit_code(result), 1);

  RunResult errored;
  errored.report.suites.push_back({.cases = {{.id = "x", .verdict = reports::Verdict::kError}}});
  EXPECT_EQ(exit_code(errored), 1);
  errored.aborted_reason = "initialize did not succeed";
  EXPECT_EQ(exit_code(errored), 1);
  errored.unreachable = true;
  EXPECT_EQ(exit_code(errored), 3);
  RunResult usage;
  usage.usage_error = "the server does not speak 2024-11-05";
  EXPECT_EQ(exit_code(usage), 2);
}

}  // namespace
}  // namespace mcp::conformance
