// The server's header handling: the parsers of Origin, Host, Accept and
// Content-Type (protocol/http_util), the 2026-07-28 header values with their
// =?base64?...?= form (protocol/request_metadata), and the same headers as the
// endpoint sees them (admission, MCP-Protocol-Version, Mcp-Method, Mcp-Name,
// Mcp-Param-*), on requests whose bodies are valid so that the headers decide.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/in_process_server.hpp"
#include "protocol/http_util.hpp"
#include "protocol/request_metadata.hpp"

namespace {

using namespace mcp::fuzz;
using mcp::Json;
namespace http = mcp::http;
namespace modern = mcp::modern;
namespace headers = mcp::headers;

/// The value parsers alone, with what they promise.
void check_value_parsers(const std::string& value, FuzzedDataProvider& input) {
  FUZZ_CHECK(http::iequals(value, value));
  (void)http::media_type(value);
  (void)http::accepts(value, "application/json");
  (void)http::accepts(value, "text/event-stream");
  (void)http::is_loopback_host(http::origin_host(value));
  (void)http::is_loopback_host(http::host_header_host(value));
  (void)modern::is_token(value);

  // Any text survives the header form; plain text travels as it is.
  const auto encoded = modern::encode_header_value(value);
  if (modern::is_plain_header_value(value)) FUZZ_CHECK(encoded == value);
  std::string problem;
  const auto decoded = modern::decode_header_value(encoded, &problem);
  FUZZ_CHECK(decoded && *decoded == value);
  if (!modern::decode_header_value(value, &problem)) FUZZ_CHECK(!problem.empty());

  // An argument agrees with its own header text.
  const modern::HeaderParam param{
      .name = "P",
      .path = {"a", "b"},
      .type = input.PickValueInArray<std::string>({"string", "integer", "boolean"})};
  Json argument;
  switch (input.ConsumeIntegralInRange(0, 4)) {
    case 0:
      argument = value;
      break;
    case 1:
      argument = input.ConsumeIntegral<std::int64_t>();
      break;
    case 2:
      argument = input.ConsumeIntegral<std::uint64_t>();
      break;
    case 3:
      argument = input.ConsumeFloatingPoint<double>();
      break;
    default:
      argument = input.ConsumeBool();
      break;
  }
  const Json arguments{{"a", {{"b", argument}}}};
  if (const auto text = modern::header_param_text(param, arguments))
    FUZZ_CHECK(modern::header_param_matches(param, arguments, *text));
  (void)modern::header_param_matches(param, arguments, value);
}

// The bodies: valid requests of each era whose headers matter.
constexpr std::array<const char*, 5> kBodies = {
    R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})",
    R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"test_custom_headers","arguments":{"region":"eu-west","priority":7,"verbose":true,"label":"caf\u00e9","note":" edge ","query":"q"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})",
    R"({"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"test_simple_prompt","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})",
    R"({"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"test://static-text","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})",
    R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"test_custom_headers_null","arguments":{"region":"r","priority":-1,"verbose":null,"query":"q"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})",
};

/// Each header is left out, sent as a well-behaved client would, sent as
/// fuzzed text, or sent as fuzzed bytes in the Base64 form.
void add_header(httplib::Request& req, const char* name, const std::string& good,
                FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 3)) {
    case 0:
      break;
    case 1:
      req.set_header(name, good);
      break;
    case 2:
      req.set_header(name, input.ConsumeRandomLengthString(256));
      break;
    default:
      req.set_header(name, modern::encode_header_value(input.ConsumeRandomLengthString(256)));
      break;
  }
}

httplib::Request hostile_request(const Json& body, FuzzedDataProvider& input) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/mcp";
  req.body = mcp::jsonrpc::serialize(body);
  const auto& params = body.contains("params") ? body["params"] : Json::object();
  add_header(req, "Host", "127.0.0.1:3000", input);
  add_header(req, "Origin", "http://localhost:5173", input);
  add_header(req, "Content-Type", "application/json; charset=utf-8", input);
  add_header(req, "Accept", "application/json, text/event-stream", input);
  add_header(req, "Authorization", "Bearer s3cret", input);
  add_header(req, headers::kProtocolVersion, params.contains("_meta") ? "2026-07-28" : "2025-11-25",
             input);
  add_header(req, headers::kMethod, body["method"].get<std::string>(), input);
  const auto named = params.contains("name") ? params["name"] : params.value("uri", Json(""));
  add_header(req, headers::kName, modern::encode_header_value(named.get<std::string>()), input);
  const auto arguments = params.value("arguments", Json::object());
  for (const char* name : {"Region", "Priority", "Verbose", "Label", "Note"}) {
    const modern::HeaderParam param{
        .name = name, .path = {}, .type = name == std::string("Priority") ? "integer" : "string"};
    std::string key(name);
    key[0] = static_cast<char>(key[0] - 'A' + 'a');
    const auto value = arguments.contains(key) ? arguments[key] : Json();
    const auto text = value.is_string()    ? value.get<std::string>()
                      : value.is_boolean() ? std::string(value ? "true" : "false")
                                           : value.dump();
    add_header(req, modern::header_param_name(param).c_str(), modern::encode_header_value(text),
               input);
  }
  return req;
}

Server& server() {
  // A bearer token, and one allowed origin and host besides loopback.
  static Server instance(Options{.auth_token = "s3cret",
                                 .allowed_origins = {"https://app.example"},
                                 .allowed_hosts = {"mcp.example:443"}});
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto value = input.ConsumeRandomLengthString(512);
  check_value_parsers(value, input);

  const auto body = Json::parse(input.PickValueInArray(kBodies));
  const auto req = hostile_request(body, input);
  post_and_check(server(), req, false);
  httplib::Response preflight;
  server().admission.answer_preflight(req, preflight);
  FUZZ_CHECK(preflight.status == 204 || preflight.status == 403);
  return 0;
}
