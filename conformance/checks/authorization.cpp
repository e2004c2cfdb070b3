// Spec page basic/authorization, as far as a deployment that requires a bearer
// token shows it (no authorization server needed), and the security guide's
// "sessions are not authentication".
#include <random>

#include "conformance/checks/check_util.hpp"
#include "protocol/http_util.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

const std::string kSection = "basic/authorization";
const Needs kAuth{.auth = true, .http = true};

bool legacy(const CheckContext& c) {
  return c.facts().transport == client::TransportKind::kLegacySse;
}

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

/// One exchange that carries the target's headers except Authorization, plus
/// `headers` (which may bring an Authorization of their own), recorded in the
/// check's transcript. SSE answers are read up to their first event only.
client::HttpResponse send(CheckContext& c, const std::string& method, client::Headers headers,
                          const std::string& body = {}, const std::string& url = {}) {
  headers.emplace_back("User-Agent", std::string("mcp-conformance/") + kToolkitVersion);
  for (const auto& h : c.target().headers) {
    if (!http::iequals(h.first, "Authorization")) headers.push_back(h);
  }
  client::StreamHandlers handlers;
  handlers.on_event = [](const sse::Event&) { return false; };  // a stream opened: enough seen
  client::Deadlines deadlines = c.target().deadlines;
  deadlines.idle = std::min(deadlines.idle, std::chrono::milliseconds(3000));
  client::HttpClient client(&c.transcript());
  return client.send({method, url.empty() ? c.target().url : url, headers, body}, deadlines,
                     method + " (authorization probe)", handlers);
}

std::string initialize_body(const CheckContext& c) {
  return jsonrpc::serialize(jsonrpc::make_request(
      0, "initialize",
      {{"protocolVersion", c.version_text()},
       {"capabilities", Json::object()},
       {"clientInfo", {{"name", "mcp-conformance"}, {"version", kToolkitVersion}}}}));
}

/// The first exchange of a new connection, with `authorization` ("" for none):
/// POST initialize (Streamable HTTP) or GET the stream (HTTP+SSE).
client::HttpResponse first_request(CheckContext& c, const std::string& authorization) {
  client::Headers headers;
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  if (legacy(c)) {
    headers.emplace_back("Accept", "text/event-stream");
    return send(c, "GET", headers);
  }
  for (const auto& h : CheckContext::post_headers())
    headers.push_back(h);
  return send(c, "POST", headers, initialize_body(c));
}

std::string what_was_sent(const CheckContext& c) {
  return legacy(c) ? "GET on the HTTP+SSE stream" : "initialize";
}

/// Why a 401 does not carry a WWW-Authenticate header (RFC 9110 15.5.2), or "".
std::string challenge_missing(const client::HttpResponse& r) {
  const auto challenge = r.header("WWW-Authenticate");
  if (!challenge || challenge->empty()) return "a 401 without WWW-Authenticate";
  return "";
}

bool bearer_challenge(const client::HttpResponse& r) {
  const auto challenge = r.header("WWW-Authenticate").value_or("");
  return challenge.size() >= 6 && http::iequals(std::string_view(challenge).substr(0, 6), "Bearer");
}

/// The session's request headers (session id, protocol version), without Authorization.
client::Headers session_headers(CheckContext& c, McpSession& s) {
  const auto* http = s.http();
  return CheckContext::post_headers(http ? http->session_id() : "",
                                    c.version() >= ProtocolVersion::k2025_06_18 ? s.version() : "");
}

/// Where the session's messages are POSTed.
std::string post_url(CheckContext& c, McpSession& s) {
  if (auto* sse = dynamic_cast<client::LegacySseTransport*>(&s.transport())) return sse->endpoint();
  return c.target().url;
}

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

}  // namespace

