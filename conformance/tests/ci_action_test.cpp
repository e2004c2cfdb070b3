// The GitHub Action (action.yml), its script (scripts/ci/action-run.sh), the
// GitLab template and the examples of docs/ci.md cannot drift apart: every input
// the script reads is declared and passed, every input declared is used, every
// output comes from the script, and the examples use only what exists.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace mcp::conformance {
namespace {

const std::string kRoot = std::string(MCPC_FIXTURES_DIR) + "/..";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) ADD_FAILURE() << "cannot read " << path;
  return text.str();
}

/// Every first group of `pattern` in `text`.
std::set<std::string> matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[1].str());
  return out;
}

/// The environment variable GitHub's convention gives an input: INPUT_<NAME>.
std::string variable_of(std::string input) {
  for (auto& c : input)
    c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "INPUT_" + input;
}

class CiAction : public ::testing::Test {
 protected:
  YAML::Node action_ = YAML::LoadFile(kRoot + "/action.yml");
  std::string action_text_ = read_text(kRoot + "/action.yml");
  std::string script_ = read_text(kRoot + "/scripts/ci/action-run.sh");
  /// INPUT_* variables the script reads (through its input() helper).
  std::set<std::string> read_ = [this] {
    std::set<std::string> out;
    for (const auto& name : matches(script_, R"(\binput ([A-Z][A-Z_]*))"))
      out.insert("INPUT_" + name);
    return out;
  }();

  std::set<std::string> inputs() const {
    std::set<std::string> out;
    for (const auto& entry : action_["inputs"])
      out.insert(entry.first.as<std::string>());
    return out;
  }
  /// The step that runs the script.
  YAML::Node run_step() const {
    for (const auto& step : action_["runs"]["steps"]) {
      if (step["run"] &&
          step["run"].as<std::string>().find("scripts/ci/action-run.sh") != std::string::npos)
        return step;
    }
    ADD_FAILURE() << "no step of action.yml runs scripts/ci/action-run.sh";
    return YAML::Node();
  }
};

TEST_F(CiAction, IsACompositeActionWhoseStepRunsTheScript) {
  EXPECT_EQ(action_["runs"]["using"].as<std::string>(), "composite");
  const auto step = run_step();
  ASSERT_TRUE(step.IsMap());
  EXPECT_EQ(step["shell"].as<std::string>(), "bash");
  EXPECT_EQ(step["id"].as<std::string>(), "run");
  EXPECT_NE(step["run"].as<std::string>().find("$GITHUB_ACTION_PATH/"), std::string::npos);
}

TEST_F(CiAction, EveryInputTheScriptReadsIsDeclaredAndPassedToIt) {
  ASSERT_FALSE(read_.empty());
  const auto declared = inputs();
  std::set<std::string> passed;
  for (const auto& entry : run_step()["env"]) {
    const auto variable = entry.first.as<std::string>();
    const auto value = entry.second.as<std::string>();
    const auto input = matches(value, R"(^\$\{\{ inputs\.([a-z-]+) \}\}$)");
    ASSERT_EQ(input.size(), 1u) << variable << ": " << value;
    EXPECT_TRUE(declared.contains(*input.begin())) << *input.begin() << " is not declared";
    EXPECT_EQ(variable, variable_of(*input.begin()));
    passed.insert(variable);
  }
  EXPECT_EQ(passed, read_) << "what the step passes is what the script reads";
}

TEST_F(CiAction, EveryDeclaredInputIsUsed) {
  const auto used = matches(action_text_, R"(\binputs\.([a-z-]+))");
  for (const auto& input : inputs())
    EXPECT_TRUE(used.contains(input)) << input << " is declared and never used";
}

