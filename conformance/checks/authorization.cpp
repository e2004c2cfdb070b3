// Spec page basic/authorization, as far as a deployment that requires a bearer
// token shows it (no authorization server needed). At 2026-07-28 there is no
// initialize and no session: every probe is a 2026-07-28 request of its own.
#include "client/modern_session.hpp"
#include "conformance/checks/check_util.hpp"
#include "protocol/http_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kAuthorizationArea = "authorization";
const std::string kAuthorizationSection = "basic/authorization";
const Needs kAuth{.auth = true, .http = true};

/// A 2026-07-28 request of `method` with the envelope and the headers a client
/// sends for it, and `authorization` ("" for none) in place of the harness token.
client::HttpResponse modern_without_token(CheckContext& c, const std::string& method,
                                          const std::string& authorization,
                                          const std::string& url = {}) {
  const auto request = modern_request(c, method);
  auto headers = client::modern_headers(c.version_text(), request);
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json, text/event-stream");
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  return send_without_token(c, "POST", headers, jsonrpc::serialize(request), url);
}

/// The first exchange of a new connection, with `authorization` ("" for none):
/// POST initialize (Streamable HTTP), GET the stream (HTTP+SSE), or at
/// 2026-07-28 POST server/discover.
client::HttpResponse first_request(CheckContext& c, const std::string& authorization,
                                   const std::string& url = {}) {
  if (is_modern(c.version())) return modern_without_token(c, "server/discover", authorization, url);
  client::Headers headers;
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  if (legacy_sse(c)) {
    headers.emplace_back("Accept", "text/event-stream");
    return send_without_token(c, "GET", headers, {}, url);
  }
  const auto post = CheckContext::post_headers();
  headers.insert(headers.end(), post.begin(), post.end());
  return send_without_token(c, "POST", headers, initialize_body(c.version_text()), url);
}

std::string what_was_sent(const CheckContext& c) {
  if (is_modern(c.version())) return "server/discover";
  return legacy_sse(c) ? "GET on the HTTP+SSE stream" : "initialize";
}

std::string garbage_token() {
  return "Bearer conformance-invalid-" + random_suffix();
}

/// 401 for the first request of a connection with `authorization`, which `what` names.
Outcome first_request_gets_401(CheckContext& c, const std::string& authorization,
                               const std::string& what) {
  const auto r = first_request(c, authorization);
  if (r.status != 401)
    return Outcome::fail("HTTP 401 for " + what_was_sent(c) + " " + what, describe(r));
  return Outcome::pass();
}

const CheckInfo k401Required{
    .id = "auth.401-required",
    .title = "A request without a token gets 401",
    .area = kAuthorizationArea,
    .section = kAuthorizationSection + "#error-handling",
    .rule = "A request that needs authorization and carries none gets HTTP 401.",
    .versions = kSince20250326,
    .needs = kAuth,
    .description =
        "The first request of a connection (initialize, the GET of HTTP+SSE, or at 2026-07-28 "
        "server/discover with the envelope and headers) without an Authorization header must "
        "get 401."};

Outcome required_401(CheckContext& c) {
  return first_request_gets_401(c, "", "without a token");
}

const CheckInfo kInvalidToken401{
    .id = "auth.invalid-token-401",
    .title = "An invalid bearer token gets 401",
    .area = kAuthorizationArea,
    .section = kAuthorizationSection + "#token-handling",
    .rule = "A request with an invalid or expired token gets HTTP 401.",
    .versions = kSince20250326,
    .needs = kAuth,
    .description =
        "The first request (initialize, the GET of HTTP+SSE, or at 2026-07-28 server/discover) "
        "with Authorization: Bearer <random garbage> must get 401."};

Outcome invalid_token_401(CheckContext& c) {
  return first_request_gets_401(c, garbage_token(), "with a garbage token");
}

