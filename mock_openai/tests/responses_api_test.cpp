#include "mock_openai/responses_api.hpp"

#include <set>

#include <gtest/gtest.h>

#include "protocol/schema_validator.hpp"

namespace mcp::mock {
namespace {

Json tool(const std::string& name, bool read_only) {
  return Json{{"name", name},
              {"inputSchema", {{"type", "object"}}},
              {"annotations", {{"readOnlyHint", read_only}}}};
}

ToolFilter parse_filter(const Json& value, const FilterOptions& options = {}) {
  std::string error;
  auto filter = ToolFilter::parse(value, &error, options);
  EXPECT_TRUE(filter) << error;
  return filter.value_or(ToolFilter());
}

std::string filter_error(const Json& value) {
  std::string error;
  EXPECT_FALSE(ToolFilter::parse(value, &error)) << value;
  return error;
}

ApprovalPolicy parse_policy(const Json& value, const ApprovalOptions& options = {}) {
  std::string error;
  auto policy = ApprovalPolicy::parse(value, &error, options);
  EXPECT_TRUE(policy) << error;
  return policy.value_or(ApprovalPolicy());
}

bool is_lower_hex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Json parse_json(const std::string& text) {
  auto parsed = jsonrpc::parse(text);
  EXPECT_TRUE(parsed.value) << parsed.error;
  return parsed.value.value_or(Json());
}

// ---- ToolFilter ----

TEST(ToolFilter, NullAndDefaultAllowEveryTool) {
  EXPECT_TRUE(parse_filter(nullptr).allows(tool("echo", false)));
  EXPECT_TRUE(ToolFilter().allows(tool("anything", true)));
}

TEST(ToolFilter, ArrayFormMatchesNamesOnly) {
  const auto filter = parse_filter(Json{"echo", "add"});
  EXPECT_TRUE(filter.allows(tool("echo", false)));
  EXPECT_TRUE(filter.allows(tool("add", true)));
  EXPECT_FALSE(filter.allows(tool("sleep", true)));
  EXPECT_FALSE(filter.allows(Json{{"description", "no name"}}));
  EXPECT_FALSE(parse_filter(Json::array()).allows(tool("echo", true)));
}

TEST(ToolFilter, ObjectFormToolNames) {
  const auto filter = parse_filter(Json{{"tool_names", {"fail"}}});
  EXPECT_TRUE(filter.allows(tool("fail", false)));
  EXPECT_FALSE(filter.allows(tool("echo", true)));
}

TEST(ToolFilter, ReadOnlyMatchesTheReadOnlyHintAnnotation) {
  const auto filter = parse_filter(Json{{"read_only", true}});
  EXPECT_TRUE(filter.allows(tool("echo", true)));
  EXPECT_FALSE(filter.allows(tool("delete", false)));
  EXPECT_FALSE(filter.allows(Json{{"name", "bare"}}));
  EXPECT_FALSE(filter.allows(Json{{"name", "odd"}, {"annotations", {{"readOnlyHint", "yes"}}}}));
}

TEST(ToolFilter, BothCriteriaMustHoldByDefault) {
  const auto filter = parse_filter(Json{{"tool_names", {"echo", "write"}}, {"read_only", true}});
  EXPECT_TRUE(filter.allows(tool("echo", true)));
  EXPECT_FALSE(filter.allows(tool("write", false)));
  EXPECT_FALSE(filter.allows(tool("add", true)));
}

TEST(ToolFilter, EitherCriterionWhenConfigured) {
  const auto filter = parse_filter(Json{{"tool_names", {"write"}}, {"read_only", true}},
                                   FilterOptions{.require_every_criterion = false});
  EXPECT_TRUE(filter.allows(tool("write", false)));
  EXPECT_TRUE(filter.allows(tool("add", true)));
  EXPECT_FALSE(filter.allows(tool("delete", false)));
}

TEST(ToolFilter, ReadOnlyFalseAddsNoConstraintByDefault) {
  const auto filter = parse_filter(Json{{"read_only", false}});
  EXPECT_TRUE(filter.allows(tool("echo", true)));
  EXPECT_TRUE(filter.allows(tool("delete", false)));
}

TEST(ToolFilter, ReadOnlyFalseSelectsWritableToolsWhenConfigured) {
  const auto filter = parse_filter(Json{{"read_only", false}},
                                   FilterOptions{.read_only_false_selects_writable = true});
  EXPECT_FALSE(filter.allows(tool("echo", true)));
  EXPECT_TRUE(filter.allows(tool("delete", false)));
}

TEST(ToolFilter, EmptyObjectAndNullMembersAllowEveryTool) {
  EXPECT_TRUE(parse_filter(Json::object()).allows(tool("echo", false)));
  EXPECT_TRUE(
      parse_filter(Json{{"tool_names", nullptr}, {"read_only", nullptr}}).allows(tool("x", false)));
}

TEST(ToolFilter, RejectsBadFormsWithClearErrors) {
  EXPECT_EQ(filter_error(Json{"echo", 3}), "allowed_tools[1] must be a string (a tool name)");
  EXPECT_EQ(filter_error(Json{{"tool_names", {"echo"}}, {"names", {"x"}}}),
            "allowed_tools has an unknown key \"names\" (MCPToolFilter allows only tool_names and "
            "read_only)");
  EXPECT_EQ(filter_error(Json{{"tool_names", "echo"}}),
            "allowed_tools.tool_names must be an array of strings");
  EXPECT_EQ(filter_error(Json{{"tool_names", {1}}}),
            "allowed_tools.tool_names must be an array of strings");
  EXPECT_EQ(filter_error(Json{{"read_only", "true"}}), "allowed_tools.read_only must be a boolean");
  EXPECT_NE(filter_error("echo").find("allowed_tools must be null, an array"), std::string::npos);
  EXPECT_NE(filter_error(true).find("allowed_tools must be"), std::string::npos);
  EXPECT_FALSE(ToolFilter::parse(42, nullptr));  // no error sink is fine
}

// ---- ApprovalPolicy ----

TEST(ApprovalPolicy, DefaultsToAlwaysLikeTheApi) {
  EXPECT_TRUE(ApprovalPolicy().requires_approval(tool("echo", true)));
  EXPECT_TRUE(parse_policy(nullptr).requires_approval(tool("echo", true)));
}

TEST(ApprovalPolicy, StringForms) {
  EXPECT_TRUE(parse_policy("always").requires_approval(tool("echo", true)));
  EXPECT_FALSE(parse_policy("never").requires_approval(tool("echo", false)));
}

TEST(ApprovalPolicy, NeverFilterSkipsApprovalOnlyForItsTools) {
  const auto policy = parse_policy(Json{{"never", {{"tool_names", {"echo", "add"}}}}});
  EXPECT_FALSE(policy.requires_approval(tool("echo", false)));
  EXPECT_FALSE(policy.requires_approval(tool("add", false)));
  EXPECT_TRUE(policy.requires_approval(tool("fail", false)));
}

TEST(ApprovalPolicy, AlwaysFilterAloneGatesOnlyItsTools) {
  const auto policy = parse_policy(Json{{"always", {{"read_only", true}}}});
  EXPECT_TRUE(policy.requires_approval(tool("echo", true)));
  EXPECT_FALSE(policy.requires_approval(tool("write", false)));
}

TEST(ApprovalPolicy, BothFiltersUnmatchedToolsNeedApproval) {
  const auto policy = parse_policy(
      Json{{"always", {{"tool_names", {"write"}}}}, {"never", {{"tool_names", {"echo"}}}}});
  EXPECT_TRUE(policy.requires_approval(tool("write", false)));
  EXPECT_FALSE(policy.requires_approval(tool("echo", true)));
  EXPECT_TRUE(policy.requires_approval(tool("other", true)));
}

TEST(ApprovalPolicy, UnmatchedDefaultIsConfigurable) {
  const Json value{{"always", {{"tool_names", {"write"}}}}};
  EXPECT_TRUE(parse_policy(value, ApprovalOptions{.unmatched_requires_approval = true})
                  .requires_approval(tool("echo", true)));
  const Json never_only{{"never", {{"tool_names", {"echo"}}}}};
  EXPECT_FALSE(parse_policy(never_only, ApprovalOptions{.unmatched_requires_approval = false})
                   .requires_approval(tool("other", true)));
}

TEST(ApprovalPolicy, AlwaysWinsOverlapsUnlessConfigured) {
  const Json value{{"always", {{"tool_names", {"echo"}}}}, {"never", {{"read_only", true}}}};
  EXPECT_TRUE(parse_policy(value).requires_approval(tool("echo", true)));
  EXPECT_FALSE(parse_policy(value, ApprovalOptions{.always_wins_over_never = false})
                   .requires_approval(tool("echo", true)));
}

TEST(ApprovalPolicy, RejectsBadFormsWithClearErrors) {
  std::string error;
  EXPECT_FALSE(ApprovalPolicy::parse("sometimes", &error));
  EXPECT_NE(error.find("require_approval must be \"always\", \"never\" or an object"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("\"sometimes\""), std::string::npos) << error;
  EXPECT_FALSE(ApprovalPolicy::parse(Json{{"maybe", Json::object()}}, &error));
  EXPECT_EQ(error,
            "require_approval has an unknown key \"maybe\" (only \"always\" and \"never\" are "
            "allowed)");
  EXPECT_FALSE(ApprovalPolicy::parse(Json{{"never", {"echo"}}}, &error));
  EXPECT_NE(error.find("require_approval.never must be a tool filter object"), std::string::npos)
      << error;
  EXPECT_FALSE(ApprovalPolicy::parse(Json{{"always", {{"bogus", true}}}}, &error));
  EXPECT_NE(error.find("require_approval.always has an unknown key \"bogus\""), std::string::npos)
      << error;
  EXPECT_FALSE(ApprovalPolicy::parse(true, &error));
}

// ---- ItemIds ----

TEST(ItemIds, PrefixesAndFortyEightHexDigits) {
  ItemIds ids(7);
  for (const auto& [id, prefix] :
       {std::pair{ids.next_list_tools_id(), std::string("mcpl_")},
        std::pair{ids.next_call_id(), std::string("mcp_")},
        std::pair{ids.next_approval_request_id(), std::string("mcpr_")}}) {
    ASSERT_EQ(id.rfind(prefix, 0), 0u) << id;
    const auto digits = id.substr(prefix.size());
    EXPECT_EQ(digits.size(), ItemIds::kHexDigits) << id;
    EXPECT_TRUE(is_lower_hex(digits)) << id;
  }
}

TEST(ItemIds, UniqueAcrossManyIds) {
  ItemIds ids;
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    EXPECT_TRUE(seen.insert(ids.next_call_id()).second);
  }
}

TEST(ItemIds, SameSeedSameSequence) {
  ItemIds a(42);
  ItemIds b(42);
  ItemIds c(43);
  const auto first = a.next_call_id();
  EXPECT_EQ(first, b.next_call_id());
  EXPECT_EQ(a.next_list_tools_id(), b.next_list_tools_id());
  EXPECT_NE(first, c.next_call_id());
}

TEST(ItemIds, UnseededGeneratorsDiffer) {
  ItemIds a;
  ItemIds b;
  EXPECT_NE(a.next_call_id(), b.next_call_id());
}

// ---- mcp_list_tools ----

TEST(ListToolsItem, RenamesInputSchemaAndKeepsServerOrder) {
  ItemIds ids(1);
  const Json schema{{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}};
  const Json tools = Json::array({Json{{"name", "zeta"},
                                       {"title", "Zeta"},
                                       {"description", "last letter"},
                                       {"inputSchema", schema},
                                       {"outputSchema", {{"type", "object"}}},
                                       {"annotations", {{"readOnlyHint", true}}},
                                       {"_meta", {{"x", 1}}}},
                                  Json{{"name", "alpha"}, {"inputSchema", {{"type", "object"}}}}});
  const Json item = make_list_tools_item(ids, "ref", tools, ToolFilter());
  EXPECT_EQ(item["type"], "mcp_list_tools");
  EXPECT_EQ(item["id"].get<std::string>().rfind("mcpl_", 0), 0u);
  EXPECT_EQ(item["server_label"], "ref");
  EXPECT_TRUE(item["error"].is_null());
  ASSERT_EQ(item["tools"].size(), 2u);
  const Json& zeta = item["tools"][0];
  EXPECT_EQ(zeta, (Json{{"name", "zeta"},
                        {"description", "last letter"},
                        {"input_schema", schema},
                        {"annotations", {{"readOnlyHint", true}}}}));
  const Json& alpha = item["tools"][1];
  EXPECT_EQ(alpha["name"], "alpha");
  EXPECT_TRUE(alpha.contains("description") && alpha["description"].is_null());
  EXPECT_TRUE(alpha.contains("annotations") && alpha["annotations"].is_null());
  EXPECT_FALSE(alpha.contains("inputSchema"));
  EXPECT_EQ(alpha["input_schema"], (Json{{"type", "object"}}));
}

TEST(ListToolsItem, AppliesTheFilterAndSkipsNamelessEntries) {
  ItemIds ids(1);
  const Json tools =
      Json::array({tool("echo", true), tool("write", false), Json{{"x", 1}}, 5, tool("add", true)});
  const Json item =
      make_list_tools_item(ids, "ref", tools, parse_filter(Json{{"read_only", true}}));
  ASSERT_EQ(item["tools"].size(), 2u);
  EXPECT_EQ(item["tools"][0]["name"], "echo");
  EXPECT_EQ(item["tools"][1]["name"], "add");
  EXPECT_TRUE(make_list_tools_item(ids, "ref", nullptr, ToolFilter())["tools"].empty());
}

// ---- mcp_approval_request ----

TEST(ApprovalRequest, ArgumentsAreAJsonString) {
  ItemIds ids(3);
  const Json arguments{{"text", "hi \"there\""}, {"n", 2}};
  const Json item = make_approval_request(ids, "ref", "echo", arguments);
  EXPECT_EQ(item["type"], "mcp_approval_request");
  EXPECT_EQ(item["id"].get<std::string>().rfind("mcpr_", 0), 0u);
  EXPECT_EQ(item["server_label"], "ref");
  EXPECT_EQ(item["name"], "echo");
  ASSERT_TRUE(item["arguments"].is_string());
  EXPECT_EQ(parse_json(item["arguments"].get<std::string>()), arguments);
  EXPECT_EQ(item.size(), 5u);
}

// ---- mcp_call ----

Json call(const CallOutcome& outcome, const CallItemOptions& options = {}) {
  ItemIds ids(9);
  return make_call_item(ids, "ref", "echo", Json{{"text", "hi"}}, outcome, std::nullopt, options);
}

Json text_result(const std::string& text, bool is_error = false) {
  Json result{{"content", Json::array({{{"type", "text"}, {"text", text}}})}};
  if (is_error) result["isError"] = true;
  return result;
}

TEST(CallItem, ResultCompletesWithTextOutput) {
  const Json item = call({.kind = CallOutcome::Kind::kResult, .result = text_result("hi")});
  EXPECT_EQ(item["type"], "mcp_call");
  EXPECT_EQ(item["id"].get<std::string>().rfind("mcp_", 0), 0u);
  EXPECT_EQ(item["server_label"], "ref");
  EXPECT_EQ(item["name"], "echo");
  EXPECT_EQ(item["arguments"], "{\"text\":\"hi\"}");
  EXPECT_EQ(item["output"], "hi");
  EXPECT_TRUE(item["error"].is_null());
  EXPECT_EQ(item["status"], "completed");
  EXPECT_TRUE(item.contains("approval_request_id") && item["approval_request_id"].is_null());
}

TEST(CallItem, ToolErrorBecomesExecutionError) {
  const Json result = text_result("boom", true);
  const Json item = call({.kind = CallOutcome::Kind::kResult, .result = result});
  EXPECT_EQ(item["error"],
            (Json{{"type", "mcp_tool_execution_error"}, {"content", result["content"]}}));
  EXPECT_TRUE(item["output"].is_null());
  EXPECT_EQ(item["status"], "failed");
}

TEST(CallItem, ToolErrorReadingsAreConfigurable) {
  const Json item = call({.kind = CallOutcome::Kind::kResult, .result = text_result("boom", true)},
                         {.tool_error_fails_call = false, .output_on_tool_error = true});
  EXPECT_EQ(item["status"], "completed");
  EXPECT_EQ(item["output"], "boom");
  EXPECT_EQ(item["error"]["type"], "mcp_tool_execution_error");
}

TEST(CallItem, JsonRpcErrorBecomesProtocolError) {
  const Json item = call(
      {.kind = CallOutcome::Kind::kJsonRpcError, .code = -32602, .message = "Unknown tool: nope"});
  EXPECT_EQ(
      item["error"],
      (Json{{"type", "mcp_protocol_error"}, {"code", -32602}, {"message", "Unknown tool: nope"}}));
  EXPECT_TRUE(item["output"].is_null());
  EXPECT_EQ(item["status"], "failed");
}

TEST(CallItem, HttpErrorCarriesStatusAndReasonPhrase) {
  const Json item = call({.kind = CallOutcome::Kind::kHttpError, .code = 401});
  EXPECT_EQ(item["error"],
            (Json{{"type", "http_error"}, {"code", 401}, {"message", "Unauthorized"}}));
  EXPECT_EQ(item["status"], "failed");
  const Json custom = call({.kind = CallOutcome::Kind::kHttpError, .code = 500, .message = "oops"});
  EXPECT_EQ(custom["error"]["message"], "oops");
}

TEST(CallItem, SessionTerminatedIsThePositive32600SeenInTheWild) {
  const Json item = call({.kind = CallOutcome::Kind::kSessionTerminated});
  EXPECT_EQ(item["error"], parse_json(R"({"type":"mcp_protocol_error","code":32600,)"
                                      R"("message":"Session terminated"})"));
  EXPECT_EQ(item["status"], "failed");
}

TEST(CallItem, TransportErrorIsAProtocolErrorWithConfigurableCode) {
  const Json item =
      call({.kind = CallOutcome::Kind::kTransportError, .message = "connection refused"});
  EXPECT_EQ(
      item["error"],
      (Json{{"type", "mcp_protocol_error"}, {"code", -32000}, {"message", "connection refused"}}));
  EXPECT_EQ(item["status"], "failed");
  const Json timeout =
      call({.kind = CallOutcome::Kind::kTransportError}, {.transport_error_code = 408});
  EXPECT_EQ(timeout["error"]["code"], 408);
  EXPECT_EQ(timeout["error"]["message"], "Connection closed");
}

TEST(CallItem, EchoesTheApprovalRequestId) {
  ItemIds ids(5);
  const auto approval = make_approval_request(ids, "ref", "echo", Json{{"text", "hi"}});
  const auto approval_id = approval["id"].get<std::string>();
  const Json item = make_call_item(
      ids, "ref", "echo", Json{{"text", "hi"}},
      {.kind = CallOutcome::Kind::kResult, .result = text_result("hi")}, approval_id);
  EXPECT_EQ(item["approval_request_id"], approval_id);
  EXPECT_NE(item["id"], approval["id"]);
}

// ---- output ----

TEST(OutputText, JoinsTextBlocksWithNewlines) {
  const Json result{{"content",
                     {{{"type", "text"}, {"text", "one"}},
                      {{"type", "image"}, {"data", "AAAA"}, {"mimeType", "image/png"}},
                      {{"type", "text"}, {"text", "two"}}}}};
  EXPECT_EQ(output_text(result), "one\ntwo");
  EXPECT_EQ(output_text(result, " | "), "one | two");
}

TEST(OutputText, JsonOfTheContentWhenThereIsNoText) {
  const Json image{{"type", "image"}, {"data", "AAAA"}, {"mimeType", "image/png"}};
  const Json result{{"content", Json::array({image})}};
  EXPECT_EQ(parse_json(output_text(result)), Json::array({image}));
  EXPECT_EQ(output_text(Json{{"content", Json::array()}}), "[]");
  EXPECT_EQ(output_text(Json::object()), "[]");
}

TEST(OutputText, SingleTextBlockIsVerbatim) {
  EXPECT_EQ(output_text(text_result("line 1\nline 2")), "line 1\nline 2");
}

// ---- 424 ----

TEST(ListFailure, MatchesTheObserved401BodyExactly) {
  const Json expected = parse_json(
      R"json({"error":{"message":"Error retrieving tool list from MCP server: 'plaid'. )json"
      R"json(Http status code: 401 (Unauthorized)","type":"external_connector_error",)json"
      R"json("param":"tools","code":"http_error"}})json");
  EXPECT_EQ(make_list_failure_424("plaid", 401, ""), expected);
  EXPECT_EQ(kListFailureHttpStatus, 424);
}

