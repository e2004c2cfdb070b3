// Helpers of the 2026-07-28 tests: requests with the envelope in the body and
// the headers that mirror it, as a well-behaved modern client sends them.
#pragma once

#include <string>

#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"
#include "testing/http_test_client.hpp"

namespace mcp::testing {

inline constexpr char kModern[] = "2026-07-28";

inline Json envelope(Json capabilities = Json::object()) {
  return Json{{modern::kProtocolVersionKey, kModern},
              {modern::kClientCapabilitiesKey, std::move(capabilities)},
              {modern::kClientInfoKey, {{"name", "tests"}, {"version", "1"}}}};
}

/// A well-formed 2026-07-28 request: envelope in the body, headers to match.
struct ModernRequest {
  Json body;
  httplib::Headers headers;
};

inline ModernRequest modern_request(const Json& id, const std::string& method, Json params = {},
                                    Json capabilities = Json::object()) {
  if (!params.is_object()) params = Json::object();
  params["_meta"] = envelope(std::move(capabilities));
  auto headers = mcp_headers({}, kModern);
  headers.emplace(headers::kMethod, method);
  for (const char* member : {"name", "uri"}) {
    if ((method == "tools/call" || method == "prompts/get" || method == "resources/read") &&
        params.contains(member))
      headers.emplace(headers::kName, params[member].get<std::string>());
  }
  return {jsonrpc::make_request(id, method, std::move(params)), std::move(headers)};
}

/// Replaces (or with an empty value, removes) one header.
inline void set_header(httplib::Headers& headers, const std::string& name,
                       const std::string& value) {
  for (auto it = headers.begin(); it != headers.end();) {
    it = it->first == name ? headers.erase(it) : std::next(it);
  }
  if (!value.empty()) headers.emplace(name, value);
}

}  // namespace mcp::testing
