// A small MCP server over stdio that handles malformed input the way real
// servers were seen to: an unparsable line, a batch or a message that is not
// valid JSON-RPC is dropped without a word (as @modelcontextprotocol/server-
// filesystem does), so the base checks can be shown failing over stdio. It
// answers initialize (legacy versions only), ping and tools/list; any other
// request gets -32601; notifications and responses are dropped.
//
//   --parse-error-id-zero      an unparsable line gets -32700 with id 0 instead
//   --silent-after-initialize  answers initialize, then nothing at all
#include <iostream>
#include <set>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "protocol/toolkit_version.hpp"

namespace {

using mcp::Json;
namespace jsonrpc = mcp::jsonrpc;

struct Behaviour {
  bool parse_error_id_zero = false;
  bool silent_after_initialize = false;
};

Json initialize_result(const Json& params) {
  static const std::set<std::string> kServed{"2024-11-05", "2025-03-26", "2025-06-18",
                                             "2025-11-25"};
  const auto requested = params.is_object() ? params.value("protocolVersion", Json()) : Json();
  const bool served = requested.is_string() && kServed.count(requested.get<std::string>());
  return {{"protocolVersion", served ? requested : Json("2025-11-25")},
          {"capabilities", Json::object()},
          {"serverInfo", {{"name", "scripted-stdio-server"}, {"version", "1"}}}};
}

/// The answer to one line, or null for none.
Json answer(const std::string& line, const Behaviour& behaviour, bool& initialized) {
  auto parsed = jsonrpc::parse(line);
  if (!parsed.value) {
    if (!behaviour.parse_error_id_zero) return nullptr;
    return jsonrpc::make_error(0, jsonrpc::kParseError, "Parse error");
  }
  const Json& message = *parsed.value;
  if (jsonrpc::classify(message).kind != jsonrpc::Kind::kRequest) return nullptr;
  const auto& id = message["id"];
  const auto& method = message["method"];
  if (method == "initialize") {
    initialized = true;
    return jsonrpc::make_result(id, initialize_result(message.value("params", Json())));
  }
  if (method == "ping") return jsonrpc::make_result(id, Json::object());
  if (method == "tools/list") return jsonrpc::make_result(id, {{"tools", Json::array()}});
  return jsonrpc::make_error(id, jsonrpc::kMethodNotFound, "Method not found");
}

}  // namespace

int main(int argc, char** argv) {
  Behaviour behaviour;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--version") {
      std::cout << "mcp-scripted-stdio-server " << mcp::kToolkitVersion << "\n";
      return 0;
    }
    if (flag == "--parse-error-id-zero") {
      behaviour.parse_error_id_zero = true;
    } else if (flag == "--silent-after-initialize") {
      behaviour.silent_after_initialize = true;
    } else {
      std::cerr << "scripted-stdio-server: unknown option " << flag << "\n";
      return 2;
    }
  }
  bool initialized = false;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (behaviour.silent_after_initialize && initialized) continue;
    const auto reply = answer(line, behaviour, initialized);
    if (!reply.is_null()) std::cout << jsonrpc::serialize(reply) << '\n' << std::flush;
  }
  return 0;
}
