// check_util's helpers for calling tools (declared in check_util.hpp): which
// tools a check may call, with what arguments.
#include <regex>

#include "conformance/checks/check_util.hpp"
#include "protocol/schema_example.hpp"
#include "protocol/schema_validator.hpp"

namespace mcp::conformance {

// ---- calling tools -------------------------------------------------------------

std::vector<ToolCall> callable_tools(const ServerFacts& facts) {
  std::vector<ToolCall> out;
  if (!facts.call_tool.is_null()) out.push_back({facts.call_tool, facts.call_arguments, true, {}});
  for (const auto& tool : facts.tools) {
    if (out.size() >= 20) break;
    if (!tool.is_object() ||
        (!facts.call_tool.is_null() && name_of(tool) == name_of(facts.call_tool)))
      continue;
    if (!may_call(facts, tool)) continue;
    auto arguments = sample_arguments(tool);
    if (arguments.is_null()) continue;
    out.push_back({tool, std::move(arguments), false, {}});
  }
  return out;
}

Json sample_arguments(const Json& tool) {
  const auto schema = input_schema(tool);
  std::string why;
  auto arguments = schema::example_arguments(schema, &why);
  if (!arguments) return nullptr;
  static const std::regex kWait("duration|delay|seconds|secs|millis|^ms$|_ms$|sleep|wait",
                                std::regex::icase);
  const auto properties = member(schema, "properties");
  if (!properties.is_object()) return *arguments;
  Json shorter = *arguments;
  for (const auto& [name, property] : properties.items()) {
    const auto type = member(property, "type");
    if (shorter.contains(name) || (type != "number" && type != "integer") ||
        !std::regex_search(name, kWait))
      continue;
    const auto minimum = member(property, "minimum");
    shorter[name] = minimum.is_number() && minimum.get<double>() > 1 ? minimum : Json(1);
  }
  if (shorter == *arguments) return *arguments;
  const auto validator = schema::Validator::compile(schema, &why);
  return validator && validator->validate(shorter, 1).empty() ? shorter : *arguments;
}

void call_all(McpSession& s, std::vector<ToolCall>& calls) {
  for (auto& call : calls)
    call.result = s.request("tools/call", tool_call(name_of(call.tool), call.arguments));
}

Json answered_call(const ToolCall& call) {
  return result_of(answered(call.result, "tools/call " + name_of(call.tool)));
}

}  // namespace mcp::conformance
