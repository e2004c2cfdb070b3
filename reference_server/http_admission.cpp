#include "reference_server/http_admission.hpp"

#include <httplib.h>

#include "protocol/http_util.hpp"
#include "reference_server/http_reply.hpp"

namespace mcp::server {
namespace {

constexpr char kExposedHeaders[] = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

}  // namespace

Admission::Admission(const Options& options, const HttpHooks& hooks, SessionStore& sessions,
                     const std::string& session_header)
    : options_(options),
      hooks_(hooks),
      sessions_(sessions),
      session_header_(session_header),
      loopback_bind_(http::is_loopback_host(http::host_header_host(options.host)) ||
                     options.host == "::1") {}

bool Admission::origin_allowed(const std::string& origin) const {
  if (http::is_loopback_host(http::origin_host(origin))) return true;
  for (const auto& allowed : options_.allowed_origins) {
    if (allowed == "*" || http::iequals(allowed, origin)) return true;
  }
  return false;
}

bool Admission::host_allowed(const std::string& host_header) const {
  const auto host = http::host_header_host(host_header);
  if (host.empty() || http::is_loopback_host(host)) return true;
  for (const auto& allowed : options_.allowed_hosts) {
    if (http::iequals(http::host_header_host(allowed), host)) return true;
  }
  return false;
}

void Admission::add_cors_headers(const httplib::Request& req, httplib::Response& res) const {
  const auto origin = req.get_header_value("Origin");
  if (origin.empty() || !origin_allowed(origin)) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
  res.set_header("Vary", "Origin");
}

bool Admission::admit(const httplib::Request& req, httplib::Response& res) const {
  const auto origin = req.get_header_value("Origin");
  if (!origin.empty() && !origin_allowed(origin)) {
    bool refuse = true;
    hooks_.foreign_origin(req, refuse);
    if (refuse) {
      send_error(res, 403, jsonrpc::kServerError,
                 "Forbidden: Origin '" + origin +
                     "' is not allowed (DNS-rebinding protection; add it with --allowed-origin)",
                 request_version(req));
      return false;
    }
  }
  // A server bound to loopback is only reachable through a rebinding attack
  // when the Host names something else.
  if (loopback_bind_ && !host_allowed(req.get_header_value("Host"))) {
    send_error(res, 403, jsonrpc::kServerError,
               "Forbidden: Host '" + req.get_header_value("Host") +
                   "' is not allowed for a server bound to a loopback address (DNS-rebinding "
                   "protection; add it with --allowed-host)",
               request_version(req));
    return false;
  }
  add_cors_headers(req, res);
  return options_.auth_token.empty() || authenticate(req, res);
}

bool Admission::bearer_valid(const httplib::Request& req, bool* had_bearer) const {
  const auto authorization = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  *had_bearer = authorization.size() > kScheme.size() &&
                http::iequals(std::string_view(authorization).substr(0, kScheme.size()), kScheme);
  return *had_bearer &&
         http::constant_time_equals(std::string_view(authorization).substr(kScheme.size()),
                                    options_.auth_token);
}

bool Admission::authenticate(const httplib::Request& req, httplib::Response& res) const {
  bool had_bearer = false;
  if (bearer_valid(req, &had_bearer)) return true;
  AuthFailure failure{
      .request = req,
      .expected_token = options_.auth_token,
      .session_header = session_header_,
      .sessions = sessions_,
      .had_bearer = had_bearer,
      .refusal = {.status = 401,
                  .code = jsonrpc::kServerError,
                  .message = had_bearer ? "Unauthorized: the bearer token is not valid"
                                        : "Unauthorized: send Authorization: Bearer <token>",
                  .id = nullptr,
                  .headers = {{"WWW-Authenticate",
                               had_bearer
                                   ? R"(Bearer realm="mcp-reference-server", error="invalid_token")"
                                   : R"(Bearer realm="mcp-reference-server")"}}},
      .admit = false};
  hooks_.unauthenticated(failure);
  if (failure.admit) return true;
  refuse(res, failure.refusal, request_version(req));
  return false;
}

void Admission::answer_preflight(const httplib::Request& req, httplib::Response& res) const {
  const auto origin = req.get_header_value("Origin");
  if (!origin.empty() && !origin_allowed(origin)) {
    send_error(res, 403, jsonrpc::kServerError,
               "Forbidden: Origin '" + origin + "' is not allowed (add it with --allowed-origin)",
               request_version(req));
    return;
  }
  res.set_header("Access-Control-Allow-Origin", origin.empty() ? "*" : origin);
  res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.set_header("Access-Control-Allow-Headers",
                 "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
                 "Last-Event-ID");
  res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
  res.set_header("Access-Control-Max-Age", "86400");
  if (!origin.empty()) res.set_header("Vary", "Origin");
  res.status = 204;
  hooks_.preflight_answered(res);
}

bool has_json_body(const httplib::Request& req, httplib::Response& res) {
  if (http::media_type(req.get_header_value("Content-Type")) == "application/json") return true;
  send_error(res, 415, jsonrpc::kServerError,
             "Unsupported Media Type: Content-Type must be application/json", request_version(req));
  return false;
}

bool accepts_json_and_sse(const httplib::Request& req, httplib::Response& res) {
  const auto accept = req.get_header_value("Accept");
  if (http::accepts(accept, "application/json") && http::accepts(accept, "text/event-stream"))
    return true;
  send_error(res, 406, jsonrpc::kServerError,
             "Not Acceptable: the Accept header must allow both application/json and "
             "text/event-stream",
             request_version(req));
  return false;
}

bool accepts_sse(const httplib::Request& req, httplib::Response& res, const char* refusal) {
  if (http::accepts(req.get_header_value("Accept"), "text/event-stream")) return true;
  send_error(res, 406, jsonrpc::kServerError, refusal, request_version(req));
  return false;
}

}  // namespace mcp::server