TEST(ListFailure, OtherStatusesAndTransportFailures) {
  EXPECT_EQ(make_list_failure_424("x", 424, "")["error"]["message"],
            "Error retrieving tool list from MCP server: 'x'. Http status code: 424 (Failed "
            "Dependency)");
  const Json timeout = make_list_failure_424("x", 0, "dial tcp 10.0.0.1:443: i/o timeout");
  EXPECT_EQ(timeout["error"]["message"],
            "Error retrieving tool list from MCP server: 'x'. dial tcp 10.0.0.1:443: i/o timeout");
  EXPECT_EQ(timeout["error"]["type"], "external_connector_error");
  EXPECT_EQ(timeout["error"]["param"], "tools");
  EXPECT_EQ(make_list_failure_424("x", 599, "")["error"]["message"],
            "Error retrieving tool list from MCP server: 'x'. Http status code: 599");
}

TEST(HttpReasonPhrase, KnownAndUnknownStatuses) {
  EXPECT_EQ(http_reason_phrase(200), "OK");
  EXPECT_EQ(http_reason_phrase(400), "Bad Request");
  EXPECT_EQ(http_reason_phrase(401), "Unauthorized");
  EXPECT_EQ(http_reason_phrase(403), "Forbidden");
  EXPECT_EQ(http_reason_phrase(404), "Not Found");
  EXPECT_EQ(http_reason_phrase(405), "Method Not Allowed");
  EXPECT_EQ(http_reason_phrase(424), "Failed Dependency");
  EXPECT_EQ(http_reason_phrase(429), "Too Many Requests");
  EXPECT_EQ(http_reason_phrase(500), "Internal Server Error");
  EXPECT_EQ(http_reason_phrase(503), "Service Unavailable");
  EXPECT_EQ(http_reason_phrase(799), "");
}

