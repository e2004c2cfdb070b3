// Spec page basic/index (basic/messages in 2024-11-05): JSON-RPC 2.0 as MCP uses it.
#include <regex>
#include <set>

#include "conformance/checks/base_transports.hpp"
#include "conformance/checks/check_util.hpp"
#include "protocol/schema_validator.hpp"

namespace mcp::conformance {
namespace {

const std::string kBaseArea = "base";
const std::string kMessages = "basic/index#messages";

/// POSTs a body as it is (malformed on purpose) in session `s` and returns the
/// HTTP answer. Streamable HTTP only: the other transports answer on a stream
/// (base_transports.cpp).
/// At 2026-07-28 the headers mirror the body where it can be read (a plain
/// request's where it cannot), so that only the body is wrong.
client::HttpResponse post_raw(CheckContext& c, McpSession& s, const std::string& body) {
  if (!s.modern()) return c.http("POST", session_post_headers(c, s), body);
  auto headers = CheckContext::post_headers();
  const auto parsed = jsonrpc::parse(body);
  const Json mirrored =
      parsed.value && parsed.value->is_object() ? *parsed.value : plain_request(c, s, 0);
  for (auto& h : client::modern_headers(c.version_text(), mirrored))
    headers.push_back(std::move(h));
  return c.http("POST", headers, body);
}

/// The error code of a raw answer's first message, if it is an error with an integer code.
std::optional<int> raw_error_code(const client::HttpResponse& r) {
  const auto code = member(member(first_message(r), "error"), "code");
  return code.is_number_integer() ? std::optional<int>(code.get<int>()) : std::nullopt;
}

/// Lists what the server declares, so that the transcript holds its list
/// results; a list left unanswered leaves nothing to judge (HarnessError).
void list_declared(CheckContext& c, McpSession& s) {
  for (const char* capability : {"tools", "resources", "prompts"}) {
    const auto method = std::string(capability) + "/list";
    if (c.facts().has_capability(capability)) answered(s.request(method), method);
  }
}

/// The traffic both message checks judge: a request of each kind the server
/// declares, and one it cannot know, so errors are among what it sends. Each
/// must be answered: the checks judge the answers.
void exercise(CheckContext& c, McpSession& s) {
  answered(s.request(answered_method(c)), answered_method(c));
  list_declared(c, s);
  answered(s.request("x-conformance/nonexistent"), "an unknown method");
}

const CheckInfo kJsonRpcVersion{
    .id = "base.jsonrpc.version",
    .title = "Every server message says it is JSON-RPC 2.0",
    .area = kBaseArea,
    .section = kMessages,
    .rule = "Every message the server sends is a JSON-RPC 2.0 message.",
    .versions = kEveryVersion,
    .description =
        "Sends ping (server/discover at 2026-07-28), lists what the server declares and calls an "
        "unknown method; every "
        "message the server sends back (JSON bodies, SSE data, stdio lines, each member of "
        "a batch) must be an object whose jsonrpc member is the string \"2.0\". Their "
        "shape is base.message.schema's business."};

Outcome jsonrpc_version(CheckContext& c) {
  auto s = session(c);
  exercise(c, *s);
  s->transport().shutdown();  // ends the streams, so all they carried is in the transcript
  const auto messages = server_messages(c.transcript().exchanges());
  if (messages.empty()) return Outcome::fail("answers to ping and the list requests", "none");
  for (const auto& r : messages) {
    if (!r.message.is_object() || member(r.message, "jsonrpc") != "2.0")
      return Outcome::fail("\"jsonrpc\": \"2.0\" in every server message", brief(r.message));
  }
  return Outcome::pass(std::to_string(messages.size()) + " server message(s), all JSON-RPC 2.0");
}

const CheckInfo kMessageSchema{
    .id = "base.message.schema",
    .title = "Every server message is valid against the official schema of its version",
    .area = kBaseArea,
    .section = kMessages,
    .rule =
        "Everything the server sends has the shape the version's schema defines: a result "
        "or an error, never both, and results are objects.",
    .versions = kEveryVersion,
    .requirement = "base.response.result-xor-error, base.result.object",
    .description =
        "Validates every JSON body and SSE data payload the server sends, in this check "
        "and in every other check of the run, against the official schema.json of the "
        "version that exchange spoke. The other checks' messages are judged when the run "
        "is over, and a violation anywhere fails this check, naming the check it came from."};

Outcome message_schema(CheckContext& c) {
  auto s = session(c);
  exercise(c, *s);
  const auto problems = c.schema_violations();
  if (problems.empty()) return Outcome::pass();
  std::string got = std::to_string(problems.size()) + " violation(s)";
  for (std::size_t i = 0; i < problems.size() && i < 8; ++i)
    got += "\n- " + problems[i];
  return Outcome::fail("every server message valid against the " + c.version_text() + " schema",
                       got);
}

const CheckInfo kIdEcho{
    .id = "base.response.id-echo",
    .title = "Responses echo the request id with its type and value",
    .area = kBaseArea,
    .section = "basic/index#responses",
    .rule =
        "A response carries its request's id unchanged, a string as that string and an "
        "integer as that integer.",
    .versions = kEveryVersion,
    .description =
        "Sends ping (server/discover at 2026-07-28) with ids \"req-ä-1 🙂\", 0, -1 and "
        "9007199254740991 and compares "
        "type and value."};

Outcome id_echo(CheckContext& c) {
  auto s = session(c);
  for (const Json& id :
       {Json("req-ä-1 🙂"), Json(0), Json(-1), Json(9007199254740991LL), Json("0")}) {
    const auto result = s->request(answered_method(c), Json::object(), id);
    if (!result.ok()) return Outcome::fail("a response with id " + id.dump(), describe(result));
    const auto got = member(*result.response, "id");
    // Integers compare as integers (a parser may read 0 as unsigned); strings must stay strings.
    if (got != id || got.is_string() != id.is_string())
      return Outcome::fail("id " + id.dump(), "id " + got.dump());
  }
  return Outcome::pass();
}

const CheckInfo kErrorShape{
    .id = "base.error.shape",
    .title = "Error objects have an integer code and a string message",
    .area = kBaseArea,
    .section = "basic/index#responses",
    .rule =
        "An error response holds an error object with an integer code and a string "
        "message, and no result.",
    .versions = kEveryVersion,
    .description =
        "Provokes an error (an unknown method) and checks error.code is a JSON integer "
        "and error.message a string, with nothing beside error but jsonrpc and id."};

Outcome error_shape(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("x-conformance/nonexistent");
  if (!r.response || !is_error_message(*r.response))
    return Outcome::fail("an error response", describe(r));
  const auto e = member(*r.response, "error");
  if (!member(e, "code").is_number_integer() || !member(e, "message").is_string())
    return Outcome::fail("error {code: integer, message: string}", brief(e));
  if (r.response->contains("result"))
    return Outcome::fail("no result beside the error", brief(*r.response));
  return Outcome::pass();
}

const CheckInfo kErrorId{
    .id = "base.error.id",
    .title = "Error responses echo a readable id, and null or no id when it could not be read",
    .area = kBaseArea,
    .section = "2025-11-25/basic/index#error-responses",
    .rule =
        "An error response repeats the request's id when it could be read, and has a null "
        "or no id when it could not.",
    .versions = kEveryVersion,
    .description =
        "Sends a request with jsonrpc \"1.0\" and a readable id, and an unparsable message: POST "
        "bodies (over HTTP+SSE to the session's endpoint, answered there or on the stream), over "
        "stdio lines on stdin (answered on stdout). Every error response must carry the readable "
        "id or null; none to judge is a skip."};

Outcome error_id(CheckContext& c) {
  auto s = session(c);
  auto wrong_version = plain_request(c, *s, "err-id-1");
  wrong_version["jsonrpc"] = "1.0";
  const auto invalid = first_message(
      answered(post_raw(c, *s, wrong_version.dump()), "a request with jsonrpc \"1.0\""));
  const auto id = member(invalid, "id");
  if (is_error_message(invalid) && invalid.contains("id") && id != "err-id-1" && !id.is_null())
    return Outcome::fail("the readable id \"err-id-1\" (or null)", "id " + id.dump());
  const auto parse_error =
      first_message(answered(post_raw(c, *s, R"({"jsonrpc":"2.0",)"), "an unparsable body"));
  if (!member(parse_error, "id").is_null())
    return Outcome::fail("id null or absent for an unparsable body",
                         "id " + parse_error["id"].dump());
  return Outcome::pass();
}

const CheckInfo kParse{
    .id = "base.error.parse",
    .title = "Unparsable JSON gets a parse error (-32700) or an HTTP 4xx, never success",
    .area = kBaseArea,
    .section = kMessages,
    .rule =
        "A body that is not valid JSON gets parse error -32700 (or an HTTP 4xx), never a "
        "result.",
    .versions = kEveryVersion,
    .description =
        "Sends truncated JSON: a POST body (over HTTP+SSE to the session's endpoint), over stdio a "
        "line on stdin. A 4xx or a -32700 error (in the POST, on the stream or on stdout) passes; "
        "a result, a 5xx, no answer, or silence once the session has answered a later request "
        "fails."};

Outcome parse(CheckContext& c) {
  auto s = session(c);
  const auto r = post_raw(c, *s, R"({"jsonrpc":"2.0",)");
  if (!r.ok()) return Outcome::fail("an answer", describe(r));
  if (r.status >= 500) return Outcome::fail("HTTP 4xx or a -32700 error", describe(r));
  const auto message = first_message(r);
  if (message.is_object() && message.contains("result"))
    return Outcome::fail("an error", describe(r));
  if (is_4xx(r.status) || raw_error_code(r) == jsonrpc::kParseError) return Outcome::pass();
  return Outcome::fail("HTTP 4xx or error -32700", describe(r));
}

const CheckInfo kInvalidRequest{
    .id = "base.error.invalid-request",
    .title = "Structurally invalid requests get -32600 or an HTTP 400",
    .area = kBaseArea,
    .section = kMessages,
    .rule =
        "A request that is not valid JSON-RPC 2.0 (wrong version, no method) gets error "
        "-32600 (or an HTTP 400).",
    .versions = kEveryVersion,
    .description =
        "Sends jsonrpc \"1.0\" and a request without a method: POST bodies (over HTTP+SSE to the "
        "session's endpoint), over stdio lines on stdin. Each needs HTTP 400 or -32600 (in the "
        "POST, on the stream or on stdout); silence fails once the session has answered a later "
        "request."};

Outcome invalid_request(CheckContext& c) {
  auto s = session(c);
  auto wrong_version = plain_request(c, *s, 71);
  wrong_version["jsonrpc"] = "1.0";
  auto no_method = plain_request(c, *s, 72);
  no_method.erase("method");
  for (const auto& body : {wrong_version.dump(), no_method.dump()}) {
    const auto r = post_raw(c, *s, body);
    if (!r.ok()) return Outcome::fail("an answer to " + body, describe(r));
    if (r.status != 400 && raw_error_code(r) != jsonrpc::kInvalidRequest)
      return Outcome::fail("-32600 or HTTP 400 for " + body, describe(r));
  }
  return Outcome::pass();
}

const CheckInfo kIdNotNull{
    .id = "base.request.id-not-null",
    .title = "A request with id null is refused",
    .area = kBaseArea,
    .section = "basic/index#requests",
    .rule =
        "A request whose id is null is refused as invalid, since ids are strings or "
        "integers.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .description =
        "Sends a request with id null (a POST body, a POST to the HTTP+SSE endpoint, a stdin "
        "line). Ids are strings or integers, so it should be refused (-32600 or HTTP 400); a "
        "result, or silence once a later request is answered, warns. Derived from a client MUST "
        "NOT."};

Outcome id_not_null(CheckContext& c) {
  auto s = session(c);
  const auto r = post_raw(c, *s, plain_request(c, *s, nullptr).dump());
  if (r.status == 400 || is_error_message(first_message(r))) return Outcome::pass();
  return Outcome::fail("-32600 or HTTP 400", describe(r));
}

const CheckInfo kMethodNotFound{
    .id = "base.error.method-not-found",
    .title = "An unknown method gets -32601",
    .area = kBaseArea,
    .section = kMessages,
    .rule = "A request for a method the server does not know gets error -32601.",
    .description = "Calls x-conformance/nonexistent."};

Outcome method_not_found(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("x-conformance/nonexistent");
  if (error_code(r) == jsonrpc::kMethodNotFound) return Outcome::pass();
  return Outcome::fail("error -32601", describe(r));
}

const CheckInfo kUnknownMethod{
    .id = "base.error.unknown-method",
    .title = "An unknown method gets -32601, over HTTP with 404 (2026-07-28)",
    .area = kBaseArea,
    .section = kMessages,
    .rule =
        "A request for a method the server does not implement gets error -32601, over HTTP "
        "with status 404.",
    .versions = kModernVersions,
    .requirement = "base.error.method-not-found",
    .description =
        "Calls x-conformance/nonexistent: error -32601, and over HTTP the status 404 that "
        "2026-07-28 gives it."};

Outcome unknown_method(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("x-conformance/nonexistent");
  if (error_code(r) != jsonrpc::kMethodNotFound) return Outcome::fail("error -32601", describe(r));
  if (over_http(c) && r.http_status != 404)
    return Outcome::fail("HTTP 404 with the -32601 error", describe(r));
  return Outcome::pass();
}

const CheckInfo kInvalidParams{
    .id = "base.error.invalid-params",
    .title = "Invalid params get -32602",
    .area = kBaseArea,
    .section = "server/tools#error-handling",
    .rule = "A request with missing or invalid params gets error -32602.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = {.capability = "tools"},
    .description =
        "Calls tools/call without a name (at 2026-07-28, the call-tool with arguments that are "
        "no object)."};

Outcome invalid_params(CheckContext& c) {
  auto s = session(c);
  // At 2026-07-28 a tools/call without a name also lacks its Mcp-Name header,
  // which is refused first (-32020): break the arguments of a named tool instead.
  if (is_modern(c.version()) && c.facts().call_tool.is_null())
    return Outcome::skip("no call-tool whose arguments could be broken");
  const auto params = is_modern(c.version()) ? Json{{"name", member(c.facts().call_tool, "name")},
                                                    {"arguments", "not-an-object"}}
                                             : Json::object();
  const auto r = s->request("tools/call", params);
  if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
  return Outcome::fail("error -32602", describe(r));
}

const CheckInfo kNoResponse{
    .id = "base.notification.no-response",
    .title = "Notifications get no response (over Streamable HTTP, 202 and no body)",
    .area = kBaseArea,
    .section = "basic/index#notifications",
    .rule = "A notification, even one of an unknown method, is never answered.",
    .versions = kEveryVersion,
    .description =
        "Sends notifications/initialized again (not at 2026-07-28) and an unknown "
        "notifications/x-conformance. Streamable HTTP: 202 and no body. HTTP+SSE: a 2xx and no "
        "response on the stream; stdio: none on stdout. The streams are watched for 500 ms, then "
        "the session must answer a request."};

Outcome no_response(CheckContext& c) {
  auto s = session(c);
  for (const char* method : {"notifications/initialized", "notifications/x-conformance"}) {
    if (is_modern(c.version()) && method == std::string_view("notifications/initialized")) continue;
    const auto r = s->notify(method);
    if (r.http_status != 202)
      return Outcome::fail("HTTP 202 for " + std::string(method), describe(r));
  }
  for (const auto& e : c.transcript().exchanges()) {
    if (e.label.starts_with("notifications/") && !e.response_body.empty())
      return Outcome::fail("no body for a notification", "body " + e.response_body.substr(0, 120));
  }
  return Outcome::pass();
}

const CheckInfo kNoId{
    .id = "base.notification.no-id",
    .title = "Server notifications carry no id",
    .area = kBaseArea,
    .section = "basic/index#notifications",
    .rule = "A notification the server sends has no id.",
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool (and the official progress fixture when it may) with a progress "
        "token, with the GET stream open where there is one, and looks at every notification that "
        "arrives on any stream, body or stdio line.",
    .evidence = Evidence::kNotification};

Outcome no_id(CheckContext& c) {
  auto s = session(c);
  watch_get_stream(c, *s);
  for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_progress")) {
    answered(s->request("tools/call", tool_call(name, arguments, "conformance-progress")),
             "tools/call " + name);
  }
  s->transport().shutdown();  // ends the streams, so their events are in the transcript
  // On the wire a notification with an id looks like a request, so look at
  // every message whose method is a notifications/ one, whatever it was taken
  // for, on every stream and body and stdio line of the check.
  int seen = 0;
  for (const auto& received : server_messages(c.transcript().exchanges())) {
    if (!string_member(received.message, "method").starts_with("notifications/")) continue;
    ++seen;
    if (received.message.contains("id"))
      return Outcome::fail("no id on notifications", brief(received.message));
  }
  if (seen == 0) return Outcome::skip("the server sent no notifications to look at");
  return Outcome::pass(std::to_string(seen) + " notification(s), none with an id");
}

const CheckInfo kBatchReceive{
    .id = "base.batch.receive",
    .title = "2025-03-26 servers accept JSON-RPC batches",
    .area = kBaseArea,
    .section = "2025-03-26/basic/index#batching",
    .rule = "A 2025-03-26 server accepts a JSON-RPC batch and answers every request in it.",
    .versions = {ProtocolVersion::k2025_03_26},
    .description =
        "Sends [ping, ping], whose ids must both be answered (one array or one by one), and a "
        "batch of notifications, which gets nothing back (Streamable HTTP: 202). POST bodies (over "
        "HTTP+SSE to the session's endpoint, answered on the stream), over stdio lines on stdin."};

Outcome batch_receive(CheckContext& c) {
  auto s = session(c);
  const auto r = post_raw(
      c, *s,
      R"([{"jsonrpc":"2.0","id":"b1","method":"ping"},{"jsonrpc":"2.0","id":"b2","method":"ping"}])");
  std::set<std::string> ids;
  const auto collect = [&](const std::string& text) {
    for (const auto& m : jsonrpc::parse_messages(text)) {
      if (const auto id = string_member(m, "id"); !id.empty()) ids.insert(id);
    }
  };
  collect(r.body);
  for (const auto& e : r.events)
    collect(e.data);
  if (!ids.count("b1") || !ids.count("b2"))
    return Outcome::fail("responses to b1 and b2", describe(r));
  const auto n = post_raw(
      c, *s,
      R"([{"jsonrpc":"2.0","method":"notifications/x-a"},{"jsonrpc":"2.0","method":"notifications/x-b"}])");
  if (n.status != 202) return Outcome::fail("HTTP 202 for a batch of notifications", describe(n));
  return Outcome::pass();
}

const CheckInfo kBatchRemoved{
    .id = "base.batch.removed",
    .title = "From 2025-06-18 a JSON array body is refused",
    .area = kBaseArea,
    .section = "2025-06-18/changelog",
    .rule = "From 2025-06-18 a POST body holds one message, so a server refuses a JSON array.",
    .level = Level::kShould,
    .versions = kSince20250618,
    .description =
        "Batching was removed in 2025-06-18: a batch of one request (a POST body, a POST to the "
        "HTTP+SSE endpoint, a stdin line) should get a 4xx or an error such as -32600. An array "
        "back or, once a later request is answered, silence warns: dual-version servers may still "
        "accept it."};

Outcome batch_removed(CheckContext& c) {
  auto s = session(c);
  const auto r = post_raw(c, *s, Json::array({plain_request(c, *s, "b1")}).dump());
  if (is_4xx(r.status) || is_error_message(first_message(r))) return Outcome::pass();
  return Outcome::fail("HTTP 4xx or -32600", describe(r));
}

const CheckInfo kUtf8{
    .id = "base.utf8",
    .title = "Messages are UTF-8: non-ASCII text survives a round trip",
    .area = kBaseArea,
    .section = "basic/transports",
    .rule = "Messages are encoded as UTF-8.",
    .versions = kSince20250326,
    .description =
        "Sends ids with non-ASCII characters (ä, 🙂, 中文) and checks the bytes come "
        "back as sent."};

Outcome utf8(CheckContext& c) {
  auto s = session(c);
  const Json id = "utf8-ä-中文-🙂";
  const auto r = s->request(answered_method(c), Json::object(), id);
  if (!r.ok()) return Outcome::fail("an answer", describe(r));
  if (member(*r.response, "id") != id)
    return Outcome::fail("id " + id.dump(), brief(member(*r.response, "id")));
  return Outcome::pass();
}

const CheckInfo kMetaKeyFormat{
    .id = "base.meta.key-format",
    .title = "_meta keys follow the naming rules",
    .area = kBaseArea,
    .section = "basic/index#_meta",
    .rule =
        "Every _meta key is an optional dotted prefix ending in a slash, then a name that "
        "starts and ends with a letter or digit.",
    .versions = kSince20250618,
    .description =
        "Checks every _meta key in what the server sends (initialize, lists): an "
        "optional dotted prefix ending in '/', then a name that starts and ends "
        "alphanumeric."};

/// The first _meta key anywhere in `value` that breaks the naming rules ("" for none).
std::string bad_meta_key(const Json& value) {
  static const std::regex kKey(
      R"(^([A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?)*/)?)"
      R"([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$)");
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (key == "_meta" && child.is_object()) {
        for (const auto& [meta_key, unused] : child.items()) {
          if (!std::regex_match(meta_key, kKey)) return meta_key;
        }
      }
      if (auto bad = bad_meta_key(child); !bad.empty()) return bad;
    }
  } else if (value.is_array()) {
    for (const auto& child : value) {
      if (auto bad = bad_meta_key(child); !bad.empty()) return bad;
    }
  }
  return "";
}

