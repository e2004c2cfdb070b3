#include "mock_openai/serve_model.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace mcp::mock::serve {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(start, end - start + 1));
}

std::optional<Decision> parse_call(const std::string& rest) {
  Decision d;
  d.source = "directive";
  const auto space = rest.find_first_of(" \t");
  std::string target = rest.substr(0, space);
  const std::string arguments = space == std::string::npos ? "" : trim(rest.substr(space));
  if (const auto slash = target.find('/'); slash != std::string::npos) {
    d.server_label = target.substr(0, slash);
    target = target.substr(slash + 1);
  }
  if (target.empty()) {
    d.server_label.reset();
    d.reply = "The @call directive needs a tool name: @call TOOL {\"argument\": \"value\"}.";
    return d;
  }
  d.tool = target;
  if (!arguments.empty()) {
    auto parsed = jsonrpc::parse(arguments);
    if (!parsed.value || !parsed.value->is_object()) {
      d.tool.clear();
      d.reply =
          "The @call directive's arguments must be one JSON object on its line; got: " + arguments;
      return d;
    }
    d.arguments = *parsed.value;
  }
  return d;
}

}  // namespace

std::optional<Script> Script::parse(const Json& document, std::string* error) {
  if (!document.is_object() || !document.contains("rules") || !document["rules"].is_array()) {
    *error = "a script is a JSON object with a \"rules\" array";
    return std::nullopt;
  }
  Script script;
  const Json& rules = document["rules"];
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string where = "rules[" + std::to_string(i) + "]";
    const Json& rule = rules[i];
    if (!rule.is_object()) {
      *error = where + " is not an object";
      return std::nullopt;
    }
    for (const auto& [key, value] : rule.items()) {
      if (key != "match" && key != "tool" && key != "server_label" && key != "arguments" &&
          key != "reply") {
        *error = where + " has an unknown field \"" + key +
                 "\" (match, tool, server_label, arguments, reply)";
        return std::nullopt;
      }
      if (key != "arguments" && !value.is_string()) {
        *error = where + "." + key + " must be a string";
        return std::nullopt;
      }
    }
    if (!rule.contains("match")) {
      *error = where + " needs \"match\" (\"\" matches every input)";
      return std::nullopt;
    }
    if (rule.contains("tool") == rule.contains("reply")) {
      *error = where + " needs exactly one of \"tool\" and \"reply\"";
      return std::nullopt;
    }
    if (rule.contains("arguments") && (!rule["arguments"].is_object() || !rule.contains("tool"))) {
      *error = where + ".arguments must be an object, beside \"tool\"";
      return std::nullopt;
    }
    Rule parsed;
    parsed.match = lower(rule["match"].get<std::string>());
    parsed.decision.source = "script rule " + std::to_string(i);
    if (rule.contains("tool")) {
      parsed.decision.tool = rule["tool"].get<std::string>();
      if (parsed.decision.tool.empty()) {
        *error = where + ".tool is empty";
        return std::nullopt;
      }
      if (rule.contains("server_label"))
        parsed.decision.server_label = rule["server_label"].get<std::string>();
      parsed.decision.arguments = rule.value("arguments", Json());
    } else {
      parsed.decision.reply = rule["reply"].get<std::string>();
      if (parsed.decision.reply.empty()) {
        *error = where + ".reply is empty";
        return std::nullopt;
      }
    }
    script.rules_.push_back(std::move(parsed));
  }
  return script;
}

std::optional<Script> Script::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = jsonrpc::parse(text.str());
  if (!parsed.value) {
    *error = path + " is not JSON: " + parsed.error;
    return std::nullopt;
  }
  auto script = parse(*parsed.value, error);
  if (!script) *error = path + ": " + *error;
  return script;
}

std::optional<Decision> Script::decide(const std::string& input) const {
  const auto text = lower(input);
  for (const auto& rule : rules_) {
    if (text.find(rule.match) != std::string::npos) return rule.decision;
  }
  return std::nullopt;
}

std::optional<Decision> directive(const std::string& input) {
  std::istringstream lines(input);
  std::string line;
  while (std::getline(lines, line)) {
    const auto text = trim(line);
    if (text.starts_with("@call ") || text == "@call") return parse_call(trim(text.substr(5)));
    if (text.starts_with("@reply")) {
      Decision d;
      d.source = "directive";
      d.reply = trim(text.substr(6));
      // An empty reply would read as no decision at all, and the default would call a tool.
      if (d.reply.empty()) d.reply = "The @reply directive needs a text: @reply TEXT.";
      return d;
    }
    if (text == "@nocall") {
      Decision d;
      d.source = "directive";
      d.reply = "No tool was called (@nocall).";
      return d;
    }
  }
  return std::nullopt;
}

}  // namespace mcp::mock::serve