// ---- example_arguments ----

// Generates arguments and checks them with an independently compiled validator.
Json expect_valid_example(const Json& schema) {
  std::string why_not;
  const auto arguments = example_arguments(schema, &why_not);
  EXPECT_TRUE(arguments) << why_not << "\nschema: " << schema.dump();
  if (!arguments) return nullptr;
  std::string error;
  const auto validator = schema::Validator::compile(schema, &error);
  EXPECT_TRUE(validator) << error;
  if (validator) {
    const auto problems = validator->validate(*arguments);
    EXPECT_TRUE(problems.empty()) << problems.front() << "\narguments: " << arguments->dump();
  }
  EXPECT_TRUE(arguments->is_object());
  return *arguments;
}

std::string expect_no_example(const Json& schema) {
  std::string why_not;
  EXPECT_FALSE(example_arguments(schema, &why_not)) << schema.dump();
  EXPECT_FALSE(why_not.empty());
  return why_not;
}

Json closed_object(Json properties, Json required) {
  return Json{{"type", "object"},
              {"properties", std::move(properties)},
              {"required", std::move(required)},
              {"additionalProperties", false}};
}

TEST(ExampleArguments, ReferenceServerToolsValidate) {
  // The input schemas of reference_server/tools_basic.cpp, transcribed.
  const Json echo = closed_object({{"text", {{"type", "string"}}}}, {"text"});
  const Json add =
      closed_object({{"a", {{"type", "number"}}}, {"b", {{"type", "number"}}}}, {"a", "b"});
  const Json sleep =
      closed_object({{"ms", {{"type", "integer"}, {"minimum", 0}, {"maximum", 600000}}},
                     {"steps", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
                     {"timestamps", {{"type", "boolean"}}}},
                    {"ms"});
  const Json fail = closed_object({{"message", {{"type", "string"}}}}, Json::array());
  const Json structured = closed_object({{"text", {{"type", "string"}}}}, {"text"});

  EXPECT_EQ(expect_valid_example(echo), (Json{{"text", "example"}}));
  EXPECT_EQ(expect_valid_example(add), (Json{{"a", 1}, {"b", 1}}));
  EXPECT_EQ(expect_valid_example(sleep), (Json{{"ms", 1}}));
  EXPECT_EQ(expect_valid_example(fail), Json::object());
  EXPECT_EQ(expect_valid_example(structured), (Json{{"text", "example"}}));
}

TEST(ExampleArguments, OnlyRequiredPropertiesAreFilled) {
  const Json schema{{"type", "object"},
                    {"properties",
                     {{"q", {{"type", "string"}}},
                      {"limit", {{"type", "integer"}}},
                      {"verbose", {{"type", "boolean"}}}}},
                    {"required", {"q", "verbose"}}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"q", "example"}, {"verbose", true}}));
  EXPECT_EQ(expect_valid_example(Json{{"type", "object"}}), Json::object());
  EXPECT_EQ(expect_valid_example(Json::object()), Json::object());
}

