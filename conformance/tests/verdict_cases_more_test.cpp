// The checks issue 14 fixed, each judged on scripted exchanges three ways: a
// server that keeps the rule (pass), one that breaks it (a failure or warning
// naming the rule), and one that shows nothing the rule is about (a skip or an
// error, never a pass). Then what makes the fixes hold: a refusal that valid
// arguments get too shows no input validation, progress found through the
// progress sample, and no tools/call of a tool the run may not call.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "conformance/tests/scripted_server.hpp"
#include "protocol/headers.hpp"

namespace mcp::conformance {
namespace {

using client::TransportKind;
using reports::Verdict;
using scripted::Server;
using ::testing::_;
using ::testing::AnyNumber;
using ::testing::HasSubstr;

constexpr auto kLegacy = kLatestLegacyVersion;
constexpr auto kModern = kLatestModernVersion;
constexpr auto kHttp = TransportKind::kStreamableHttp;
constexpr auto kStdio = TransportKind::kStdio;

// ---- scripted answers -----------------------------------------------------------

Json notification(const std::string& method, Json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

Json progress(const Json& token, double value) {
  return notification("notifications/progress", {{"progressToken", token}, {"progress", value}});
}

Json token_of(const Json& request) {
  return member(member(member(request, "params"), "_meta"), "progressToken");
}

Json tool_name_of(const Json& request) {
  return member(member(request, "params"), "name");
}

/// tools/call answered as the table says, after what `before` makes of the request.
void calls_preceded(Server& s, std::function<std::vector<Json>(const Json& request)> before) {
  s.on("tools/call", [&s, before](const Json& request) {
    auto r = s.table(request);
    r.related = before(request);
    return r;
  });
}

/// tools/call answered with `result` instead of the table's.
void calls_answered(Server& s, Json result) {
  s.on("tools/call", [result](const Json& request) { return scripted::result(request, result); });
}

Json text_result(const std::string& text, bool is_error) {
  return {{"content", {{{"type", "text"}, {"text", text}}}}, {"isError", is_error}};
}

/// Each tools/call with a progress token gets progress 1 then 2 for it.
void progress_for_each_token(Server& s) {
  calls_preceded(s, [](const Json& request) {
    const auto token = token_of(request);
    if (token.is_null()) return std::vector<Json>{};
    return std::vector<Json>{progress(token, 1), progress(token, 2)};
  });
}

// ---- Streamable HTTP answers on SSE streams whose events carry ids -------------------

/// A Streamable HTTP transport that answers every request from the table on
/// an SSE stream of two events (a priming event and the response), with the
/// ids `ids` gives for the nth stream (the table's transport has no event ids).
void sse_with_event_ids(Server& s, std::function<std::vector<std::string>(int stream)> ids) {
  ON_CALL(s.connector(), connect(_, kHttp, _))
      .WillByDefault([&s, ids, streams = std::make_shared<std::atomic<int>>(0)](
                         const Target&, TransportKind, client::Transcript& transcript) {
        client::HttpSettings settings;
        settings.url = s.target.url;
        settings.deadlines = s.target.deadlines;
        auto transport = std::make_unique<::testing::NiceMock<scripted::MockStreamableHttp>>(
            settings, &transcript);
        auto* http = transport.get();
        ON_CALL(*transport, kind()).WillByDefault(::testing::Return(kHttp));
        const auto send = [&s, ids, streams, &transcript, http](const Json& message,
                                                                const std::string& label) {
          auto answer = s.answer(message);
          client::Exchange e;
          e.label = label;
          e.method = "POST";
          e.request_body = message.dump();
          e.status = answer.http_status;
          e.started_ms = e.first_byte_ms = e.completed_ms = transcript.now_ms();
          if (scripted::method_of(message) == "initialize" && s.facts.issues_sessions) {
            http->set_session_id("scripted-session");
            e.response_headers.emplace_back(headers::kSessionId, "scripted-session");
          }
          if (answer.response && scripted::method_of(message) != "initialize") {
            const auto event_ids = ids((*streams)++);
            e.sse = true;
            e.response_headers.emplace_back("Content-Type", "text/event-stream");
            e.events.push_back({e.started_ms, "message", event_ids.at(0), "", std::nullopt});
            e.events.push_back(
                {e.started_ms, "message", event_ids.at(1), answer.response->dump(), std::nullopt});
            answer.content_type = "text/event-stream";
          } else if (answer.response) {
            e.response_body = answer.response->dump();
          }
          answer.exchanges.push_back(transcript.add(std::move(e)));
          return answer;
        };
        ON_CALL(*transport, request(_, _)).WillByDefault(send);
        ON_CALL(*transport, notify(_, _)).WillByDefault(send);
        ON_CALL(*transport, request_with_headers(_, _, _))
            .WillByDefault([send](const Json& m, const std::string& label, const client::Headers&) {
              return send(m, label);
            });
        ON_CALL(*transport, notify_with_headers(_, _, _))
            .WillByDefault([send](const Json& m, const std::string& label, const client::Headers&) {
              return send(m, label);
            });
        return std::unique_ptr<client::Transport>(std::move(transport));
      });
}

// ---- pass, fail and no evidence for each check ----------------------------------

struct Trio {
  std::string name;
  std::string id;
  ProtocolVersion version = kLegacy;
  TransportKind kind = kHttp;
  std::function<void(Server&)> passes;         // a server that keeps the rule and shows it
  std::function<void(Server&)> breaks;         // one that breaks it
  Verdict broken = Verdict::kFail;             // what that gets
  std::string names;                           // what its message must say
  std::function<void(Server&)> shows_nothing;  // one that shows nothing the rule is about
  std::string says;                            // what that skip or error must say ("" any)
};

void PrintTo(const Trio& t, std::ostream* out) {
  *out << t.name;
}

const std::vector<Trio>& trios() {
  const auto silent = [](Server& s) { s.go_silent(); };
  static const std::vector<Trio> kTrios{
      // progress: tokens are "p-1", 7 (and one call without a token)
      {"ProgressTokenOnly",
       "util.progress.token-only",
       kLegacy,
       kHttp,
       progress_for_each_token,
       [](Server& s) {
         calls_preceded(s, [](const Json&) { return std::vector<Json>{progress("bogus", 1)}; });
       },
       Verdict::kFail,
       "only the token of the request in progress",
       {},
       "no progress notifications to judge"},
      {"ProgressTokenOnlyStdio", "util.progress.token-only", kLegacy, kStdio,
       progress_for_each_token,
       [](Server& s) {
         // Progress for the call that asked for none.
         calls_preceded(s, [](const Json& request) {
           const auto token = token_of(request);
           return std::vector<Json>{progress(token.is_null() ? Json("stray") : token, 1)};
         });
       },
       Verdict::kFail, "no progress for a call made without a progress token", silent, ""},
      {"ProgressMonotonic",
       "util.progress.monotonic",
       kLegacy,
       kHttp,
       progress_for_each_token,
       [](Server& s) {
         calls_preceded(s, [](const Json& request) {
           const auto token = token_of(request);
           if (token.is_null()) return std::vector<Json>{};
           return std::vector<Json>{progress(token, 2), progress(token, 1)};
         });
       },
       Verdict::kFail,
       "progress increasing with every notification",
       {},
       "no progress notifications to judge"},
      {"ProgressAfterCompletion",
       "util.progress.after-completion",
       kLegacy,
       kHttp,
       progress_for_each_token,
       [](Server& s) {
         // The second call's stream carries progress for the first, answered, call.
         calls_preceded(s, [](const Json& request) {
           if (token_of(request) == Json(7)) return std::vector<Json>{progress("p-1", 5)};
           return std::vector<Json>{};
         });
       },
       Verdict::kFail,
       "no progress for token \"p-1\" after the response",
       {},
       "no progress notifications to judge"},
      // notifications carry no id, over Streamable HTTP and stdio
      {"NotificationNoIdHttp",
       "base.notification.no-id",
       kLegacy,
       kHttp,
       [](Server& s) {
         calls_preceded(s, [](const Json&) {
           return std::vector<Json>{
               notification("notifications/message", {{"level", "info"}, {"data", "x"}})};
         });
       },
       [](Server& s) {
         calls_preceded(s, [](const Json&) {
           auto with_id = progress("conformance-progress", 1);
           with_id["id"] = 99;
           return std::vector<Json>{with_id};
         });
       },
       Verdict::kFail,
       "no id on notifications",
       {},
       "the server sent no notifications"},
      {"NotificationNoIdStdio",
       "base.notification.no-id",
       kLegacy,
       kStdio,
       [](Server& s) {
         calls_preceded(
             s, [](const Json&) { return std::vector<Json>{progress("conformance-progress", 1)}; });
       },
       [](Server& s) {
         calls_preceded(s, [](const Json&) {
           auto with_id = progress("conformance-progress", 1);
           with_id["id"] = "n-1";
           return std::vector<Json>{with_id};
         });
       },
       Verdict::kFail,
       "no id on notifications",
       {},
       "the server sent no notifications"},
      // input validation (a SHOULD)
      {"InputValidation",
       "tools.call.input-validation",
       kLegacy,
       kHttp,
       {},
       [](Server& s) { calls_answered(s, text_result("ok", false)); },
       Verdict::kWarn,
       "isError: true for",
       silent,
       ""},
      {"InputValidationInvalidParamsSince20251125",
       "tools.call.input-validation",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("tools/call", [&s](const Json& request) {
           if (member(member(request, "params"), "arguments") == s.facts.call_arguments)
             return s.table(request);
           return scripted::error(request, jsonrpc::kInvalidParams, "bad arguments");
         });
       },
       Verdict::kWarn,
       "a tool execution error (isError: true)",
       [](Server& s) { calls_answered(s, text_result("down for maintenance", true)); },
       "get the same refusal"},
      // tasks
      {"TasksNegotiation",
       "tasks.v25c.negotiation",
       ProtocolVersion::k2025_11_25,
       kHttp,
       [](Server& s) {
         s.on("tools/call", [&s](const Json& request) {
           const auto& params = request["params"];
           if (params["name"] == "long_job" ? !params.contains("task") : params.contains("task"))
             return scripted::error(request, jsonrpc::kMethodNotFound, "task support");
           return s.table(request);
         });
       },
       {},  // the table runs whatever it is asked: long_job without a task
       Verdict::kFail,
       "error -32601 for long_job (taskSupport required) called without a task",
       silent,
       ""},
      // lifecycle
      {"CounterOffer",
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
       "a counter-offer (2099-01-01 is no MCP version",
       [](Server& s) { s.on("initialize", [](const Json&) { return scripted::no_answer(); }); },
       ""},
      {"CounterOfferInvalidParams",
       "lifecycle.version.counter-offer",
       kLegacy,
       kHttp,
       {},
       [](Server& s) {
         s.on("initialize", [&s](const Json& request) {
           if (request["params"]["protocolVersion"] == "2099-01-01")
             return scripted::error(request, jsonrpc::kInvalidParams, "unsupported version");
           return s.table(request);
         });
       },
       Verdict::kWarn,
       "error -32602 is only what the spec's own example shows",
       [](Server& s) { s.on("initialize", [](const Json&) { return scripted::no_answer(); }); },
       ""},
      {"Instructions",
       "lifecycle.instructions",
       kLegacy,
       kHttp,
       [](Server& s) { s.facts.init_result["instructions"] = "Start with echo."; },
       [](Server& s) { s.facts.init_result["instructions"] = Json::array({"a"}); },
       Verdict::kWarn,
       "expected: a string",
       {},
       "the server sends no instructions"},
      // tools
      {"EmbeddedResourceCapability",
       "tools.embedded-resource.cap",
       ProtocolVersion::k2025_06_18,
       kHttp,
       {},
       [](Server& s) {
         s.facts.capabilities.erase("resources");
         calls_answered(
             s, {{"content",
                  {{{"type", "resource"}, {"resource", {{"uri", "test://x"}, {"text", "x"}}}}}}});
       },
       Verdict::kWarn,
       "the resources capability (echo returns an embedded resource)",
       [](Server& s) { s.facts.capabilities.erase("resources"); },
       "nothing the rule is about"},
      {"ToolsListPaginate",
       "tools.list.paginate",
       kLegacy,
       kHttp,
       [](Server& s) {
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
       Verdict::kWarn,
       "each tool on one page only",
       {},
       "one page: no cursor to follow"},
      // transports
      {"EventIdsUnique",
       "transport.http.resume.event-id-unique",
       kLegacy,
       kHttp,
       [](Server& s) {
         sse_with_event_ids(s, [](int n) {
           return std::vector<std::string>{"s" + std::to_string(n) + "-0",
                                           "s" + std::to_string(n) + "-1"};
         });
       },
       [](Server& s) {
         sse_with_event_ids(s, [](int) { return std::vector<std::string>{"1", "2"}; });
       },
       Verdict::kFail,
       "unique event ids",
       {},
       "no SSE event ids used"},
      // versioning
      {"ExtensionFallback",
       "version.v26.extension-fallback",
       kModern,
       kHttp,
       [](Server& s) {
         s.facts.capabilities["extensions"] = {{"io.example/tasks", Json::object()}};
       },
       [](Server& s) {
         s.facts.capabilities["extensions"] = {{"io.example/tasks", Json::object()}};
         s.on("tools/call", [&s](const Json& request) {
           auto r = s.table(request);
           (*r.response)["result"]["resultType"] = "task";
           return r;
         });
       },
       Verdict::kFail,
       "tools/call answered with a core resultType",
       {},
       "the server declares no extensions"},
  };
  return kTrios;
}

/// The task-required tool the tasks cases list after the call-tool.
Json task_tool(bool read_only) {
  auto tool = scripted::tool("long_job", read_only);
  tool["inputSchema"] = {{"type", "object"}};
  tool["execution"] = {{"taskSupport", "required"}};
  if (!read_only) tool["annotations"]["destructiveHint"] = true;
  return tool;
}

/// What every server of a case lists beyond the table.
void listed_for(const Trio& t, Server& s) {
  if (t.id == "tasks.v25c.negotiation") s.facts.tools.push_back(task_tool(true));
}

class EachFixedCheck : public ::testing::TestWithParam<Trio> {};

TEST_P(EachFixedCheck, PassesOnEvidence) {
  const auto& t = GetParam();
  Server s(t.version, t.kind);
  listed_for(t, s);
  if (t.passes) t.passes(s);
  const auto verdict = s.run(t.id);
  EXPECT_EQ(verdict.verdict, Verdict::kPass) << t.id << ": " << verdict;
}

TEST_P(EachFixedCheck, FailsOrWarnsNamingTheRule) {
  const auto& t = GetParam();
  Server s(t.version, t.kind);
  listed_for(t, s);
  if (t.breaks) t.breaks(s);
  const auto verdict = s.run(t.id);
  EXPECT_EQ(verdict.verdict, t.broken) << t.id << ": " << verdict;
  EXPECT_THAT(verdict.message, HasSubstr(t.names)) << t.id;
}

TEST_P(EachFixedCheck, NeverPassesWithoutEvidence) {
  const auto& t = GetParam();
  Server s(t.version, t.kind);
  listed_for(t, s);
  if (t.shows_nothing) t.shows_nothing(s);
  const auto verdict = s.run(t.id);
  EXPECT_TRUE(verdict.verdict == Verdict::kSkip || verdict.verdict == Verdict::kError)
      << t.id << ": " << verdict;
  EXPECT_THAT(verdict.message, HasSubstr(t.says)) << t.id;
}

std::string trio_name(const ::testing::TestParamInfo<Trio>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(Issue14, EachFixedCheck, ::testing::ValuesIn(trios()), trio_name);

// ---- input validation: the same refusal for valid arguments shows nothing ------------

/// tools/call refused with isError: `valid_text` for the call-tool's own
/// arguments, `invalid_text` for any others.
void refused_with(Server& s, const std::string& valid_text, const std::string& invalid_text) {
  s.on("tools/call", [&s, valid_text, invalid_text](const Json& request) {
    const bool valid = member(member(request, "params"), "arguments") == s.facts.call_arguments;
    return scripted::result(request, text_result(valid ? valid_text : invalid_text, true));
  });
}

TEST(InputValidation, TheSameRefusalForValidArgumentsIsASkip) {
  Server s(kLegacy, kHttp);
  refused_with(s, "rate limited", "rate limited");
  const auto verdict = s.run("tools.call.input-validation");
  EXPECT_EQ(verdict.verdict, Verdict::kSkip) << verdict;
  EXPECT_THAT(verdict.message, HasSubstr("get the same refusal"));
  EXPECT_THAT(verdict.message, HasSubstr("does not show input validation"));
}

TEST(InputValidation, ADifferentRefusalForInvalidArgumentsPasses) {
  Server s(kLegacy, kHttp);
  refused_with(s, "rate limited", "text must be a string");
  const auto verdict = s.run("tools.call.input-validation");
  EXPECT_EQ(verdict.verdict, Verdict::kPass) << verdict;
  // Valid arguments first, then the broken ones.
  const auto calls = s.received("tools/call");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["params"]["arguments"], s.facts.call_arguments);
  EXPECT_NE(calls[1]["params"]["arguments"], s.facts.call_arguments);
}

// ---- progress through the progress sample ---------------------------------------------

TEST(Progress, OnlyTheProgressSampleSendsProgressAndThatIsEvidence) {
  for (const auto* id :
       {"util.progress.token-only", "util.progress.monotonic", "util.progress.after-completion"}) {
    Server s(kLegacy, kHttp);
    auto sample = scripted::tool("long_operation");
    sample["description"] = "Runs a while and reports progress";
    s.facts.tools.push_back(sample);
    calls_preceded(s, [](const Json& request) {
      if (tool_name_of(request) != "long_operation" || token_of(request).is_null())
        return std::vector<Json>{};
      return std::vector<Json>{progress(token_of(request), 1), progress(token_of(request), 2)};
    });
    const auto verdict = s.run(id);
    EXPECT_EQ(verdict.verdict, Verdict::kPass) << id << ": " << verdict;
    EXPECT_THAT(verdict.message, HasSubstr("2 progress notification(s)")) << id;
    // Called once, with a token.
    int sample_calls = 0;
    for (const auto& call : s.received("tools/call")) {
      if (tool_name_of(call) != "long_operation") continue;
      ++sample_calls;
      EXPECT_FALSE(token_of(call).is_null()) << brief(call);
    }
    EXPECT_EQ(sample_calls, 1) << id;
  }
}

TEST(Progress, ASampleThatIsNotReadOnlyIsNeverCalled) {
  Server s(kLegacy, kHttp);
  auto sample = scripted::tool("long_operation", /*read_only=*/false);
  sample["description"] = "Runs a while and reports progress";
  s.facts.tools.push_back(sample);
  progress_for_each_token(s);
  EXPECT_EQ(s.run("util.progress.token-only").verdict, Verdict::kPass);
  for (const auto& call : s.received("tools/call"))
    EXPECT_NE(tool_name_of(call), "long_operation");
}

// ---- tasks: only a tool the run may call is called -------------------------------------

MATCHER_P(Calls, tool, "a tools/call of " + std::string(tool)) {
  return scripted::method_of(arg) == "tools/call" && member(member(arg, "params"), "name") == tool;
}

/// The tasks server of the negotiation case, with long_job not read-only, and
/// a call-tool whose task support leaves nothing else to test.
void list_a_destructive_long_job(Server& s) {
  s.facts.tools.front()["execution"] = {{"taskSupport", "optional"}};
  s.facts.call_tool = s.facts.tools.front();
  s.facts.tools.push_back(task_tool(false));
  s.on("tools/call", [&s](const Json& request) {
    if (tool_name_of(request) == "long_job" && !request["params"].contains("task"))
      return scripted::error(request, jsonrpc::kMethodNotFound, "task support");
    return s.table(request);
  });
}

TEST(TasksNegotiation, AToolThatIsNotReadOnlyIsNeverCalledAndTheCheckSkips) {
  Server s(ProtocolVersion::k2025_11_25, kHttp);
  list_a_destructive_long_job(s);
  s.on_transport = [](scripted::MockStreamableHttp& transport) {
    EXPECT_CALL(transport, request(_, _)).Times(AnyNumber());
    EXPECT_CALL(transport, request_with_headers(_, _, _)).Times(AnyNumber());
    EXPECT_CALL(transport, request(Calls("long_job"), _)).Times(0);
    EXPECT_CALL(transport, request_with_headers(Calls("long_job"), _, _)).Times(0);
  };
  const auto verdict = s.run("tasks.v25c.negotiation");
  EXPECT_EQ(verdict.verdict, Verdict::kSkip) << verdict;
  EXPECT_THAT(verdict.message, HasSubstr("long_job is not annotated readOnlyHint"));
  EXPECT_THAT(verdict.message, HasSubstr("--allow-tool long_job"));
}

TEST(TasksNegotiation, TheSameToolNamedByTheUserIsCalled) {
  Server s(ProtocolVersion::k2025_11_25, kHttp);
  list_a_destructive_long_job(s);
  s.facts.allowed_tools.insert("long_job");
  s.on_transport = [](scripted::MockStreamableHttp& transport) {
    EXPECT_CALL(transport, request(_, _)).Times(AnyNumber());
    EXPECT_CALL(transport, request(Calls("long_job"), _)).Times(1);
  };
  const auto verdict = s.run("tasks.v25c.negotiation");
  EXPECT_EQ(verdict.verdict, Verdict::kPass) << verdict;
  EXPECT_THAT(verdict.message, HasSubstr("long_job without a task: -32601"));
}

// ---- no check calls a destructive tool, over any transport --------------------------

/// Every tools/call the server got naming `tool`, batches opened.
std::vector<Json> calls_of(const Server& s, const std::string& tool) {
  std::vector<Json> out;
  std::function<void(const Json&)> look = [&](const Json& m) {
    if (m.is_array()) {
      for (const auto& item : m)
        look(item);
    } else if (scripted::method_of(m) == "tools/call" && tool_name_of(m) == tool) {
      out.push_back(m);
    }
  };
  for (const auto& m : s.received())
    look(m);
  return out;
}

Json destructive_tool() {
  auto tool = scripted::tool("delete_everything", /*read_only=*/false);
  tool["inputSchema"] = {{"type", "object"}};  // arguments that anyone can make
  tool["annotations"]["destructiveHint"] = true;
  tool["description"] = "Deletes everything, reporting progress";  // what the progress sample seeks
  tool["execution"] = {{"taskSupport", "required"}};               // what the tasks checks seek
  return tool;
}

/// WhatAChecksSends.NoCheckCallsAToolThatIsNotReadOnly (verdict_cases_test.cpp)
/// covers Streamable HTTP with a read-only tool after the destructive one; here
/// the other transports, and a server whose only tool is destructive (the
/// probe then has no call-tool).
TEST(NoDestructiveCall, OverStdioAndHttpSseAndWhenItIsTheOnlyTool) {
  struct Setting {
    TransportKind kind;
    bool only_tool;
  };
  const Setting settings[] = {{kStdio, false}, {TransportKind::kLegacySse, false}, {kHttp, true}};
  int runs = 0;
  for (const auto version : all_protocol_versions()) {
    for (const auto& setting : settings) {
      if (setting.kind == TransportKind::kLegacySse && is_modern(version)) continue;
      for (const auto* check : catalogue().checks()) {
        if (!check->info.versions.contains(version)) continue;
        Server server(version, setting.kind);
        if (setting.only_tool) {
          server.facts.tools = {destructive_tool()};
          server.facts.call_tool = nullptr;
          server.facts.call_arguments = Json::object();
          server.facts.call_tool_note = "the server lists no tool annotated readOnlyHint";
        } else {
          server.facts.tools.insert(server.facts.tools.begin(), destructive_tool());
        }
        server.run(check->info.id);
        ++runs;
        for (const auto& call : calls_of(server, "delete_everything")) {
          ADD_FAILURE() << check->info.id << " at " << to_string(version) << " over "
                        << client::to_string(setting.kind)
                        << (setting.only_tool ? " (the only tool)" : "") << " sent " << brief(call);
        }
      }
    }
  }
  EXPECT_GT(runs, 0);
}

/// The control of the sweep: named by the user, the same tool is called.
TEST(NoDestructiveCall, AToolNamedByTheUserIsCalled) {
  Server server(ProtocolVersion::k2025_11_25, kStdio);
  server.facts.tools.insert(server.facts.tools.begin(), destructive_tool());
  server.facts.allowed_tools.insert("delete_everything");
  server.run("tasks.v25c.negotiation");
  EXPECT_EQ(calls_of(server, "delete_everything").size(), 1u);
}

}  // namespace
}  // namespace mcp::conformance
