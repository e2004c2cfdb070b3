#include "mock_openai/tests/replay_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/child_process.hpp"

namespace mcp::testing {
namespace {

namespace fs = std::filesystem;

Json read_json(const fs::path& path) {
  auto parsed = jsonrpc::parse(read_text(path.string()), 1000);
  return parsed.value.value_or(Json());
}

}  // namespace

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Replay replay(std::vector<std::string> args) {
  // The interactive budgets (1 s) measure the server, not a loaded CI machine
  // under a sanitizer: relax them unless a test sets its own (later ones win).
  args.insert(args.begin(), {"--budget", "initialize=60000", "--budget", "tools/list=60000"});
  return replay_as_given(std::move(args));
}

Replay replay_as_given(std::vector<std::string> args) {
  static int counter = 0;
  const fs::path dir =
      fs::path(::testing::TempDir()) /
      ("mock-openai-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  Replay out;
  out.junit_path = (dir / "junit.xml").string();
  args.insert(args.begin(), "replay");
  for (const auto& extra :
       {"--json", "result.json", "--transcript", "transcript.json", "--junit", "junit.xml"}) {
    const std::string arg = extra;
    args.push_back(arg.ends_with(".json") || arg.ends_with(".xml") ? (dir / arg).string() : arg);
  }
  ChildProcess child(MCPC_MOCK_OPENAI_EXE, args);
  while (auto line = child.read_line(60s))
    out.stdout_text += *line + "\n";
  out.exit_code = child.wait(30s).value_or(-1);
  out.stderr_text = child.stderr_text();
  out.result = read_json(dir / "result.json");
  out.transcript = read_json(dir / "transcript.json");
  return out;
}

std::vector<std::string> step_names(const Json& result) {
  std::vector<std::string> names;
  for (const auto& s : result["steps"])
    names.push_back(s["phase"].get<std::string>() + "/" + s["name"].get<std::string>());
  return names;
}

const Json* find_item(const Json& result, const std::string& type) {
  for (const auto& item : result["items"]) {
    if (item["type"] == type) return &item;
  }
  return nullptr;
}

std::vector<std::string> called_tools(const Json& transcript) {
  std::vector<std::string> names;
  for (const auto& e : transcript.value("exchanges", Json::array())) {
    const auto body = e["request"].value("body", std::string());
    for (const auto& m : jsonrpc::parse_messages(body)) {
      if (m.is_object() && m.value("method", "") == "tools/call" && m.contains("params") &&
          m["params"].is_object())
        names.push_back(m["params"].value("name", std::string()));
    }
  }
  return names;
}

}  // namespace mcp::testing