TEST(ExampleArguments, EnumsAndConstants) {
  const Json schema =
      closed_object({{"unit", {{"type", "string"}, {"enum", {"celsius", "kelvin"}}}},
                     {"mode", {{"const", "fast"}}},
                     {"level", {{"type", "integer"}, {"enum", {3, 5}}}}},
                    {"unit", "mode", "level"});
  EXPECT_EQ(expect_valid_example(schema),
            (Json{{"unit", "celsius"}, {"mode", "fast"}, {"level", 3}}));
}

TEST(ExampleArguments, NestedObjectsAndArrays) {
  const Json schema = closed_object(
      {{"filter",
        closed_object({{"range", closed_object({{"from", {{"type", "string"}, {"format", "date"}}},
                                                {"to", {{"type", "string"}, {"format", "date"}}}},
                                               {"from"})},
                       {"tags",
                        {{"type", "array"},
                         {"items", {{"type", "string"}, {"minLength", 2}}},
                         {"minItems", 2}}},
                       {"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}},
                      {"range", "tags", "ids"})}},
      {"filter"});
  const Json arguments = expect_valid_example(schema);
  EXPECT_EQ(arguments["filter"]["tags"].size(), 2u);
  EXPECT_EQ(arguments["filter"]["ids"], Json::array());
  EXPECT_EQ(arguments["filter"]["range"], (Json{{"from", "2025-01-01"}}));
}

TEST(ExampleArguments, RefsIntoDefinitionsAndDefs) {
  const Json draft07{
      {"type", "object"},
      {"definitions",
       {{"Point",
         closed_object({{"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}}, {"x", "y"})},
        {"Name", {{"type", "string"}, {"minLength", 10}}}}},
      {"properties",
       {{"origin", {{"$ref", "#/definitions/Point"}}},
        {"label", {{"$ref", "#/definitions/Name"}}}}},
      {"required", {"origin", "label"}}};
  const Json arguments = expect_valid_example(draft07);
  EXPECT_EQ(arguments["origin"], (Json{{"x", 1}, {"y", 1}}));
  EXPECT_GE(arguments["label"].get<std::string>().size(), 10u);

  const Json defs{{"$defs", {{"Kind", {{"enum", {"a", "b"}}}}}},
                  {"type", "object"},
                  {"properties", {{"kind", {{"$ref", "#/$defs/Kind"}}}}},
                  {"required", {"kind"}}};
  EXPECT_EQ(expect_valid_example(defs), (Json{{"kind", "a"}}));

  // Pydantic-style: the root itself is a $ref, with allOf wrappers around nested refs.
  const Json pydantic{
      {"$ref", "#/$defs/Args"},
      {"$defs",
       {{"Args",
         {{"type", "object"},
          {"properties", {{"inner", {{"allOf", {{{"$ref", "#/$defs/Inner"}}}}}}}},
          {"required", {"inner"}}}},
        {"Inner", closed_object({{"n", {{"type", "integer"}, {"minimum", 5}}}}, {"n"})}}}};
  EXPECT_EQ(expect_valid_example(pydantic), (Json{{"inner", {{"n", 5}}}}));
}

TEST(ExampleArguments, NumericBounds) {
  const auto value_for = [](const Json& property) {
    return expect_valid_example(closed_object({{"v", property}}, {"v"}))["v"];
  };
  EXPECT_EQ(value_for({{"type", "integer"}}), 1);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 10}, {"maximum", 20}}), 10);
  EXPECT_EQ(value_for({{"type", "integer"}, {"exclusiveMinimum", 10}}), 11);
  EXPECT_EQ(value_for({{"type", "integer"}, {"maximum", -3}}), -3);
  EXPECT_EQ(value_for({{"type", "integer"}, {"exclusiveMaximum", 1}}), 0);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", -5}, {"maximum", 5}}), 1);
  EXPECT_EQ(value_for({{"type", "integer"}, {"multipleOf", 5}}), 5);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 7}, {"multipleOf", 4}}), 8);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", -10}, {"maximum", -7}, {"multipleOf", 4}}),
            -8);
  EXPECT_EQ(value_for({{"type", "integer"}, {"minimum", 1.5}}), 2);
  EXPECT_EQ(value_for({{"type", "number"}, {"minimum", 0}, {"maximum", 0.5}}), 0);
  EXPECT_EQ(value_for({{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}}), 0.5);
  EXPECT_EQ(
      value_for({{"type", "number"}, {"minimum", 0.1}, {"maximum", 0.4}, {"multipleOf", 0.25}}),
      0.25);
  EXPECT_EQ(value_for({{"type", "number"}, {"minimum", 1e6}}), 1000000);
}

