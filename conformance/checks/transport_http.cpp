// Spec page basic/transports (Streamable HTTP, 2025-03-26 .. 2025-11-25), and
// the security guide's "sessions are not authentication".
#include <algorithm>
#include <map>
#include <set>

#include "conformance/checks/check_util.hpp"
#include "protocol/headers.hpp"
#include "protocol/http_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kTransportHttpArea = "transport-http";
const std::string kSending = "basic/transports#sending-messages-to-the-server";
const std::string kSessions = "basic/transports#session-management";
const std::string kVersionHeader = "basic/transports#protocol-version-header";
const Needs kStreamable{.streamable = true};
const Needs kStateful{.session = true, .streamable = true};

std::string session_of(McpSession& s) {
  return s.http() ? s.http()->session_id() : std::string();
}
std::string version_header(const CheckContext& c) {
  return c.version() >= ProtocolVersion::k2025_06_18 ? c.version_text() : std::string();
}
std::string ping_body() {
  return jsonrpc::serialize(jsonrpc::make_request(9, "ping"));
}

/// POSTs `body` in session `s`, with `extra` headers replacing those of the same name.
client::HttpResponse post(CheckContext& c, McpSession& s, const std::string& body,
                          const client::Headers& extra = {}) {
  auto headers = CheckContext::post_headers(session_of(s), version_header(c));
  for (const auto& h : extra) {
    std::erase_if(headers,
                  [&](const auto& existing) { return http::iequals(existing.first, h.first); });
    headers.push_back(h);
  }
  return c.http("POST", headers, body);
}

/// initialize POSTed with `extra` headers (no session).
client::HttpResponse post_initialize(CheckContext& c, const client::Headers& extra = {}) {
  auto headers = CheckContext::post_headers();
  headers.insert(headers.end(), extra.begin(), extra.end());
  return c.http("POST", headers, initialize_body(c.version_text()));
}

const client::Headers kEvilOrigin{{"Origin", "http://evil.example"}};

/// A tool call that streams (progress token), to see the server's SSE answers.
client::CallResult streaming_call(CheckContext& c, McpSession& s) {
  return s.request("tools/call", tool_call(string_member(c.facts().call_tool, "name"),
                                           c.facts().call_arguments, "conformance-sse"));
}

const CheckInfo kSingleEndpoint{
    .id = "transport.http.endpoint",
    .title = "One MCP endpoint answers POST, and GET with SSE or 405",
    .area = kTransportHttpArea,
    .section = "basic/transports#streamable-http",
    .rule = "One endpoint takes POSTed messages and answers a GET with an event stream or 405.",
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .requirement = "transport.http.endpoint, transport.http.get.sse-or-405",
    .description =
        "POST initialize works on the URL; GET on the same URL answers "
        "text/event-stream or 405 (a 404 or 5xx fails)."};

Outcome single_endpoint(CheckContext& c) {
  auto s = session(c);
  client::Headers headers{{"Accept", "text/event-stream"}};
  if (const auto id = session_of(*s); !id.empty()) headers.emplace_back(headers::kSessionId, id);
  if (const auto v = version_header(c); !v.empty())
    headers.emplace_back(headers::kProtocolVersion, v);
  headers.insert(headers.end(), c.target().headers.begin(), c.target().headers.end());
  // Only the status and media type matter: a standalone stream may stay
  // silent, so stop reading once the body goes quiet for a moment.
  client::Deadlines deadlines = c.target().deadlines;
  deadlines.idle = std::chrono::milliseconds(300);
  client::HttpClient client(&c.transcript(), c.target().limits);
  const auto g = client.send({"GET", c.target().url, headers, {}}, deadlines, "GET");
  const auto type = http::media_type(g.header("Content-Type").value_or(""));
  if (g.status == 405) return Outcome::pass("no standalone GET stream (405)");
  if (g.status == 200 && type == "text/event-stream") return Outcome::pass();
  return Outcome::fail("GET answered text/event-stream or 405", describe(g));
}

