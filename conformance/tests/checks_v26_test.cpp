// 2026-07-28 checks that no fault of the reference server breaks, shown failing
// against a small scripted server (or broken tool definitions): what each one
// catches, and that it passes when the server behaves.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include "conformance/run_steps.hpp"
#include "conformance/runner.hpp"
#include "protocol/jsonrpc.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;

/// A 2026-07-28 server at /mcp that answers each request as `answer` says
/// (a result object, or an error response made with error()).
class ScriptedServer {
 public:
  using Answer = std::function<Json(const Json& request)>;
  explicit ScriptedServer(Answer answer) : answer_(std::move(answer)) {
    server_.http().Post("/mcp", [this](const httplib::Request& req, httplib::Response& res) {
      const auto request = jsonrpc::parse(req.body).value.value_or(Json::object());
      auto reply = answer_(request);
      if (!reply.contains("error")) {
        if (!reply.contains("resultType")) reply["resultType"] = "complete";
        reply = Json{{"result", std::move(reply)}};
      }
      reply["jsonrpc"] = "2.0";
      reply["id"] = request.value("id", Json());
      res.set_content(reply.dump(), "application/json");
    });
    server_.start();
  }
  std::string url() const { return server_.url(); }

 private:
  Answer answer_;
  testing::TestHttpServer server_;
};

Json error(int code) {
  return Json{{"error", {{"code", code}, {"message", "scripted"}}}};
}

Json tool(const std::string& name, Json properties = Json::object()) {
  return Json{{"name", name},
              {"inputSchema", {{"type", "object"}, {"properties", std::move(properties)}}}};
}

/// The capabilities a request declared in its envelope.
Json declared(const Json& request) {
  return request["params"]["_meta"].value(modern::kClientCapabilitiesKey, Json::object());
}

/// Runs catalogue check `id` at 2026-07-28 against `url`, with `facts` as the probe's.
Outcome run(const std::string& id, const std::string& url, ServerFacts facts) {
  static const SchemaAudit schemas;
  Target target;
  target.url = url;
  facts.version = ProtocolVersion::k2026_07_28;
  facts.speaks_legacy = false;
  CheckContext context(target, facts, schemas);
  const auto* check = catalogue().find(id);
  if (!check) return Outcome::error("no check " + id);
  return run_check(*check, context);
}

ServerFacts with_tools(std::vector<Json> tools) {
  ServerFacts facts;
  facts.capabilities = {{"tools", Json::object()}};
  facts.tools = std::move(tools);
  return facts;
}

TEST(ChecksV26, XMcpHeaderMarksMustBeUniqueTokensOnSimpleProperties) {
  const auto marked = [](const Json& header, const std::string& type = "string") {
    return Json{{"type", type}, {"x-mcp-header", header}};
  };
  const auto verdict = [&](Json properties) {
    return run("transport.http.v26.x-mcp-header-valid", "",
               with_tools({tool("plain"), tool("marked", std::move(properties))}))
        .verdict;
  };
  EXPECT_EQ(verdict({{"region", marked("Region")}, {"count", marked("Count", "integer")}}),
            Verdict::kPass);
  EXPECT_EQ(verdict({{"region", marked("Bad Name")}}), Verdict::kFail) << "not a token";
  EXPECT_EQ(verdict({{"a", marked("Region")}, {"b", marked("region")}}), Verdict::kFail)
      << "twice, ignoring case";
  EXPECT_EQ(verdict({{"tags", marked("Tags", "array")}}), Verdict::kFail) << "not a simple type";
}

TEST(ChecksV26, ToolsListInAnotherOrderEachTimeBreaksListOrder) {
  std::atomic<int> calls = 0;
  ScriptedServer server([&](const Json&) {
    Json tools = Json::array({tool("a"), tool("b")});
    if (calls++ % 2 == 1) std::swap(tools[0], tools[1]);
    return Json{{"tools", tools}};
  });
  const auto outcome = run("tools.v26.list-order", server.url(), with_tools({}));
  EXPECT_EQ(outcome.verdict, Verdict::kFail) << outcome.message;
}

