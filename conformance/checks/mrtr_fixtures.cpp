// Multi round-trip requests (2026-07-28) judged on the official suite's
// fixtures: tools and a prompt that ask the client for input, and a tool that
// needs a client capability. A server that lists none of them is skipped, as
// asking for input is its own choice.
#include "conformance/checks/check_util.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {
namespace {

const std::string kElicitationTool = "test_input_required_result_elicitation";
const std::string kTamperedStateTool = "test_input_required_result_tampered_state";
const std::string kCapabilitiesTool = "test_input_required_result_capabilities";
const std::string kInputPrompt = "test_input_required_result_prompt";
const std::string kMissingCapabilityTool = "test_missing_capability";

/// The client capabilities behind the input requests of 2026-07-28.
Json every_input_capability() {
  return Json{
      {"elicitation", Json::object()}, {"sampling", Json::object()}, {"roots", Json::object()}};
}

bool listed(const std::vector<Json>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(),
                     [&](const Json& item) { return name_of(item) == name; });
}

Outcome not_listed(const std::string& fixture) {
  return Outcome::skip("the server lists no " + fixture);
}

/// The client capability an input request needs, or "" for a method none offers.
std::string capability_for(const std::string& method) {
  if (method == "elicitation/create") return "elicitation";
  if (method == "sampling/createMessage") return "sampling";
  if (method == "roots/list") return "roots";
  return {};
}

bool is_input_required(const Json& result) {
  return member(result, "resultType") == "input_required";
}

/// What a willing client answers to one input request; nullopt for a method it
/// does not know.
std::optional<Json> answer_input(const std::string& method, const Json& params) {
  if (method == "elicitation/create") {
    Json content = Json::object();
    const auto properties = member(member(params, "requestedSchema"), "properties");
    if (properties.is_object()) {
      for (const auto& [name, schema] : properties.items()) {
        const auto type = member(schema, "type");
        if (type == "boolean") {
          content[name] = true;
        } else if (type == "integer" || type == "number") {
          content[name] = 1;
        } else {
          content[name] = "conformance";
        }
      }
    }
    return Json{{"action", "accept"}, {"content", std::move(content)}};
  }
  if (method == "sampling/createMessage") {
    return Json{{"role", "assistant"},
                {"content", {{"type", "text"}, {"text", "Paris"}}},
                {"model", "mcp-conformance"},
                {"stopReason", "endTurn"}};
  }
  if (method == "roots/list")
    return Json{{"roots", Json::array({{{"uri", "file:///mcp-conformance"}, {"name", "check"}}})}};
  return std::nullopt;
}

/// The answers to every input request of an InputRequiredResult, keyed alike.
Json answers_to(const Json& input_required) {
  Json answers = Json::object();
  const auto requests = member(input_required, "inputRequests");
  if (!requests.is_object()) return answers;
  for (const auto& [key, asked] : requests.items()) {
    if (auto answer = answer_input(string_member(asked, "method"), member(asked, "params")))
      answers[key] = std::move(*answer);
  }
  return answers;
}

/// The retry of `params` with `responses` and the requestState to send back
/// (none when `state` is null).
Json retry_params(Json params, Json responses, const Json& state) {
  params["inputResponses"] = std::move(responses);
  if (!state.is_null()) params["requestState"] = state;
  return params;
}

Json call_params(const std::string& tool) {
  return tool_call(tool, Json::object());
}

/// Why an input-required result breaks the rules of its content, or "": it holds
/// requests or state, and asks only through the capabilities in `declared`.
std::string input_content_problem(const Json& result, const Json& declared) {
  const auto requests = member(result, "inputRequests");
  const auto state = member(result, "requestState");
  const bool has_requests = requests.is_object() && !requests.empty();
  if (!has_requests && !state.is_string())
    return "neither inputRequests nor requestState: " + brief(result);
  if (!requests.is_object()) return requests.is_null() ? "" : "inputRequests not an object";
  for (const auto& [key, asked] : requests.items()) {
    const auto method = string_member(asked, "method");
    const auto capability = capability_for(method);
    if (capability.empty() || !declared.contains(capability)) {
      return "inputRequests[\"" + key + "\"] asks for " + (method.empty() ? "?" : method) +
             ", which needs a capability the client did not declare (declared: " + declared.dump() +
             ")";
    }
  }
  return {};
}