const CheckInfo kOriginValidate{
    .id = "transport.http.origin.validate",
    .title = "A foreign Origin is refused; no Origin is fine",
    .area = kTransportHttpArea,
    .section = "basic/transports#security-warning",
    .rule =
        "The server checks the Origin of every connection and refuses a foreign one, "
        "against DNS rebinding.",
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .description =
        "initialize with Origin: http://evil.example must get a 4xx (DNS-rebinding "
        "defence); without an Origin header it must work."};

Outcome origin_validate(CheckContext& c) {
  const auto refused = post_initialize(c, kEvilOrigin);
  if (!is_4xx(refused.status))
    return Outcome::fail("HTTP 4xx for Origin http://evil.example", describe(refused));
  const auto plain = post_initialize(c);
  if (!is_2xx(plain.status)) return Outcome::fail("2xx without an Origin header", describe(plain));
  return Outcome::pass();
}

const CheckInfo kOrigin403{
    .id = "transport.http.origin.403",
    .title = "A present and invalid Origin gets exactly 403",
    .area = kTransportHttpArea,
    .section = "2025-11-25/basic/transports#security-warning",
    .rule = "A request with an Origin header the server does not accept gets HTTP 403.",
    .versions = kFrom20251125,
    .needs = kStreamable,
    .description = "From 2025-11-25 the status is fixed: 403 Forbidden."};

Outcome origin_403(CheckContext& c) {
  const auto refused = post_initialize(c, kEvilOrigin);
  if (refused.status != 403) return Outcome::fail("HTTP 403", describe(refused));
  return Outcome::pass();
}

const CheckInfo kNotification202{
    .id = "transport.http.post.notification-202",
    .title = "An accepted notification gets 202 Accepted with no body",
    .area = kTransportHttpArea,
    .section = kSending,
    .rule =
        "A POSTed notification or response that the server accepts gets HTTP 202 with an "
        "empty body.",
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .description =
        "POSTs notifications/cancelled for a request that does not exist (servers "
        "ignore it)."};

Outcome notification_202(CheckContext& c) {
  auto s = session(c);
  const auto r =
      post(c, *s,
           R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"none"}})");
  if (r.status != 202 || !r.body.empty()) return Outcome::fail("HTTP 202 and no body", describe(r));
  return Outcome::pass();
}

const CheckInfo kReject{
    .id = "transport.http.post.reject",
    .title = "A notification the server cannot accept gets an HTTP error",
    .area = kTransportHttpArea,
    .section = kSending,
    .rule =
        "A POSTed notification or response the server cannot accept gets an HTTP error "
        "status.",
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .description =
        "POSTs {\"jsonrpc\":\"2.0\",\"method\":42}: a 4xx is expected, never 202 or "
        "5xx."};

Outcome reject(CheckContext& c) {
  auto s = session(c);
  const auto r = post(c, *s, R"({"jsonrpc":"2.0","method":42})");
  if (!is_4xx(r.status)) return Outcome::fail("HTTP 4xx", describe(r));
  return Outcome::pass();
}

const CheckInfo kRequestContentType{
    .id = "transport.http.post.request-content-type",
    .title = "Requests are answered with application/json or text/event-stream",
    .area = kTransportHttpArea,
    .section = kSending,
    .rule = "A POSTed request is answered either with one JSON object or with an event stream.",
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .description =
        "For ping and the list methods: 2xx and one of the two media types; a JSON "
        "body is a single object, never 202."};

Outcome request_content_type(CheckContext& c) {
  auto s = session(c);
  std::vector<std::string> methods{"ping"};
  if (c.facts().has_capability("tools")) methods.push_back("tools/list");
  for (const auto& m : methods) {
    const auto res = s->request(m);
    if (res.http_status == 202)
      return Outcome::fail("a response on the POST (not 202)", describe(res));
    if (!is_2xx(res.http_status) ||
        (res.content_type != "application/json" && res.content_type != "text/event-stream")) {
      return Outcome::fail("2xx application/json or text/event-stream for " + m, describe(res));
    }
  }
  return Outcome::pass();
}

