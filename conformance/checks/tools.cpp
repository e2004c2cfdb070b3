// Spec page server/tools: listing, calling, results, structured output, annotations.
#include <random>
#include <regex>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "protocol/schema_example.hpp"
#include "protocol/schema_validator.hpp"

namespace mcp::conformance {
namespace {

using namespace std::string_literals;

constexpr VersionSet kFrom20250326 =
    VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_11_25);
const Needs kTools{.capability = "tools"};

bool has_result(const client::CallResult& r) {
  return r.ok() && r.response->contains("result");
}

std::string name_of(const Json& tool) {
  return tool.is_object() && tool.value("name", Json()).is_string()
             ? tool["name"].get<std::string>()
             : "?";
}

/// The content array of a result (empty when there is none).
Json content_of(const Json& result) {
  const auto content = result.is_object() ? result.value("content", Json()) : Json();
  return content.is_array() ? content : Json::array();
}

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

bool is_base64(const std::string& text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (padding || !(std::isalnum(ch) || ch == '+' || ch == '/')) {
      return false;
    }
  }
  return true;
}

bool is_media_type(const Json& value) {
  static const std::regex kType(R"(^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kType);
}

/// Why a content block is not valid under `version`, or "" when it is.
std::string block_problem(const Json& block, ProtocolVersion version) {
  if (!block.is_object()) return "a content block that is not an object: " + brief(block);
  const auto type = block.value("type", Json());
  if (!type.is_string()) return "a content block without a string type: " + brief(block, 120);
  const auto t = type.get<std::string>();
  const auto string = [&](const Json& o, const char* key) {
    return o.contains(key) && o[key].is_string();
  };
  if (t == "text") return string(block, "text") ? "" : "a text block without a string text";
  if (t == "image" || (t == "audio" && version >= ProtocolVersion::k2025_03_26)) {
    if (!is_media_type(block.value("mimeType", Json())))
      return "an " + t + " block without a valid mimeType: " + brief(block, 120);
    if (!string(block, "data") || !is_base64(block["data"].get<std::string>()))
      return "an " + t + " block whose data is not valid base64: " + brief(block, 120);
    return "";
  }
  if (t == "resource") {
    const auto resource = block.value("resource", Json());
    if (!resource.is_object() || !string(resource, "uri"))
      return "a resource block without resource.uri: " + brief(block, 120);
    const bool text = string(resource, "text");
    const bool blob = string(resource, "blob");
    if (!text && !blob) return "a resource block without text or blob: " + brief(block, 120);
    if (blob && !is_base64(resource["blob"].get<std::string>()))
      return "a resource blob that is not valid base64: " + brief(block, 120);
    return "";
  }
  if (t == "resource_link" && version >= ProtocolVersion::k2025_06_18) {
    if (!string(block, "uri") || !string(block, "name"))
      return "a resource_link without string uri and name: " + brief(block, 120);
    return "";
  }
  return "a content block of type \"" + t + "\", which " + std::string(to_string(version)) +
         " does not define";
}

/// Why a tools/call result is not a valid CallToolResult, or "".
std::string call_result_problem(const Json& result, ProtocolVersion version) {
  if (!result.is_object()) return "a result that is not an object: " + brief(result);
  const auto content = result.value("content", Json());
  if (!content.is_array()) return "no content array: " + brief(result);
  for (const auto& block : content) {
    if (auto problem = block_problem(block, version); !problem.empty()) return problem;
  }
  if (result.contains("isError") && !result["isError"].is_boolean())
    return "isError that is not a boolean: " + brief(result["isError"]);
  return "";
}

bool is_tool_error(const Json& result) {
  return result.is_object() && result.value("isError", false) == true;
}

struct ToolCall {
  Json tool;
  Json arguments;
  bool chosen = false;  // the call-tool (the others are extra samples)
  client::CallResult result;
};

/// The tools a check may call, with their arguments: the call-tool; every
/// other tool annotated readOnlyHint whose arguments can be made from its
/// schema; and the official suite's content fixtures when listed. At most 20.
std::vector<ToolCall> callable_tools(const ServerFacts& facts) {
  static const std::set<std::string> kFixtures{"test_simple_text", "test_image_content",
                                               "test_audio_content", "test_embedded_resource",
                                               "test_multiple_content_types"};
  std::vector<ToolCall> out;
  if (!facts.call_tool.is_null()) out.push_back({facts.call_tool, facts.call_arguments, true, {}});
  for (const auto& tool : facts.tools) {
    if (out.size() >= 20) break;
    if (!tool.is_object() ||
        (!facts.call_tool.is_null() && name_of(tool) == name_of(facts.call_tool)))
      continue;
    if (!is_read_only_tool(tool) && !kFixtures.count(name_of(tool))) continue;
    std::string why;
    auto arguments = schema::example_arguments(tool.value("inputSchema", Json::object()), &why);
    if (!arguments) continue;
    out.push_back({tool, *arguments, false, {}});
  }
  return out;
}

Json call_params(const Json& tool, const Json& arguments) {
  return Json{{"name", tool.value("name", Json())}, {"arguments", arguments}};
}

void call_all(McpSession& s, std::vector<ToolCall>& calls) {
  for (auto& call : calls)
    call.result = s.request("tools/call", call_params(call.tool, call.arguments));
}

/// The callable tools that declare an outputSchema.
std::vector<ToolCall> structured_tools(const ServerFacts& facts) {
  auto calls = callable_tools(facts);
  std::erase_if(calls, [](const ToolCall& call) { return !call.tool.contains("outputSchema"); });
  return calls;
}

struct Walk {
  std::vector<Json> pages;  // each page's whole response
  std::vector<Json> items;
  std::string problem;  // why the walk stopped early
};

/// Every page of tools/list (at most 100), stopping at the first problem.
Walk walk_tools(McpSession& s) {
  Walk walk;
  Json params = Json::object();
  std::set<std::string> cursors;
  for (int page = 0; page < 100; ++page) {
    const auto r = s.request("tools/list", params);
    if (!has_result(r)) {
      walk.problem = "tools/list" + (page ? " page " + std::to_string(page + 1) : std::string()) +
                     " answered " + describe(r);
      return walk;
    }
    walk.pages.push_back(*r.response);
    const auto& result = (*r.response)["result"];
    if (!result.is_object() || !result.value("tools", Json()).is_array()) {
      walk.problem = "a result without a tools array: " + brief(result);
      return walk;
    }
    for (const auto& tool : result["tools"])
      walk.items.push_back(tool);
    const auto next = result.value("nextCursor", Json());
    if (next.is_null()) return walk;
    if (!next.is_string()) {
      walk.problem = "nextCursor that is not a string: " + brief(next);
      return walk;
    }
    if (!cursors.insert(next.get<std::string>()).second) {
      walk.problem = "cursor " + next.dump() + " handed out twice (a loop)";
      return walk;
    }
    params["cursor"] = next;
  }
  walk.problem = "more than 100 pages";
  return walk;
}

/// Arguments that break the input schema: a declared property given a value of
/// another type, else a required one left out. Null when the schema allows anything.
std::pair<Json, std::string> wrong_arguments(const Json& schema, const Json& good) {
  const auto properties = schema.value("properties", Json::object());
  const auto required = schema.value("required", Json::array());
  std::vector<std::string> order;
  if (required.is_array()) {
    for (const auto& r : required) {
      if (r.is_string()) order.push_back(r.get<std::string>());
    }
  }
  if (properties.is_object()) {
    for (const auto& [name, unused] : properties.items())
      order.push_back(name);
  }
  for (const auto& name : order) {
    const auto property = properties.is_object() ? properties.value(name, Json()) : Json();
    if (!property.is_object() || !property.value("type", Json()).is_string()) continue;
    const auto type = property["type"].get<std::string>();
    Json wrong;
    if (type == "string") {
      wrong = 12345;
    } else if (type == "number" || type == "integer") {
      wrong = "not-a-number";
    } else if (type == "boolean" || type == "object" || type == "array" || type == "null") {
      wrong = "not-a-" + type;
    } else {
      continue;
    }
    Json arguments = good.is_object() ? good : Json::object();
    arguments[name] = wrong;
    return {arguments, "argument \"" + name + "\" (" + type + ") given " + wrong.dump()};
  }
  if (required.is_array() && !required.empty() && required[0].is_string() && good.is_object()) {
    Json arguments = good;
    arguments.erase(required[0].get<std::string>());
    return {arguments, "required argument \"" + required[0].get<std::string>() + "\" left out"};
  }
  return {nullptr, ""};
}

/// What a call gave, for a tolerance check: an answer of any kind but a 5xx.
std::string unhealthy(const client::CallResult& r, bool http) {
  if (http && r.http_status >= 500) return "HTTP " + std::to_string(r.http_status);
  if (r.response) return "";
  if (http && is_4xx(r.http_status)) return "";  // refused at the HTTP level: fine
  return "no answer: " + describe(r);
}

}  // namespace