/// The first-round answer of a fixture: an input-required result, or why not.
struct FirstRound {
  Json result;
  std::string problem;
};

FirstRound first_round(ModernConnection& m, const std::string& method, const Json& params) {
  const auto r = m.request(method, params);
  if (!has_result(r)) return {nullptr, describe(r)};
  if (!is_input_required(result_of(r))) return {nullptr, "a final result " + brief(result_of(r))};
  return {result_of(r), {}};
}

// ---- mrtr.v26.content --------------------------------------------------------

const CheckInfo kContent{
    .id = "mrtr.v26.content",
    .title = "An input-required result asks only for what the client can give",
    .area = "mrtr",
    .section = "basic/patterns/mrtr",
    .rule =
        "An input-required result holds the requests for input or the state to send back, and "
        "asks only for what the client declared it can give.",
    .versions = kModernVersions,
    .description =
        "Declaring elicitation, sampling and roots, calls test_input_required_result_elicitation "
        "(and prompts/get test_input_required_result_prompt when listed): each must answer an "
        "InputRequiredResult holding inputRequests or requestState. Declaring only elicitation, "
        "calls test_input_required_result_capabilities, and declaring nothing, the elicitation "
        "tool again: whatever input they ask for must be through a declared capability (a "
        "refusal is base.v26.missing-capability's business)."};

Outcome content(CheckContext& c) {
  if (!listed(c.facts().tools, kElicitationTool)) return not_listed(kElicitationTool);
  const auto all = every_input_capability();
  std::vector<std::pair<std::string, Json>> asking{{"tools/call", call_params(kElicitationTool)}};
  if (listed(c.facts().prompts, kInputPrompt))
    asking.emplace_back("prompts/get", Json{{"name", kInputPrompt}});
  auto m = c.open_modern(all);
  for (const auto& [method, params] : asking) {
    const auto round = first_round(*m, method, params);
    const auto what = method + " " + params["name"].get<std::string>();
    if (!round.problem.empty())
      return Outcome::fail(what + " answering an InputRequiredResult", round.problem);
    if (const auto problem = input_content_problem(round.result, all); !problem.empty())
      return Outcome::fail(what + " asking for input it can be given", problem);
  }
  std::vector<std::pair<Json, std::string>> partial{{Json::object(), kElicitationTool}};
  if (listed(c.facts().tools, kCapabilitiesTool))
    partial.emplace_back(Json{{"elicitation", Json::object()}}, kCapabilitiesTool);
  for (const auto& [declared, tool] : partial) {
    auto limited = c.open_modern(declared);
    const auto r = limited->request("tools/call", call_params(tool));
    if (!has_result(r) || !is_input_required(result_of(r))) continue;
    if (const auto problem = input_content_problem(result_of(r), declared); !problem.empty())
      return Outcome::fail(tool + " asking only through declared capabilities", problem);
  }
  return Outcome::pass();
}

// ---- mrtr.v26.state-integrity ---------------------------------------------------

const CheckInfo kStateIntegrity{
    .id = "mrtr.v26.state-integrity",
    .title = "A tampered requestState is refused",
    .area = "mrtr",
    .section = "basic/patterns/mrtr",
    .rule =
        "The server treats request state that comes back from the client as untrusted and "
        "rejects it when it has been tampered with.",
    .versions = kModernVersions,
    .description =
        "Calls test_input_required_result_tampered_state and retries with the input asked for "
        "and its requestState changed twice over (a suffix added; one character replaced): each "
        "must get a JSON-RPC error. A retry of a second call with its state untouched must get "
        "the final result, so that a server refusing every state does not pass."};

