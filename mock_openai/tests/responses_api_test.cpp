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

}  // namespace
}  // namespace mcp::mock
