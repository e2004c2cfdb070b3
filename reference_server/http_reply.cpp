#include "reference_server/http_reply.hpp"

#include <httplib.h>

#include "protocol/headers.hpp"

namespace mcp::server {

void send_json(httplib::Response& res, const Json& body) {
  res.status = 200;
  res.set_content(jsonrpc::serialize(body), "application/json");
}

void send_error(httplib::Response& res, int status, int code, const std::string& message,
                std::optional<ProtocolVersion> version, const Json& id) {
  send_error_response(res, status, jsonrpc::make_error(id, code, message), version);
}

void send_error_response(httplib::Response& res, int status, Json error,
                         std::optional<ProtocolVersion> version) {
  // An unknown id is null in JSON-RPC 2.0 (and the schemas up to 2025-06-18 need
  // the member); 2025-11-25 forbids null and omits it. Without a version, null.
  const auto id = error.find("id");
  if (id != error.end() && id->is_null() && version && *version >= ProtocolVersion::k2025_11_25)
    error.erase(id);
  res.status = status;
  res.set_content(jsonrpc::serialize(error), "application/json");
}

void send_unavailable(httplib::Response& res, const std::string& message,
                      std::optional<ProtocolVersion> version, const Json& id) {
  res.set_header("Retry-After", "5");
  send_error(res, 503, jsonrpc::kServerError, message, version, id);
}

void refuse(httplib::Response& res, const Refusal& refusal,
            std::optional<ProtocolVersion> version) {
  for (const auto& [name, value] : refusal.headers)
    res.set_header(name, value);
  send_error(res, refusal.status, refusal.code, refusal.message, version, refusal.id);
}

std::optional<ProtocolVersion> request_version(const httplib::Request& req) {
  const auto header = req.get_header_value(headers::kProtocolVersion);
  if (const auto known = parse_protocol_version(header)) return known;
  // A revision newer than ours (YYYY-MM-DD sorts by date) keeps 2025-11-25's rule.
  const bool date = header.size() == 10 && header[4] == '-' && header[7] == '-';
  if (date && header > to_string(kLatestLegacyVersion)) return kLatestLegacyVersion;
  return std::nullopt;
}

std::string supported_versions_text() {
  std::string out;
  for (const auto v : streamable_http_versions()) {
    if (!out.empty()) out += ", ";
    out += to_string(v);
  }
  return out;
}

bool is_initialize_request(const Json& message) {
  if (!message.is_object() || !message.contains("id")) return false;
  const auto method = message.find("method");
  return method != message.end() && method->is_string() && *method == "initialize";
}

}  // namespace mcp::server
