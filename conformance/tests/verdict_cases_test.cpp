// Each check judged on scripted exchanges: against the spec-correct table it
// passes (or is skipped, never failed), and with one exchange broken it fails
// naming the rule it checks, while the same server unbroken passes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "conformance/tests/scripted_server.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::conformance {
namespace {

using client::TransportKind;
using reports::Verdict;
using scripted::Server;
using ::testing::HasSubstr;

constexpr auto kLegacy = kLatestLegacyVersion;
constexpr auto kModern = kLatestModernVersion;
constexpr auto kHttp = TransportKind::kStreamableHttp;
constexpr auto kStdio = TransportKind::kStdio;

/// observe() windows shortened for the whole binary: the scripted server sends
/// nothing late, so there is nothing to wait for.
class NoWaiting : public ::testing::Environment {
 public:
  void SetUp() override {
    previous_ = set_observe_wait([](std::chrono::milliseconds) {});
  }
  void TearDown() override { set_observe_wait(previous_); }

 private:
  ObserveWait previous_;
};
const auto* const kNoWaiting = ::testing::AddGlobalTestEnvironment(new NoWaiting);

// ---- breaking one exchange ----------------------------------------------------

/// `method` answered with `result` instead of the table's.
void answer(Server& s, const std::string& method, Json result) {
  s.on(method, [result](const Json& request) { return scripted::result(request, result); });
}

/// `method` answered with the table's result changed by `edit`.
void edit(Server& s, const std::string& method, std::function<void(Json& result)> edit_result) {
  s.on(method, [&s, edit_result](const Json& request) {
    auto r = s.table(request);
    if (r.response && r.response->contains("result")) edit_result((*r.response)["result"]);
    return r;
  });
}

/// `method` refused with JSON-RPC error `code`.
void refuse(Server& s, const std::string& method, int code) {
  s.on(method, [code](const Json& request) { return scripted::error(request, code); });
}

/// `method` answered as the table says, after `before` on the same stream.
void preceded(Server& s, const std::string& method, std::vector<Json> before) {
  s.on(method, [&s, before](const Json& request) {
    auto r = s.table(request);
    r.related = before;
    return r;
  });
}

Json log_message(const std::string& level) {
  return {{"jsonrpc", "2.0"},
          {"method", "notifications/message"},
          {"params", {{"level", level}, {"data", "scripted"}}}};
}

// ---- the cases ------------------------------------------------------------------

struct Case {
  std::string name;  // the test's name
  std::string id;    // the check
  ProtocolVersion version = kLegacy;
  TransportKind kind = kHttp;
  std::function<void(Server&)> prepare;  // what both runs share (facts, fixtures)
  std::function<void(Server&)> breaks;   // the one exchange that breaks the rule
  Verdict verdict = Verdict::kFail;      // what the broken run gets
  std::string names;                     // what its message must say
};

void PrintTo(const Case& c, std::ostream* out) {
  *out << c.name;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases{
      // lifecycle
      {"InitResultWithoutServerInfo",
       "lifecycle.init.result",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { edit(s, "initialize", [](Json& r) { r.erase("serverInfo"); }); },
       Verdict::kFail,
       "serverInfo {name, version}"},
      {"VersionNotEchoed",
       "lifecycle.version.echo",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         edit(s, "initialize", [](Json& r) { r["protocolVersion"] = "2025-06-18"; });
       },
       Verdict::kFail,
       "protocolVersion 2025-11-25"},
      {"UnknownVersionEchoed",
       "lifecycle.version.counter-offer",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("initialize", [](const Json& request) {
           return scripted::result(request,
                                   {{"protocolVersion", request["params"]["protocolVersion"]},
                                    {"capabilities", Json::object()},
                                    {"serverInfo", {{"name", "x"}, {"version", "1"}}}});
         });
       },
       Verdict::kFail,
       "a counter-offer"},
      {"CounterOfferNotTheLatest",
       "lifecycle.version.latest",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("initialize", [&s](const Json& request) {
           auto r = s.table(request);
           if (request["params"]["protocolVersion"] == "2099-01-01")
             (*r.response)["result"]["protocolVersion"] = "2025-03-26";
           return r;
         });
       },
       Verdict::kWarn,
       "expected: 2025-11-25; got: 2025-03-26"},
      {"DeclaredToolsListRefused",
       "lifecycle.capabilities.declared",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { refuse(s, "tools/list", jsonrpc::kMethodNotFound); },
       Verdict::kFail,
       "tools/list to work (tools is declared)"},
      {"UndeclaredPromptsListed", "lifecycle.capabilities.declared", kModern, kHttp,
       [](Server& s) { s.facts.capabilities.erase("prompts"); },
       [](Server& s) {
         answer(s, "prompts/list", {{"prompts", Json::array()}});
       },
       Verdict::kFail, "prompts/list refused or prompts declared"},
      {"InitializedAnsweredWithABody",
       "lifecycle.initialized.accept",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("notifications/initialized", [](const Json&) {
           client::CallResult r;
           r.http_status = 200;
           r.response = Json::object();
           return r;
         });
       },
       Verdict::kFail,
       "HTTP 202 without a body"},
      {"InstructionsNotAString", "lifecycle.instructions", kLegacy, kHttp,
       [](Server& s) { s.facts.init_result["instructions"] = "Start with echo."; },
       [](Server& s) { s.facts.init_result["instructions"] = 42; }, Verdict::kWarn,
       "expected: a string"},
      // ping
      {"PingResultNotEmpty",
       "util.ping.respond",
       kLegacy,
       kStdio,
       {},
       [](Server& s) {
         answer(s, "ping", {{"pong", true}});
       },
       Verdict::kFail,
       "an empty result"},
      {"PingStillServedAt2026",
       "util.ping.removed",
       kModern,
       kHttp,
       {},
       [](Server& s) { answer(s, "ping", Json::object()); },
       Verdict::kFail,
       "error -32601"},
      // pagination
      {"AToolOnTwoPages", "util.pagination.cursor", kLegacy, kHttp,
       [](Server& s) {
         // Two pages: the table's tools, then one more.
         s.on("tools/list", [&s](const Json& request) {
           if (request["params"].contains("cursor"))
             return scripted::result(request, {{"tools", {scripted::tool("second")}}});
           return scripted::result(request, {{"tools", s.facts.tools}, {"nextCursor", "page-2"}});
         });
       },
       [](Server& s) {
         s.on("tools/list", [&s](const Json& request) {
           Json page{{"tools", s.facts.tools}};
           if (!request["params"].contains("cursor")) page["nextCursor"] = "page-2";
           return scripted::result(request, page);
         });
       },
       Verdict::kWarn, "each item once across the pages of tools/list"},
      {"InvalidCursorServed",
       "util.pagination.invalid-cursor",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "tools/list", {{"tools", Json::array()}});
       },
       Verdict::kWarn,
       "error -32602 for tools/list"},
      // logging
      {"LogsWithoutTheCapability", "util.logging.capability", kLegacy, kHttp,
       [](Server& s) { s.facts.capabilities.erase("logging"); },
       [](Server& s) { preceded(s, "ping", {log_message("info")}); }, Verdict::kFail,
       "no notifications/message (logging is not declared)"},
      {"UnknownLevelAccepted",
       "util.logging.setlevel",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { answer(s, "logging/setLevel", Json::object()); },
       Verdict::kWarn,
       "error -32602 for level \"not-a-level\""},
      {"LogsForACallThatAskedForNone", "util.logging.v26", kModern, kHttp,
       [](Server& s) {
         s.on("tools/call", [&s](const Json& request) {
           auto r = s.table(request);
           if (member(request["params"]["_meta"], modern::kLogLevelKey) == "debug")
             r.related = {log_message("debug")};
           return r;
         });
       },
       [](Server& s) { preceded(s, "tools/call", {log_message("info")}); }, Verdict::kFail,
       "no notifications/message for a request that asks for no log level"},
      // completion
      {"CompletionWithoutTheCapability", "util.completion.capability", kLegacy, kHttp,
       [](Server& s) { s.facts.capabilities.erase("completions"); },
       [](Server& s) {
         answer(s, "completion/complete", {{"completion", {{"values", Json::array()}}}});
       },
       Verdict::kFail, "completion/complete refused (completions is not declared)"},
      {"CompletionValuesNotStrings",
       "util.completion.capability",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "completion/complete", {{"completion", {{"values", {1, 2}}}}});
       },
       Verdict::kFail,
       "a CompleteResult"},
      // cancellation
      {"UnknownCancellationRefused",
       "util.cancel.ignore-invalid",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("notifications/cancelled", [](const Json&) {
           client::CallResult r;
           r.http_status = 400;
           return r;
         });
       },
       Verdict::kWarn,
       "the cancellation accepted (2xx)"},
      {"CancellationAnswered",
       "util.cancel.ignore-invalid",
       kLegacy,
       kStdio,
       {},
       [](Server& s) {
         preceded(s, "ping", {{{"jsonrpc", "2.0"}, {"id", 987654321}, {"result", Json::object()}}});
       },
       Verdict::kWarn,
       "no response to a notification"},
      {"LateCancellationRefused",
       "util.cancel.race",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("notifications/cancelled", [](const Json&) {
           client::CallResult r;
           r.http_status = 500;
           return r;
         });
       },
       Verdict::kFail,
       "the late cancellation accepted or ignored"},
      {"ServerCancelsACall",
       "util.cancel.v26-server-cancel",
       kModern,
       kStdio,
       {},
       [](Server& s) {
         preceded(s, "tools/call",
                  {{{"jsonrpc", "2.0"},
                    {"method", "notifications/cancelled"},
                    {"params", {{"requestId", 1}}}}});
       },
       Verdict::kFail,
       "no notifications/cancelled"},
      // prompts
      {"PromptsFlagNotABoolean",
       "prompts.capability",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.facts.capabilities["prompts"]["listChanged"] = "yes"; },
       Verdict::kFail,
       "listChanged, a boolean"},
      {"PromptWithoutAName",
       "prompts.list.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "prompts/list", {{"prompts", {{{"description", "x"}}}}});
       },
       Verdict::kFail,
       "ListPromptsResult"},
      {"PromptMessageOfNoRole",
       "prompts.get.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(
             s, "prompts/get",
             {{"messages", {{{"role", "robot"}, {"content", {{"type", "text"}, {"text", "x"}}}}}}});
       },
       Verdict::kFail,
       "GetPromptResult"},
      {"UnknownPromptServed",
       "prompts.get.errors",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "prompts/get", {{"messages", Json::array()}});
       },
       Verdict::kWarn,
       "error -32602 for an unknown prompt"},
      {"ObjectArgumentServed",
       "prompts.validate",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "prompts/get", {{"messages", Json::array()}});
       },
       Verdict::kWarn,
       "given an object"},
      // resources
      {"ResourcesFlagNotABoolean",
       "resources.capability",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.facts.capabilities["resources"]["subscribe"] = 1; },
       Verdict::kFail,
       "subscribe, a boolean"},
      {"ResourceWithoutAUri",
       "resources.list.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "resources/list", {{"resources", {{{"name", "x"}}}}});
       },
       Verdict::kFail,
       "ListResourcesResult"},
      {"ContentsWithoutAUri",
       "resources.read.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "resources/read", {{"contents", {{{"text", "hello"}}}}});
       },
       Verdict::kFail,
       "test://hello"},
      {"MissingResourceServedEmpty",
       "resources.read.not-found",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "resources/read", {{"contents", Json::array()}});
       },
       Verdict::kWarn,
       "error -32002 (resource not found)"},
      {"MissingResourceIsRetiredCode",
       "resources.read.unknown-uri",
       kModern,
       kHttp,
       {},
       [](Server& s) { refuse(s, "resources/read", -32002); },
       Verdict::kFail,
       "error -32602"},
      {"InvalidUriRead",
       "resources.uri.validate",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "resources/read", {{"contents", {{{"uri", "x"}, {"text", "x"}}}}});
       },
       Verdict::kFail,
       "an error for"},
      {"TemplateWithoutUriTemplate",
       "resources.templates",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "resources/templates/list", {{"resourceTemplates", {{{"name", "x"}}}}});
       },
       Verdict::kFail,
       "ListResourceTemplatesResult"},
      {"SubscribeRefused",
       "resources.subscribe",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { refuse(s, "resources/subscribe", jsonrpc::kMethodNotFound); },
       Verdict::kWarn,
       "an empty result for resources/subscribe"},
      // tools
      {"ToolsFlagNotABoolean",
       "tools.capability",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.facts.capabilities["tools"]["listChanged"] = "yes"; },
       Verdict::kFail,
       "listChanged, a boolean"},
      {"ToolWithoutInputSchema",
       "tools.list.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "tools/list", {{"tools", {{{"name", "echo"}}}}});
       },
       Verdict::kFail,
       "ListToolsResult"},
      {"ToolNameWithASpace",
       "tools.name.rules",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.facts.tools.push_back(scripted::tool("bad name")); },
       Verdict::kWarn,
       "bad name"},
      {"InputSchemaNotAnObjectSchema",
       "tools.inputSchema.valid",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         auto broken = scripted::tool("broken");
         broken["inputSchema"] = "an object, it is not";
         s.facts.tools.push_back(broken);
       },
       Verdict::kFail,
       "broken"},
      {"ContentOfAnUnknownType",
       "tools.call.result",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "tools/call", {{"content", {{{"type", "hologram"}}}}});
       },
       Verdict::kFail,
       "hologram"},
      {"UnknownToolServed",
       "tools.call.unknown-tool",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "tools/call", {{"content", {{{"type", "text"}, {"text", "ok"}}}}});
       },
       Verdict::kWarn,
       "unknown"},
      {"MalformedCallServed",
       "tools.call.malformed",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         answer(s, "tools/call", {{"content", {{{"type", "text"}, {"text", "ok"}}}}});
       },
       Verdict::kWarn,
       "error -32602 for tools/call"},
      {"HostileArgumentsGoUnanswered",
       "tools.call.validate-inputs",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.on("tools/call", [](const Json&) { return scripted::no_answer(); }); },
       Verdict::kFail,
       "an answer (result, error or 4xx)"},
      {"AnnotationOfTheWrongType",
       "tools.annotations.schema",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { s.facts.tools.front()["annotations"]["destructiveHint"] = "no"; },
       Verdict::kWarn,
       "destructiveHint"},
      {"EmbeddedResourceWithoutTheCapability", "tools.embedded-resource.cap", kLegacy, kHttp,
       [](Server& s) {
         answer(s, "tools/call",
                {{"content",
                  {{{"type", "resource"}, {"resource", {{"uri", "test://x"}, {"text", "x"}}}}}}});
       },
       [](Server& s) { s.facts.capabilities.erase("resources"); }, Verdict::kWarn, "resources"},
      {"ListOrderChanges", "tools.v26.list-order", kModern, kHttp,
       [](Server& s) { s.facts.tools.push_back(scripted::tool("second")); },
       [](Server& s) {
         s.on("tools/list", [&s, calls = std::make_shared<int>(0)](const Json& request) {
           auto r = s.table(request);
           if ((*calls)++ % 2 && has_result(r)) {
             auto& tools = (*r.response)["result"]["tools"];
             std::reverse(tools.begin(), tools.end());
           }
           return r;
         });
       },
       Verdict::kWarn, "the same order twice"},
      // versioning
      {"DiscoverWithoutServerInfo",
       "version.v26.discover-serverinfo",
       kModern,
       kHttp,
       {},
       [](Server& s) { edit(s, "server/discover", [](Json& r) { r.erase("_meta"); }); },
       Verdict::kWarn,
       "with a name"},
      {"UnsupportedVersionServed",
       "version.v26.unsupported",
       kModern,
       kHttp,
       {},
       [](Server& s) { answer(s, "server/discover", s.facts.init_result); },
       Verdict::kFail,
       "error -32022"},
      {"RefusedInitializeListsNothing",
       "version.v26.legacy-initialize",
       kModern,
       kHttp,
       {},
       [](Server& s) { refuse(s, "initialize", jsonrpc::kMethodNotFound); },
       Verdict::kWarn,
       "data.supported"},
      {"DiscoverWithoutSupportedVersions",
       "version.v26.discover",
       kModern,
       kHttp,
       {},
       [](Server& s) { edit(s, "server/discover", [](Json& r) { r.erase("supportedVersions"); }); },
       Verdict::kFail,
       "supportedVersions"},
      {"DiscoverFailsAfterInitialize", "version.v26.dual-era", kModern, kHttp,
       [](Server& s) {
         s.on("initialize", [](const Json& request) {
           return scripted::result(request, {{"protocolVersion", "2025-11-25"},
                                             {"capabilities", Json::object()},
                                             {"serverInfo", {{"name", "x"}, {"version", "1"}}}});
         });
       },
       [](Server& s) { refuse(s, "server/discover", jsonrpc::kInternalError); }, Verdict::kWarn,
       "a server/discover result after an initialize"},
      {"AnExtensionResultType", "version.v26.extension-fallback", kModern, kHttp,
       [](Server& s) {
         s.facts.capabilities["extensions"] = {{"io.example/tasks", Json::object()}};
       },
       [](Server& s) { edit(s, "tools/list", [](Json& r) { r["resultType"] = "task"; }); },
       Verdict::kFail, "tools/list"},
      // caching
      {"ListWithoutTtl",
       "cache.v26.fields",
       kModern,
       kHttp,
       {},
       [](Server& s) { edit(s, "tools/list", [](Json& r) { r.erase("ttlMs"); }); },
       Verdict::kFail,
       "ttlMs"},
      // mrtr
      {"InputRequiredOnAList",
       "mrtr.v26.scope",
       kModern,
       kHttp,
       {},
       [](Server& s) {
         edit(s, "tools/list", [](Json& r) {
           r = {{"resultType", "input_required"}, {"inputRequests", Json::object()}};
         });
       },
       Verdict::kFail,
       "tools/list"},
  };
  return kCases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