const CheckInfo kEveryRequest{
    .id = "auth.every-request",
    .title = "Authorization is checked on every request of a session",
    .area = kAuthorizationArea,
    .section = kAuthorizationSection + "#token-requirements",
    .rule =
        "Authorization is checked on every HTTP request, including those of a session "
        "that was opened with a valid token.",
    .versions = kSince20250326,
    .needs = kAuth,
    .description =
        "Initializes with the token, then sends, without it: a request (ping), a notification, "
        "and on Streamable HTTP the GET stream and a DELETE. Each must get 401 (a notification "
        "answered 202 was processed unauthenticated; 405 for a GET or DELETE the endpoint does "
        "not offer is accepted). At 2026-07-28, where each request stands alone: server/discover "
        "with the token must be served, then tools/list and a GET without it must get 401 (405 "
        "accepted for the GET)."};

/// What session `s` gets for requests without the token: ping, a notification,
/// and on Streamable HTTP the GET stream and (with a session id) a DELETE.
std::vector<std::pair<std::string, client::HttpResponse>> tokenless_answers(CheckContext& c,
                                                                            McpSession& s) {
  const auto headers = session_post_headers(c, s);
  auto* sse = dynamic_cast<client::LegacySseTransport*>(&s.transport());
  const auto url = sse ? sse->endpoint() : c.target().url;  // where the session POSTs
  std::vector<std::pair<std::string, client::HttpResponse>> answers;
  answers.emplace_back(
      "ping", send_without_token(c, "POST", headers,
                                 jsonrpc::serialize(jsonrpc::make_request(9, "ping")), url));
  answers.emplace_back(
      "a notification",
      send_without_token(c, "POST", headers,
                         jsonrpc::serialize(jsonrpc::make_notification(
                             "notifications/cancelled", {{"requestId", "conformance-none"}})),
                         url));
  if (legacy_sse(c)) return answers;
  client::Headers get{{"Accept", "text/event-stream"}};
  for (const auto& h : headers) {
    if (!http::iequals(h.first, "Accept") && !http::iequals(h.first, "Content-Type"))
      get.push_back(h);
  }
  answers.emplace_back("the GET stream", send_without_token(c, "GET", get));
  if (s.http() && !s.http()->session_id().empty())
    answers.emplace_back("DELETE", send_without_token(c, "DELETE", get));
  return answers;
}

/// At 2026-07-28: a request served with the token proves nothing for the next
/// one, which must be judged by its own Authorization header.
Outcome every_request_modern(CheckContext& c) {
  const auto with_token = post_modern(c, modern_request(c, "server/discover"));
  if (const auto why = not_served(with_token); !why.empty())
    return Outcome::fail("server/discover served with the token", why);
  const auto list = modern_without_token(c, "tools/list", "");
  if (list.status != 401)
    return Outcome::fail("HTTP 401 for tools/list without the token", describe(list));
  const auto get = send_without_token(c, "GET", {{"Accept", "text/event-stream"}});
  if (get.status != 401 && get.status != 405)
    return Outcome::fail("HTTP 401 (or 405) for a GET without the token", describe(get));
  return Outcome::pass();
}

Outcome every_request(CheckContext& c) {
  if (is_modern(c.version())) return every_request_modern(c);
  auto s = session(c);
  for (const auto& [what, r] : tokenless_answers(c, *s)) {
    // A method the endpoint does not offer at all may say so first.
    const bool not_offered = r.status == 405 && (what == "the GET stream" || what == "DELETE");
    if (r.status != 401 && !not_offered)
      return Outcome::fail("HTTP 401 for " + what + " without the token", describe(r));
  }
  const auto ping = s->request("ping");
  if (!ping.ok()) return Outcome::fail("the session still working with the token", describe(ping));
  return Outcome::pass();
}