Outcome meta_key_format(CheckContext& c) {
  auto s = session(c);
  list_declared(c, *s);
  std::vector<Json> sent{s->init_result()};
  for (const auto& e : c.transcript().exchanges()) {
    if (auto parsed = jsonrpc::parse(e.response_body); parsed.value) sent.push_back(*parsed.value);
    for (const auto& ev : e.events) {
      if (auto parsed = jsonrpc::parse(ev.data); parsed.value) sent.push_back(*parsed.value);
    }
  }
  for (const auto& message : sent) {
    if (const auto bad = bad_meta_key(message); !bad.empty())
      return Outcome::fail("_meta keys like \"prefix.example/name\"", "key \"" + bad + "\"");
  }
  return Outcome::pass();
}

const CheckInfo kJsonSchemaValid{
    .id = "base.jsonschema.valid",
    .title = "Tool schemas are JSON Schema objects that compile",
    .area = kBaseArea,
    .section = "2025-11-25/basic/index#json-schema-usage",
    .rule =
        "Every JSON Schema the server publishes is valid for its dialect, which is 2020-12 "
        "unless it names another.",
    .versions = kSince20251125,
    .needs = kListedTools,
    .description =
        "Every inputSchema (and outputSchema) must be a JSON Schema object, default "
        "dialect 2020-12. Checked by compiling each with a validator (heuristic: a "
        "full 2020-12 meta-schema check is beyond the validator this tool uses).",
    .evidence = Evidence::kHandshake};

