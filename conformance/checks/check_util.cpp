#include "conformance/checks/check_util.hpp"

#include <thread>

#include "protocol/http_util.hpp"

namespace mcp::conformance {

std::string brief(const Json& value, std::size_t max) {
  auto text = jsonrpc::serialize(value);
  if (text.size() > max) text = text.substr(0, max) + "...";
  return text;
}

std::string describe(const client::CallResult& r) {
  std::string out;
  if (r.http_status)
    out = "HTTP " + std::to_string(r.http_status) +
          (r.content_type.empty() ? "" : " (" + r.content_type + ")");
  if (r.response) out += (out.empty() ? "" : " ") + brief(*r.response);
  if (!r.error.empty()) out += (out.empty() ? "" : ", ") + r.error;
  return out.empty() ? "nothing" : out;
}

std::string describe(const client::HttpResponse& r) {
  if (!r.ok()) return "no answer: " + r.error_message;
  std::string out = "HTTP " + std::to_string(r.status);
  if (const auto type = r.header("Content-Type")) out += " (" + http::media_type(*type) + ")";
  if (!r.body.empty()) out += " " + r.body.substr(0, 240);
  if (r.sse && !r.events.empty()) out += " " + r.events.front().data.substr(0, 240);
  return out;
}

std::optional<int> error_code(const client::CallResult& r) {
  if (!r.response || !r.response->contains("error")) return std::nullopt;
  const auto& code = (*r.response)["error"].value("code", Json());
  if (!code.is_number_integer()) return std::nullopt;
  return code.get<int>();
}

void observe(std::chrono::milliseconds window) {
  std::this_thread::sleep_for(window);
}

Json first_message(const client::HttpResponse& r) {
  std::string text = r.body;
  if (r.sse) {
    for (const auto& e : r.events) {
      if (!e.data.empty()) {
        text = e.data;
        break;
      }
    }
  }
  auto parsed = jsonrpc::parse(text);
  return parsed.value.value_or(Json());
}

}  // namespace mcp::conformance