TEST_F(CiAction, EveryOutputIsOneTheScriptWrites) {
  const auto written = matches(script_, R"(\boutput ([a-z-]+) )");
  const auto kinds = matches(script_, R"(\b(junit|json|markdown|html):)");
  for (const auto& entry : action_["outputs"]) {
    const auto name = entry.first.as<std::string>();
    EXPECT_EQ(entry.second["value"].as<std::string>(), "${{ steps.run.outputs." + name + " }}");
    EXPECT_TRUE(written.contains(name) || kinds.contains(name)) << name;
  }
  // The upload step names the artifact the script chose.
  EXPECT_NE(action_text_.find("name: ${{ steps.run.outputs.artifact-name }}"), std::string::npos);
  EXPECT_TRUE(written.contains("artifact-name"));
}

/// Every INPUT_* variable a GitLab job (or one of the docs' examples) sets.
void collect_variables(const YAML::Node& node, std::set<std::string>* out) {
  if (!node.IsMap()) return;
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>();
    if (key.starts_with("INPUT_")) out->insert(key);
    collect_variables(entry.second, out);
  }
}

TEST_F(CiAction, TheGitLabTemplateRunsTheScriptWithItsInputs) {
  const auto path = kRoot + "/scripts/ci/mcp-conformance.gitlab-ci.yml";
  const auto text = read_text(path);
  const auto jobs = YAML::LoadFile(path);
  for (const char* job : {".mcp-conformance-shard", ".mcp-conformance-merge"}) {
    ASSERT_TRUE(jobs[job]) << job;
    std::string script;
    for (const auto& line : jobs[job]["script"])
      script += line.as<std::string>() + "\n";
    EXPECT_NE(script.find("/scripts/ci/action-run.sh"), std::string::npos) << job;
  }
  EXPECT_NE(jobs[".mcp-conformance-shard"]["script"][0].as<std::string>().find(
                "INPUT_SHARD=\"$CI_NODE_INDEX/$CI_NODE_TOTAL\""),
            std::string::npos);
  std::set<std::string> variables;
  collect_variables(jobs, &variables);
  for (const auto& v : variables)
    EXPECT_TRUE(read_.contains(v)) << v << " is set and the script never reads it";
  EXPECT_EQ(jobs[".mcp-conformance-merge"]["artifacts"]["reports"]["junit"].as<std::string>(),
            jobs[".mcp-conformance-merge"]["variables"]["INPUT_REPORTS_DIR"].as<std::string>() +
                "/mcp-conformance.xml");
}

TEST_F(CiAction, TheDocsExamplesUseOnlyWhatExists) {
  const auto docs = read_text(kRoot + "/docs/ci.md");
  const std::regex block("```yaml\n([^`]*)```");
  const auto declared = inputs();
  const auto template_jobs = YAML::LoadFile(kRoot + "/scripts/ci/mcp-conformance.gitlab-ci.yml");
  int action_uses = 0;
  for (auto it = std::sregex_iterator(docs.begin(), docs.end(), block);
       it != std::sregex_iterator(); ++it) {
    const auto example = YAML::Load((*it)[1].str());
    for (const auto& job : example["jobs"] ? example["jobs"] : YAML::Node()) {
      for (const auto& step : job.second["steps"]) {
        if (!step["uses"] ||
            step["uses"].as<std::string>().find("/mcp-conformance@") == std::string::npos)
          continue;
        ++action_uses;
        for (const auto& with : step["with"])
          EXPECT_TRUE(declared.contains(with.first.as<std::string>())) << with.first;
      }
    }
    std::set<std::string> variables;
    collect_variables(example, &variables);
    for (const auto& v : variables)
      EXPECT_TRUE(read_.contains(v)) << v;
    for (const auto& job : example) {
      if (!job.second.IsMap() || !job.second["extends"]) continue;
      const auto extends = job.second["extends"].as<std::string>();
      EXPECT_TRUE(template_jobs[extends]) << extends;
    }
  }
  EXPECT_EQ(action_uses, 2);  // the shards and the merge
  // The table of inputs names every input.
  for (const auto& input : declared)
    EXPECT_NE(docs.find("`" + input + "`"), std::string::npos) << input;
}

}  // namespace
}  // namespace mcp::conformance