TEST(ExampleArguments, Strings) {
  const auto value_for = [](const Json& property) {
    return expect_valid_example(closed_object({{"s", property}}, {"s"}))["s"];
  };
  EXPECT_EQ(value_for({{"type", "string"}, {"maxLength", 3}}), "exa");
  EXPECT_EQ(value_for({{"type", "string"}, {"minLength", 12}}), "examplexxxxx");
  EXPECT_EQ(value_for({{"type", "string"}, {"maxLength", 0}}), "");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "date-time"}}), "2025-01-01T00:00:00Z");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "uri"}}), "https://example.com");
  EXPECT_EQ(value_for({{"type", "string"}, {"format", "email"}}), "user@example.com");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^[0-9]+$"}}), "1");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^[A-Z]{2}$"}}), "AB");
  EXPECT_EQ(value_for({{"type", "string"}, {"pattern", "^ex"}}), "example");
}

TEST(ExampleArguments, TypeArraysAnyOfAndOneOf) {
  const Json schema = closed_object(
      {{"maybe", {{"type", {"null", "integer"}}}},
       {"either", {{"anyOf", {{{"type", "null"}}, {{"type", "string"}, {"minLength", 2}}}}}},
       {"choice",
        {{"oneOf",
          {{{"type", "integer"}, {"minimum", 3}}, {{"type", "string"}, {"maxLength", 0}}}}}},
       {"nothing", {{"type", "null"}}},
       {"typeless", Json::object()}},
      {"maybe", "either", "choice", "nothing", "typeless"});
  EXPECT_EQ(expect_valid_example(schema), (Json{{"maybe", 1},
                                                {"either", "example"},
                                                {"choice", 3},
                                                {"nothing", nullptr},
                                                {"typeless", "example"}}));
}

