// Admission and security of the HTTP transports: who may talk to the server
// (Origin against DNS rebinding, Host on a loopback bind, the bearer token),
// the CORS headers browsers need, and what a POST body must be.
#pragma once

#include <string>

#include "reference_server/hooks.hpp"
#include "reference_server/options.hpp"

namespace mcp::server {

class SessionStore;

class Admission {
 public:
  /// `sessions` and `session_header`: the Streamable HTTP sessions, for hooks
  /// that judge a request by its session.
  Admission(const Options& options, const HttpHooks& hooks, SessionStore& sessions,
            const std::string& session_header);

  /// Origin, Host, then the bearer token. Writes the refusal and returns false
  /// when the request may not proceed; adds the CORS headers when it may.
  bool admit(const httplib::Request& req, httplib::Response& res) const;
  /// OPTIONS: the CORS preflight.
  void answer_preflight(const httplib::Request& req, httplib::Response& res) const;
  /// Lets a browser page of an allowed Origin read the answer.
  void add_cors_headers(const httplib::Request& req, httplib::Response& res) const;

 private:
  bool origin_allowed(const std::string& origin) const;
  bool host_allowed(const std::string& host_header) const;
  bool bearer_valid(const httplib::Request& req, bool* had_bearer) const;
  bool authenticate(const httplib::Request& req, httplib::Response& res) const;

  const Options& options_;
  const HttpHooks& hooks_;
  SessionStore& sessions_;
  const std::string& session_header_;
  const bool loopback_bind_;
};

/// A POST body must be JSON: false (and 415 written) otherwise.
bool has_json_body(const httplib::Request& req, httplib::Response& res);
/// A POST to the MCP endpoint must accept both JSON and SSE: false (and 406 written) otherwise.
bool accepts_json_and_sse(const httplib::Request& req, httplib::Response& res);
/// A stream must accept SSE: false (and 406 with `refusal` written) otherwise.
bool accepts_sse(const httplib::Request& req, httplib::Response& res, const char* refusal);

}  // namespace mcp::server
