// The catalogue as data: what users read in `list`, reports and CI rely on
// (stable unique ids with their area's prefix, a level, a spec section that is
// a real page, the rule in one sentence, and a requirement on every check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "conformance/check.hpp"
#include "conformance/checks/check_util.hpp"
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
  registry.add({.id = "base.one", .title = "t", .area = "base", .section = "s"}, noop);
  EXPECT_THROW(registry.add({.id = "base.one", .title = "t", .area = "base", .section = "s"}, noop),
               std::logic_error);
  EXPECT_THROW(registry.add({.id = "x.two", .title = "t", .area = "nowhere", .section = "s"}, noop),
               std::logic_error);
  EXPECT_NE(registry.find("base.one"), nullptr);
  EXPECT_EQ(registry.find("x.two"), nullptr);
}

TEST(CatalogueTest, RegistryRefusesAnIdWithoutItsAreasPrefix) {
  Registry registry;
  const auto noop = [](CheckContext&) { return Outcome::pass(); };
  // The prefix is "util.ping.", not "util.": a ping check cannot take a logging id.
  EXPECT_THROW(registry.add({.id = "util.logging.x", .area = "ping", .section = "s"}, noop),
               std::logic_error);
  EXPECT_THROW(registry.add({.id = "transport.http.x", .area = "authorization"}, noop),
               std::logic_error);
  EXPECT_NO_THROW(registry.add({.id = "util.ping.x", .area = "ping", .section = "s"}, noop));
}

TEST(CatalogueTest, EveryIdStartsWithItsAreasPrefix) {
  std::map<std::string, std::string> prefixes;
  for (const auto& area : area_table()) {
    EXPECT_TRUE(area.prefix.ends_with(".")) << area.name;
    EXPECT_TRUE(prefixes.emplace(area.name, area.prefix).second) << "area twice: " << area.name;
  }
  std::map<std::string, std::size_t> per_area;
  for (const auto* check : catalogue().checks()) {
    EXPECT_TRUE(check->info.id.starts_with(prefixes[check->info.area]))
        << check->info.id << " is in area " << check->info.area;
    ++per_area[check->info.area];
  }
  for (const auto& area : area_table())
    EXPECT_GT(per_area[area.name], 0u) << "no check in area " << area.name;
}

TEST(CatalogueTest, EachAreaIsTheFileOfItsChecks) {
  // conformance/checks/<area>.cpp ('-' as '_') holds the area's declaration table.
  const std::filesystem::path checks =
      std::filesystem::path(MCPC_FIXTURES_DIR) / ".." / "conformance" / "checks";
  for (const auto& area : area_table()) {
    std::string file = area.name;
    std::replace(file.begin(), file.end(), '-', '_');
    std::ifstream in(checks / (file + ".cpp"));
    ASSERT_TRUE(in) << "no conformance/checks/" << file << ".cpp for area " << area.name;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("void register_" + file + "_checks(Registry& registry)"),
              std::string::npos)
        << file << ".cpp has no register_" << file << "_checks";
    // Named after the file (kTransportHttpArea), so unity batches never meet two of them.
    std::string constant = "k";
    bool word_start = true;
    for (const char c : file) {
      if (c == '_') {
        word_start = true;
        continue;
      }
      constant += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      word_start = false;
    }
    EXPECT_NE(text.str().find("const std::string " + constant + "Area = \"" + area.name + "\";"),
              std::string::npos)
        << file << ".cpp does not declare its checks in area " << area.name << " (as " << constant
        << "Area)";
  }
}

TEST(CatalogueTest, RequirementDefaultsToTheIdOfASpecCheck) {
  Registry registry;
  const auto noop = [](CheckContext&) { return Outcome::pass(); };
  registry.add({.id = "tools.one", .area = "tools"}, noop);
  registry.add({.id = "tools.two", .area = "tools", .requirement = "tools.list.schema"}, noop);
  registry.add({.id = "openai.three", .area = "openai", .profiles = {"openai"}}, noop);
  EXPECT_EQ(registry.find("tools.one")->info.requirement, "tools.one");
  EXPECT_EQ(registry.find("tools.two")->info.requirement, "tools.list.schema");
  // An OpenAI check may rest on no spec row at all.
  EXPECT_EQ(registry.find("openai.three")->info.requirement, "");
}

/// One sentence of our own: a full stop at the end and none inside.
bool is_one_sentence(const std::string& text) {
  return text.size() >= 20 && text.size() <= 240 && text.back() == '.' &&
         text.find(". ") == std::string::npos && text.find('\n') == std::string::npos;
}

TEST(CatalogueTest, EveryCheckStatesItsRuleInOneSentence) {
  for (const auto* check : catalogue().checks()) {
    EXPECT_TRUE(is_one_sentence(check->info.rule))
        << check->info.id << ": \"" << check->info.rule << "\"";
  }
}