void register_authorization_checks(Registry& registry) {
  registry.add({.id = "auth.401-required",
                .title = "A request without a token gets 401",
                .area = "authorization",
                .section = kSection + "#error-handling",
                .level = Level::kMust,
                .versions = kStreamableVersions,
                .needs = kAuth,
                .requirement = "auth.401-required",
                .description = "The first request of a connection (initialize, or the GET of "
                               "HTTP+SSE) without an Authorization header must get 401."},
               [](CheckContext& c) {
                 const auto r = first_request(c, "");
                 if (r.status != 401)
                   return Outcome::fail("HTTP 401 for " + what_was_sent(c) + " without a token",
                                        describe(r));
                 return Outcome::pass();
               });

  registry.add({.id = "auth.invalid-token-401",
                .title = "An invalid bearer token gets 401",
                .area = "authorization",
                .section = kSection + "#token-handling",
                .level = Level::kMust,
                .versions = kStreamableVersions,
                .needs = kAuth,
                .requirement = "auth.invalid-token-401",
                .description = "The first request with Authorization: Bearer <random garbage> "
                               "must get 401."},
               [](CheckContext& c) {
                 const auto r = first_request(c, "Bearer conformance-invalid-" + random_suffix());
                 if (r.status != 401)
                   return Outcome::fail(
                       "HTTP 401 for " + what_was_sent(c) + " with a garbage token", describe(r));
                 return Outcome::pass();
               });

  registry.add(
      {.id = "auth.every-request",
       .title = "Authorization is checked on every request of a session",
       .area = "authorization",
       .section = kSection + "#token-requirements",
       .level = Level::kMust,
       .versions = kStreamableVersions,
       .needs = kAuth,
       .requirement = "auth.every-request",
       .description =
           "Initializes with the token, then sends, without it: a request (ping), a notification, "
           "and on Streamable HTTP the GET stream and a DELETE. Each must get 401 (a notification "
           "answered 202 was processed unauthenticated; 405 for a GET or DELETE the endpoint "
           "does not offer is accepted)."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto headers = session_headers(c, *s);
        const auto url = post_url(c, *s);
        std::vector<std::pair<std::string, client::HttpResponse>> answers;
        answers.emplace_back(
            "ping",
            send(c, "POST", headers, jsonrpc::serialize(jsonrpc::make_request(9, "ping")), url));
        answers.emplace_back(
            "a notification",
            send(c, "POST", headers,
                 jsonrpc::serialize(jsonrpc::make_notification(
                     "notifications/cancelled", {{"requestId", "conformance-none"}})),
                 url));
        if (!legacy(c)) {
          client::Headers get{{"Accept", "text/event-stream"}};
          for (const auto& h : headers) {
            if (!http::iequals(h.first, "Accept") && !http::iequals(h.first, "Content-Type"))
              get.push_back(h);
          }
          answers.emplace_back("the GET stream", send(c, "GET", get));
          if (s->http() && !s->http()->session_id().empty())
            answers.emplace_back("DELETE", send(c, "DELETE", get));
        }
        for (const auto& [what, r] : answers) {
          // A method the endpoint does not offer at all may say so first.
          const bool not_offered =
              r.status == 405 && (what == "the GET stream" || what == "DELETE");
          if (r.status != 401 && !not_offered)
            return Outcome::fail("HTTP 401 for " + what + " without the token", describe(r));
        }
        const auto ping = s->request("ping");
        if (!ping.ok())
          return Outcome::fail("the session still working with the token", describe(ping));
        return Outcome::pass();
      });

  registry.add(
      {.id = "auth.status-codes",
       .title = "Missing, invalid and malformed credentials get 401 (or 400) with a Bearer "
                "challenge",
       .area = "authorization",
       .section = kSection + "#error-handling",
       .level = Level::kMust,
       .versions = kStreamableVersions,
       .needs = kAuth,
       .requirement = "auth.status-codes",
       .description =
           "No token and a garbage token: 401 (not 403 or 400) with a WWW-Authenticate header "
           "(RFC 9110 requires one on every 401); a Basic credential and a bare \"Bearer\": 400 "
           "or 401. A challenge that does not use the Bearer scheme is a warning (RFC 6750)."},
      [](CheckContext& c) {
        bool bearer = true;
        for (const std::string& authorization :
             {std::string(), "Bearer conformance-invalid-" + random_suffix()}) {
          const auto r = first_request(c, authorization);
          const auto label = authorization.empty() ? "no token" : "a garbage token";
          if (r.status != 401)
            return Outcome::fail(std::string("HTTP 401 for ") + label, describe(r));
          if (const auto problem = challenge_missing(r); !problem.empty())
            return Outcome::fail(std::string("WWW-Authenticate on the 401 for ") + label, problem);
          bearer = bearer && bearer_challenge(r);
        }
        for (const char* authorization : {"Basic Y29uZm9ybWFuY2U6eA==", "Bearer"}) {
          const auto r = first_request(c, authorization);
          if (r.status != 400 && r.status != 401)
            return Outcome::fail(std::string("HTTP 400 or 401 for Authorization: ") + authorization,
                                 describe(r));
        }
        if (!bearer)
          return Outcome{reports::Verdict::kWarn,
                         "the 401 challenge does not use the Bearer scheme (RFC 6750 3: "
                         "WWW-Authenticate: Bearer ...)"};
        return Outcome::pass();
      });

  registry.add(
      {.id = "transport.http.session.not-auth",
       .title = "A valid session id is no substitute for the token",
       .area = "authorization",
       .section = "basic/security_best_practices#session-hijacking",
       .level = Level::kMust,
       .versions = kStreamableVersions,
       .needs = {.session = true, .auth = true, .streamable = true},
       .requirement = "transport.http.session.not-auth",
       .description = "In a session opened with the token, a request carrying the valid "
                      "Mcp-Session-Id but no token, or a garbage token, must get 401."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto headers = session_headers(c, *s);
        for (const std::string& authorization :
             {std::string(), "Bearer conformance-invalid-" + random_suffix()}) {
          auto h = headers;
          if (!authorization.empty()) h.emplace_back("Authorization", authorization);
          const auto r = send(c, "POST", h, jsonrpc::serialize(jsonrpc::make_request(9, "ping")));
          if (r.status != 401)
            return Outcome::fail(std::string("HTTP 401 for a request with the session id and ") +
                                     (authorization.empty() ? "no token" : "a garbage token"),
                                 describe(r));
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "auth.token-in-query",
       .title = "A token in the URI query does not authenticate",
       .area = "authorization",
       .section = kSection + "#token-requirements",
       .level = Level::kShould,
       .versions = kStreamableVersions,
       .needs = kAuth,
       .requirement = "auth.token-in-query",
       .description =
           "Clients must never put access tokens in the URI. The first request with the valid "
           "token only as ?access_token=... (no Authorization header) should still get 401; a "
           "server that accepts it invites tokens into logs and histories (a warning)."},
      [](CheckContext& c) {
        const auto token = harness_token(c);
        if (token.empty()) return Outcome::skip("the harness token is not a Bearer header");
        const auto url = c.target().url +
                         (c.target().url.find('?') == std::string::npos ? "?" : "&") +
                         "access_token=" + percent_encode(token);
        client::HttpResponse r;
        if (legacy(c)) {
          r = send(c, "GET", {{"Accept", "text/event-stream"}}, {}, url);
        } else {
          r = send(c, "POST", CheckContext::post_headers(), initialize_body(c), url);
        }
        if (r.status != 401)
          return Outcome::fail("HTTP 401 when the token comes only in the query", describe(r));
        return Outcome::pass();
      });
}

}  // namespace mcp::conformance
