// Spec page server/tools: listing, calling, results, structured output, annotations.
#include <algorithm>
#include <regex>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "protocol/schema_validator.hpp"

namespace mcp::conformance {
namespace {

using namespace std::string_literals;

const std::string kToolsArea = "tools";
const Needs kTools{.capability = "tools"};

/// The callable tools that declare an outputSchema, called.
std::vector<ToolCall> call_structured_tools(CheckContext& c) {
  auto calls = callable_tools(c.facts());
  std::erase_if(calls, [](const ToolCall& call) { return !call.tool.contains("outputSchema"); });
  if (!calls.empty()) call_all(*session(c), calls);
  return calls;
}

/// The structuredContent of a call's result (null when there is none).
Json structured_content(const ToolCall& call) {
  return member(result_of(call.result), "structuredContent");
}

const std::string kNoStructuredTools =
    "no callable tool (the call-tool or a read-only one) declares an outputSchema";

const CheckInfo kToolsCapability{
    .id = "tools.capability",
    .title = "A server with tools declares the tools capability",
    .area = kToolsArea,
    .section = "server/tools#capabilities",
    .rule =
        "A server that offers tools declares the tools capability, with listChanged as a "
        "boolean when given.",
    .versions = kEveryVersion,
    .description =
        "Declared: capabilities.tools is an object (listChanged a boolean when present) "
        "and tools/list answers. Not declared: tools/list must not list any tools."};

const CheckInfo kListSchema{
    .id = "tools.list.schema",
    .title = "tools/list answers a valid ListToolsResult",
    .area = kToolsArea,
    .section = "server/tools#listing-tools",
    .rule =
        "tools/list answers a list of tools, each with a string name and an input schema "
        "of type object.",
    .versions = kEveryVersion,
    .needs = kTools,
    .description =
        "Every page validates against the version's ListToolsResult; every tool has a string name "
        "and an object inputSchema with type \"object\"; description (string), annotations "
        "(object) and title (string) when present."};

/// Why a listed tool breaks the Tool type, or "".
std::string tool_problem(const Json& tool) {
  if (!member(tool, "name").is_string()) return "a tool without a string name: " + brief(tool);
  const auto schema = member(tool, "inputSchema");
  if (member(schema, "type") != "object")
    return "an inputSchema that is not an object with type \"object\" (" + name_of(tool) +
           "): " + brief(schema);
  for (const char* key : {"description", "title"}) {
    if (tool.contains(key) && !tool[key].is_string())
      return std::string(key) + " that is not a string (" + name_of(tool) +
             "): " + brief(tool[key]);
  }
  if (tool.contains("annotations") && !tool["annotations"].is_object())
    return "annotations that are not an object (" + name_of(tool) +
           "): " + brief(tool["annotations"]);
  return "";
}

const ListShape kToolList{.method = "tools/list",
                          .key = "tools",
                          .result_type = "ListToolsResult",
                          .noun = "tool",
                          .item_problem = tool_problem,
                          .every_page = false};  // tools.list.paginate walks every page

const CheckInfo kListPaginate{
    .id = "tools.list.paginate",
    .title = "tools/list pages follow their cursors to the end",
    .area = kToolsArea,
    .section = "server/tools#listing-tools",
    .rule = "tools/list may split the tools into pages linked by cursors.",
    .level = Level::kMay,
    .versions = kEveryVersion,
    .needs = kTools,
    .description =
        "Follows nextCursor to the last page: each cursor accepted, none repeated, "
        "nextCursor a string; no tool named twice across pages."};

Outcome list_paginate(CheckContext& c) {
  auto s = session(c);
  const auto walk = walk_list(*s, "tools/list", "tools");
  if (!walk.problem.empty()) return Outcome::fail("every page of tools/list", walk.problem);
  std::set<std::string> names;
  for (const auto& tool : walk.items) {
    if (member(tool, "name").is_string() && !names.insert(name_of(tool)).second)
      return Outcome::fail("each tool on one page only", "\"" + name_of(tool) + "\" twice");
  }
  if (walk.pages.size() == 1) return Outcome::skip("one page: no cursor to follow");
  return Outcome::pass(std::to_string(walk.pages.size()) + " pages");
}

const CheckInfo kNameRules{
    .id = "tools.name.rules",
    .title = "Tool names are 1-128 characters of A-Z a-z 0-9 _ - . and unique",
    .area = kToolsArea,
    .section = "2025-11-25/server/tools#tool-names",
    .rule =
        "A tool name is 1 to 128 characters of letters, digits, underscore, hyphen and dot, "
        "and no two tools share one.",
    .level = Level::kShould,
    .versions = kSince20251125,
    .needs = kListedTools,
    .description = "Checks every listed name (all pages).",
    .evidence = Evidence::kHandshake};

Outcome name_rules(CheckContext& c) {
  static const std::regex kName(R"(^[A-Za-z0-9_.-]{1,128}$)");
  std::set<std::string> seen;
  for (const auto& tool : c.facts().tools) {
    const auto name = member(tool, "name");
    if (!name.is_string()) continue;  // tools.list.schema says so
    const auto text = name.get<std::string>();
    if (!std::regex_match(text, kName))
      return Outcome::fail("names of 1-128 characters from A-Z a-z 0-9 _ - .", name.dump());
    if (!seen.insert(text).second) return Outcome::fail("unique names", name.dump() + " twice");
  }
  return Outcome::pass();
}

const CheckInfo kInputSchemaValid{
    .id = "tools.inputSchema.valid",
    .title = "Every inputSchema is a JSON Schema object that compiles",
    .area = kToolsArea,
    .section = "2025-11-25/server/tools#tool",
    .rule = "Every tool's input schema is a valid JSON Schema object, never null.",
    .versions = kSince20251125,
    .needs = kListedTools,
    .description =
        "inputSchema must be present and an object (never null), compile as a JSON Schema, and "
        "name its dialect ($schema) with a string when it does (default 2020-12). A full "
        "meta-schema check is beyond the validator used (draft-07 keywords).",
    .evidence = Evidence::kHandshake};

Outcome input_schema_valid(CheckContext& c) {
  for (const auto& tool : c.facts().tools) {
    const auto schema = member(tool, "inputSchema");
    if (!schema.is_object())
      return Outcome::fail("an inputSchema object (" + name_of(tool) + ")", brief(schema));
    if (schema.contains("$schema") && !schema["$schema"].is_string())
      return Outcome::fail("$schema, a string (" + name_of(tool) + ")", brief(schema["$schema"]));
    std::string error;
    if (!schema::Validator::compile(schema, &error))
      return Outcome::fail("an inputSchema that compiles (" + name_of(tool) + ")", error);
  }
  return Outcome::pass();
}

const CheckInfo kCallResult{
    .id = "tools.call.result",
    .title = "tools/call answers a valid CallToolResult",
    .area = kToolsArea,
    .section = "server/tools#tool-result",
    .rule =
        "A successful tools/call answers content blocks of kinds the version defines, each "
        "correctly encoded, and isError as a boolean when given.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool, every other tool annotated readOnlyHint (arguments made from its "
        "schema) and the official suite's content fixtures when listed (at most 20 calls). Each "
        "result must validate against the version's CallToolResult: a content array of blocks the "
        "version defines (text; image/audio with valid base64 data and a mimeType; resource with "
        "uri and text or base64 blob; resource_link), isError a boolean. An error from the "
        "call-tool fails; from the other tools it is only noted."};

/// Why a tools/call result is not a valid CallToolResult, or "".
std::string call_result_problem(const Json& result, ProtocolVersion version) {
  const auto content = member(result, "content");
  if (!content.is_array()) return "no content array: " + brief(result);
  for (const auto& block : content) {
    if (auto problem = content_problem(block, version); !problem.empty()) return problem;
  }
  if (result.contains("isError") && !result["isError"].is_boolean())
    return "isError that is not a boolean: " + brief(result["isError"]);
  return "";
}

Outcome call_result(CheckContext& c) {
  auto calls = callable_tools(c.facts());
  call_all(*session(c), calls);
  std::size_t checked = 0;
  std::string refused;
  for (const auto& call : calls) {
    if (!has_result(call.result)) {
      if (call.chosen)
        return Outcome::fail("a CallToolResult from " + name_of(call.tool), describe(call.result));
      refused += (refused.empty() ? "" : ", ") + name_of(call.tool);
      continue;
    }
    if (const auto problem = call_result_problem(result_of(call.result), c.version());
        !problem.empty())
      return Outcome::fail("a valid CallToolResult from " + name_of(call.tool), problem);
    if (const auto problem = schema_problem(c, {*call.result.response}, "tools/call");
        !problem.empty())
      return Outcome::fail("a CallToolResult from " + name_of(call.tool) + " valid against the " +
                               c.version_text() + " schema",
                           problem);
    ++checked;
  }
  return Outcome::pass(std::to_string(checked) + " result(s) checked" +
                       (refused.empty() ? "" : "; refused with an error: " + refused));
}

const CheckInfo kUnknownTool{
    .id = "tools.call.unknown-tool",
    .title = "Calling an unknown tool is a protocol error (-32602)",
    .area = kToolsArea,
    .section = "server/tools#error-handling",
    .rule =
        "Calling a tool the server does not have gets a JSON-RPC error (-32602), not a tool "
        "result.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = kTools,
    .description =
        "Calls a random tool name: expects a JSON-RPC error -32602. Another code, an "
        "isError result or a success is a warning."};

Outcome unknown_tool(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request(
      "tools/call", tool_call("x-conformance-no-such-tool-" + random_suffix(), Json::object()));
  if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
  if (has_result(r)) {
    return Outcome::fail("a JSON-RPC error -32602 for an unknown tool",
                         is_tool_error(result_of(r)) ? "a tool result with isError: " + describe(r)
                                                     : "a success result: " + describe(r));
  }
  return Outcome::fail("error -32602 for an unknown tool", describe(r));
}

const CheckInfo kMalformed{
    .id = "tools.call.malformed",
    .title = "A malformed tools/call is a protocol error (-32602)",
    .area = kToolsArea,
    .section = "server/tools#error-handling",
    .rule =
        "A tools/call that breaks the request's shape (no name, arguments that are no "
        "object) gets error -32602.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = kTools,
    .description =
        "tools/call without a name, with a numeric name, and (for the call-tool only, so nothing "
        "runs that could change data) with arguments \"not-an-object\" and [1, 2]: each should get "
        "-32602 (at 2026-07-28 the two name cases may get -32020, for the Mcp-Name header they "
        "cannot have)."};

Outcome malformed(CheckContext& c) {
  auto s = session(c);
  std::vector<Json> requests{Json{{"arguments", Json::object()}},
                             Json{{"name", 42}, {"arguments", Json::object()}}};
  if (!c.facts().call_tool.is_null()) {
    const auto name = member(c.facts().call_tool, "name");
    requests.push_back({{"name", name}, {"arguments", "not-an-object"}});
    requests.push_back({{"name", name}, {"arguments", Json::array({1, 2})}});
  }
  for (const auto& params : requests) {
    const auto r = s->request("tools/call", params);
    // At 2026-07-28 a name that is missing or no string cannot be mirrored in
    // the Mcp-Name header the method requires: the header error is right too.
    const bool unnamed = !member(params, "name").is_string();
    if (is_modern(c.version()) && unnamed && error_code(r) == jsonrpc::kHeaderMismatch) continue;
    if (error_code(r) != jsonrpc::kInvalidParams)
      return Outcome::fail("error -32602 for tools/call " + brief(params), describe(r));
  }
  return Outcome::pass(c.facts().call_tool.is_null() ? "no call-tool: checked the name cases only"
                                                     : "");
}

const CheckInfo kStructuredConform{
    .id = "tools.structured.conform",
    .title = "structuredContent conforms to the tool's outputSchema",
    .area = kToolsArea,
    .section = "server/tools#output-schema",
    .rule =
        "A tool that declares an output schema returns, on success, structured content "
        "that conforms to it.",
    .versions = kSince20250618,
    .needs = kTools,
    .requirement = "tools.structured.conform,tools.structured.type",
    .description =
        "Calls the callable tools (the call-tool, read-only ones) with an outputSchema: each "
        "successful result must carry structuredContent valid against it, whatever its type."};

Outcome structured_conform(CheckContext& c) {
  const auto calls = call_structured_tools(c);
  if (calls.empty()) return Outcome::skip(kNoStructuredTools);
  std::size_t judged = 0;
  for (const auto& call : calls) {
    if (!has_result(call.result)) {
      if (call.chosen)
        return Outcome::fail("a result from " + name_of(call.tool), describe(call.result));
      continue;
    }
    if (is_tool_error(result_of(call.result))) continue;
    if (!result_of(call.result).contains("structuredContent"))
      return Outcome::fail(
          "structuredContent from " + name_of(call.tool) + " (it declares an outputSchema)",
          brief(result_of(call.result)));
    std::string error;
    const auto validator = schema::Validator::compile(call.tool["outputSchema"], &error);
    if (!validator)
      return Outcome::fail("an outputSchema that compiles (" + name_of(call.tool) + ")", error);
    const auto problems = validator->validate(structured_content(call));
    if (!problems.empty())
      return Outcome::fail(
          "structuredContent of " + name_of(call.tool) + " valid against its outputSchema",
          problems.front());
    ++judged;
  }
  if (judged == 0) return Outcome::skip("no successful result to judge");
  return Outcome::pass(std::to_string(judged) + " structured result(s) conform");
}

const CheckInfo kStructuredTextMirror{
    .id = "tools.structured.text-mirror",
    .title = "structuredContent is mirrored as JSON in a text block",
    .area = kToolsArea,
    .section = "server/tools#structured-content",
    .rule =
        "A tool that returns structured content also returns it serialized as JSON in a "
        "text block.",
    .level = Level::kShould,
    .versions = kSince20250618,
    .needs = kTools,
    .description =
        "For the results of tools.structured.conform's calls that carry "
        "structuredContent: some text block should parse to the same JSON."};

/// True when some text block of the call's result parses to its structuredContent.
bool mirrored(const ToolCall& call) {
  const auto content = member(result_of(call.result), "content");
  if (!content.is_array()) return false;
  return std::any_of(content.begin(), content.end(), [&](const Json& block) {
    const auto text = member(block, "text");
    if (member(block, "type") != "text" || !text.is_string()) return false;
    const auto parsed = jsonrpc::parse(text.get<std::string>());
    return parsed.value && *parsed.value == structured_content(call);
  });
}

Outcome structured_text_mirror(CheckContext& c) {
  const auto calls = call_structured_tools(c);
  if (calls.empty()) return Outcome::skip(kNoStructuredTools);
  std::size_t judged = 0;
  for (const auto& call : calls) {
    if (!has_result(call.result) || !result_of(call.result).contains("structuredContent")) continue;
    if (!mirrored(call))
      return Outcome::fail(
          "a text block holding the structuredContent of " + name_of(call.tool) + " as JSON",
          brief(member(result_of(call.result), "content")));
    ++judged;
  }
  if (judged == 0) return Outcome::skip("no result carried structuredContent");
  return Outcome::pass();
}

const CheckInfo kStructuredType{
    .id = "tools.structured.type",
    .title = "outputSchema has root type object and structuredContent is an object",
    .area = kToolsArea,
    .section = "server/tools#output-schema",
    .rule = "An output schema describes an object, and structured content is a JSON object.",
    .versions = kFrom20250618,
    .needs = kListedTools,
    .description =
        "Every listed outputSchema must be an object with type \"object\"; the "
        "structuredContent of the callable tools' results must be a JSON object."};

Outcome structured_type(CheckContext& c) {
  std::size_t schemas = 0;
  for (const auto& tool : c.facts().tools) {
    if (!tool.contains("outputSchema")) continue;
    ++schemas;
    if (member(tool["outputSchema"], "type") != "object")
      return Outcome::fail("outputSchema with type \"object\" (" + name_of(tool) + ")",
                           brief(tool["outputSchema"]));
  }
  if (schemas == 0) return Outcome::skip("no tool declares an outputSchema");
  for (const auto& call : call_structured_tools(c)) {
    const auto result = answered_call(call);
    if (result.contains("structuredContent") && !result["structuredContent"].is_object())
      return Outcome::fail("structuredContent, an object (" + name_of(call.tool) + ")",
                           brief(result["structuredContent"]));
  }
  return Outcome::pass(std::to_string(schemas) + " outputSchema(s)");
}

const CheckInfo kAnnotationsSchema{
    .id = "tools.annotations.schema",
    .title = "Tool annotations are well typed",
    .area = kToolsArea,
    .section = "server/tools#tool",
    .rule = "Tool annotations, when given, are an object with a string title and boolean hints.",
    .level = Level::kMay,
    .versions = kSince20250326,
    .needs = kListedTools,
    .description =
        "annotations, when present: an object; title a string; readOnlyHint, "
        "destructiveHint, idempotentHint and openWorldHint booleans.",
    .evidence = Evidence::kHandshake};

Outcome annotations_schema(CheckContext& c) {
  std::size_t annotated = 0;
  for (const auto& tool : c.facts().tools) {
    if (!tool.contains("annotations")) continue;
    ++annotated;
    const auto& a = tool["annotations"];
    if (!a.is_object())
      return Outcome::fail("annotations, an object (" + name_of(tool) + ")", brief(a));
    if (a.contains("title") && !a["title"].is_string())
      return Outcome::fail("annotations.title, a string (" + name_of(tool) + ")",
                           brief(a["title"]));
    for (const char* hint :
         {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}) {
      if (a.contains(hint) && !a[hint].is_boolean())
        return Outcome::fail(std::string(hint) + ", a boolean (" + name_of(tool) + ")",
                             brief(a[hint]));
    }
  }
  if (annotated == 0) return Outcome::skip("no tool has annotations");
  return Outcome::pass(std::to_string(annotated) + " annotated tool(s)");
}

const CheckInfo kEmbeddedResourceCap{
    .id = "tools.embedded-resource.cap",
    .title = "A server returning embedded resources declares resources",
    .area = kToolsArea,
    .section = "server/tools#embedded-resources",
    .rule =
        "A server whose tools return embedded resources declares the resources "
        "capability.",
    .level = Level::kShould,
    .versions = kSince20250618,
    .needs = kTools,
    .description =
        "When resources is not declared: calls the callable tools (as "
        "tools.call.result) and looks for content blocks of type \"resource\".",
    .evidence = Evidence::kHandshake};

Outcome embedded_resource_cap(CheckContext& c) {
  if (c.facts().has_capability("resources")) return Outcome::pass("resources is declared");
  auto calls = callable_tools(c.facts());
  if (calls.empty()) return Outcome::skip("no tool the checks may call");
  call_all(*session(c), calls);
  for (const auto& call : calls) {
    const auto content = member(answered_call(call), "content");
    if (!content.is_array()) continue;
    for (const auto& block : content) {
      if (member(block, "type") == "resource")
        return Outcome::fail(
            "the resources capability (" + name_of(call.tool) + " returns an embedded resource)",
            brief(block));
    }
  }
  return Outcome::skip("no embedded resource in the results of " + std::to_string(calls.size()) +
                       " tool call(s): nothing the rule is about");
}

}  // namespace

void register_tools_checks(Registry& registry) {
  registry.add(kToolsCapability, capability_check("tools", {"listChanged"}));
  registry.add(kListSchema, list_check(kToolList));
  registry.add(kListPaginate, list_paginate);
  registry.add(kNameRules, name_rules);
  registry.add(kInputSchemaValid, input_schema_valid);
  registry.add(kCallResult, call_result);
  registry.add(kUnknownTool, unknown_tool);
  registry.add(kMalformed, malformed);
  register_tools_input_checks(registry);
  registry.add(kStructuredConform, structured_conform);
  registry.add(kStructuredTextMirror, structured_text_mirror);
  registry.add(kStructuredType, structured_type);
  registry.add(kAnnotationsSchema, annotations_schema);
  registry.add(kEmbeddedResourceCap, embedded_resource_cap);
}

}  // namespace mcp::conformance