Outcome json_schema_valid(CheckContext& c) {
  for (const auto& tool : c.facts().tools) {
    for (const char* key : {"inputSchema", "outputSchema"}) {
      if (!tool.contains(key)) continue;
      const auto& schema = tool[key];
      std::string error;
      if (!schema.is_object() || !schema::Validator::compile(schema, &error)) {
        return Outcome::fail("a valid JSON Schema object in " + name_of(tool) + "." + key,
                             schema.is_object() ? error : brief(schema));
      }
    }
  }
  return Outcome::pass();
}

}  // namespace

/// The rules 2026-07-28 adds to this page (base_v26.cpp).
void register_base_v26_checks(Registry& registry);

void register_base_checks(Registry& registry) {
  registry.add(kJsonRpcVersion, jsonrpc_version);
  registry.add(kMessageSchema, message_schema);
  registry.add(kIdEcho, id_echo);
  registry.add(kErrorShape, error_shape);
  registry.add(kErrorId, by_transport(error_id, error_id_on_stream));
  registry.add(kParse, by_transport(parse, parse_on_stream));
  registry.add(kInvalidRequest, by_transport(invalid_request, invalid_request_on_stream));
  registry.add(kIdNotNull, by_transport(id_not_null, id_not_null_on_stream));
  registry.add(kMethodNotFound, method_not_found);
  registry.add(kUnknownMethod, unknown_method);
  registry.add(kInvalidParams, invalid_params);
  registry.add(kNoResponse, by_transport(no_response, no_response_on_stream));
  registry.add(kNoId, no_id);
  registry.add(kBatchReceive, by_transport(batch_receive, batch_receive_on_stream));
  registry.add(kBatchRemoved, by_transport(batch_removed, batch_removed_on_stream));
  registry.add(kUtf8, utf8);
  registry.add(kMetaKeyFormat, meta_key_format);
  registry.add(kJsonSchemaValid, json_schema_valid);
  register_base_v26_checks(registry);
}

}  // namespace mcp::conformance
