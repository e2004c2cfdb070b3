// The requirements manifests (fixtures/requirements/<version>.json) tie the
// catalogue to the requirement rows of the spec: each row that applies to a
// version states its requirement in one sentence and names the checks covering
// it there, or says why none does. These tests keep the two in step, so coverage
// cannot be claimed, lost or left stale silently.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "conformance/check.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::vector<std::string> kManifestVersions{"2024-11-05", "2025-03-26", "2025-06-18",
                                                 "2025-11-25", "2026-07-28"};

Json load_manifest(const std::string& version) {
  std::ifstream in(std::string(MCPC_FIXTURES_DIR) + "/requirements/" + version + ".json");
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = jsonrpc::parse(text.str());
  return parsed.value.value_or(Json());
}

/// The comma-separated requirement ids a check names.
std::set<std::string> requirement_ids(const CheckInfo& info) {
  std::set<std::string> out;
  std::stringstream list(info.requirement);
  std::string id;
  while (std::getline(list, id, ',')) {
    id.erase(0, id.find_first_not_of(' '));
    id.erase(id.find_last_not_of(' ') + 1);
    if (!id.empty()) out.insert(id);
  }
  return out;
}

/// Every row id of every manifest.
const std::set<std::string>& all_row_ids() {
  static const std::set<std::string> ids = [] {
    std::set<std::string> out;
    for (const auto& version : kManifestVersions) {
      const auto manifest = load_manifest(version);
      if (!manifest.is_object() || !manifest.contains("rows")) continue;
      for (const auto& row : manifest["rows"])
        out.insert(row.value("id", ""));
    }
    return out;
  }();
  return ids;
}

bool applies(const CheckInfo& info, const std::string& version) {
  const auto parsed = parse_protocol_version(version);
  return parsed && info.versions.contains(*parsed);
}

std::string text_member(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// One sentence of our own: a full stop at the end and none inside.
bool is_one_sentence(const std::string& text) {
  return text.size() >= 20 && text.size() <= 240 && text.back() == '.' &&
         text.find(". ") == std::string::npos && text.find('\n') == std::string::npos;
}

class RequirementsManifestTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RequirementsManifestTest, EveryRowHasChecksOrAReasonAndEveryClaimIsTrue) {
  const auto& version = GetParam();
  const auto manifest = load_manifest(version);
  ASSERT_TRUE(manifest.is_object() && manifest.contains("rows"))
      << "fixtures/requirements/" << version << ".json missing or not JSON";
  EXPECT_EQ(text_member(manifest, "version"), version);

  std::map<std::string, std::set<std::string>> claimed;  // row id -> checks the manifest names
  for (const auto& row : manifest["rows"]) {
    const auto id = text_member(row, "id");
    ASSERT_FALSE(id.empty()) << row.dump();
    EXPECT_FALSE(claimed.count(id)) << id << " is listed twice";
    // What the row requires, readable without the spec beside the manifest.
    const auto requirement = text_member(row, "requirement");
    EXPECT_TRUE(is_one_sentence(requirement))
        << id << " (" << version << "): requirement \"" << requirement << "\"";
    const auto level = text_member(row, "level");
    EXPECT_TRUE(
        level.find("MUST") != std::string::npos || level.find("SHOULD") != std::string::npos ||
        level.find("MAY") != std::string::npos || level.find("OPTIONAL") != std::string::npos ||
        level.find("should") != std::string::npos || level.find("removed") != std::string::npos ||
        level.empty())
        << id << ": " << level;
    const auto section = row.value("section", 0);
    EXPECT_TRUE(section >= 1 && section <= 10) << id;

    const auto checks = row.value("checks", Json::array());
    const auto reason = text_member(row, "reason");
    auto& names = claimed[id];
    if (checks.empty()) {
      // Uncovered rows say why, in a sentence a user can act on.
      EXPECT_GE(reason.size(), 40u) << id << " (" << version << ") has no check and no reason";
    } else {
      EXPECT_TRUE(reason.empty()) << id << " (" << version
                                  << ") has checks now: its reason is stale, remove it";
    }
    for (const auto& name : checks) {
      const auto* check = catalogue().find(name.get<std::string>());
      ASSERT_NE(check, nullptr) << id << ": no check " << name;
      EXPECT_TRUE(requirement_ids(check->info).count(id))
          << name << " does not name requirement " << id;
      EXPECT_TRUE(applies(check->info, version)) << name << " does not run at " << version;
      names.insert(name.get<std::string>());
    }
    // A reason that points at other checks must point at real ones.
    static const std::regex kCheckId(R"(\b[a-z][a-z0-9-]*(\.[a-z0-9-]+)+\b)");
    for (std::sregex_iterator it(reason.begin(), reason.end(), kCheckId), end; it != end; ++it) {
      EXPECT_NE(catalogue().find(it->str()), nullptr)
          << id << " (" << version << "): the reason names " << it->str()
          << ", which is not a check";
    }
  }

