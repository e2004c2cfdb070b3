// Every check is shown to catch what it is for: the reference server runs with
// each --fault in turn, and the whole catalogue (every version, both profiles)
// must fail or warn on exactly the checks fixtures/fault-matrix.json lists for
// that fault, and on nothing else. The clean server (plain, and with a bearer
// token so the authorization checks run) gives the baselines. A fault of a
// revision the catalogue does not check yet "awaits" it, naming the requirement
// rows whose checks will catch it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "conformance/check.hpp"
#include "conformance/runner.hpp"
#include "reference_server/faults.hpp"
#include "testing/child_process.hpp"

namespace mcp::conformance {
namespace {

using Verdicts = std::map<std::string, std::string>;  // id -> "fail" / "warn" / "info" / "error"

const Json& matrix() {
  static const Json doc = [] {
    std::ifstream in(std::string(MCPC_FIXTURES_DIR) + "/fault-matrix.json");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = jsonrpc::parse(text.str());
    return parsed.value.value_or(Json::object());
  }();
  return doc;
}

/// A member of a matrix object, or an empty value when absent (the file is
/// hand-edited; a missing key must read as "nothing", never crash).
const Json& member(const Json& obj, const std::string& key) {
  static const Json kNone;
  if (!obj.is_object()) return kNone;
  const auto it = obj.find(key);
  return it == obj.end() ? kNone : *it;
}

std::string baseline_of(const Json& entry) {
  const auto& name = member(entry, "baseline");
  return name.is_string() ? name.get<std::string>() : "plain";
}

/// A row of the matrix: a baseline ("baseline:<name>") or a fault.
const Json& row_entry(const std::string& row) {
  if (row.starts_with("baseline:")) return member(member(matrix(), "baselines"), row.substr(9));
  return member(member(matrix(), "faults"), row);
}

/// What a row is expected to break: its baseline's findings, minus those it
/// clears, plus its own.
Verdicts expected_for(const std::string& row) {
  Verdicts out;
  const auto& entry = row_entry(row);
  if (!row.starts_with("baseline:")) out = expected_for("baseline:" + baseline_of(entry));
  for (const auto& id : member(entry, "clears"))
    out.erase(id.get<std::string>());
  for (const auto& [id, verdict] : member(entry, "expect").items())
    out[id] = verdict.get<std::string>();
  return out;
}

struct Setup {
  std::vector<std::string> server_args;
  std::string bearer;
  std::string path;  // the endpoint; empty: the server's MCP URL
  bool legacy_sse = false;
};

/// How a row reaches the server (a fault inherits its baseline's setup).
Setup setup_for(const std::string& row) {
  const auto& entry = row_entry(row);
  const auto& base = row.starts_with("baseline:")
                         ? entry
                         : member(member(matrix(), "baselines"), baseline_of(entry));
  std::vector<std::string> args;
  for (const auto& a : member(base, "server_args"))
    args.push_back(a.get<std::string>());
  if (!row.starts_with("baseline:")) {
    args.push_back("--fault");
    args.push_back(row);
  }
  const auto text = [&](const char* key) {
    const auto& value = member(base, key);
    return value.is_string() ? value.get<std::string>() : std::string();
  };
  return {args, text("bearer"), text("path"), text("transport") == "sse"};
}

/// The worst non-passing verdict of each check over every suite of the run.
Verdicts observed(const RunResult& result, std::string* details) {
  static const std::map<std::string, int> kRank{
      {"info", 0}, {"warn", 1}, {"fail", 2}, {"error", 3}};
  Verdicts out;
  for (const auto& suite : result.report.suites) {
    for (const auto& c : suite.cases) {
      const std::string verdict(reports::to_string(c.verdict));
      if (!kRank.count(verdict)) continue;
      auto& slot = out[c.id];
      if (slot.empty() || kRank.at(verdict) > kRank.at(slot)) slot = verdict;
      *details += "  " + c.id + " (" + suite.protocol_version + ") " + verdict + ": " +
                  c.message.substr(0, 300) + "\n";
    }
  }
  return out;
}

std::vector<std::string> rows() {
  std::vector<std::string> out;
  for (const auto& [name, unused] : member(matrix(), "baselines").items())
    out.push_back("baseline:" + name);
  for (const auto& [name, unused] : member(matrix(), "faults").items())
    out.push_back(name);
  return out;
}

class FaultMatrixTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FaultMatrixTest, CatalogueFindsExactlyTheBrokenRules) {
  const auto& row = GetParam();
  const auto setup = setup_for(row);
  mcp::testing::ReferenceServer server(setup.server_args);

