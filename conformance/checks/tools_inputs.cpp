// Spec page server/tools, its rules about tool inputs: arguments that break the
// input schema are refused as the version says, and hostile ones never crash or
// hang the server. Registered in page order from register_tools_checks.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

using namespace std::string_literals;

const std::string kToolsInputsArea = "tools";

const CheckInfo kInputValidation{
    .id = "tools.call.input-validation",
    .title = "Arguments that break the input schema are reported as the version says",
    .area = kToolsInputsArea,
    .section = "server/tools#error-handling",
    .rule =
        "Arguments that break a tool's input schema are refused: with -32602 or a tool "
        "error up to 2025-06-18, and as a tool error (isError) from 2025-11-25.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool with valid arguments, then with an argument of the wrong type (or a "
        "required one left out). Up to 2025-06-18 either a -32602 error or an isError result "
        "passes; from 2025-11-25 input validation errors are tool execution errors (isError: "
        "true), and -32602 is a warning. A success fails. When the valid call gets the very same "
        "refusal, the refusal shows nothing and the check skips."};

/// What a tools/call answer says when it refuses the call (the -32602 error,
/// or the content of an isError result); "" when it does not refuse it.
std::string refusal(const client::CallResult& r) {
  if (error_code(r) == jsonrpc::kInvalidParams) return jsonrpc::serialize((*r.response)["error"]);
  if (has_result(r) && is_tool_error(result_of(r)))
    return jsonrpc::serialize(member(result_of(r), "content"));
  return {};
}

Outcome input_validation(CheckContext& c) {
  const auto& tool = c.facts().call_tool;
  const auto [arguments, what] =
      schema_breaking_arguments(input_schema(tool), c.facts().call_arguments);
  if (arguments.is_null())
    return Outcome::skip("the call-tool's input schema gives no argument to get wrong");
  auto s = session(c);
  // A refusal shows validation only when valid arguments do not get the very
  // same one (a tool that fails whatever it is given proves nothing).
  const auto valid =
      answered(s->request("tools/call", tool_call(name_of(tool), c.facts().call_arguments)),
               "tools/call with valid arguments");
  const auto r = answered(s->request("tools/call", tool_call(name_of(tool), arguments)),
                          "tools/call with arguments that break the input schema");
  const bool tool_error = has_result(r) && is_tool_error(result_of(r));
  const bool invalid_params = error_code(r) == jsonrpc::kInvalidParams;
  const bool in_result = input_errors_are_tool_errors(c.version());  // SEP-1303
  if ((tool_error || invalid_params) && !refusal(r).empty() && refusal(r) == refusal(valid)) {
    return Outcome::skip("valid arguments " + brief(c.facts().call_arguments, 120) +
                         " get the same refusal (" + describe(valid) + "), so refusing " + what +
                         " does not show input validation");
  }
  if (tool_error || (invalid_params && !in_result)) return Outcome::pass();
  if (invalid_params) {
    return Outcome::fail("a tool execution error (isError: true) for " + what +
                             " (2025-11-25 moved input validation into the result)",
                         describe(r));
  }
  return Outcome::fail(
      std::string(in_result ? "isError: true" : "error -32602 or isError: true") + " for " + what,
      describe(r));
}

const CheckInfo kValidateInputs{
    .id = "tools.call.validate-inputs",
    .title = "Hostile tool arguments never crash or hang the server",
    .area = kToolsInputsArea,
    .section = "server/tools#security-considerations",
    .rule =
        "The server validates every tool input, so hostile arguments get an answer and "
        "never crash or hang it.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool with a wrong-typed argument, arguments nested 40 deep, a 100 KB "
        "string, and NUL / non-ASCII text: each must get an answer (a result, a JSON-RPC error or "
        "an HTTP 4xx), never a 5xx or silence, and ping (server/discover at 2026-07-28) must "
        "work afterwards. Rate limiting and "
        "output sanitising are not observable here."};

/// `good` with every string argument (or a new one) set to `text`.
Json with_text(const Json& good, const std::string& text) {
  Json out = good;
  bool replaced = false;
  for (auto& value : out) {
    if (value.is_string()) {
      value = text;
      replaced = true;
    }
  }
  if (!replaced) out["x-conformance-text"] = text;
  return out;
}

/// The hostile argument sets, each with what it is.
std::vector<std::pair<std::string, Json>> hostile_arguments(const Json& tool, const Json& good) {
  std::vector<std::pair<std::string, Json>> out;
  if (const auto [wrong, what] = schema_breaking_arguments(input_schema(tool), good);
      !wrong.is_null())
    out.emplace_back(what, wrong);
  Json nested = "deep";
  for (int i = 0; i < 40; ++i)
    nested = Json{{"n", nested}};
  Json deep = good;
  deep["x-conformance-nested"] = nested;
  out.emplace_back("arguments nested 40 deep", deep);
  out.emplace_back("a 100 KB string", with_text(good, std::string(100 * 1024, 'A')));
  out.emplace_back("NUL and non-ASCII text",
                   with_text(good, "nul\0byte \xC3\xA4 \xF0\x9F\x99\x82 '\";--"s));
  return out;
}

Outcome validate_inputs(CheckContext& c) {
  const auto& tool = c.facts().call_tool;
  const Json good =
      c.facts().call_arguments.is_object() ? c.facts().call_arguments : Json::object();
  auto s = session(c);
  for (const auto& [what, arguments] : hostile_arguments(tool, good)) {
    const auto r = s->request("tools/call", tool_call(name_of(tool), arguments));
    if (const auto problem = unhealthy(r, over_http(c)); !problem.empty())
      return Outcome::fail("an answer (result, error or 4xx) for " + what, problem);
  }
  const auto after = s->request(answered_method(c));
  if (!has_result(after))
    return Outcome::fail(answered_method(c) + " answered after the hostile calls", describe(after));
  return Outcome::pass();
}

}  // namespace

void register_tools_input_checks(Registry& registry) {
  registry.add(kInputValidation, input_validation);
  registry.add(kValidateInputs, validate_inputs);
}

}  // namespace mcp::conformance
