#include "conformance/schema_audit.hpp"
#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"

#include <stdexcept>

namespace mcp::conformance {

// Generated from fixtures/schema/*.json (cmake/EmbedFiles.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_schemas();

namespace {

const std::map<std::string, std::string>& result_definitions() {
  static const std::map<std::string, std::string> kResults{
      {"initialize", "InitializeResult"},
      {"ping", "EmptyResult"},
      {"tools/list", "ListToolsResult"},
      {"tools/call", "CallToolResult"},
      {"resources/list", "ListResourcesResult"},
      {"resources/templates/list", "ListResourceTemplatesResult"},
      {"resources/read", "ReadResourceResult"},
      {"resources/subscribe", "EmptyResult"},
      {"resources/unsubscribe", "EmptyResult"},
      {"prompts/list", "ListPromptsResult"},
      {"prompts/get", "GetPromptResult"},
      {"completion/complete", "CompleteResult"},
      {"logging/setLevel", "EmptyResult"},
      // 2026-07-28 (a version whose schema lacks the name skips the check)
      {"server/discover", "DiscoverResult"},
      {"subscriptions/listen", "SubscriptionsListenResult"},
  };
  return kResults;
}

/// An InputRequiredResult of 2026-07-28: the answer, told apart by its
/// resultType, that the three methods allowed to ask for input give instead
/// of their own result (their schema's response is one or the other).
bool asks_for_input(ProtocolVersion version, const std::string& method, const Json& result) {
  if (!is_modern(version) || !result.is_object()) return false;
  if (method != "tools/call" && method != "prompts/get" && method != "resources/read") return false;
  const auto type = result.find("resultType");
  return type != result.end() && *type == "input_required";
}

}  // namespace

SchemaAudit::SchemaAudit() {
  for (const auto& [file, text] : embedded_schemas()) {
    const auto name = std::string(file.substr(0, file.find(".json")));
    const auto version = parse_protocol_version(name);
    if (!version) continue;
    auto parsed = jsonrpc::parse(text, 512);
    if (!parsed.value)
      throw std::runtime_error("schema " + std::string(file) + " is not JSON: " + parsed.error);
    const Json& doc = *parsed.value;
    const char* container = doc.contains("$defs") ? "$defs" : "definitions";
    auto& methods = method_definitions_[*version];
    for (const auto& [def_name, def] : doc[container].items()) {
      const auto method = def.value("properties", Json::object()).value("method", Json::object());
      if (method.contains("const") && method["const"].is_string())
        methods[method["const"].get<std::string>()] = def_name;
    }
    documents_.emplace(*version, std::move(*parsed.value));
  }
  if (documents_.size() != all_protocol_versions().size())
    throw std::runtime_error("a protocol schema is missing");
}

const schema::Validator* SchemaAudit::definition(ProtocolVersion version,
                                                 const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto key = std::make_pair(version, name);
  if (const auto it = compiled_.find(key); it != compiled_.end()) return it->second.get();
  std::string error;
  auto compiled = schema::Validator::compile_definition(documents_.at(version), name, &error);
  const auto* raw = compiled.get();
  compiled_.emplace(key, std::move(compiled));  // nullptr cached too: the name does not exist
  return raw;
}

std::vector<std::string> SchemaAudit::validate(ProtocolVersion version, const Json& message,
                                               const std::string& request_method) const {
  std::vector<std::string> problems;
  const auto check = [&](const std::string& name, const Json& value, const std::string& what) {
    const auto* validator = definition(version, name);
    if (!validator) return;
    for (const auto& p : validator->validate(value, 5))
      problems.push_back(what + " (" + name + "): " + p);
  };
  const bool modern = version >= ProtocolVersion::k2025_11_25;
  if (!message.is_object()) {
    problems.push_back("a JSON-RPC message must be an object");
    return problems;
  }
  if (message.contains("method")) {
    const bool request = message.contains("id");
    check(request ? "JSONRPCRequest" : "JSONRPCNotification", message,
          request ? "request" : "notification");
    if (message["method"].is_string()) {
      const auto& methods = method_definitions_.at(version);
      if (const auto it = methods.find(message["method"].get<std::string>()); it != methods.end()) {
        check(it->second, message, message["method"].get<std::string>());
      }
    }
  } else if (message.contains("error")) {
    // An unreadable request's id is null in JSON-RPC 2.0 and absent from 2025-11-25 on;
    // base.error.id judges that, so validate the rest with a stand-in id.
    Json copy = message;
    if (copy.contains("id") && copy["id"].is_null()) copy["id"] = 0;
    check(modern ? "JSONRPCErrorResponse" : "JSONRPCError", copy, "error response");
  } else if (message.contains("result")) {
    check(modern ? "JSONRPCResultResponse" : "JSONRPCResponse", message, "response");
    if (const auto it = result_definitions().find(request_method);
        it != result_definitions().end()) {
      check(asks_for_input(version, request_method, message["result"]) ? "InputRequiredResult"
                                                                       : it->second,
            message["result"], request_method + " result");
    }
  } else {
    problems.push_back(
        "neither a request, a notification nor a response (no method, result or error)");
  }
  return problems;
}

namespace {

/// The revision a message is judged by: the exchange's, except that during a
/// 2026-07-28 run an initialize result (a check asking whether the legacy era
/// is served too) is judged by the legacy version it names. Over stdio that
/// answer is the only sign of it.
ProtocolVersion version_of(const Json& message, ProtocolVersion exchange_version) {
  if (!is_modern(exchange_version) || !message.is_object()) return exchange_version;
  const auto result = message.find("result");
  if (result == message.end() || !result->is_object() || !result->contains("serverInfo"))
    return exchange_version;
  const auto named = result->find("protocolVersion");
  if (named == result->end() || !named->is_string()) return exchange_version;
  const auto legacy = parse_protocol_version(named->get<std::string>());
  return legacy && !is_modern(*legacy) ? *legacy : exchange_version;
}

}  // namespace

std::vector<std::string> SchemaAudit::audit(ProtocolVersion version,
                                            const std::vector<client::Exchange>& exchanges) const {
  const auto methods_of = [](const std::string& body, std::map<std::string, std::string>& out) {
    for (const auto& m : jsonrpc::parse_messages(body, nullptr, 512)) {
      if (m.is_object() && m.contains("id") && m.contains("method") && m["method"].is_string())
        out[m["id"].dump()] = m["method"].get<std::string>();
    }
  };
  // A stream (GET, HTTP+SSE) may carry the answer to any POST: the request it
  // answers is the latest one with that id sent before the answer arrived
  // (ids repeat across the sessions of one check).
  std::map<std::string, std::vector<std::pair<double, std::string>>> requests_by_id;
  for (const auto& e : exchanges) {
    std::map<std::string, std::string> sent;
    methods_of(e.request_body, sent);
    for (const auto& [id, method] : sent)
      requests_by_id[id].emplace_back(e.started_ms, method);
  }
  const auto method_before = [&](const std::string& id, double at_ms) {
    std::string method;
    double latest = -1e300;
    if (const auto it = requests_by_id.find(id); it != requests_by_id.end()) {
      for (const auto& [started, name] : it->second) {
        if (started <= at_ms && started >= latest) {
          latest = started;
          method = name;
        }
      }
    }
    return method;
  };

  std::vector<std::string> problems;
  for (const auto& e : exchanges) {
    if (e.label.ends_with(kNotMcp)) continue;
    ProtocolVersion exchange_version = version;
    if (const auto header = client::find_header(e.request_headers, headers::kProtocolVersion)) {
      const auto named = parse_protocol_version(*header);
      if (!named || !documents_.count(*named)) continue;  // no schema to judge it by
      exchange_version = *named;
    } else if (is_modern(exchange_version)) {
      // A legacy initialize sent on purpose during a 2026-07-28 run (is the
      // other era served?) is answered by the legacy rules, at the version it offered.
      const auto body = jsonrpc::parse(e.request_body);
      if (body.value && body.value->is_object() &&
          body.value->value("method", "") == "initialize" && !modern::has_envelope(*body.value)) {
        const auto params = body.value->value("params", Json::object());
        const auto offered = params.is_object() ? params.value("protocolVersion", Json()) : Json();
        const auto legacy =
            offered.is_string() ? parse_protocol_version(offered.get<std::string>()) : std::nullopt;
        exchange_version = legacy && !is_modern(*legacy) ? *legacy : kLatestLegacyVersion;
      }
    }
    std::map<std::string, std::string> own_methods;
    methods_of(e.request_body, own_methods);
    const auto inspect = [&](const std::string& label, const std::string& text, double at_ms) {
      for (const auto& m : jsonrpc::parse_messages(text, nullptr, 512)) {
        std::string method;
        if (m.is_object() && !m.contains("method") && m.contains("id")) {
          const auto key = m["id"].dump();
          if (const auto own = own_methods.find(key); own != own_methods.end()) {
            method = own->second;
          } else {
            method = method_before(key, at_ms);
          }
        }
        for (const auto& p : validate(version_of(m, exchange_version), m, method))
          problems.push_back(label + ": " + p);
      }
    };
    if (e.sse) {
      for (const auto& event : e.events) {
        if (!event.data.empty()) inspect(e.label + " (SSE)", event.data, event.at_ms);
      }
    } else if (!e.response_body.empty()) {
      const auto type = client::find_header(e.response_headers, "Content-Type");
      if (e.transport == "stdio" || (type && type->find("json") != std::string::npos))
        inspect(e.label, e.response_body, e.completed_ms);
    }
  }
  return problems;
}

}  // namespace mcp::conformance