class BrokenExchange : public ::testing::TestWithParam<Case> {};

TEST_P(BrokenExchange, FailsNamingTheRuleWhereTheSameServerUnbrokenPasses) {
  const auto& c = GetParam();
  Server control(c.version, c.kind);
  if (c.prepare) c.prepare(control);
  const auto passed = control.run(c.id);
  EXPECT_EQ(passed.verdict, Verdict::kPass) << c.id << " unbroken: " << passed;

  Server broken(c.version, c.kind);
  if (c.prepare) c.prepare(broken);
  c.breaks(broken);
  const auto failed = broken.run(c.id);
  EXPECT_EQ(failed.verdict, c.verdict) << c.id << " broken: " << failed;
  EXPECT_THAT(failed.message, HasSubstr(c.names)) << c.id;
}

INSTANTIATE_TEST_SUITE_P(OneRuleBroken, BrokenExchange, ::testing::ValuesIn(cases()), case_name);

}  // namespace
}  // namespace mcp::conformance

namespace mcp::conformance {
namespace {

/// The areas whose checks the scripted server can take whole (see the report
/// of issue 14 for the rest: transport-http, authorization and transport-sse
/// open connections of their own or judge HTTP headers the table does not
/// script; base, progress, tasks and openai are being changed elsewhere).
const std::set<std::string> kScriptedAreas{
    "lifecycle", "ping",  "pagination", "logging", "completion",    "cancellation", "prompts",
    "resources", "tools", "versioning", "caching", "subscriptions", "mrtr"};

/// Checks of those areas that need more than the table over Streamable HTTP:
/// a subscriptions/listen stream, opened on a connection of their own.
const std::set<std::string> kOwnConnections{
    "subs.v26.ack", "subs.v26.filter", "subs.v26.subscription-id", "subs.v26.no-request-scoped",
    "util.cancel.v26-server-cancel"};

/// Wrong verdicts found here, reported (issue 14) and left to the check's
/// owner: against a server that offers nothing, the check fails.
const std::map<std::string, std::string> kWrongOnAServerOfferingNothing{
    {"util.cancel.v26-server-cancel",
     "fails (a MUST) with \"the server's answers to judge; got: none\" when the server lists "
     "no tool and declares no list changes: nothing to judge, which is a skip"}};

std::vector<std::string> scripted_checks() {
  std::vector<std::string> ids;
  for (const auto* check : catalogue().checks()) {
    if (kScriptedAreas.count(check->info.area) && check->info.id != "tools.call.input-validation")
      ids.push_back(check->info.id);
  }
  return ids;
}

class CorrectServer : public ::testing::TestWithParam<std::string> {};

TEST_P(CorrectServer, PassesOrIsSkippedNeverFailsAtAnyVersionOverAnyTransport) {
  const auto& info = catalogue().find(GetParam())->info;
  int passes = 0;
  for (const auto version : all_protocol_versions()) {
    if (!info.versions.contains(version)) continue;
    for (const auto kind : {kHttp, TransportKind::kLegacySse, kStdio}) {
      if (kind == TransportKind::kLegacySse && is_modern(version)) continue;
      for (const auto offer : {scripted::everything, scripted::nothing}) {
        Server server(offer(version, kind));
        const auto verdict = server.run(info.id);
        passes += verdict.verdict == Verdict::kPass;
        if (kOwnConnections.count(info.id) && kind == kHttp) continue;
        if (kWrongOnAServerOfferingNothing.count(info.id) && offer == scripted::nothing) continue;
        EXPECT_TRUE(verdict.verdict == Verdict::kPass || verdict.verdict == Verdict::kSkip)
            << info.id << " at " << to_string(version) << " over " << client::to_string(kind)
            << (offer == scripted::nothing ? " (nothing offered)" : "") << ": " << verdict;
      }
    }
  }
  RecordProperty("passes", passes);
}

INSTANTIATE_TEST_SUITE_P(ScriptedAreas, CorrectServer, ::testing::ValuesIn(scripted_checks()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (auto& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace mcp::conformance

namespace mcp::conformance {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::AnyNumber;

MATCHER_P(Calls, tool, "a tools/call of " + std::string(tool)) {
  return scripted::method_of(arg) == "tools/call" && member(member(arg, "params"), "name") == tool;
}
MATCHER_P(Requests, method, "a " + std::string(method) + " request") {
  return scripted::method_of(arg) == method;
}
MATCHER(HasAnId, "with an id") {
  const auto id = member(arg, "id");
  return id.is_string() || id.is_number_integer();
}

TEST(WhatAChecksSends, PingIsARequestWithAnId) {
  Server server(kLegacy);
  server.on_transport = [](scripted::MockStreamableHttp& transport) {
    EXPECT_CALL(transport, request(_, _)).Times(AnyNumber());
    EXPECT_CALL(transport, notify(_, _)).Times(AnyNumber());
    EXPECT_CALL(transport, request(Requests("ping"), _)).Times(0);
    EXPECT_CALL(transport, request(AllOf(Requests("ping"), HasAnId()), _)).Times(1);
    EXPECT_CALL(transport, notify(Requests("ping"), _)).Times(0);
  };
  EXPECT_EQ(server.run("util.ping.respond").verdict, Verdict::kPass);
  EXPECT_EQ(server.received("ping").size(), 1u);
}

/// A run must not change the user's data: with a destructive tool listed first,
/// no check of the catalogue calls it, at any version.
TEST(WhatAChecksSends, NoCheckCallsAToolThatIsNotReadOnly) {
  auto destructive = scripted::tool("delete_everything", false);
  destructive["inputSchema"] = {{"type", "object"}};  // arguments that anyone can make
  destructive["annotations"]["destructiveHint"] = true;
  destructive["execution"] = {{"taskSupport", "required"}};  // what the tasks checks look for
  for (const auto version : all_protocol_versions()) {
    for (const auto* check : catalogue().checks()) {
      if (!check->info.versions.contains(version)) continue;
      Server server(version, kHttp);
      server.facts.tools.insert(server.facts.tools.begin(), destructive);
      server.on_transport = [&](scripted::MockStreamableHttp& transport) {
        // Anything else goes to the table; newer expectations take precedence.
        EXPECT_CALL(transport, request(_, _)).Times(AnyNumber());
        EXPECT_CALL(transport, request_with_headers(_, _, _)).Times(AnyNumber());
        EXPECT_CALL(transport, request(Calls("delete_everything"), _)).Times(0);
        EXPECT_CALL(transport, request_with_headers(Calls("delete_everything"), _, _)).Times(0);
      };
      SCOPED_TRACE(check->info.id + " at " + std::string(to_string(version)));
      server.run(check->info.id);
      for (const auto& m : server.received("tools/call"))
        EXPECT_NE(member(m["params"], "name"), "delete_everything") << brief(m);
    }
  }
}

}  // namespace
}  // namespace mcp::conformance