  // The other direction: every check running at this version is listed under
  // every row it names, so the manifest cannot fall behind the catalogue.
  for (const auto* check : catalogue().checks()) {
    if (!applies(check->info, version)) continue;
    for (const auto& id : requirement_ids(check->info)) {
      EXPECT_TRUE(all_row_ids().count(id))
          << check->info.id << " names " << id << ", which is no requirement row";
      // A check may cover a row at some of its versions only (a rule that was
      // replaced): where the row does not apply there is nothing to list.
      const auto it = claimed.find(id);
      if (it == claimed.end()) continue;
      EXPECT_TRUE(it->second.count(check->info.id))
          << version << " manifest: row " << id << " does not list " << check->info.id;
    }
  }
}

TEST_P(RequirementsManifestTest, ACheckOfOneRowStatesThatRowsSentence) {
  const auto& version = GetParam();
  std::map<std::string, std::string> sentences;  // row id -> requirement
  for (const auto& row : load_manifest(version).value("rows", Json::array()))
    sentences[text_member(row, "id")] = text_member(row, "requirement");
  for (const auto* check : catalogue().checks()) {
    const auto& info = check->info;
    if (!applies(info, version) || info.requirement != info.id) continue;
    const auto it = sentences.find(info.id);
    if (it == sentences.end()) continue;
    EXPECT_EQ(info.rule, it->second) << info.id << " (" << version << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, RequirementsManifestTest, ::testing::ValuesIn(kManifestVersions),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = "v" + param.param;
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

// Prints the coverage figures the README quotes (rows with a check / rows, per
// section and level); the test above asserts that the rest carry a reason.
TEST(RequirementsCoverage, PrintsCoveragePerVersionSectionAndLevel) {
  for (const auto& version : kManifestVersions) {
    const auto manifest = load_manifest(version);
    ASSERT_TRUE(manifest.contains("rows")) << version;
    std::map<int, std::pair<int, int>> by_section;
    std::map<std::string, std::pair<int, int>> by_level;
    int covered = 0;
    int total = 0;
    for (const auto& row : manifest["rows"]) {
      const bool has = !row.value("checks", Json::array()).empty();
      const auto level = text_member(row, "level");
      const std::string strongest = level.find("MUST") != std::string::npos     ? "MUST"
                                    : level.find("SHOULD") != std::string::npos ? "SHOULD"
                                                                                : "other";
      auto& s = by_section[row.value("section", 0)];
      auto& l = by_level[strongest];
      ++s.second;
      ++l.second;
      ++total;
      if (has) {
        ++s.first;
        ++l.first;
        ++covered;
      }
    }
    std::cout << version << ": " << covered << "/" << total << " rows have a check;";
    for (const auto& [section, counts] : by_section)
      std::cout << " s" << section << " " << counts.first << "/" << counts.second;
    for (const auto& [level, counts] : by_level)
      std::cout << " " << level << " " << counts.first << "/" << counts.second;
    std::cout << "\n";
  }
}

}  // namespace
}  // namespace mcp::conformance
