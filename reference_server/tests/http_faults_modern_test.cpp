// The 2026-07-28 faults of the HTTP transport: each breaks its rule for a POST
// served by the 2026-07-28 rules, and the clean endpoint keeps it. The
// endpoint runs in the test (its requests handed to it as cpp-httplib would),
// with a catalogue that adds a tool whose arguments travel in Mcp-Param-*.
#include <gtest/gtest.h>
#include <httplib.h>

#include "protocol/headers.hpp"
#include "reference_server/faults.hpp"
#include "reference_server/http_admission.hpp"
#include "reference_server/http_streamable.hpp"
#include "reference_server/options.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::server {
namespace {

/// A tool with a string and an integer argument marked x-mcp-header.
Tool header_tool() {
  return Tool{.name = "locate",
              .description = "Answers where a region's shard is.",
              .input_schema = {{"type", "object"},
                               {"properties",
                                {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
                                 {"shard", {{"type", "integer"}, {"x-mcp-header", "Shard"}}}}}},
              .run = [](const Json&, ToolContext&) {
                return Json{{"content", Json::array({text_content("here")})}};
              }};
}

/// Streamable HTTP with the named faults, served in the test.
class Endpoint {
 public:
  explicit Endpoint(const std::vector<std::string>& faults = {})
      : hooks_(fault_hooks(faults)),
        catalog_(make_catalog()),
        dispatcher_(ServerInfo{.version = "t"}, *catalog_, 0, hooks_.mcp),
        admission_(options_, hooks_.http, sessions_, session_header_),
        endpoint_({.options = options_,
                   .hooks = hooks_.http,
                   .dispatcher = dispatcher_,
                   .admission = admission_,
                   .sessions = sessions_,
                   .streams = streams_,
                   .background = background_},
                  session_header_) {}
  ~Endpoint() {
    dispatcher_.cancel_all();
    background_.shutdown();
  }

  /// POSTs `body` with a well-behaved client's headers, `headers` replacing them.
  std::unique_ptr<httplib::Response> post(const Json& body, const httplib::Headers& headers = {}) {
    httplib::Request req;
    req.method = "POST";
    req.path = "/mcp";
    req.body = jsonrpc::serialize(body);
    req.headers = {{"Content-Type", "application/json"},
                   {"Accept", "application/json, text/event-stream"}};
    if (body.contains("method")) {
      req.headers.emplace(headers::kProtocolVersion, "2026-07-28");
      req.headers.emplace(headers::kMethod, body["method"].get<std::string>());
      const auto& params = body["params"];
      if (params.contains("name"))
        req.headers.emplace(headers::kName, params["name"].get<std::string>());
    }
    for (const auto& [name, value] : headers) {
      req.headers.erase(name);
      if (!value.empty()) req.headers.emplace(name, value);
    }
    auto res = std::make_unique<httplib::Response>();
    endpoint_.post(req, *res);
    return res;
  }

  /// A GET (with Accept: text/event-stream) or DELETE naming protocol 2026-07-28.
  std::unique_ptr<httplib::Response> without_body(const std::string& method) {
    httplib::Request req;
    req.method = method;
    req.path = "/mcp";
    req.headers = {{headers::kProtocolVersion, "2026-07-28"}, {"Accept", "text/event-stream"}};
    auto res = std::make_unique<httplib::Response>();
    if (method == "GET") {
      endpoint_.get(req, *res);
    } else {
      endpoint_.remove(req, *res);
    }
    return res;
  }

 private:
  static std::unique_ptr<Catalog> make_catalog() {
    auto catalog = make_reference_catalog();
    catalog->tools.add(header_tool());
    return catalog;
  }