TEST(ChecksV26, AListThatDependsOnTheCapabilitiesBreaksListStable) {
  ScriptedServer server([](const Json& request) {
    Json tools = Json::array({tool("a")});
    if (!declared(request).contains("sampling")) tools.push_back(tool("needs-no-sampling"));
    return Json{{"tools", tools}};
  });
  const auto outcome = run("tools.v26.list-stable", server.url(), with_tools({}));
  EXPECT_EQ(outcome.verdict, Verdict::kFail) << outcome.message;

  ScriptedServer steady([](const Json&) { return Json{{"tools", {tool("a"), tool("b")}}}; });
  EXPECT_EQ(run("tools.v26.list-stable", steady.url(), with_tools({})).verdict, Verdict::kPass);
  EXPECT_EQ(run("tools.v26.list-order", steady.url(), with_tools({})).verdict, Verdict::kPass);
}

TEST(ChecksV26, ReservedCodesFailAndLegacyServerCodesWarn) {
  const auto verdict = [](int code) {
    ScriptedServer server([code](const Json&) { return error(code); });
    return run("base.v26.error-code-ranges", server.url(), ServerFacts{}).verdict;
  };
  EXPECT_EQ(verdict(jsonrpc::kMethodNotFound), Verdict::kPass);
  EXPECT_EQ(verdict(-32050), Verdict::kFail) << "reserved for the spec";
  EXPECT_EQ(verdict(-32042), Verdict::kFail) << "retired";
  EXPECT_EQ(verdict(-32001), Verdict::kWarn) << "should not be used by new servers";
}

TEST(ChecksV26, AnEndpointThatRefusesPostBreaksTransportEndpoint) {
  testing::TestHttpServer server;
  server.http().Post("/mcp",
                     [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
  server.start();
  const auto outcome = run("transport.http.v26.endpoint", server.url(), ServerFacts{});
  EXPECT_EQ(outcome.verdict, Verdict::kFail) << outcome.message;
}

TEST(ChecksV26, AnExtensionResultToAClientWithoutExtensionsBreaksTheFallback) {
  ScriptedServer server([](const Json& request) {
    if (request["method"] == "server/discover") {
      return Json{{"supportedVersions", {"2026-07-28"}},
                  {"capabilities", {{"tools", Json::object()}}}};
    }
    return Json{{"resultType", "task"}, {"task", {{"taskId", "t1"}, {"status", "working"}}}};
  });
  const auto outcome = run("version.v26.extension-fallback", server.url(), with_tools({}));
  EXPECT_EQ(outcome.verdict, Verdict::kFail) << outcome.message;

  // Core results pass only where the server declares an extension to fall back from.
  ScriptedServer core([](const Json&) { return Json{{"tools", Json::array()}}; });
  auto extended = with_tools({});
  extended.capabilities["extensions"] = {{"io.example/tasks", Json::object()}};
  EXPECT_EQ(run("version.v26.extension-fallback", core.url(), extended).verdict, Verdict::kPass);
  EXPECT_EQ(run("version.v26.extension-fallback", core.url(), with_tools({})).verdict,
            Verdict::kSkip);
}

// A message that breaks the schema in another check's exchange fails the schema
// check only in the roll-up after every check ran; the live line must say so
// too, not the pass the schema check's own exchanges earned.
TEST(ChecksV26, TheSchemaCheckIsReportedLiveWithItsRolledUpVerdict) {
  const Json only_id_echo_sends = "req-\u00e4-1 \U0001F642";
  ScriptedServer server([&](const Json& request) {
    if (request.value("method", "") == "initialize") return error(-32022);
    Json discover{{"supportedVersions", {"2026-07-28"}},
                  {"capabilities", Json::object()},
                  {"ttlMs", 0},
                  {"cacheScope", "private"}};
    if (request.value("id", Json()) == only_id_echo_sends) discover["supportedVersions"] = 5;
    return discover;
  });
  RunOptions options;
  options.target.url = server.url();
  options.protocol_version = "2026-07-28";
  options.only = {"base.message.schema", "base.response.id-echo"};
  std::optional<Verdict> live;
  const auto result = Runner(options).run([&](const Progress& p) {
    if (p.check == "base.message.schema") live = p.verdict;
  });
  std::optional<std::string> reported;
  for (const auto& suite : result.report.suites) {
    for (const auto& c : suite.cases) {
      if (c.id == "base.message.schema") reported = std::string(reports::to_string(c.verdict));
    }
  }
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(*live, Verdict::kFail);
  EXPECT_EQ(reported, std::optional<std::string>("fail"));
}

}  // namespace
}  // namespace mcp::conformance