/// `state` changed in two ways a forger might try.
std::vector<std::pair<std::string, std::string>> tampered(const std::string& state) {
  auto replaced = state;
  auto& middle = replaced[replaced.size() / 2];
  middle = middle == 'A' ? 'B' : 'A';
  return {{"with a suffix added", state + "-TAMPERED"}, {"with one character replaced", replaced}};
}

Outcome state_integrity(CheckContext& c) {
  if (!listed(c.facts().tools, kTamperedStateTool)) return not_listed(kTamperedStateTool);
  auto m = c.open_modern(every_input_capability());
  const auto params = call_params(kTamperedStateTool);
  const auto first = first_round(*m, "tools/call", params);
  if (!first.problem.empty())
    return Outcome::fail("an InputRequiredResult with a requestState", first.problem);
  const auto state = member(first.result, "requestState");
  if (!state.is_string() || state.get<std::string>().empty())
    return Outcome::fail("an InputRequiredResult with a requestState", brief(first.result));
  for (const auto& [how, forged] : tampered(state.get<std::string>())) {
    const auto r = m->request("tools/call", retry_params(params, answers_to(first.result), forged));
    if (!r.response) return Outcome::fail("an answer to a retry", describe(r));
    if (!r.response->contains("error"))
      return Outcome::fail("an error for the requestState " + how, brief(*r.response));
  }
  const auto again = first_round(*m, "tools/call", params);
  if (!again.problem.empty())
    return Outcome::fail("a second InputRequiredResult for the untouched retry", again.problem);
  const auto r = m->request("tools/call", retry_params(params, answers_to(again.result),
                                                       member(again.result, "requestState")));
  if (!has_result(r) || is_input_required(result_of(r)))
    return Outcome::fail("the final result for the requestState as issued", describe(r));
  return Outcome::pass();
}

// ---- mrtr.v26.retry ----------------------------------------------------------------

const CheckInfo kRetry{
    .id = "mrtr.v26.retry",
    .title = "A retry missing input is asked again, extra input is ignored",
    .area = "mrtr",
    .section = "basic/patterns/mrtr",
    .rule =
        "A retry whose input responses are missing or invalid gets a new input-required result "
        "rather than an error.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .description =
        "Calls test_input_required_result_elicitation and retries it with the requestState "
        "three times: with no input responses and with only one under a key nothing asked for "
        "(each must get a new InputRequiredResult, not an error), then with the answer asked "
        "for plus one nobody asked for (it must get the final result: extra responses are "
        "ignored)."};

Outcome retry(CheckContext& c) {
  if (!listed(c.facts().tools, kElicitationTool)) return not_listed(kElicitationTool);
  auto m = c.open_modern(every_input_capability());
  const auto params = call_params(kElicitationTool);
  const auto first = first_round(*m, "tools/call", params);
  if (!first.problem.empty()) return Outcome::fail("an InputRequiredResult", first.problem);
  const auto state = member(first.result, "requestState");
  const Json unrequested{{"action", "accept"}, {"content", {{"note", "nobody asked"}}}};
  const std::vector<std::pair<std::string, Json>> short_of_input{
      {"no input responses", Json::object()},
      {"only an input response nobody asked for", {{"conformance-unrequested", unrequested}}}};
  for (const auto& [how, responses] : short_of_input) {
    const auto r = m->request("tools/call", retry_params(params, responses, state));
    if (!has_result(r) || !is_input_required(result_of(r)))
      return Outcome::fail("a new InputRequiredResult for a retry with " + how, describe(r));
  }
  auto answers = answers_to(first.result);
  answers["conformance-unrequested"] = unrequested;
  const auto r = m->request("tools/call", retry_params(params, answers, state));
  if (!has_result(r) || is_input_required(result_of(r))) {
    return Outcome::fail("the final result for a retry with an extra input response", describe(r));
  }
  return Outcome::pass();
}

// ---- tools.v26.input-required ----------------------------------------------------