TEST(CatalogueTest, EverySpecSectionIsAPageOfEveryVersionTheCheckRunsAt) {
  for (const auto* check : catalogue().checks()) {
    const auto& info = check->info;
    if (info.area == "openai") {
      // Beyond the spec: the guide's checklist or the evidence on OpenAI's client.
      EXPECT_TRUE(info.section.starts_with("openai: ")) << info.id << ": " << info.section;
      continue;
    }
    for (const auto v : all_protocol_versions()) {
      if (!info.versions.contains(v)) continue;
      EXPECT_TRUE(spec_url(info.section, v).has_value())
          << info.id << ": \"" << info.section << "\" is no page of " << to_string(v);
    }
  }
}

TEST(SpecUrlTest, NamesThePageOfTheVersion) {
  EXPECT_EQ(spec_url("basic/lifecycle#version-negotiation", ProtocolVersion::k2025_06_18),
            "https://modelcontextprotocol.io/specification/2025-06-18/basic/"
            "lifecycle#version-negotiation");
  EXPECT_EQ(spec_url("server/utilities/pagination", ProtocolVersion::k2024_11_05),
            "https://modelcontextprotocol.io/specification/2024-11-05/server/utilities/pagination");
  // A section that names its version keeps it, and gets no second one.
  EXPECT_EQ(spec_url("2025-11-25/basic/utilities/tasks#tool-level-negotiation",
                     ProtocolVersion::k2025_03_26),
            "https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/"
            "tasks#tool-level-negotiation");
  // 2024-11-05 kept the message rules on a page of their own.
  EXPECT_EQ(spec_url("basic/index#responses", ProtocolVersion::k2024_11_05),
            "https://modelcontextprotocol.io/specification/2024-11-05/basic/messages#responses");
  EXPECT_EQ(spec_url("basic/index#responses", ProtocolVersion::k2025_03_26),
            "https://modelcontextprotocol.io/specification/2025-03-26/basic/index#responses");
}

TEST(SpecUrlTest, RefusesWhatIsNoPageOfTheVersion) {
  EXPECT_FALSE(spec_url("basic/authorization", ProtocolVersion::k2024_11_05));
  EXPECT_FALSE(spec_url("basic/utilities/tasks", ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(spec_url("server/tool#listing-tools", ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(spec_url("server/tools#Listing Tools", ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(spec_url("server/tools#", ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(spec_url("openai: community guide checklist item 2", ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(spec_url("", ProtocolVersion::k2025_06_18));
}

TEST(CatalogueTest, FailureMessagesSayExpectedAndGot) {
  const auto outcome = Outcome::fail("HTTP 404", "HTTP 400");
  EXPECT_EQ(outcome.verdict, reports::Verdict::kFail);
  EXPECT_EQ(outcome.message, "expected: HTTP 404; got: HTTP 400");
  const auto warning = Outcome::warn("an answer within 2 s", "2500 ms");
  EXPECT_EQ(warning.verdict, reports::Verdict::kWarn);
  EXPECT_EQ(warning.message, "expected: an answer within 2 s; got: 2500 ms");
}

// A server value of the wrong type is a finding about the server, never an
// exception of nlohmann's escaping a check (which the runner calls a harness error).
TEST(ServerValueTest, ReadersNeverThrowOnAWrongType) {
  for (const Json& odd : {Json("text"), Json(7), Json::array({1}), Json(nullptr)}) {
    EXPECT_TRUE(member(odd, "name").is_null()) << odd.dump();
    EXPECT_EQ(name_of(odd), "?");
    EXPECT_EQ(input_schema(odd), Json::object());
    EXPECT_FALSE(content_problem(odd, ProtocolVersion::k2025_11_25).empty());
    EXPECT_NO_THROW(EXPECT_FALSE(is_tool_error(odd)));
  }
  EXPECT_FALSE(content_problem(Json{{"type", 5}}, ProtocolVersion::k2025_11_25).empty());
  EXPECT_FALSE(
      content_problem(Json{{"type", "resource"}, {"resource", "x"}}, ProtocolVersion::k2025_11_25)
          .empty());
  client::CallResult answer;
  answer.response = Json{{"jsonrpc", "2.0"}, {"id", 1}, {"error", "not an object"}};
  EXPECT_FALSE(error_code(answer));
  EXPECT_FALSE(has_result(answer));
  EXPECT_TRUE(result_of(answer).is_null());
  EXPECT_EQ(schema_breaking_arguments(Json("no schema"), Json::object()).first, nullptr);
}

TEST(ServerValueTest, AnIsErrorThatIsNoBooleanFailsTheCheck) {
  EXPECT_TRUE(is_tool_error(Json{{"isError", true}}));
  EXPECT_FALSE(is_tool_error(Json{{"content", Json::array()}}));
  EXPECT_THROW(is_tool_error(Json{{"isError", "yes"}}), ServerValueError);
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
