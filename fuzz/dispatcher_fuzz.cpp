// The reference server's Streamable HTTP endpoint, in-process and without
// sockets: a POST of the fuzzed body, in each era (dual, 2026-07-28 only,
// initialize era only), under each protocol version header, inside an
// initialized session or outside one, with the 2026-07-28 headers mirrored
// from the body or not. Whatever the body, the server must answer with a
// status, and a JSON answer must be JSON-RPC responses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/in_process_server.hpp"
#include "protocol/request_metadata.hpp"

namespace {

using namespace mcp::fuzz;
using mcp::Json;
namespace jsonrpc = mcp::jsonrpc;
namespace modern = mcp::modern;
namespace headers = mcp::headers;

constexpr std::array<const char*, 9> kVersionHeaders = {"",           "2024-11-05", "2025-03-26",
                                                        "2025-06-18", "2025-11-25", "2026-07-28",
                                                        "2099-12-31", "2025-13-45", " 2026-07-28 "};

/// What a well-behaved 2026-07-28 client sends beside the body: the headers
/// that mirror it (the version, the method, the name, the x-mcp-header arguments).
void mirror_headers(const Server& server, const Json& body, httplib::Request& req) {
  if (!body.is_object() || !body.contains("method") || !body["method"].is_string()) return;
  const auto& method = body["method"].get_ref<const std::string&>();
  req.set_header(headers::kMethod, modern::encode_header_value(method));
  const auto params = body.value("params", Json::object());
  if (!params.is_object()) return;
  if (const auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
    const auto version = meta->find(modern::kProtocolVersionKey);
    if (version != meta->end() && version->is_string()) {
      req.headers.erase(headers::kProtocolVersion);
      req.set_header(headers::kProtocolVersion, version->get<std::string>());
    }
  }
  for (const char* member : {"name", "uri"}) {
    const auto target = params.find(member);
    if (target != params.end() && target->is_string())
      req.set_header(headers::kName, modern::encode_header_value(target->get<std::string>()));
  }
  if (method != "tools/call" || !params.contains("name") || !params["name"].is_string()) return;
  const Tool* tool = server.catalog->tools.find(params["name"].get_ref<const std::string&>());
  if (!tool) return;
  const auto arguments = params.value("arguments", Json::object());
  for (const auto& param : tool->header_params) {
    if (const auto text = modern::header_param_text(param, arguments))
      req.set_header(modern::header_param_name(param), modern::encode_header_value(*text));
  }
}

/// Opens a session with a valid initialize; its id, or empty when refused.
std::string open_session(Server& server, const std::string& version) {
  const Json initialize =
      jsonrpc::make_request(0, "initialize",
                            {{"protocolVersion", version.empty() ? "2025-11-25" : version},
                             {"capabilities", Json::object()},
                             {"clientInfo", {{"name", "fuzz"}, {"version", "1"}}}});
  const auto req = make_post(jsonrpc::serialize(initialize), version);
  httplib::Response res;
  server.streamable.post(req, res);
  return res.get_header_value(headers::kSessionId);
}

void close_session(Server& server, const std::string& id) {
  httplib::Request req;
  req.method = "DELETE";
  req.path = "/mcp";
  req.set_header("Host", "127.0.0.1:3000");
  req.set_header(headers::kSessionId, id);
  httplib::Response res;
  server.streamable.remove(req, res);
}

Server& server_for(Era era) {
  static Server dual(Options{.era = Era::kDual});
  static Server modern_only(Options{.era = Era::kModern});
  static Server legacy_only(Options{.era = Era::kLegacy});
  return era == Era::kDual ? dual : era == Era::kModern ? modern_only : legacy_only;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto era = input.PickValueInArray({Era::kDual, Era::kModern, Era::kLegacy});
  const std::string version = input.PickValueInArray(kVersionHeaders);
  const bool in_session = input.ConsumeBool();
  const bool mirrored = input.ConsumeBool();
  auto body = input.ConsumeRemainingBytesAsString();

  Server& server = server_for(era);
  const auto session = in_session ? open_session(server, version) : std::string();
  auto req = make_post(body, version);
  if (!session.empty()) req.set_header(headers::kSessionId, session);
  const auto parsed = jsonrpc::parse(body);
  if (mirrored && parsed.value) mirror_headers(server, *parsed.value, req);

  const bool listen = parsed.value && parsed.value->is_object() &&
                      parsed.value->value("method", Json()) == "subscriptions/listen";
  post_and_check(server, req, listen);
  if (!session.empty()) close_session(server, session);
  return 0;
}