const CheckInfo kSseResponse{
    .id = "transport.http.post.sse.response",
    .title = "An SSE answer carries the response and then ends",
    .area = kTransportHttpArea,
    .section = kSending,
    .rule =
        "An event stream opened for a request carries that request's response, and ends "
        "after it.",
    .level = Level::kShould,
    .versions = kStreamableVersions,
    .needs = {.tool = true, .streamable = true},
    .requirement = "transport.http.post.sse.response, transport.http.post.sse.no-early-close",
    .description =
        "Calls a tool with a progress token; if the answer is SSE, the response must "
        "be on it and the stream should end after it (JSON answers pass: SSE is "
        "optional)."};

Outcome sse_response(CheckContext& c) {
  auto s = session(c);
  const auto res = answered(streaming_call(c, *s), "tools/call");
  if (res.content_type != "text/event-stream") return Outcome::pass("answered as JSON");
  if (!res.response) return Outcome::fail("the response on the SSE stream", describe(res));
  return Outcome::pass();
}

const CheckInfo kSsePriming{
    .id = "transport.http.post.sse.priming",
    .title = "SSE answers start with a priming event (id, empty data)",
    .area = kTransportHttpArea,
    .section = "2025-11-25/" + kSending,
    .rule =
        "An event stream begins with an event that has an id and empty data, so that a "
        "client can resume from the start.",
    .level = Level::kShould,
    .versions = kFrom20251125,
    .needs = {.tool = true, .streamable = true},
    .description =
        "From 2025-11-25 the first event of an SSE answer should have an id and empty "
        "data, so a client can resume from the start."};

Outcome sse_priming(CheckContext& c) {
  auto s = session(c);
  streaming_call(c, *s);
  for (const auto& e : c.transcript().exchanges()) {
    if (e.label != "tools/call" || !e.sse) continue;
    if (e.events.empty()) return Outcome::fail("a priming event", "no events");
    const auto& first = e.events.front();
    if (first.id.empty() || !first.data.empty()) {
      return Outcome::fail("first event with an id and empty data",
                           "id \"" + first.id + "\", data " + first.data.substr(0, 80));
    }
    return Outcome::pass();
  }
  return Outcome::skip("the server answered the call with JSON, not SSE");
}

const CheckInfo kGetNoResponses{
    .id = "transport.http.get.no-responses",
    .title = "No JSON-RPC responses on the GET stream",
    .area = kTransportHttpArea,
    .section = "basic/transports#listening-for-messages-from-the-server",
    .rule = "The standalone GET stream carries no responses, which belong to their own POST.",
    .versions = kStreamableVersions,
    .needs = kStateful,
    .description =
        "Holds the GET stream open while sending requests on POST; every response must "
        "come on its POST, none on the GET stream (the community guide's "
        "202-then-stream design breaks this)."};

Outcome get_no_responses(CheckContext& c) {
  auto s = session(c);
  const auto opened = s->http()->open_get_stream("GET stream");
  if (!opened.ok())
    return Outcome::skip("the server offers no GET stream (" + describe(opened) + ")");
  std::string problem;
  for (int i = 0; i < 3; ++i) {
    const auto res =
        s->request(i % 2 ? "ping" : (c.facts().has_capability("tools") ? "tools/list" : "ping"));
    if (!res.ok() && problem.empty()) problem = describe(res);
  }
  for (const auto& m : s->transport().router().responses()) {
    if (m.via == "GET stream")
      return Outcome::fail("responses only on their POST",
                           "a response on the GET stream: " + brief(m.message));
  }
  if (!problem.empty()) return Outcome::fail("each request answered on its POST", problem);
  return Outcome::pass();
}

const CheckInfo kEventIdUnique{
    .id = "transport.http.resume.event-id-unique",
    .title = "SSE event ids are unique across the session's streams",
    .area = kTransportHttpArea,
    .section = "basic/transports#resumability-and-redelivery",
    .rule = "Event ids, where the server uses them, are unique across all streams of a session.",
    .versions = kStreamableVersions,
    .needs = {.tool = true, .streamable = true},
    .description =
        "Collects the event ids of several SSE answers (and the GET stream) in one "
        "session: none may repeat."};

