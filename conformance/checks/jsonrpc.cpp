// Spec page basic/index (messages): JSON-RPC 2.0 as MCP uses it.
#include <regex>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kSection = "basic/index#messages";

/// POSTs `body` raw (with the session and version headers of `s`).
/// POSTs a body as it is (malformed on purpose) and returns the HTTP answer.
/// Streamable HTTP only: the HTTP+SSE transport answers on its stream.
client::HttpResponse post_raw(CheckContext& c, McpSession& s, const std::string& body) {
  const auto* http = s.http();
  return c.http(
      "POST",
      CheckContext::post_headers(http ? http->session_id() : "",
                                 c.version() >= ProtocolVersion::k2025_06_18 ? s.version() : ""),
      body);
}

Outcome exercise_and_validate(CheckContext& c) {
  auto s = session(c);
  s->request("ping");
  if (c.facts().has_capability("tools")) s->request("tools/list");
  if (c.facts().has_capability("resources")) s->request("resources/list");
  if (c.facts().has_capability("prompts")) s->request("prompts/list");
  s->request("x-conformance/nonexistent");
  const auto problems = c.schema_violations();
  if (problems.empty()) return Outcome::pass();
  std::string got = std::to_string(problems.size()) + " violation(s)";
  for (std::size_t i = 0; i < problems.size() && i < 8; ++i)
    got += "\n- " + problems[i];
  return Outcome::fail("every server message valid against the " + c.version_text() + " schema",
                       got);
}

}  // namespace

