// What OpenAI's MCP client needs (the `openai` profile): the community guide's
// checklist, corrected where the evidence on OpenAI's client (docs/evidence/)
// says it is wrong, and every mock-openai profile's flow (fixtures/flows/).
#include "conformance/checks/check_util.hpp"
#include "mock_openai/flow.hpp"
#include "protocol/headers.hpp"

namespace mcp::conformance {
namespace {

const std::string kOpenaiArea = "openai";
const std::vector<std::string> kOpenAi{"openai"};
// The evidence pages (docs/evidence/) the sections cite.
const std::string kGuide = "openai: docs/evidence/community-guide.md";
const std::string kClients = "openai: docs/evidence/openai-clients.md";
const Json kOpenAiClient{{"name", "openai-mcp"}, {"version", "1.0.0"}};

const CheckInfo kSessionHeaderName{
    .id = "openai.session-header-name",
    .title = "The session id travels as Mcp-Session-Id, or there is none",
    .area = kOpenaiArea,
    .section = kGuide + "#item-2",
    .rule =
        "OpenAI's client finds a session id only in the Mcp-Session-Id header, and works "
        "without one.",
    .profiles = kOpenAi,
    .needs = {.streamable = true},
    .requirement = "transport.http.session.assign",
    .description =
        "OpenAI's client reads only Mcp-Session-Id (any case). A session id under another name "
        "(X-MCP-Session-Id) is never echoed, so every later request fails. The guide is right "
        "about the name but wrong that a session is required: stateless servers work too."};

Outcome session_header_name(CheckContext& c) {
  auto transport = c.new_transport();
  answered(
      transport->request(
          jsonrpc::make_request(0, "initialize",
                                initialize_params(c.version_text(), Json::object(), kOpenAiClient)),
          "initialize"),
      "initialize");
  const auto all = c.transcript().exchanges();
  if (all.empty()) return Outcome::error("no exchange recorded");
  const auto& headers = all.back().response_headers;
  if (client::find_header(headers, headers::kSessionId)) return Outcome::pass();
  if (const auto name = client::misnamed_session_header(headers))
    return Outcome::fail(
        headers::kSessionId,
        *name + ": " + client::find_header(headers, *name).value_or("") + " (clients ignore it)");
  return Outcome::skip(
      "no session id on the initialize answer (a stateless server): no header "
      "name to judge");
}

const CheckInfo kToolsWrapped{
    .id = "openai.tools-wrapped",
    .title = "tools/list returns {\"tools\": [...]}, not a bare array",
    .area = kOpenaiArea,
    .section = kGuide + "#item-3",
    .rule =
        "OpenAI's client reads the tools from result.tools, so a bare array fails the "
        "request.",
    .profiles = kOpenAi,
    .needs = {.capability = "tools"},
    .requirement = "tools.list.schema",
    .description =
        "OpenAI maps result.tools to mcp_list_tools; a bare array is a protocol error and the "
        "Responses API answers 424. (The guide is right here; it is plain MCP.)"};

Outcome tools_wrapped(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("tools/list");
  if (!r.ok()) return Outcome::fail("a tools/list result", describe(r));
  const auto result = member(*r.response, "result");
  if (!member(result, "tools").is_array())
    return Outcome::fail("result {\"tools\": [...]}", brief(result));
  return Outcome::pass();
}

const CheckInfo kIdsExact{
    .id = "openai.ids-exact",
    .title = "Ids come back exactly as OpenAI sends them",
    .area = kOpenaiArea,
    .section = kGuide + "#item-1",
    .rule =
        "OpenAI's client matches answers by the exact id it sent, including 0 and long "
        "strings.",
    .profiles = kOpenAi,
    .requirement = "base.response.id-echo",
    .description =
        "OpenAI's clients number from 0 and use strings like \"openai-mcp-discover\"; a "
        "hard-coded or retyped id makes OpenAI hang or fail. Ids 0, -1, 2^53-1 and a unicode "
        "string. (The guide says ids may be null: MCP forbids null ids.)"};

Outcome ids_exact(CheckContext& c) {
  auto s = session(c);
  for (const Json& id : {Json(0), Json(-1), Json(9007199254740991LL), Json("openai-mcp-ünïcødé")}) {
    const auto r = s->request("ping", Json::object(), id);
    if (!r.ok()) return Outcome::fail("an answer to id " + id.dump(), describe(r));
    const auto got = member(*r.response, "id");
    if (got != id || got.is_string() != id.is_string())
      return Outcome::fail("id " + id.dump(), got.dump());
  }
  return Outcome::pass();
}

const CheckInfo kProtocolVersions{
    .id = "openai.protocol-versions",
    .title = "The versions OpenAI offers are negotiated to ones it accepts",
    .area = kOpenaiArea,
    .section = kClients + "#protocol-version",
    .rule =
        "Whichever version OpenAI's client offers, the server answers a version that the "
        "client accepts.",
    .profiles = kOpenAi,
    .requirement = "lifecycle.version.echo, lifecycle.version.counter-offer",
    .description =
        "OpenAI has offered 2025-03-26 (Responses API, 2025) and 2025-11-25 (ChatGPT, 2026) and "
        "accepts 2024-11-05 to 2025-11-25 back. The guide's \"the version must be 2025-03-26\" is "
        "wrong: the version is negotiated."};

Outcome protocol_versions(CheckContext& c) {
  for (const std::string offered : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
    const auto r = initialize_alone(c, offered, Json::object(), kOpenAiClient);
    if (!has_result(r)) return Outcome::fail("an answer offering " + offered, describe(r));
    const auto answered = string_member(result_of(r), "protocolVersion");
    if (!parse_protocol_version(answered))
      return Outcome::fail("a version OpenAI accepts, offering " + offered, answered);
  }
  return Outcome::pass();
}

const CheckInfo kNo202ForRequests{
    .id = "openai.no-202-for-requests",
    .title = "A request is answered on its own POST, never 202 plus the GET stream",
    .area = kOpenaiArea,
    .section = kGuide + "#item-5",
    .rule =
        "OpenAI's client waits for each answer on the POST of its request, never on the GET "
        "stream.",
    .profiles = kOpenAi,
    .needs = {.session = true, .streamable = true},
    .requirement = "transport.http.get.no-responses, transport.http.post.request-content-type",
    .description =
        "The guide's item 5 (202 now, the answer on the GET stream) breaks Streamable HTTP, and "
        "its author reported that design hung on every tool call. With a GET stream open, each "
        "request must get its response on its own POST."};

Outcome no_202_for_requests(CheckContext& c) {
  auto s = session(c);
  const auto& opened = answered(s->http()->open_get_stream("GET stream"), "GET (a stream)");
  if (!opened.ok()) return Outcome::skip("no GET stream offered, so the 202 design cannot apply");
  const auto r = s->request(c.facts().has_capability("tools") ? "tools/list" : "ping");
  if (r.http_status == 202 || !r.ok())
    return Outcome::fail("the response on the POST", describe(r));
  return Outcome::pass();
}

const CheckInfo kDeleteHandled{
    .id = "openai.delete-handled",
    .title = "DELETE of a session is handled (2xx)",
    .area = kOpenaiArea,
    .section = kGuide + "#item-8",
    .rule =
        "OpenAI's 2025 client ends each session with a DELETE, which the server should "
        "accept.",
    .level = Level::kShould,
    .profiles = kOpenAi,
    .needs = {.session = true, .streamable = true},
    .requirement = "transport.http.session.delete",
    .description =
        "OpenAI's 2025 Responses API client ends each session with DELETE; the guide lists a 405 "
        "as one of its failures. python-sdk-based clients tolerate 405 and ChatGPT sends no "
        "DELETE at all, so this is a warning, not a failure."};

Outcome delete_handled(CheckContext& c) {
  auto s = session(c);
  const auto r = s->http()->delete_session("DELETE");
  if (is_2xx(r.http_status)) return Outcome::pass();
  return Outcome::fail("2xx for DELETE", describe(r));
}

const CheckInfo kStatelessTolerance{
    .id = "openai.stateless-tolerance",
    .title = "A tools/call without the session id still works",
    .area = kOpenaiArea,
    .section = kClients + "#profile-b and #profile-c",
    .rule =
        "ChatGPT's current client sends no session id after initialize, so it works only "
        "with a server that serves such requests.",
    .level = Level::kShould,
    .profiles = kOpenAi,
    .needs = {.streamable = true},
    .requirement = "transport.http.session.missing-400",
    .description =
        "ChatGPT's current client sends no Mcp-Session-Id after initialize. The spec lets a "
        "stateful server refuse such a request (400), so this is a warning: ChatGPT's client will "
        "fail against a server that requires the session id."};

Outcome stateless_tolerance(CheckContext& c) {
  auto s = session(c);
  const bool can_call = !c.facts().call_tool.is_null();
  const Json request =
      can_call ? jsonrpc::make_request(5, "tools/call",
                                       tool_call(string_member(c.facts().call_tool, "name"),
                                                 c.facts().call_arguments))
               : jsonrpc::make_request(5, "tools/list");
  const auto r =
      c.http("POST", CheckContext::post_headers("", c.version_text()), jsonrpc::serialize(request));
  const auto message = first_message(r);
  if (is_2xx(r.status) && message.is_object() && message.contains("result")) return Outcome::pass();
  return Outcome::fail(
      std::string(can_call ? "tools/call" : "tools/list") + " served without a session id",
      describe(r) + " (ChatGPT's 2026 client will fail)");
}

const CheckInfo kLegacyInitialize{
    .id = "openai.legacy-initialize",
    .title = "OpenAI's hosted clients can connect: initialize is served beside 2026-07-28",
    .area = kOpenaiArea,
    .section = kClients + "#revision-2026-07-28",
    .rule =
        "ChatGPT's connectors and the Responses API open with a legacy initialize, so a server "
        "for them serves that era beside 2026-07-28.",
    .versions = VersionSet{ProtocolVersion::k2026_07_28},
    .profiles = kOpenAi,
    .needs = {.http = true},
    .description =
        "Runs where the server speaks 2026-07-28. Sends what OpenAI's hosted clients send first "
        "(reported: in 2026-09 an initialize offering 2025-11-25; in 2026-08 a server/discover "
        "probe, then the same initialize after a 400) and expects a result. A modern-only server "
        "refuses it (-32022), and these clients then fail to list any tool; the fix is to serve "
        "both eras on one endpoint (dual-era), as the official SDK's legacy: 'stateless' does."};

Outcome legacy_initialize(CheckContext& c) {
  const auto request = jsonrpc::make_request(1, "initialize",
                                             {{"protocolVersion", "2025-11-25"},
                                              {"capabilities", Json::object()},
                                              {"clientInfo", kOpenAiClient}});
  auto headers = CheckContext::post_headers();
  headers.emplace_back("User-Agent", "openai-mcp/1.0.0 (ChatGPT)");
  const auto r = c.http("POST", headers, jsonrpc::serialize(request));
  const auto message = first_message(r);
  const bool served = is_2xx(r.status) && message.is_object() && message.contains("result") &&
                      message["result"].is_object() &&
                      message["result"].contains("protocolVersion");
  if (const auto session = r.header(headers::kSessionId); session && !session->empty()) {
    // Leave nothing behind on the server.
    c.http("DELETE", CheckContext::post_headers(*session, "2025-11-25"));
  }
  if (served) return Outcome::pass();
  return Outcome::fail(
      "a result to initialize offering 2025-11-25 (ChatGPT's connectors and the Responses API "
      "open with it)",
      describe(r) +
          "; OpenAI's hosted clients cannot connect to this server: serve both eras on one "
          "endpoint (initialize beside server/discover)");
}

const CheckInfo kCorsPreflight{
    .id = "openai.cors-preflight",
    .title = "The CORS preflight is answered (informational)",
    .area = kOpenaiArea,
    .section = kGuide + "#item-9",
    .rule =
        "Browser clients need an answered CORS preflight, which OpenAI's server-side calls "
        "never send.",
    .level = Level::kMay,
    .profiles = kOpenAi,
    .needs = {.http = true},
    .description =
        "Browsers need OPTIONS answered with the methods and headers; OpenAI's calls are "
        "server-to-server and send no preflight, so the guide's item 9 is irrelevant for OpenAI. "
        "Informational: a preflight that is not answered so is shown as info, never a warning or "
        "a failure.",
    .informational = true};

Outcome cors_preflight(CheckContext& c) {
  const auto r =
      c.http("OPTIONS", {{"Origin", "http://localhost:5173"},
                         {"Access-Control-Request-Method", "POST"},
                         {"Access-Control-Request-Headers", "content-type, mcp-session-id"}});
  const auto methods = r.header("Access-Control-Allow-Methods");
  if (is_2xx(r.status) && methods && methods->find("POST") != std::string::npos)
    return Outcome::pass();
  constexpr std::string_view kAside = " (OpenAI's server-side calls never send a preflight)";
  if (!is_2xx(r.status))
    return Outcome::fail("a 2xx answer to the CORS preflight" + std::string(kAside), describe(r));
  // The status was fine: what a browser misses is the header.
  return Outcome::fail(
      "Access-Control-Allow-Methods allowing POST on the preflight" + std::string(kAside),
      "HTTP " + std::to_string(r.status) + " " +
          (methods ? "with Access-Control-Allow-Methods: " + *methods + " (no POST)"
                   : "without an Access-Control-Allow-Methods header"));
}

const CheckInfo kHealth{
    .id = "openai.health",
    .title = "GET /health answers (informational)",
    .area = kOpenaiArea,
    .section = kGuide + "#item-11",
    .rule =
        "A /health endpoint, where a deployment has one, answers 200, though OpenAI never "
        "calls it.",
    .level = Level::kMay,
    .profiles = kOpenAi,
    .needs = {.http = true},
    .description =
        "A deployment habit the guide recommends (hosting platforms probe it); not an MCP rule and "
        "not something OpenAI calls. No /health (404, 405) is a skip; a /health that errors or "
        "hangs is shown as info, never a warning or a failure.",
    .informational = true};

std::string origin_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

Outcome health(CheckContext& c) {
  const auto r = c.http("GET", {}, {}, origin_of(c.target().url) + "/health");
  if (r.status == 200) return Outcome::pass();
  // Having no /health is a choice, a broken one is worth knowing.
  if (r.status == 404 || r.status == 405)
    return Outcome::skip("no /health endpoint (HTTP " + std::to_string(r.status) +
                         "): informational, OpenAI's client never calls it");
  return Outcome::fail("HTTP 200 from /health, or 404 when there is none", describe(r));
}

// ---- openai.flow.<profile>: one check per mock-openai profile ------------------

/// "initialize 12 ms, tools/list 3 ms, GET stream skipped, ...".
std::string step_times(const mock::FlowResult& result) {
  std::string steps;
  for (const auto& s : result.steps) {
    steps += (steps.empty() ? "" : ", ") + s.name + " " +
             (s.outcome == mock::StepOutcome::kSkipped
                  ? std::string("skipped")
                  : std::to_string(static_cast<long long>(s.total_ms)) + " ms");
  }
  return steps;
}

/// The verdict on a flow: a broken step fails; an inferred budget missed warns;
/// a flow whose tools/call did not run proved too little to pass.
Outcome judge_flow(const std::string& name, const mock::FlowResult& result) {
  if (!result.ok) {
    return Outcome::fail("the " + name + " flow to succeed within its budgets",
                         "failed at " + result.failed_step + ": " + result.failure +
                             (result.openai_view.is_null()
                                  ? ""
                                  : "; OpenAI would show " + brief(result.openai_view, 400)));
  }
  const std::string skipped =
      result.call_skipped.empty() ? "" : "; tools/call skipped: " + result.call_skipped;
  std::string missed;
  for (const auto& budget : result.budgets) {
    if (budget.verdict() == "warning") missed += (missed.empty() ? "" : "; ") + budget.describe();
  }
  if (!missed.empty()) {
    return Outcome::warn("each step within its budget (inferred: OpenAI documents no deadline)",
                         missed + skipped);
  }
  if (!result.call_skipped.empty()) {
    return Outcome::skip("the " + name + " flow ran up to tools/call, which it did not send (" +
                         result.call_skipped + "): without the call it proves too little to pass");
  }
  return Outcome::pass(step_times(result));
}

/// Runs one mock-openai profile against the target; the flow's exchanges become
/// this check's evidence, its budgets the timing rule.
Outcome run_profile(CheckContext& c, const std::string& name) {
  const auto* profile = mock::find_builtin_profile(name);
  if (!profile) return Outcome::error("no built-in profile " + name);
  mock::FlowOptions flow;
  flow.url = c.target().url;
  flow.stdio_command = c.target().stdio_command;
  flow.headers = c.target().headers;
  flow.server_label = "conformance";
  // Only the run's call tool (read-only, or the one --call-tool names) may be called.
  if (!c.facts().call_tool.is_null()) {
    flow.call_tool = string_member(c.facts().call_tool, "name");
    flow.call_arguments = c.facts().call_arguments;
  } else {
    flow.call_forbidden =
        c.facts().call_tool_note.empty() ? "no tool this run may call" : c.facts().call_tool_note;
  }
  const auto deadline_ms = static_cast<double>(c.target().deadlines.total.count());
  flow.budgets = mock::Budgets::defaults(
      std::min<double>(deadline_ms, profile->request_deadline_ms), "profile " + name);
  mock::FlowRunner runner(*profile, {}, flow);
  const auto result = runner.run();
  for (const auto& e : result.transcript->exchanges())
    c.transcript().add(e);
  return judge_flow(name, result);
}

/// The check that runs profile `name`.
CheckFunction flow_check(std::string name) {
  return [name = std::move(name)](CheckContext& c) { return run_profile(c, name); };
}

struct FlowProfile {
  std::string name;
  Level level;
  std::string client;   // whose flow it is, for the rule
  std::string summary;  // what it replays, for the description
};

CheckInfo flow_info(const FlowProfile& profile) {
  return {.id = "openai.flow." + profile.name,
          .title = "The " + profile.name + " client flow succeeds within its budgets",
          .area = kOpenaiArea,
          .section = "openai: fixtures/flows/" + profile.name + ".json",
          .rule = "The flow of " + profile.client +
                  " completes against the server, each step within its time budget.",
          .level = profile.level,
          .profiles = kOpenAi,
          .needs = {.http = true},
          .description =
              "Replays " + profile.summary +
              " with mock-openai: every step must succeed, tools/call included (it calls only "
              "the run's call tool, read-only or named with --call-tool; without one the check "
              "is skipped). No answer within the request deadline (30 s, the community guide's "
              "figure) breaks the flow; initialize or tools/list over 1 s is a warning, since no "
              "OpenAI source gives that limit. The steps and their timings are in the message "
              "and exchanges."};
}

const std::vector<FlowProfile> kFlows{
    {"guide", Level::kMust, "the community guide", "the flow the community guide documents"},
    {"responses-2025", Level::kMust, "OpenAI's Responses API client of 2025",
     "the Responses API client of 2025"},
    {"chatgpt-2025", Level::kMust, "ChatGPT's connectors of late 2025",
     "ChatGPT connectors, late 2025"},
    {"agents-sdk", Level::kMust, "the Agents SDK's Streamable HTTP client",
     "the Agents SDK's Streamable HTTP client (which has no HTTP+SSE fallback)"},
    {"codex", Level::kMust, "the Codex CLI (its default, legacy handshake)",
     "the Codex CLI as it runs by default: initialize, tools/list, tools/call, DELETE (no "
     "HTTP+SSE fallback is reported)"},
    {"chatgpt-2026", Level::kShould, "ChatGPT's client of 2026",
     "ChatGPT 2026, which sends no session id (a warning where the server requires one)"}};

}  // namespace

void register_openai_checks(Registry& registry) {
  registry.add(kSessionHeaderName, session_header_name);
  registry.add(kToolsWrapped, tools_wrapped);
  registry.add(kIdsExact, ids_exact);
  registry.add(kProtocolVersions, protocol_versions);
  registry.add(kNo202ForRequests, no_202_for_requests);
  registry.add(kDeleteHandled, delete_handled);
  registry.add(kStatelessTolerance, stateless_tolerance);
  registry.add(kLegacyInitialize, legacy_initialize);
  registry.add(kCorsPreflight, cors_preflight);
  registry.add(kHealth, health);
  for (const auto& profile : kFlows)
    registry.add(flow_info(profile), flow_check(profile.name));
}

}  // namespace mcp::conformance