TEST(ExampleArguments, MinPropertiesAndDependencies) {
  const Json schema{
      {"type", "object"},
      {"properties",
       {{"a", {{"type", "string"}}}, {"b", {{"type", "integer"}}}, {"c", {{"type", "boolean"}}}}},
      {"required", {"a"}},
      {"dependencies", {{"a", {"c"}}}},
      {"minProperties", 3}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"a", "example"}, {"b", 1}, {"c", true}}));
}

TEST(ExampleArguments, RootLevelOneOfPicksTheFirstWorkingBranch) {
  const Json schema{{"type", "object"},
                    {"properties", {{"id", {{"type", "integer"}}}, {"name", {{"type", "string"}}}}},
                    {"oneOf", {{{"required", {"id"}}}, {{"required", {"name"}}}}}};
  EXPECT_EQ(expect_valid_example(schema), (Json{{"id", 1}}));
}

TEST(ExampleArguments, ChecksItsOwnResultAgainstTheSchema) {
  // Two identical items break uniqueItems: the generator does not vary items, the check notices.
  const Json schema = closed_object({{"pair",
                                      {{"type", "array"},
                                       {"items", {{"type", "string"}}},
                                       {"minItems", 2},
                                       {"uniqueItems", true}}}},
                                    {"pair"});
  EXPECT_NE(expect_no_example(schema).find("do not validate"), std::string::npos);
}

