// Spec page basic/index, more rules 2026-07-28 adds: each request stands alone
// (statelessness), and the error codes a server may use. Registered with the
// base area (base_v26.cpp calls register_base_v26_more_checks).
#include <set>

#include "conformance/checks/check_util.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::string kBaseV26MoreArea = "base";

/// An official-suite fixture tool that asks the client for input only a
/// declared capability allows.
struct AskingFixture {
  std::string tool;
  std::string capability;  // the client capability it needs
  std::string method;      // the input request it makes
};

const std::vector<AskingFixture> kAskingFixtures{
    {"test_input_required_result_elicitation", "elicitation", "elicitation/create"},
    {"test_missing_capability", "sampling", "sampling/createMessage"},
};

/// True when `answer` is an InputRequiredResult asking `method` of the client.
bool asks_for(const client::CallResult& answer, const std::string& method) {
  if (!has_result(answer) || member(result_of(answer), "resultType") != "input_required")
    return false;
  const auto requests = member(result_of(answer), "inputRequests");
  if (!requests.is_object()) return false;
  for (const auto& [key, asked] : requests.items()) {
    if (member(asked, "method") == method) return true;
  }
  return false;
}

const CheckInfo kStateless{
    .id = "base.v26.stateless",
    .title = "Each request is served by its own envelope alone",
    .area = kBaseV26MoreArea,
    .section = "basic/index#requests",
    .rule =
        "The server takes version, capabilities and identity from each request alone, not from "
        "earlier requests on the connection.",
    .versions = kModernVersions,
    .description =
        "On one connection, calls the official suite's test_input_required_result_elicitation "
        "(else test_missing_capability) twice: first declaring the capability it needs "
        "(elicitation, else sampling), which must get an InputRequiredResult asking for it; then "
        "declaring no capability, which must not (-32021 is the expected answer). Skipped when "
        "the server lists neither fixture."};

Outcome stateless(CheckContext& c) {
  const AskingFixture* fixture = nullptr;
  for (const auto& candidate : kAskingFixtures) {
    for (const auto& tool : c.facts().tools) {
      if (!fixture && name_of(tool) == candidate.tool) fixture = &candidate;
    }
  }
  if (!fixture) {
    return Outcome::skip(
        "the server lists neither test_input_required_result_elicitation nor "
        "test_missing_capability");
  }
  auto connection = c.open_modern(Json{{fixture->capability, Json::object()}});
  auto& s = connection->session();
  const auto call = tool_call(fixture->tool, Json::object());
  const auto declared = s.request("tools/call", call);
  if (!asks_for(declared, fixture->method)) {
    return Outcome::fail("an InputRequiredResult asking " + fixture->method + " (the request " +
                             "declared " + fixture->capability + ")",
                         describe(declared));
  }
  auto bare = s.make_request(Json(s.next_id()), "tools/call", call);
  bare["params"]["_meta"][modern::kClientCapabilitiesKey] = Json::object();
  const auto undeclared = s.send_raw(bare, client::modern_headers(c.version_text(), bare));
  if (!undeclared.response)
    return Outcome::fail("an answer to the request that declared no capability",
                         describe(undeclared));
  if (asks_for(undeclared, fixture->method)) {
    return Outcome::fail("no " + fixture->method + " input request when the request declares no " +
                             fixture->capability + " (error -32021)",
                         describe(undeclared) + ": served as if it declared " +
                             fixture->capability + ", as the request before it did");
  }
  return Outcome::pass();
}

/// Why an error code breaks 2026-07-28's rules ("" when it does not), and
/// whether the breach is only a SHOULD NOT.
struct CodeJudgement {
  std::string problem;
  bool should_only = false;
};

CodeJudgement judge_code(std::int64_t code) {
  if (code == jsonrpc::kResourceNotFound)
    return {"-32002 (resource not found), which 2026-07-28 retired for -32602", false};
  if (code == -32042) return {"-32042 (URL elicitation required), which 2026-07-28 retired", false};
  const bool spec_defined = code == jsonrpc::kHeaderMismatch ||
                            code == jsonrpc::kMissingRequiredClientCapability ||
                            code == jsonrpc::kUnsupportedProtocolVersion;
  if (code <= -32020 && code >= -32099 && !spec_defined)
    return {std::to_string(code) + ", in -32020..-32099, which the spec reserves for its own codes",
            false};
  if (code <= -32000 && code >= -32019)
    return {std::to_string(code) + ", in -32000..-32019, which new servers should not use", true};
  return {};
}

const CheckInfo kErrorCodeRanges{
    .id = "base.v26.error-code-ranges",
    .title = "Error codes stay out of the reserved and retired ranges",
    .area = kBaseV26MoreArea,
    .section = "basic/index#error-codes",
    .rule =
        "The server uses no error codes reserved by the spec for other purposes, nor the codes "
        "that 2026-07-28 retired.",
    .versions = kModernVersions,
    .description =
        "Provokes errors (an unknown method; tools/call of an unknown tool and of the call-tool "
        "with arguments that break its schema; resources/read of an unknown URI and prompts/get "
        "of an unknown prompt when declared) and judges every error code the server sent in the "
        "check: -32002 and -32042 (retired) and -32023..-32099 (reserved, -32020..-32022 being "
        "the spec's) fail; -32000..-32019 warn (new servers should not use them)."};

Outcome error_code_ranges(CheckContext& c) {
  auto s = session(c);
  const auto suffix = random_suffix();
  const auto unknown = s->request("conformance/no-such-method-" + suffix);
  if (!unknown.response)
    return Outcome::fail("an error answering an unknown method", describe(unknown));
  if (c.facts().has_capability("tools")) {
    s->request("tools/call", tool_call("conformance-no-such-tool-" + suffix, Json::object()));
    if (!c.facts().call_tool.is_null()) {
      const auto [bad, what] =
          schema_breaking_arguments(input_schema(c.facts().call_tool), c.facts().call_arguments);
      if (!bad.is_null()) s->request("tools/call", tool_call(name_of(c.facts().call_tool), bad));
    }
  }
  if (c.facts().has_capability("resources"))
    s->request("resources/read", {{"uri", "conformance://no-such-resource/" + suffix}});
  if (c.facts().has_capability("prompts"))
    s->request("prompts/get", {{"name", "conformance-no-such-prompt-" + suffix}});
  std::set<std::int64_t> codes;
  for (const auto& m : server_messages(c.transcript().exchanges())) {
    const auto code = member(member(m.message, "error"), "code");
    if (code.is_number_integer()) codes.insert(code.get<std::int64_t>());
  }
  if (codes.empty()) return Outcome::fail("an error code to judge", "no error from the server");
  std::string should_not;
  for (const auto code : codes) {
    const auto judged = judge_code(code);
    if (judged.problem.empty()) continue;
    if (!judged.should_only)
      return Outcome::fail("no reserved or retired error code", judged.problem);
    should_not = judged.problem;
  }
  if (!should_not.empty()) return Outcome::warn("error codes outside -32000..-32019", should_not);
  std::string seen;
  for (const auto code : codes)
    seen += (seen.empty() ? "" : ", ") + std::to_string(code);
  return Outcome::pass("error codes seen: " + seen);
}

}  // namespace

void register_base_v26_more_checks(Registry& registry) {
  registry.add(kStateless, stateless);
  registry.add(kErrorCodeRanges, error_code_ranges);
}

}  // namespace mcp::conformance