void register_jsonrpc_checks(Registry& registry) {
  registry.add(
      {.id = "base.jsonrpc.version",
       .title = "Every server message is JSON-RPC 2.0 and valid against the official schema",
       .area = "jsonrpc",
       .section = kSection,
       .level = Level::kMust,
       .requirement = "base.jsonrpc.version, base.response.result-xor-error, base.result.object",
       .description =
           "Validates every JSON body and SSE data payload the server sends, in this check and in "
           "every "
           "other check of the run, against the official schema.json of the negotiated version."},
      exercise_and_validate);

  registry.add({.id = "base.response.id-echo",
                .title = "Responses echo the request id with its type and value",
                .area = "jsonrpc",
                .section = "basic/index#responses",
                .requirement = "base.response.id-echo",
                .description = "Sends ping with ids \"req-ä-1 🙂\", 0, -1 and 9007199254740991 "
                               "and compares type and value."},
               [](CheckContext& c) {
                 auto s = session(c);
                 for (const Json& id : {Json("req-ä-1 🙂"), Json(0), Json(-1),
                                        Json(9007199254740991LL), Json("0")}) {
                   const auto result = s->request("ping", Json::object(), id);
                   if (!result.ok())
                     return Outcome::fail("a response with id " + id.dump(), describe(result));
                   const auto& got = (*result.response)["id"];
                   // Integers compare as integers (a parser may read 0 as unsigned); strings must
                   // stay strings.
                   if (got != id || got.is_string() != id.is_string())
                     return Outcome::fail("id " + id.dump(), "id " + got.dump());
                 }
                 return Outcome::pass();
               });

  registry.add(
      {.id = "base.error.shape",
       .title = "Error objects have an integer code and a string message",
       .area = "jsonrpc",
       .section = "basic/index#responses",
       .requirement = "base.error.shape",
       .description =
           "Provokes an error (an unknown method) and checks error.code is a JSON integer and "
           "error.message a string, with nothing beside error but jsonrpc and id."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = s->request("x-conformance/nonexistent");
        if (!r.response || !r.response->contains("error"))
          return Outcome::fail("an error response", describe(r));
        const auto& e = (*r.response)["error"];
        if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() ||
            !e.contains("message") || !e["message"].is_string()) {
          return Outcome::fail("error {code: integer, message: string}", brief(e));
        }
        if (r.response->contains("result"))
          return Outcome::fail("no result beside the error", brief(*r.response));
        return Outcome::pass();
      });

  registry.add(
      {.id = "base.error.id",
       .title = "Error responses echo a readable id, and null or no id when it could not be read",
       .area = "jsonrpc",
       .section = "basic/index#error-responses",
       .needs = {.streamable = true},
       .requirement = "base.error.id",
       .description =
           "Sends a request that is invalid but has a readable id, and an unparsable body."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto invalid =
            post_raw(c, *s, R"({"jsonrpc":"1.0","id":"err-id-1","method":"ping"})");
        const auto message = first_message(invalid);
        if (message.is_object() && message.contains("error") && message.contains("id") &&
            message["id"] != "err-id-1" && !message["id"].is_null()) {
          return Outcome::fail("the readable id \"err-id-1\" (or null)",
                               "id " + message["id"].dump());
        }
        const auto unparsable = post_raw(c, *s, R"({"jsonrpc":"2.0",)");
        const auto parse_error = first_message(unparsable);
        if (parse_error.is_object() && parse_error.contains("id") && !parse_error["id"].is_null()) {
          return Outcome::fail("id null or absent for an unparsable body",
                               "id " + parse_error["id"].dump());
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "base.error.parse",
       .title = "Unparsable JSON gets a parse error (-32700) or an HTTP 4xx, never success",
       .area = "jsonrpc",
       .section = kSection,
       .needs = {.streamable = true},
       .requirement = "base.error.parse",
       .description = "POSTs a truncated JSON body; a 4xx (optionally with -32700) or a -32700 "
                      "error passes; a "
                      "result, a 5xx or no answer fails."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = post_raw(c, *s, R"({"jsonrpc":"2.0",)");
        if (!r.ok()) return Outcome::fail("an answer", describe(r));
        if (r.status >= 500) return Outcome::fail("HTTP 4xx or a -32700 error", describe(r));
        const auto message = first_message(r);
        if (message.is_object() && message.contains("result"))
          return Outcome::fail("an error", describe(r));
        if (is_4xx(r.status)) return Outcome::pass();
        if (message.is_object() && message.contains("error") &&
            message["error"].value("code", 0) == jsonrpc::kParseError) {
          return Outcome::pass();
        }
        return Outcome::fail("HTTP 4xx or error -32700", describe(r));
      });

  registry.add({.id = "base.error.invalid-request",
                .title = "Structurally invalid requests get -32600 or an HTTP 400",
                .area = "jsonrpc",
                .section = kSection,
                .needs = {.streamable = true},
                .requirement = "base.error.invalid-request",
                .description = "Sends jsonrpc \"1.0\" and a request without a method."},
               [](CheckContext& c) {
                 auto s = session(c);
                 for (const std::string body : {R"({"jsonrpc":"1.0","id":71,"method":"ping"})",
                                                R"({"jsonrpc":"2.0","id":72})"}) {
                   const auto r = post_raw(c, *s, body);
                   if (!r.ok()) return Outcome::fail("an answer to " + body, describe(r));
                   const auto message = first_message(r);
                   const bool error_32600 =
                       message.is_object() && message.contains("error") &&
                       message["error"].value("code", 0) == jsonrpc::kInvalidRequest;
                   if (!(r.status == 400 || error_32600))
                     return Outcome::fail("-32600 or HTTP 400 for " + body, describe(r));
                 }
                 return Outcome::pass();
               });

  registry.add(
      {.id = "base.request.id-not-null",
       .title = "A request with id null is refused",
       .area = "jsonrpc",
       .section = "basic/index#requests",
       .level = Level::kShould,
       .needs = {.streamable = true},
       .requirement = "base.request.id-not-null",
       .description =
           "MCP request ids are strings or integers; a server should treat id null as invalid "
           "(-32600 or 400). Derived from a client MUST NOT, so a warning."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = post_raw(c, *s, R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
        const auto message = first_message(r);
        if (r.status == 400 || (message.is_object() && message.contains("error")))
          return Outcome::pass();
        return Outcome::fail("-32600 or HTTP 400", describe(r));
      });

  registry.add({.id = "base.error.method-not-found",
                .title = "An unknown method gets -32601",
                .area = "jsonrpc",
                .section = kSection,
                .requirement = "base.error.method-not-found",
                .description = "Calls x-conformance/nonexistent."},
               [](CheckContext& c) {
                 auto s = session(c);
                 const auto r = s->request("x-conformance/nonexistent");
                 if (error_code(r) == jsonrpc::kMethodNotFound) return Outcome::pass();
                 return Outcome::fail("error -32601", describe(r));
               });

  registry.add({.id = "base.error.invalid-params",
                .title = "Invalid params get -32602",
                .area = "jsonrpc",
                .section = "server/tools#error-handling",
                .level = Level::kShould,
                .needs = {.capability = "tools"},
                .requirement = "base.error.invalid-params",
                .description = "Calls tools/call without a name."},
               [](CheckContext& c) {
                 auto s = session(c);
                 const auto r = s->request("tools/call", Json::object());
                 if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
                 return Outcome::fail("error -32602", describe(r));
               });

  registry.add(
      {.id = "base.notification.no-response",
       .title = "Notifications get 202 and no response",
       .area = "jsonrpc",
       .section = "basic/index#notifications",
       .level = Level::kMust,
       .versions = kStreamableVersions,
       .needs = {.streamable = true},
       .requirement = "base.notification.no-response",
       .description =
           "POSTs notifications/initialized again and an unknown notifications/x-conformance: each "
           "must be accepted with 202 and no body."},
      [](CheckContext& c) {
        auto s = session(c);
        for (const char* method : {"notifications/initialized", "notifications/x-conformance"}) {
          const auto r = s->notify(method);
          if (r.http_status != 202)
            return Outcome::fail("HTTP 202 for " + std::string(method), describe(r));
        }
        for (const auto& e : c.transcript().exchanges()) {
          if (e.label.starts_with("notifications/") && !e.response_body.empty()) {
            return Outcome::fail("no body for a notification",
                                 "body " + e.response_body.substr(0, 120));
          }
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "base.notification.no-id",
       .title = "Server notifications carry no id",
       .area = "jsonrpc",
       .section = "basic/index#notifications",
       .needs = {.tool = true},
       .requirement = "base.notification.no-id",
       .description =
           "Calls a tool with a progress token and looks at every notification that arrives."},
      [](CheckContext& c) {
        auto s = session(c);
        s->request("tools/call", {{"name", c.facts().call_tool["name"]},
                                  {"arguments", c.facts().call_arguments},
                                  {"_meta", {{"progressToken", "conformance-progress"}}}});
        // On the wire a notification with an id looks like a request, so look at
        // every message whose method is a notifications/ one, whatever it was taken for.
        int seen = 0;
        for (const auto& e : c.transcript().exchanges()) {
          for (const auto& ev : e.events) {
            const auto parsed = jsonrpc::parse(ev.data);
            if (!parsed.value || !parsed.value->is_object()) continue;
            const auto& m = *parsed.value;
            if (!m.value("method", Json()).is_string() ||
                !m["method"].get_ref<const std::string&>().starts_with("notifications/"))
              continue;
            ++seen;
            if (m.contains("id")) return Outcome::fail("no id on notifications", brief(m));
          }
        }
        return Outcome::pass(seen == 0 ? "the server sent no notifications to look at" : "");
      });

  registry.add(
      {.id = "base.batch.receive",
       .title = "2025-03-26 servers accept JSON-RPC batches",
       .area = "jsonrpc",
       .section = "2025-03-26/basic/index#batching",
       .versions = {ProtocolVersion::k2025_03_26},
       .needs = {.streamable = true},
       .requirement = "base.batch.receive",
       .description = "POSTs [ping, ping] and expects responses for both ids; a batch of "
                      "notifications gets 202."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = post_raw(
            c, *s,
            R"([{"jsonrpc":"2.0","id":"b1","method":"ping"},{"jsonrpc":"2.0","id":"b2","method":"ping"}])");
        std::set<std::string> ids;
        const auto collect = [&](const std::string& text) {
          for (const auto& m : jsonrpc::parse_messages(text)) {
            if (m.is_object() && m.contains("id") && m["id"].is_string())
              ids.insert(m["id"].get<std::string>());
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
        if (n.status != 202)
          return Outcome::fail("HTTP 202 for a batch of notifications", describe(n));
        return Outcome::pass();
      });

  registry.add({.id = "base.batch.removed",
                .title = "From 2025-06-18 a JSON array body is refused",
                .area = "jsonrpc",
                .section = "2025-06-18/changelog",
                .level = Level::kShould,
                .versions = kFrom20250618,
                .needs = {.streamable = true},
                .requirement = "base.batch.removed",
                .description = "Batching was removed in 2025-06-18: an array body should get a 4xx "
                               "or -32600 (a warning, "
                               "since dual-version servers may still accept it)."},
               [](CheckContext& c) {
                 auto s = session(c);
                 const auto r = post_raw(c, *s, R"([{"jsonrpc":"2.0","id":"b1","method":"ping"}])");
                 const auto message = first_message(r);
                 if (is_4xx(r.status) || (message.is_object() && message.contains("error")))
                   return Outcome::pass();
                 return Outcome::fail("HTTP 4xx or -32600", describe(r));
               });

  registry.add(
      {.id = "base.utf8",
       .title = "Messages are UTF-8: non-ASCII text survives a round trip",
       .area = "jsonrpc",
       .section = "basic/transports",
       .versions = VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_11_25),
       .requirement = "base.utf8",
       .description = "Sends ids with non-ASCII characters (ä, 🙂, 中文) and checks the bytes "
                      "come back as sent."},
      [](CheckContext& c) {
        auto s = session(c);
        const Json id = "utf8-ä-中文-🙂";
        const auto r = s->request("ping", Json::object(), id);
        if (!r.ok()) return Outcome::fail("an answer", describe(r));
        if ((*r.response)["id"] != id)
          return Outcome::fail("id " + id.dump(), brief((*r.response)["id"]));
        return Outcome::pass();
      });

  registry.add(
      {.id = "base.meta.key-format",
       .title = "_meta keys follow the naming rules",
       .area = "jsonrpc",
       .section = "basic/index#_meta",
       .versions = kFrom20250618,
       .requirement = "base.meta.key-format",
       .description = "Checks every _meta key in what the server sends (initialize, lists): an "
                      "optional dotted "
                      "prefix ending in '/', then a name that starts and ends alphanumeric."},
      [](CheckContext& c) {
        auto s = session(c);
        if (c.facts().has_capability("tools")) s->request("tools/list");
        if (c.facts().has_capability("resources")) s->request("resources/list");
        if (c.facts().has_capability("prompts")) s->request("prompts/list");
        static const std::regex kKey(
            R"(^([A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?)*/)?)"
            R"([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$)");
        std::string bad;
        std::function<void(const Json&)> walk = [&](const Json& v) {
          if (v.is_object()) {
            for (const auto& [k, child] : v.items()) {
              if (k == "_meta" && child.is_object()) {
                for (const auto& [mk, unused] : child.items()) {
                  if (!std::regex_match(mk, kKey) && bad.empty()) bad = mk;
                }
              }
              walk(child);
            }
          } else if (v.is_array()) {
            for (const auto& child : v)
              walk(child);
          }
        };
        walk(s->init_result());
        for (const auto& e : c.transcript().exchanges()) {
          auto parsed = jsonrpc::parse(e.response_body);
          if (parsed.value) walk(*parsed.value);
          for (const auto& ev : e.events) {
            auto p = jsonrpc::parse(ev.data);
            if (p.value) walk(*p.value);
          }
        }
        if (!bad.empty())
          return Outcome::fail("_meta keys like \"prefix.example/name\"", "key \"" + bad + "\"");
        return Outcome::pass();
      });

  registry.add({.id = "base.jsonschema.valid",
                .title = "Tool schemas are JSON Schema objects that compile",
                .area = "jsonrpc",
                .section = "2025-11-25/basic/index#json-schema-usage",
                .versions = kFrom20251125,
                .needs = {.capability = "tools"},
                .requirement = "base.jsonschema.valid",
                .description = "Every inputSchema (and outputSchema) must be a JSON Schema object, "
                               "default dialect 2020-12. "
                               "Checked by compiling each with a validator (heuristic: a full "
                               "2020-12 meta-schema check is "
                               "beyond the validator this tool uses)."},
               [](CheckContext& c) {
                 for (const auto& tool : c.facts().tools) {
                   for (const char* key : {"inputSchema", "outputSchema"}) {
                     if (!tool.contains(key)) continue;
                     const auto& schema = tool[key];
                     std::string error;
                     if (!schema.is_object() || !schema::Validator::compile(schema, &error)) {
                       return Outcome::fail("a valid JSON Schema object in " +
                                                tool.value("name", std::string("?")) + "." + key,
                                            schema.is_object() ? error : brief(schema));
                     }
                   }
                 }
                 return Outcome::pass();
               });
}

}  // namespace mcp::conformance
