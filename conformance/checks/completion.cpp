// Spec page server/utilities/completion.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kCompletionArea = "completion";

/// The first variable name of an RFC 6570 template ("{+path}", "{id*}", "{?a,b}" -> path, id, a).
std::string first_template_variable(const std::string& uri_template) {
  const auto open = uri_template.find('{');
  const auto close = uri_template.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::string expression = uri_template.substr(open + 1, close - open - 1);
  if (!expression.empty() && std::string("+#./;?&").find(expression.front()) != std::string::npos)
    expression.erase(0, 1);
  expression = expression.substr(0, expression.find(','));
  expression = expression.substr(0, expression.find_first_of("*:"));
  return expression;
}

/// A completion request for the first prompt argument or template variable the
/// server lists, or null when there is none.
Json completion_request(const ServerFacts& facts) {
  for (const auto& prompt : facts.prompts) {
    const auto arguments = member(prompt, "arguments");
    const auto name =
        arguments.is_array() && !arguments.empty() ? member(arguments[0], "name") : Json();
    if (!member(prompt, "name").is_string() || !name.is_string()) continue;
    return Json{{"ref", {{"type", "ref/prompt"}, {"name", prompt["name"]}}},
                {"argument", {{"name", name}, {"value", ""}}}};
  }
  for (const auto& t : facts.templates) {
    const auto uri_template = string_member(t, "uriTemplate");
    const auto variable = first_template_variable(uri_template);
    if (variable.empty()) continue;
    return Json{{"ref", {{"type", "ref/resource"}, {"uri", uri_template}}},
                {"argument", {{"name", variable}, {"value", ""}}}};
  }
  return nullptr;
}

/// Why a completion result is not a valid CompleteResult, or "".
std::string completion_problem(const Json& result) {
  const auto completion = member(result, "completion");
  const auto values = member(completion, "values");
  if (!values.is_array()) return "no result.completion.values array: " + brief(result);
  if (values.size() > 100) return std::to_string(values.size()) + " values (at most 100)";
  for (const auto& v : values) {
    if (!v.is_string()) return "a value that is not a string: " + brief(v);
  }
  if (completion.contains("total") && !completion["total"].is_number_integer())
    return "total that is not an integer: " + brief(completion["total"]);
  if (completion.contains("hasMore") && !completion["hasMore"].is_boolean())
    return "hasMore that is not a boolean: " + brief(completion["hasMore"]);
  return "";
}

const CheckInfo kCompletionCapability{
    .id = "util.completion.capability",
    .title =
        "completion/complete is offered with the completions capability, and answers at "
        "most 100 values",
    .area = kCompletionArea,
    .section = "server/utilities/completion",
    .rule =
        "completion/complete works only on a server that declares completions, and "
        "answers at most 100 string values.",
    .versions = kSince20250326,
    .description =
        "With completions declared: completes the first prompt argument (or resource template "
        "variable) the server lists, value \"\": completion.values must be an array of at most "
        "100 strings, total an integer and hasMore a boolean when present. Without it: "
        "completion/complete must be refused."};

Outcome completion_capability(CheckContext& c) {
  const auto params = completion_request(c.facts());
  if (!c.facts().has_capability("completions")) {
    auto s = session(c);
    // Silence is no refusal.
    const auto r =
        answered(s->request("completion/complete",
                            params.is_null()
                                ? Json{{"ref", {{"type", "ref/prompt"}, {"name", "x-conformance"}}},
                                       {"argument", {{"name", "x"}, {"value", ""}}}}
                                : params),
                 "completion/complete");
    if (has_result(r))
      return Outcome::fail("completion/complete refused (completions is not declared)",
                           describe(r));
    return Outcome::pass("completions not declared, and completion/complete is refused");
  }
  if (params.is_null())
    return Outcome::skip("nothing to complete: no prompt argument or template variable");
  auto s = session(c);
  const auto r = s->request("completion/complete", params);
  if (!has_result(r)) {
    return Outcome::fail("a completion for " + brief(params) + " (completions is declared)",
                         describe(r));
  }
  if (const auto problem = completion_problem(result_of(r)); !problem.empty())
    return Outcome::fail("a CompleteResult: at most 100 string values", problem);
  return Outcome::pass(std::to_string(member(member(result_of(r), "completion"), "values").size()) +
                       " value(s) for " + brief(params["ref"]));
}

}  // namespace

void register_completion_checks(Registry& registry) {
  registry.add(kCompletionCapability, completion_capability);
}

}  // namespace mcp::conformance