  Options options_;
  Hooks hooks_;
  std::string session_header_ = headers::kSessionId;
  std::unique_ptr<Catalog> catalog_;
  Dispatcher dispatcher_;
  SessionStore sessions_{10, std::chrono::seconds(0)};
  StreamPool streams_{4, {&sessions_}};
  httplib::ThreadPool background_{2};
  Admission admission_;
  StreamableHttp endpoint_;
};

Json modern_request(const Json& id, std::string_view method, Json params = Json::object()) {
  Json request = jsonrpc::make_request(id, method, std::move(params));
  modern::add_envelope(request,
                       {.protocol_version = "2026-07-28", .client_capabilities = Json::object()});
  return request;
}

Json echo_call() {
  return modern_request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
}

Json locate_call(Json arguments) {
  return modern_request(1, "tools/call", {{"name", "locate"}, {"arguments", std::move(arguments)}});
}

int code_of(const httplib::Response& res) {
  const auto body = jsonrpc::parse(res.body);
  if (!body.value) return 0;
  return body.value->value("error", Json::object()).value("code", 0);
}

/// The status of the same POST to a clean endpoint and to one with `fault`.
std::pair<int, int> statuses(const std::string& fault, const Json& body,
                             const httplib::Headers& headers = {}) {
  return {Endpoint().post(body, headers)->status, Endpoint({fault}).post(body, headers)->status};
}

// ---- Statuses and answers ----

TEST(ModernHttpFaults, UnknownMethod200) {
  const auto body = modern_request(1, "no/such-method");
  EXPECT_EQ(statuses("unknown-method-200", body), std::make_pair(404, 200));
  EXPECT_EQ(code_of(*Endpoint({"unknown-method-200"}).post(body)), jsonrpc::kMethodNotFound);
}

TEST(ModernHttpFaults, Notification200) {
  Json notification = jsonrpc::make_notification("notifications/cancelled", {{"requestId", 9}});
  modern::add_envelope(notification, {.protocol_version = "2026-07-28"});
  EXPECT_EQ(statuses("notification-200-modern", notification), std::make_pair(202, 200));
}

TEST(ModernHttpFaults, SessionIdSent) {
  EXPECT_FALSE(Endpoint().post(echo_call())->has_header(headers::kSessionId));
  // A bogus one sent is ignored either way; the faulty endpoint makes its own.
  const auto res = Endpoint({"session-id-modern"}).post(echo_call(), {{headers::kSessionId, "x"}});
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(res->get_header_value(headers::kSessionId).empty());
}

TEST(ModernHttpFaults, NoXAccelBuffering) {
  // A tool that reports progress before it answers: answered over SSE.
  auto call = modern_request(1, "tools/call", {{"name", "test_tool_with_progress"}});
  call["params"]["_meta"]["progressToken"] = 1;
  // Each endpoint outlives its answer: ending an SSE answer releases the endpoint's stream slot.
  Endpoint clean_endpoint;
  const auto clean = clean_endpoint.post(call);
  EXPECT_EQ(clean->get_header_value("Content-Type"), "text/event-stream");
  EXPECT_EQ(clean->get_header_value("X-Accel-Buffering"), "no");
  Endpoint faulty_endpoint({"no-x-accel-buffering"});
  const auto faulty = faulty_endpoint.post(call);
  EXPECT_EQ(faulty->get_header_value("Content-Type"), "text/event-stream");
  EXPECT_FALSE(faulty->has_header("X-Accel-Buffering"));
}

TEST(ModernHttpFaults, JsonAnswerTextPlain) {
  EXPECT_EQ(Endpoint().post(echo_call())->get_header_value("Content-Type"), "application/json");
  const auto faulty = Endpoint({"json-answer-text-plain"}).post(echo_call());
  EXPECT_EQ(faulty->get_header_value("Content-Type"), "text/plain");
  EXPECT_TRUE(jsonrpc::parse(faulty->body).value->contains("result"));
}

TEST(ModernHttpFaults, UnsupportedVersionNoList) {
  auto body = modern_request(1, "tools/list");
  body["params"]["_meta"][modern::kProtocolVersionKey] = "2099-01-01";
  const httplib::Headers version{{headers::kProtocolVersion, "2099-01-01"}};
  const auto clean = Endpoint().post(body, version);
  EXPECT_EQ(clean->status, 400);
  EXPECT_EQ(code_of(*clean), jsonrpc::kUnsupportedProtocolVersion);
  EXPECT_EQ(jsonrpc::parse(clean->body).value->at("error")["data"]["supported"],
            Json::array({"2026-07-28"}));
  const auto faulty = Endpoint({"unsupported-version-no-list"}).post(body, version);
  EXPECT_EQ(faulty->status, 400);
  EXPECT_EQ(code_of(*faulty), jsonrpc::kUnsupportedProtocolVersion);
  EXPECT_FALSE(jsonrpc::parse(faulty->body).value->at("error")["data"].contains("supported"));
}

TEST(ModernHttpFaults, StreamMethods400) {
  for (const std::string method : {"GET", "DELETE"}) {
    EXPECT_EQ(Endpoint().without_body(method)->status, 405) << method;
    EXPECT_EQ(Endpoint({"stream-methods-400-modern"}).without_body(method)->status, 400) << method;
  }
}

TEST(ModernHttpFaults, CallStreamCancel) {
  const auto clean = Endpoint().post(echo_call());
  EXPECT_EQ(jsonrpc::parse_messages(clean->body).size(), 1U);
  const auto faulty = Endpoint({"call-stream-cancel"}).post(echo_call());
  EXPECT_EQ(faulty->get_header_value("Content-Type"), "text/event-stream");
  EXPECT_NE(faulty->body.find(R"("method":"notifications/cancelled")"), std::string::npos);
  EXPECT_NE(faulty->body.find(R"("result")"), std::string::npos);
  // Other methods keep their JSON answers.
  EXPECT_EQ(Endpoint({"call-stream-cancel"})
                .post(modern_request(2, "tools/list"))
                ->get_header_value("Content-Type"),
            "application/json");
}

TEST(ModernHttpFaults, OriginUncheckedModern) {
  const httplib::Headers foreign{{"Origin", "http://evil.example"}};
  EXPECT_EQ(statuses("origin-unchecked-modern", echo_call(), foreign), std::make_pair(403, 200));
  // The legacy era keeps refusing it.
  const auto initialize =
      jsonrpc::make_request(1, "initialize",
                            {{"protocolVersion", "2025-11-25"},
                             {"capabilities", Json::object()},
                             {"clientInfo", {{"name", "tests"}, {"version", "1"}}}});
  const httplib::Headers legacy{
      {"Origin", "http://evil.example"}, {headers::kProtocolVersion, ""}, {headers::kMethod, ""}};
  EXPECT_EQ(Endpoint({"origin-unchecked-modern"}).post(initialize, legacy)->status, 403);
  EXPECT_EQ(Endpoint({"origin-unchecked-modern"})
                .post(initialize, {{headers::kProtocolVersion, ""}, {headers::kMethod, ""}})
                ->status,
            200);
}

// ---- Headers against the body ----

TEST(ModernHttpFaults, ProtocolVersionMismatchAccepted) {
  const httplib::Headers older{{headers::kProtocolVersion, "2025-11-25"}};
  EXPECT_EQ(statuses("protocol-version-mismatch-accepted", echo_call(), older),
            std::make_pair(400, 200));
  EXPECT_EQ(code_of(*Endpoint().post(echo_call(), older)), jsonrpc::kHeaderMismatch);
}

TEST(ModernHttpFaults, MethodHeaderUnchecked) {
  const httplib::Headers wrong{{headers::kMethod, "tools/list"}};
  EXPECT_EQ(statuses("method-header-unchecked", echo_call(), wrong), std::make_pair(400, 200));
  // Mcp-Name is still checked.
  EXPECT_EQ(
      Endpoint({"method-header-unchecked"}).post(echo_call(), {{headers::kName, "add"}})->status,
      400);
}

TEST(ModernHttpFaults, NameHeaderUnchecked) {
  const httplib::Headers wrong{{headers::kName, "add"}};
  EXPECT_EQ(statuses("name-header-unchecked", echo_call(), wrong), std::make_pair(400, 200));
  EXPECT_EQ(
      Endpoint({"name-header-unchecked"}).post(echo_call(), {{headers::kMethod, "x"}})->status,
      400);
}

TEST(ModernHttpFaults, HeaderNamesCaseSensitive) {
  const httplib::Headers lower{
      {headers::kProtocolVersion, ""},        {headers::kMethod, ""},       {headers::kName, ""},
      {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/call"}, {"mcp-name", "echo"}};
  EXPECT_EQ(statuses("header-names-case-sensitive", echo_call(), lower), std::make_pair(200, 400));
  EXPECT_EQ(Endpoint({"header-names-case-sensitive"}).post(echo_call())->status, 200);
}

TEST(ModernHttpFaults, HeaderValuesCaseInsensitive) {
  const httplib::Headers shouted{{headers::kName, "ECHO"}};
  EXPECT_EQ(statuses("header-values-case-insensitive", echo_call(), shouted),
            std::make_pair(400, 200));
}

TEST(ModernHttpFaults, Base64HeadersUndecoded) {
  // Any value may travel encoded: this is "echo".
  const httplib::Headers encoded{{headers::kName, "=?base64?ZWNobw==?="}};
  EXPECT_EQ(statuses("base64-headers-undecoded", echo_call(), encoded), std::make_pair(200, 400));
  // A plain value is compared as before.
  EXPECT_EQ(Endpoint({"base64-headers-undecoded"}).post(echo_call())->status, 200);
}

TEST(ModernHttpFaults, ParamHeadersUnchecked) {
  const auto call = locate_call({{"region", "eu"}, {"shard", 42}});
  const httplib::Headers right{{"Mcp-Param-Region", "eu"}, {"Mcp-Param-Shard", "42"}};
  EXPECT_EQ(statuses("param-headers-unchecked", call, right), std::make_pair(200, 200));
  const httplib::Headers wrong{{"Mcp-Param-Region", "us"}, {"Mcp-Param-Shard", "42"}};
  EXPECT_EQ(statuses("param-headers-unchecked", call, wrong), std::make_pair(400, 200));
}

TEST(ModernHttpFaults, ParamIntegersAsText) {
  const auto call = locate_call({{"region", "eu"}, {"shard", 42}});
  const httplib::Headers decimal{{"Mcp-Param-Region", "eu"}, {"Mcp-Param-Shard", "42.0"}};
  EXPECT_EQ(statuses("param-integers-as-text", call, decimal), std::make_pair(200, 400));
  const httplib::Headers exact{{"Mcp-Param-Region", "eu"}, {"Mcp-Param-Shard", "42"}};
  EXPECT_EQ(statuses("param-integers-as-text", call, exact), std::make_pair(200, 200));
}

}  // namespace
}  // namespace mcp::server