Outcome event_id_unique(CheckContext& c) {
  auto s = session(c);
  for (int i = 0; i < 3; ++i)
    streaming_call(c, *s);
  // The decoder carries the last id forward to events without one: count an
  // id once per run of events that repeat it. Without sessions every POST
  // stands alone, so ids need only be unique within a stream.
  std::map<std::string, int> seen;
  bool any = false;
  for (const auto& e : c.transcript().exchanges()) {
    if (!c.facts().issues_sessions) seen.clear();
    std::string last;
    for (const auto& ev : e.events) {
      if (!ev.id.empty() && ev.id != last) ++seen[ev.id];
      last = ev.id;
    }
    for (const auto& [id, n] : seen) {
      if (n > 1)
        return Outcome::fail("unique event ids",
                             "id \"" + id + "\" used " + std::to_string(n) + " times");
    }
    any = any || !seen.empty();
  }
  if (!any) return Outcome::skip("no SSE event ids used (they are optional): nothing to compare");
  return Outcome::pass();
}

const CheckInfo kSessionAssign{
    .id = "transport.http.session.assign",
    .title = "Session ids come on the initialize response (optional)",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule =
        "A server that uses sessions hands out the session id with its initialize response "
        "and keeps it.",
    .level = Level::kMay,
    .versions = kStreamableVersions,
    .needs = kStreamable,
    .description =
        "Issuing sessions is optional. A server that does must assign the id on the "
        "initialize response and keep it: a later response of the session may not "
        "carry a different Mcp-Session-Id. A server that issues none may not start "
        "sending one later."};

Outcome session_assign(CheckContext& c) {
  auto s = session(c);
  const auto id = c.facts().issues_sessions ? session_of(*s) : std::string();
  const auto later = c.http("POST", CheckContext::post_headers(id, version_header(c)),
                            jsonrpc::serialize(jsonrpc::make_request(11, "ping")));
  const auto echoed = later.header(headers::kSessionId);
  if (echoed && *echoed != id) {
    return Outcome::fail(id.empty() ? "no Mcp-Session-Id after an initialize that assigned none"
                                    : "the id assigned at initialize, " + id + ", or none",
                         "Mcp-Session-Id: " + *echoed + " on a later response");
  }
  return Outcome::pass(id.empty() ? "stateless: no session ids"
                                  : "stateful: the id comes with initialize");
}

const CheckInfo kSessionCharset{
    .id = "transport.http.session.charset",
    .title = "Session ids are visible ASCII (0x21-0x7E)",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule = "A session id consists of visible ASCII characters only (0x21 to 0x7E).",
    .versions = kStreamableVersions,
    .needs = kStateful,
    .description = "Checks the Mcp-Session-Id of a new session byte by byte.",
    .evidence = Evidence::kHandshake};

Outcome session_charset(CheckContext& c) {
  auto s = session(c);
  const auto id = session_of(*s);
  for (const char ch : id) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x21 || u > 0x7E)
      return Outcome::fail("visible ASCII only",
                           "byte 0x" + std::to_string(u) + " in \"" + id + "\"");
  }
  if (id.empty()) return Outcome::fail("a session id", "none");
  return Outcome::pass();
}

const CheckInfo kSessionSecure{
    .id = "transport.http.session.secure",
    .title = "Session ids are unique and unguessable",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule = "Session ids are globally unique and cannot be guessed.",
    .level = Level::kShould,
    .versions = kStreamableVersions,
    .needs = kStateful,
    .description =
        "Opens five sessions: ids must differ, be at least 16 characters (about 128 "
        "bits if random) and not be consecutive numbers (a heuristic)."};

