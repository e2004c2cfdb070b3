// Small helpers the check files share: describing what came back, and
// recognising JSON-RPC errors.
#pragma once

#include <chrono>
#include <string>

#include "client/transport.hpp"
#include "conformance/context.hpp"

namespace mcp::conformance {

/// A short text of a JSON value for "got: ..." messages (truncated).
std::string brief(const Json& value, std::size_t max = 240);

/// "HTTP 200 (application/json) {...}" / "no answer: <why>": what a request got.
std::string describe(const client::CallResult& result);
std::string describe(const client::HttpResponse& response);

/// The JSON-RPC error code in a result's response, if it is an error response.
std::optional<int> error_code(const client::CallResult& result);
/// The body of a raw response parsed as JSON (the first SSE message for SSE); null if none.
Json first_message(const client::HttpResponse& response);

/// True for 2xx.
inline bool is_2xx(int status) {
  return status >= 200 && status < 300;
}
inline bool is_4xx(int status) {
  return status >= 400 && status < 500;
}

/// Waits a fixed window: rules about what must NOT arrive can only be judged by
/// watching for a while (never used to wait for something that will come).
void observe(std::chrono::milliseconds window);

/// A session of the check's own (initialized at the version under test).
inline std::unique_ptr<McpSession> session(CheckContext& c, Json capabilities = Json::object()) {
  return c.open_session(std::move(capabilities));
}

}  // namespace mcp::conformance