const CheckInfo kStatusCodes{
    .id = "auth.status-codes",
    .title = "Missing, invalid and malformed credentials get 401 (or 400) with a Bearer challenge",
    .area = kAuthorizationArea,
    .section = kAuthorizationSection + "#error-handling",
    .rule =
        "A missing or invalid token gets HTTP 401 with a challenge, lacking permission "
        "gets 403, and a malformed authorization request gets 400.",
    .versions = kSince20250326,
    .needs = kAuth,
    .description =
        "No token and a garbage token: 401 (not 403 or 400) with a WWW-Authenticate header (RFC "
        "9110 requires one on every 401); a Basic credential and a bare \"Bearer\": 400 or 401. A "
        "challenge that does not use the Bearer scheme is a warning (RFC 6750). Each is sent on "
        "initialize, the GET of HTTP+SSE, or at 2026-07-28 server/discover."};

bool bearer_challenge(const std::string& challenge) {
  return challenge.size() >= 6 && http::iequals(std::string_view(challenge).substr(0, 6), "Bearer");
}

Outcome status_codes(CheckContext& c) {
  std::string other_scheme;  // a challenge that is not Bearer, if any
  for (const auto& authorization : {std::string(), garbage_token()}) {
    const auto r = first_request(c, authorization);
    const std::string label = authorization.empty() ? "no token" : "a garbage token";
    if (r.status != 401) return Outcome::fail("HTTP 401 for " + label, describe(r));
    const auto challenge = r.header("WWW-Authenticate").value_or("");
    if (challenge.empty())
      return Outcome::fail("WWW-Authenticate on the 401 for " + label,
                           "a 401 without WWW-Authenticate");
    if (!bearer_challenge(challenge)) other_scheme = challenge;
  }
  for (const std::string authorization : {"Basic Y29uZm9ybWFuY2U6eA==", "Bearer"}) {
    const auto r = first_request(c, authorization);
    if (r.status != 400 && r.status != 401)
      return Outcome::fail("HTTP 400 or 401 for Authorization: " + authorization, describe(r));
  }
  if (!other_scheme.empty())
    return Outcome::warn("a Bearer challenge on the 401 (RFC 6750 section 3)",
                         "WWW-Authenticate: " + other_scheme);
  return Outcome::pass();
}

const CheckInfo kTokenInQuery{
    .id = "auth.token-in-query",
    .title = "A token in the URI query does not authenticate",
    .area = kAuthorizationArea,
    .section = kAuthorizationSection + "#token-requirements",
    .rule =
        "An access token never travels in the URI query, so a server does not accept one "
        "there.",
    .level = Level::kShould,
    .versions = kSince20250326,
    .needs = kAuth,
    .description =
        "Clients must never put access tokens in the URI. The first request with the valid token "
        "only as ?access_token=... (no Authorization header) should still get 401; a server that "
        "accepts it invites tokens into logs and histories (a warning). At 2026-07-28 that "
        "request is server/discover."};

/// The token the harness was given (from its Authorization: Bearer header), or "".
std::string harness_token(const CheckContext& c) {
  for (const auto& h : c.target().headers) {
    if (http::iequals(h.first, "Authorization") && h.second.size() > 7 &&
        http::iequals(std::string_view(h.second).substr(0, 7), "Bearer "))
      return h.second.substr(7);
  }
  return "";
}

std::string percent_encode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

Outcome token_in_query(CheckContext& c) {
  const auto token = harness_token(c);
  if (token.empty()) return Outcome::skip("the harness token is not a Bearer header");
  const auto url = c.target().url + (c.target().url.find('?') == std::string::npos ? "?" : "&") +
                   "access_token=" + percent_encode(token);
  const auto r = first_request(c, "", url);
  if (r.status != 401)
    return Outcome::fail("HTTP 401 when the token comes only in the query", describe(r));
  return Outcome::pass();
}

}  // namespace

void register_authorization_checks(Registry& registry) {
  registry.add(k401Required, required_401);
  registry.add(kInvalidToken401, invalid_token_401);
  registry.add(kEveryRequest, every_request);
  registry.add(kStatusCodes, status_codes);
  registry.add(kTokenInQuery, token_in_query);
}

}  // namespace mcp::conformance