  RunOptions options;
  options.target.url = setup.path.empty() ? server.url()
                                          : "http://" + server.host() + ":" +
                                                std::to_string(server.port()) + setup.path;
  if (setup.legacy_sse) options.target.transport = TransportChoice::kSse;
  if (!setup.bearer.empty()) {
    options.target.headers.emplace_back("Authorization", "Bearer " + setup.bearer);
    options.target.has_bearer = true;
  }
  options.target.deadlines.connect = std::chrono::seconds(10);
  options.target.deadlines.first_byte = options.target.deadlines.idle =
      options.target.deadlines.total = std::chrono::seconds(30);
  options.protocol_version = "all";
  options.profile = "all";
  options.jobs = 16;  // as the program does over HTTP: the checks mostly wait on the network
  // The triggers change lists and a resource: a run calls them only by name,
  // as a user testing their own server would name them.
  options.allow_tools = {"test_trigger_tool_change", "test_trigger_prompt_change",
                         "toggle_list_entry", "update_watched_resource"};
  const auto result = Runner(options).run();

  std::string details;
  const auto seen = observed(result, &details);
  const auto expected = expected_for(row);
  for (const auto& [id, verdict] : expected) {
    const auto it = seen.find(id);
    EXPECT_TRUE(it != seen.end() && it->second == verdict)
        << id << ": expected " << verdict << ", got "
        << (it == seen.end() ? std::string("pass/skip") : it->second);
  }
  for (const auto& [id, verdict] : seen) {
    EXPECT_TRUE(expected.count(id)) << id << " " << verdict << " is not in the matrix for " << row;
  }
  if (HasFailure()) ADD_FAILURE() << "every non-passing result of " << row << ":\n" << details;
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrixTest, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (auto& c : name) {
                             if (c == '-' || c == ':') c = '_';
                           }
                           return name;
                         });

/// The requirement rows of a revision's manifest, by id.
std::map<std::string, Json> requirement_rows(const std::string& revision) {
  std::ifstream in(std::string(MCPC_FIXTURES_DIR) + "/requirements/" + revision + ".json");
  std::stringstream text;
  text << in.rdbuf();
  const auto manifest = jsonrpc::parse(text.str()).value.value_or(Json());
  std::map<std::string, Json> out;
  for (const auto& row : member(manifest, "rows"))
    out[row.value("id", "")] = row;
  return out;
}

/// A fault of a revision the catalogue does not check yet: it names the
/// requirement rows whose checks will catch it, each still without a check.
void expect_awaiting(const std::string& name, const Json& entry) {
  const auto& revision = member(entry, "awaits");
  ASSERT_TRUE(revision.is_string()) << name;
  const auto rows = requirement_rows(revision.get<std::string>());
  ASSERT_FALSE(rows.empty()) << name << ": no requirements manifest for " << revision;
  const auto& requirements = member(entry, "requirements");
  EXPECT_FALSE(requirements.empty()) << name << " names no requirement row it breaks";
  for (const auto& id : requirements) {
    const auto row = rows.find(id.get<std::string>());
    ASSERT_NE(row, rows.end()) << name << ": " << id << " is no row of " << revision;
    EXPECT_TRUE(member(row->second, "checks").empty())
        << name << ": " << id << " has checks now: give the fault the targets that catch it "
        << "(and what else it breaks) in place of awaits and requirements";
  }
}

TEST(FaultMatrixFileTest, CoversEveryFaultAndNamesRealChecks) {
  ASSERT_TRUE(matrix().contains("faults")) << "fixtures/fault-matrix.json missing or unreadable";
  for (const auto& info : server::all_faults()) {
    const std::string name(info.name);
    const auto& entry = member(member(matrix(), "faults"), name);
    ASSERT_TRUE(entry.is_object()) << name << " has no row in the matrix";
    EXPECT_TRUE(member(entry, "why").is_string()) << name << " says not why it exists";
    if (entry.contains("awaits")) {
      // Such a fault has targets only where a check of today catches it already.
      expect_awaiting(name, entry);
    } else {
      ASSERT_TRUE(entry.contains("targets") && !entry["targets"].empty()) << name;
    }
    // The check(s) the fault exists to break must be among what it breaks.
    for (const auto& target : member(entry, "targets"))
      EXPECT_TRUE(member(entry, "expect").contains(target.get<std::string>()))
          << name << ": " << target;
  }
  for (const auto& [name, entry] : member(matrix(), "faults").items()) {
    EXPECT_NE(server::find_fault(name), nullptr) << name << " is not a server fault";
    for (const auto& [id, verdict] : member(entry, "expect").items()) {
      EXPECT_NE(catalogue().find(id), nullptr) << name << ": " << id;
      EXPECT_TRUE(verdict == "fail" || verdict == "warn" || verdict == "info")
          << name << ": " << id;
    }
  }
}

}  // namespace
}  // namespace mcp::conformance