Outcome session_secure(CheckContext& c) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto s = session(c);
    ids.push_back(session_of(*s));
    s->http()->delete_session("cleanup");
  }
  std::set<std::string> unique(ids.begin(), ids.end());
  if (unique.size() != ids.size()) return Outcome::fail("distinct ids", "a repeated id");
  for (const auto& id : ids) {
    if (id.size() < 16) return Outcome::fail("ids of at least 16 characters", "\"" + id + "\"");
  }
  const bool numeric = std::all_of(ids.begin(), ids.end(), [](const std::string& id) {
    return std::all_of(id.begin(), id.end(),
                       [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
  });
  if (numeric)
    return Outcome::fail("random ids", "numeric ids: " + ids.front() + ", " + ids.back());
  return Outcome::pass();
}

const CheckInfo kSessionMissing400{
    .id = "transport.http.session.missing-400",
    .title = "A request without the session id is served or gets 400",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule = "A server that requires a session id answers a request without one with HTTP 400.",
    .level = Level::kShould,
    .versions = kStreamableVersions,
    .needs = kStateful,
    .description =
        "Sends ping without Mcp-Session-Id to a server that issues session ids. A "
        "server that requires the id should answer 400; one that does not may serve "
        "the request (what ChatGPT's 2026 client needs). Any other answer (404, 5xx, "
        "a 2xx without a result) breaks the rule."};

Outcome session_missing_400(CheckContext& c) {
  auto s = session(c);
  const auto res = c.http("POST", CheckContext::post_headers("", version_header(c)), ping_body());
  if (res.status == 400) return Outcome::pass("400: the server requires the id");
  const auto message = first_message(res);
  if (is_2xx(res.status) && message.is_object() && message.contains("result"))
    return Outcome::pass("served: the server does not require the id");
  return Outcome::fail("HTTP 400, or the request served", describe(res));
}

const CheckInfo kSessionTerminated404{
    .id = "transport.http.session.terminated-404",
    .title = "A terminated or unknown session id gets 404",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule = "A request naming a session that has ended, or never existed, gets HTTP 404.",
    .versions = kStreamableVersions,
    .needs = kStateful,
    .description =
        "Ends a session with DELETE (if allowed), then uses its id: 404. A never-issued "
        "random id must also get 404."};

Outcome session_terminated_404(CheckContext& c) {
  auto s = session(c);
  const auto deleted = s->http()->delete_session("DELETE", true);
  if (is_2xx(deleted.http_status)) {
    const auto after = s->request("ping");
    if (after.http_status != 404) return Outcome::fail("HTTP 404 after DELETE", describe(after));
  }
  const auto random = c.http(
      "POST",
      CheckContext::post_headers("conformance-never-issued-0123456789abcdef", version_header(c)),
      ping_body());
  if (random.status != 404)
    return Outcome::fail("HTTP 404 for a never-issued session id", describe(random));
  return Outcome::pass(
      is_2xx(deleted.http_status) ? "" : "DELETE not allowed; checked a never-issued id only");
}

const CheckInfo kSessionDelete{
    .id = "transport.http.session.delete",
    .title = "DELETE ends the session (2xx) or is not allowed (405)",
    .area = kTransportHttpArea,
    .section = kSessions,
    .rule =
        "A DELETE naming the session ends it, or gets HTTP 405 where clients may not end "
        "sessions, and a fresh initialize then starts a new one.",
    .level = Level::kMay,
    .versions = kStreamableVersions,
    .needs = kStateful,
    .requirement = "transport.http.session.delete, transport.http.session.reinit",
    .description =
        "DELETE with the session id: 2xx or 405. After a 2xx, a fresh initialize "
        "without the old id starts a new session."};

Outcome session_delete(CheckContext& c) {
  auto s = session(c);
  const auto deleted = s->http()->delete_session("DELETE");
  if (deleted.http_status == 405)
    return Outcome::pass("client-initiated termination not allowed (405)");
  if (!is_2xx(deleted.http_status)) return Outcome::fail("2xx or 405", describe(deleted));
  auto again = session(c);
  if (session_of(*again).empty())
    return Outcome::fail("a new session after DELETE", "no session id");
  return Outcome::pass();
}

const CheckInfo kSessionNotAuth{
    .id = "transport.http.session.not-auth",
    .title = "A valid session id is no substitute for the token",
    .area = kTransportHttpArea,
    .section = "2025-06-18/basic/security_best_practices#session-hijacking",
    .rule =
        "A session id never stands in for authentication: every request of a session is "
        "authorized on its own.",
    .versions = kStreamableVersions,
    .needs = {.session = true, .auth = true, .streamable = true},
    .description =
        "In a session opened with the token, a request carrying the valid "
        "Mcp-Session-Id but no token, or a garbage token, must get 401."};

Outcome session_not_auth(CheckContext& c) {
  auto s = session(c);
  for (const std::string& authorization :
       {std::string(), "Bearer conformance-invalid-" + random_suffix()}) {
    auto headers = session_post_headers(c, *s);
    if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
    const auto r = send_without_token(c, "POST", headers, ping_body());
    if (r.status != 401)
      return Outcome::fail(std::string("HTTP 401 for a request with the session id and ") +
                               (authorization.empty() ? "no token" : "a garbage token"),
                           describe(r));
  }
  return Outcome::pass();
}

const CheckInfo kInvalidVersion400{
    .id = "transport.http.protover.invalid-400",
    .title = "An invalid or unsupported MCP-Protocol-Version gets 400",
    .area = kTransportHttpArea,
    .section = kVersionHeader,
    .rule =
        "A request whose MCP-Protocol-Version header is invalid or unsupported gets HTTP "
        "400.",
    .versions = kFrom20250618,
    .needs = kStreamable,
    .description = "After initialize, pings with MCP-Protocol-Version 1999-01-01 and banana."};

Outcome invalid_version_400(CheckContext& c) {
  auto s = session(c);
  for (const char* bad : {"1999-01-01", "banana"}) {
    const auto res = post(c, *s, ping_body(), {{headers::kProtocolVersion, bad}});
    if (res.status != 400)
      return Outcome::fail("HTTP 400 for MCP-Protocol-Version " + std::string(bad), describe(res));
  }
  return Outcome::pass();
}

const CheckInfo kVersionAbsent{
    .id = "transport.http.protover.absent",
    .title = "A missing MCP-Protocol-Version is still processed",
    .area = kTransportHttpArea,
    .section = kVersionHeader,
    .rule = "A request without an MCP-Protocol-Version header is still served, as 2025-03-26.",
    .level = Level::kShould,
    .versions = kFrom20250618,
    .needs = kStreamable,
    .description = "Without the header the server should assume 2025-03-26 and answer."};

Outcome version_absent(CheckContext& c) {
  auto s = session(c);
  const auto res = c.http("POST", CheckContext::post_headers(session_of(*s)), ping_body());
  if (!is_2xx(res.status)) return Outcome::fail("a 2xx answer", describe(res));
  return Outcome::pass();
}

}  // namespace

void register_transport_http_checks(Registry& registry) {
  registry.add(kSingleEndpoint, single_endpoint);
  registry.add(kOriginValidate, origin_validate);
  registry.add(kOrigin403, origin_403);
  registry.add(kNotification202, notification_202);
  registry.add(kReject, reject);
  registry.add(kRequestContentType, request_content_type);
  registry.add(kSseResponse, sse_response);
  registry.add(kSsePriming, sse_priming);
  registry.add(kGetNoResponses, get_no_responses);
  registry.add(kEventIdUnique, event_id_unique);
  registry.add(kSessionAssign, session_assign);
  registry.add(kSessionCharset, session_charset);
  registry.add(kSessionSecure, session_secure);
  registry.add(kSessionMissing400, session_missing_400);
  registry.add(kSessionTerminated404, session_terminated_404);
  registry.add(kSessionDelete, session_delete);
  registry.add(kSessionNotAuth, session_not_auth);
  registry.add(kInvalidVersion400, invalid_version_400);
  registry.add(kVersionAbsent, version_absent);
  register_transport_http_v26_checks(registry);
  register_transport_http_v26_more_checks(registry);
}

}  // namespace mcp::conformance