TEST(ExampleArguments, ExplainsWhatItCannotDo) {
  const Json recursive{
      {"$defs", {{"Node", closed_object({{"next", {{"$ref", "#/$defs/Node"}}}}, {"next"})}}},
      {"$ref", "#/$defs/Node"}};
  EXPECT_NE(expect_no_example(recursive).find("deeper than"), std::string::npos);
  EXPECT_NE(
      expect_no_example(
          closed_object(
              {{"n", {{"type", "integer"}, {"minimum", 2}, {"maximum", 3}, {"multipleOf", 5}}}},
              {"n"}))
          .find("property \"n\": no integer satisfies"),
      std::string::npos);
  EXPECT_NE(expect_no_example(Json{{"type", "string"}}).find("does not describe an object"),
            std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object(Json::object(), {"ghost"})).find("additionalProperties"),
      std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object({{"x", {{"$ref", "https://example.com/s.json"}}}}, {"x"}))
          .find("cannot resolve $ref"),
      std::string::npos);
  EXPECT_NE(expect_no_example(closed_object({{"x", {{"enum", Json::array()}}}}, {"x"}))
                .find("empty enum"),
            std::string::npos);
  EXPECT_NE(
      expect_no_example(closed_object({{"s", {{"type", "string"}, {"minLength", "3"}}}}, {"s"}))
          .find("malformed input schema"),
      std::string::npos);
  EXPECT_FALSE(example_arguments(Json{{"type", "string"}}, nullptr));
}

}  // namespace
}  // namespace mcp::mock