const std::vector<std::string> kAskingTools{
    "test_input_required_result_elicitation",     "test_input_required_result_sampling",
    "test_input_required_result_list_roots",      "test_input_required_result_request_state",
    "test_input_required_result_multiple_inputs", "test_input_required_result_multi_round",
    "test_input_required_result_capabilities"};

const CheckInfo kToolInputRequired{
    .id = "tools.v26.input-required",
    .title = "A tool that needs input asks for it and then answers",
    .area = "tools",
    .section = "server/tools#calling-tools",
    .rule =
        "A tools/call may answer that it needs more input from the client instead of a final "
        "result.",
    .versions = kModernVersions,
    .description =
        "Declaring elicitation, sampling and roots, calls each test_input_required_result_* "
        "tool of the official suite the server lists (elicitation, sampling, list_roots, "
        "request_state, multiple_inputs, multi_round, capabilities), answering every input "
        "request and retrying with the inputResponses and the requestState as the server "
        "asked: each must ask at least once and then end in a final result that is not a "
        "tool error, within 8 rounds."};

Outcome tool_input_required(CheckContext& c) {
  std::size_t called = 0;
  for (const auto& tool : kAskingTools) {
    if (!listed(c.facts().tools, tool)) continue;
    ++called;
    auto m = c.open_modern(every_input_capability());
    const auto rounds =
        m->session().request_with_input("tools/call", call_params(tool), answer_input);
    if (!rounds.ok()) return Outcome::fail(tool + " answered after its input", rounds.error);
    if (rounds.input_required.empty())
      return Outcome::fail(tool + " asking for input", describe(rounds.last));
    if (!has_result(rounds.last) || is_tool_error(result_of(rounds.last)))
      return Outcome::fail(tool + "'s final result once answered", describe(rounds.last));
  }
  if (called == 0)
    return Outcome::skip(
        "the server lists none of the official suite's "
        "test_input_required_result_* tools");
  return Outcome::pass();
}

// ---- base.v26.missing-capability ---------------------------------------------------

const CheckInfo kMissingCapability{
    .id = "base.v26.missing-capability",
    .title = "A request needing an undeclared client capability gets -32021",
    .area = "base",
    .section = "basic/index#requests",
    .rule =
        "The server relies on no client capability the request did not declare, and says so "
        "with error -32021 when it needs one.",
    .versions = kModernVersions,
    .description =
        "Calls test_missing_capability (which needs sampling) declaring no client capability: "
        "the answer must be error -32021 whose data.requiredCapabilities is an object naming "
        "sampling (an object), neither a result nor an InputRequiredResult asking for it; over "
        "HTTP with status 400."};

Outcome missing_capability(CheckContext& c) {
  if (!listed(c.facts().tools, kMissingCapabilityTool)) return not_listed(kMissingCapabilityTool);
  auto m = c.open_modern();
  const auto r = m->request("tools/call", call_params(kMissingCapabilityTool));
  const std::string expected = "error -32021 with data.requiredCapabilities.sampling";
  if (!r.response) return Outcome::fail(expected, describe(r));
  if (error_code(r) != jsonrpc::kMissingRequiredClientCapability)
    return Outcome::fail(expected, brief(*r.response));
  const auto required = member(member((*r.response)["error"], "data"), "requiredCapabilities");
  if (!required.is_object() || !member(required, "sampling").is_object())
    return Outcome::fail(expected, brief(*r.response));
  if (r.http_status != 0 && r.http_status != 400)
    return Outcome::fail("that error with HTTP status 400", describe(r));
  return Outcome::pass();
}

}  // namespace

void register_mrtr_fixture_checks(Registry& registry) {
  registry.add(kContent, content);
  registry.add(kStateIntegrity, state_integrity);
  registry.add(kRetry, retry);
  registry.add(kToolInputRequired, tool_input_required);
  registry.add(kMissingCapability, missing_capability);
}

}  // namespace mcp::conformance