void register_tools_checks(Registry& registry) {
  registry.add(
      {.id = "tools.capability",
       .title = "A server with tools declares the tools capability",
       .area = "tools",
       .section = "server/tools#capabilities",
       .level = Level::kMust,
       .versions = kAllVersions,
       .requirement = "tools.capability",
       .description =
           "Declared: capabilities.tools is an object (listChanged a boolean when present) and "
           "tools/list answers. Not declared: tools/list must not list any tools."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = s->request("tools/list");
        if (c.facts().has_capability("tools")) {
          const auto& capability = c.facts().capabilities["tools"];
          if (!capability.is_object())
            return Outcome::fail("capabilities.tools, an object", brief(capability));
          if (capability.contains("listChanged") && !capability["listChanged"].is_boolean())
            return Outcome::fail("listChanged, a boolean", brief(capability));
          if (!has_result(r))
            return Outcome::fail("tools/list to answer (tools is declared)", describe(r));
          return Outcome::pass();
        }
        if (has_result(r)) {
          const auto tools = (*r.response)["result"].value("tools", Json::array());
          if (tools.is_array() && !tools.empty())
            return Outcome::fail(
                "the tools capability declared",
                "tools/list lists " + std::to_string(tools.size()) + " tool(s) without it");
        }
        return Outcome::pass("no tools capability, and no tools listed");
      });

  registry.add(
      {.id = "tools.list.schema",
       .title = "tools/list answers a valid ListToolsResult",
       .area = "tools",
       .section = "server/tools#listing-tools",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kTools,
       .requirement = "tools.list.schema",
       .description =
           "Every page validates against the version's ListToolsResult; every tool has a string "
           "name and an object inputSchema with type \"object\"; description (string), "
           "annotations (object) and title (string) when present."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto walk = walk_tools(*s);
        if (walk.pages.empty()) return Outcome::fail("a tools/list result", walk.problem);
        for (const auto& page : walk.pages) {
          const auto problems = c.schemas().validate(c.version(), page, "tools/list");
          if (!problems.empty()) {
            return Outcome::fail(
                "a ListToolsResult valid against the " + c.version_text() + " schema",
                problems.front() + (problems.size() > 1
                                        ? " (and " + std::to_string(problems.size() - 1) + " more)"
                                        : ""));
          }
        }
        for (const auto& tool : walk.items) {
          if (!tool.is_object() || !tool.value("name", Json()).is_string())
            return Outcome::fail("every tool with a string name", brief(tool));
          const auto schema = tool.value("inputSchema", Json());
          if (!schema.is_object() || schema.value("type", Json()) != "object")
            return Outcome::fail(
                "inputSchema an object with type \"object\" (" + name_of(tool) + ")",
                brief(schema));
          for (const char* key : {"description", "title"}) {
            if (tool.contains(key) && !tool[key].is_string())
              return Outcome::fail(std::string(key) + ", a string (" + name_of(tool) + ")",
                                   brief(tool[key]));
          }
          if (tool.contains("annotations") && !tool["annotations"].is_object())
            return Outcome::fail("annotations, an object (" + name_of(tool) + ")",
                                 brief(tool["annotations"]));
        }
        return Outcome::pass(std::to_string(walk.items.size()) + " tool(s) on " +
                             std::to_string(walk.pages.size()) + " page(s)");
      });

  registry.add(
      {.id = "tools.list.paginate",
       .title = "tools/list pages follow their cursors to the end",
       .area = "tools",
       .section = "server/tools#listing-tools",
       .level = Level::kMay,
       .versions = kAllVersions,
       .needs = kTools,
       .requirement = "tools.list.paginate",
       .description = "Follows nextCursor to the last page: each cursor accepted, none "
                      "repeated, nextCursor a "
                      "string; no tool named twice across pages."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto walk = walk_tools(*s);
        if (!walk.problem.empty()) return Outcome::fail("every page of tools/list", walk.problem);
        std::set<std::string> names;
        for (const auto& tool : walk.items) {
          if (tool.is_object() && tool.value("name", Json()).is_string() &&
              !names.insert(tool["name"].get<std::string>()).second) {
            return Outcome::fail("each tool on one page only", "\"" + name_of(tool) + "\" twice");
          }
        }
        return Outcome::pass(walk.pages.size() == 1 ? "one page (no pagination)"
                                                    : std::to_string(walk.pages.size()) + " pages");
      });

  registry.add({.id = "tools.name.rules",
                .title = "Tool names are 1-128 characters of A-Z a-z 0-9 _ - . and unique",
                .area = "tools",
                .section = "2025-11-25/server/tools#tool-names",
                .level = Level::kShould,
                .versions = kFrom20251125,
                .needs = kTools,
                .requirement = "tools.name.rules",
                .description = "Checks every listed name (all pages)."},
               [](CheckContext& c) {
                 static const std::regex kName(R"(^[A-Za-z0-9_.-]{1,128}$)");
                 std::set<std::string> seen;
                 for (const auto& tool : c.facts().tools) {
                   const auto name = tool.value("name", Json());
                   if (!name.is_string()) continue;  // tools.list.schema says so
                   const auto text = name.get<std::string>();
                   if (!std::regex_match(text, kName))
                     return Outcome::fail("names of 1-128 characters from A-Z a-z 0-9 _ - .",
                                          name.dump());
                   if (!seen.insert(text).second)
                     return Outcome::fail("unique names", name.dump() + " twice");
                 }
                 return Outcome::pass();
               });

  registry.add(
      {.id = "tools.inputSchema.valid",
       .title = "Every inputSchema is a JSON Schema object that compiles",
       .area = "tools",
       .section = "2025-11-25/server/tools#tool",
       .level = Level::kMust,
       .versions = kFrom20251125,
       .needs = kTools,
       .requirement = "tools.inputSchema.valid",
       .description =
           "inputSchema must be present and an object (never null), compile as a JSON Schema, "
           "and name its dialect ($schema) with a string when it does (default 2020-12). A full "
           "meta-schema check is beyond the validator used (draft-07 keywords)."},
      [](CheckContext& c) {
        for (const auto& tool : c.facts().tools) {
          const auto schema = tool.value("inputSchema", Json());
          if (!schema.is_object())
            return Outcome::fail("an inputSchema object (" + name_of(tool) + ")", brief(schema));
          if (schema.contains("$schema") && !schema["$schema"].is_string())
            return Outcome::fail("$schema, a string (" + name_of(tool) + ")",
                                 brief(schema["$schema"]));
          std::string error;
          if (!schema::Validator::compile(schema, &error))
            return Outcome::fail("an inputSchema that compiles (" + name_of(tool) + ")", error);
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "tools.call.result",
       .title = "tools/call answers a valid CallToolResult",
       .area = "tools",
       .section = "server/tools#tool-result",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = {.tool = true},
       .requirement = "tools.call.result",
       .description =
           "Calls the call-tool, every other tool annotated readOnlyHint (arguments made from its "
           "schema) and the official suite's content fixtures when listed (at most 20 calls). "
           "Each result must validate against the version's CallToolResult: a content array of "
           "blocks the version defines (text; image/audio with valid base64 data and a "
           "mimeType; resource with uri and text or base64 blob; resource_link), isError a "
           "boolean. An error from the call-tool fails; from the other tools it is only noted."},
      [](CheckContext& c) {
        auto s = session(c);
        auto calls = callable_tools(c.facts());
        call_all(*s, calls);
        std::size_t checked = 0;
        std::string refused;
        for (const auto& call : calls) {
          if (!has_result(call.result)) {
            if (call.chosen)
              return Outcome::fail("a CallToolResult from " + name_of(call.tool),
                                   describe(call.result));
            refused += (refused.empty() ? "" : ", ") + name_of(call.tool);
            continue;
          }
          const auto& result = (*call.result.response)["result"];
          if (const auto problem = call_result_problem(result, c.version()); !problem.empty())
            return Outcome::fail("a valid CallToolResult from " + name_of(call.tool), problem);
          const auto problems =
              c.schemas().validate(c.version(), *call.result.response, "tools/call");
          if (!problems.empty()) {
            return Outcome::fail("a CallToolResult from " + name_of(call.tool) +
                                     " valid against the " + c.version_text() + " schema",
                                 problems.front());
          }
          ++checked;
        }
        return Outcome::pass(std::to_string(checked) + " result(s) checked" +
                             (refused.empty() ? "" : "; refused with an error: " + refused));
      });

  registry.add(
      {.id = "tools.call.unknown-tool",
       .title = "Calling an unknown tool is a protocol error (-32602)",
       .area = "tools",
       .section = "server/tools#error-handling",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = kTools,
       .requirement = "tools.call.unknown-tool",
       .description = "Calls a random tool name: expects a JSON-RPC error -32602. Another code, "
                      "an isError result or a success is a warning."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto name = "x-conformance-no-such-tool-" + random_suffix();
        const auto r = s->request("tools/call", {{"name", name}, {"arguments", Json::object()}});
        if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
        if (has_result(r)) {
          return Outcome::fail("a JSON-RPC error -32602 for an unknown tool",
                               is_tool_error((*r.response)["result"])
                                   ? "a tool result with isError: " + describe(r)
                                   : "a success result: " + describe(r));
        }
        return Outcome::fail("error -32602 for an unknown tool", describe(r));
      });

  registry.add(
      {.id = "tools.call.malformed",
       .title = "A malformed tools/call is a protocol error (-32602)",
       .area = "tools",
       .section = "server/tools#error-handling",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = kTools,
       .requirement = "tools.call.malformed",
       .description =
           "tools/call without a name, with a numeric name, and (for the call-tool only, so "
           "nothing runs that could change data) with arguments \"not-an-object\" and [1, 2]: "
           "each should get -32602."},
      [](CheckContext& c) {
        auto s = session(c);
        std::vector<Json> requests{Json{{"arguments", Json::object()}},
                                   Json{{"name", 42}, {"arguments", Json::object()}}};
        if (!c.facts().call_tool.is_null()) {
          const auto name = c.facts().call_tool.value("name", Json());
          requests.push_back({{"name", name}, {"arguments", "not-an-object"}});
          requests.push_back({{"name", name}, {"arguments", Json::array({1, 2})}});
        }
        for (const auto& params : requests) {
          const auto r = s->request("tools/call", params);
          if (error_code(r) != jsonrpc::kInvalidParams)
            return Outcome::fail("error -32602 for tools/call " + brief(params), describe(r));
        }
        return Outcome::pass(
            c.facts().call_tool.is_null() ? "no call-tool: checked the name cases only" : "");
      });

  registry.add(
      {.id = "tools.call.input-validation",
       .title = "Arguments that break the input schema are reported as the version says",
       .area = "tools",
       .section = "server/tools#error-handling",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = {.tool = true},
       .requirement = "tools.call.input-validation",
       .description =
           "Calls the call-tool with an argument of the wrong type (or a required one left out). "
           "Up to 2025-06-18 either a -32602 error or an isError result passes; from 2025-11-25 "
           "input validation errors are tool execution errors (isError: true), and -32602 is a "
           "warning. A success fails."},
      [](CheckContext& c) {
        const auto& tool = c.facts().call_tool;
        const auto [arguments, what] =
            wrong_arguments(tool.value("inputSchema", Json::object()), c.facts().call_arguments);
        if (arguments.is_null())
          return Outcome::skip("the call-tool's input schema gives no argument to get wrong");
        auto s = session(c);
        const auto r = s->request("tools/call", call_params(tool, arguments));
        const bool tool_error = has_result(r) && is_tool_error((*r.response)["result"]);
        const bool invalid_params = error_code(r) == jsonrpc::kInvalidParams;
        const bool sep1303 = c.version() >= ProtocolVersion::k2025_11_25;
        if (tool_error) return Outcome::pass();
        if (invalid_params && !sep1303) return Outcome::pass();
        if (invalid_params) {
          return Outcome::fail("a tool execution error (isError: true) for " + what +
                                   " (2025-11-25 moved input validation into the result)",
                               describe(r));
        }
        return Outcome::fail(
            std::string(sep1303 ? "isError: true" : "error -32602 or isError: true") + " for " +
                what,
            describe(r));
      });

  registry.add(
      {.id = "tools.call.validate-inputs",
       .title = "Hostile tool arguments never crash or hang the server",
       .area = "tools",
       .section = "server/tools#security-considerations",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = {.tool = true},
       .requirement = "tools.call.validate-inputs",
       .description =
           "Calls the call-tool with a wrong-typed argument, arguments nested 40 deep, a 100 KB "
           "string, and NUL / non-ASCII text: each must get an answer (a result, a JSON-RPC "
           "error or an HTTP 4xx), never a 5xx or silence, and ping must work afterwards. Rate "
           "limiting and output sanitising are not observable here."},
      [](CheckContext& c) {
        const auto& tool = c.facts().call_tool;
        const Json good =
            c.facts().call_arguments.is_object() ? c.facts().call_arguments : Json::object();
        std::vector<std::pair<std::string, Json>> payloads;
        if (const auto [wrong, what] =
                wrong_arguments(tool.value("inputSchema", Json::object()), good);
            !wrong.is_null()) {
          payloads.emplace_back(what, wrong);
        }
        Json nested = "deep";
        for (int i = 0; i < 40; ++i)
          nested = Json{{"n", nested}};
        Json deep = good;
        deep["x-conformance-nested"] = nested;
        payloads.emplace_back("arguments nested 40 deep", deep);
        const auto stretch = [&](const std::string& text) {
          Json out = good;
          bool replaced = false;
          for (auto it = out.begin(); it != out.end(); ++it) {
            if (it->is_string()) {
              *it = text;
              replaced = true;
            }
          }
          if (!replaced) out["x-conformance-text"] = text;
          return out;
        };
        payloads.emplace_back("a 100 KB string", stretch(std::string(100 * 1024, 'A')));
        payloads.emplace_back("NUL and non-ASCII text",
                              stretch("nul\0byte \xC3\xA4 \xF0\x9F\x99\x82 '\";--"s));
        auto s = session(c);
        const bool http = c.facts().transport != client::TransportKind::kStdio;
        for (const auto& [what, arguments] : payloads) {
          const auto r = s->request("tools/call", call_params(tool, arguments));
          if (const auto problem = unhealthy(r, http); !problem.empty())
            return Outcome::fail("an answer (result, error or 4xx) for " + what, problem);
        }
        const auto ping = s->request("ping");
        if (!has_result(ping))
          return Outcome::fail("ping answered after the hostile calls", describe(ping));
        return Outcome::pass();
      });

  registry.add(
      {.id = "tools.structured.conform",
       .title = "structuredContent conforms to the tool's outputSchema",
       .area = "tools",
       .section = "server/tools#output-schema",
       .level = Level::kMust,
       .versions = kFrom20250618,
       .needs = kTools,
       .requirement = "tools.structured.conform",
       .description =
           "Calls the callable tools (the call-tool and read-only ones) that declare an "
           "outputSchema: a successful result must carry structuredContent that validates "
           "against it. Results with isError: true are not judged."},
      [](CheckContext& c) {
        auto calls = structured_tools(c.facts());
        if (calls.empty())
          return Outcome::skip(
              "no callable tool (the call-tool or a read-only one) declares an "
              "outputSchema");
        auto s = session(c);
        call_all(*s, calls);
        std::size_t judged = 0;
        for (const auto& call : calls) {
          if (!has_result(call.result)) {
            if (call.chosen)
              return Outcome::fail("a result from " + name_of(call.tool), describe(call.result));
            continue;
          }
          const auto& result = (*call.result.response)["result"];
          if (is_tool_error(result)) continue;
          if (!result.is_object() || !result.contains("structuredContent"))
            return Outcome::fail(
                "structuredContent from " + name_of(call.tool) + " (it declares an outputSchema)",
                brief(result));
          std::string error;
          const auto validator = schema::Validator::compile(call.tool["outputSchema"], &error);
          if (!validator)
            return Outcome::fail("an outputSchema that compiles (" + name_of(call.tool) + ")",
                                 error);
          const auto problems = validator->validate(result["structuredContent"]);
          if (!problems.empty())
            return Outcome::fail(
                "structuredContent of " + name_of(call.tool) + " valid against its outputSchema",
                problems.front());
          ++judged;
        }
        if (judged == 0) return Outcome::skip("no successful result to judge");
        return Outcome::pass(std::to_string(judged) + " structured result(s) conform");
      });

  registry.add({.id = "tools.structured.text-mirror",
                .title = "structuredContent is mirrored as JSON in a text block",
                .area = "tools",
                .section = "server/tools#structured-content",
                .level = Level::kShould,
                .versions = kFrom20250618,
                .needs = kTools,
                .requirement = "tools.structured.text-mirror",
                .description = "For the results of tools.structured.conform's calls that carry "
                               "structuredContent: some text block should parse to the same JSON."},
               [](CheckContext& c) {
                 auto calls = structured_tools(c.facts());
                 if (calls.empty())
                   return Outcome::skip(
                       "no callable tool (the call-tool or a read-only one) declares an "
                       "outputSchema");
                 auto s = session(c);
                 call_all(*s, calls);
                 std::size_t judged = 0;
                 for (const auto& call : calls) {
                   if (!has_result(call.result)) continue;
                   const auto& result = (*call.result.response)["result"];
                   if (!result.is_object() || !result.contains("structuredContent")) continue;
                   bool mirrored = false;
                   for (const auto& block : content_of(result)) {
                     if (!block.is_object() || block.value("type", "") != "text" ||
                         !block.value("text", Json()).is_string())
                       continue;
                     const auto parsed = jsonrpc::parse(block["text"].get<std::string>());
                     if (parsed.value && *parsed.value == result["structuredContent"])
                       mirrored = true;
                   }
                   if (!mirrored)
                     return Outcome::fail("a text block holding the structuredContent of " +
                                              name_of(call.tool) + " as JSON",
                                          brief(content_of(result)));
                   ++judged;
                 }
                 if (judged == 0) return Outcome::skip("no result carried structuredContent");
                 return Outcome::pass();
               });

  registry.add(
      {.id = "tools.structured.type",
       .title = "outputSchema has root type object and structuredContent is an object",
       .area = "tools",
       .section = "server/tools#output-schema",
       .level = Level::kMust,
       .versions = kFrom20250618,
       .needs = kTools,
       .requirement = "tools.structured.type",
       .description = "Every listed outputSchema must be an object with type \"object\"; the "
                      "structuredContent of the callable tools' results must be a JSON object."},
      [](CheckContext& c) {
        std::size_t schemas = 0;
        for (const auto& tool : c.facts().tools) {
          if (!tool.contains("outputSchema")) continue;
          ++schemas;
          const auto& schema = tool["outputSchema"];
          if (!schema.is_object() || schema.value("type", Json()) != "object")
            return Outcome::fail("outputSchema with type \"object\" (" + name_of(tool) + ")",
                                 brief(schema));
        }
        auto calls = structured_tools(c.facts());
        if (!calls.empty()) {
          auto s = session(c);
          call_all(*s, calls);
          for (const auto& call : calls) {
            if (!has_result(call.result)) continue;
            const auto& result = (*call.result.response)["result"];
            if (result.is_object() && result.contains("structuredContent") &&
                !result["structuredContent"].is_object()) {
              return Outcome::fail("structuredContent, an object (" + name_of(call.tool) + ")",
                                   brief(result["structuredContent"]));
            }
          }
        }
        return Outcome::pass(schemas == 0 ? "no tool declares an outputSchema"
                                          : std::to_string(schemas) + " outputSchema(s)");
      });

  registry.add(
      {.id = "tools.annotations.schema",
       .title = "Tool annotations are well typed",
       .area = "tools",
       .section = "server/tools#tool",
       .level = Level::kMay,
       .versions = kFrom20250326,
       .needs = kTools,
       .requirement = "tools.annotations.schema",
       .description = "annotations, when present: an object; title a string; readOnlyHint, "
                      "destructiveHint, idempotentHint and openWorldHint booleans."},
      [](CheckContext& c) {
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
        return Outcome::pass(annotated == 0 ? "no tool has annotations"
                                            : std::to_string(annotated) + " annotated tool(s)");
      });

  registry.add(
      {.id = "tools.embedded-resource.cap",
       .title = "A server returning embedded resources declares resources",
       .area = "tools",
       .section = "server/tools#embedded-resources",
       .level = Level::kShould,
       .versions = kFrom20250618,
       .needs = kTools,
       .requirement = "tools.embedded-resource.cap",
       .description = "When resources is not declared: calls the callable tools (as "
                      "tools.call.result) and looks for content blocks of type \"resource\"."},
      [](CheckContext& c) {
        if (c.facts().has_capability("resources")) return Outcome::pass("resources is declared");
        auto calls = callable_tools(c.facts());
        if (calls.empty()) return Outcome::skip("no tool the checks may call");
        auto s = session(c);
        call_all(*s, calls);
        for (const auto& call : calls) {
          if (!has_result(call.result)) continue;
          for (const auto& block : content_of((*call.result.response)["result"])) {
            if (block.is_object() && block.value("type", "") == "resource")
              return Outcome::fail("the resources capability (" + name_of(call.tool) +
                                       " returns an embedded resource)",
                                   brief(block));
          }
        }
        return Outcome::pass("no embedded resources seen");
      });
}

}  // namespace mcp::conformance
