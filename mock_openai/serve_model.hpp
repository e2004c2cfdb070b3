// mock-openai serve's model: no language model, a deterministic rule that picks what to call.
// In order: the first --script rule whose `match` the user's latest input contains, then a
// directive line in that input (@call TOOL {json}, @reply TEXT), then the first imported tool
// with arguments made from its input schema. The point is the MCP path, not the model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::mock::serve {

/// What the model does this turn: call `tool` (of `server_label`, when given) with
/// `arguments` (null: made from its input schema), or answer `reply` without a call.
struct Decision {
  std::optional<std::string> server_label;
  std::string tool;  // empty: no call
  Json arguments;
  std::string reply;   // no call: what the assistant says
  std::string source;  // "script rule 2", "directive", "default": shown in transcripts
};

struct Rule {
  std::string match;  // case-insensitive substring of the input; "" matches everything
  Decision decision;
};

/// A --script file: {"rules": [{"match": TEXT, "tool": NAME, "server_label"?: LABEL,
/// "arguments"?: {...}} | {"match": TEXT, "reply": TEXT}]}.
class Script {
 public:
  Script() = default;
  /// Parses a script document; the error names the rule and field at fault.
  static std::optional<Script> parse(const Json& document, std::string* error);
  static std::optional<Script> load(const std::string& path, std::string* error);

  /// The first rule whose `match` `input` contains, or nullopt.
  std::optional<Decision> decide(const std::string& input) const;
  std::size_t size() const { return rules_.size(); }

 private:
  std::vector<Rule> rules_;
};

/// A directive line of the input: "@call TOOL {json}", "@call LABEL/TOOL", "@reply TEXT" or
/// "@nocall". nullopt when no line starts with one; a malformed one is a reply saying so.
std::optional<Decision> directive(const std::string& input);

}  // namespace mcp::mock::serve
