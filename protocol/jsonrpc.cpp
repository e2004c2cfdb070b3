#include "protocol/jsonrpc.hpp"

#include <cmath>

namespace mcp::jsonrpc {

bool is_valid_id(const Json& id) {
  return id.is_string() || id.is_number_integer();  // is_number_integer covers unsigned
}

Classification classify(const Json& message) {
  Classification out;
  if (!message.is_object()) {
    out.problem = "a JSON-RPC message must be a JSON object";
    return out;
  }
  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  if (has_id && is_valid_id(*id_it)) out.id = *id_it;

  const auto version = message.find("jsonrpc");
  if (version == message.end() || !version->is_string() || *version != "2.0") {
    out.problem = "\"jsonrpc\" must be the string \"2.0\"";
    return out;
  }

  const auto method = message.find("method");
  if (method != message.end()) {
    if (!method->is_string()) {
      out.problem = "\"method\" must be a string";
      return out;
    }
    if (message.contains("result") || message.contains("error")) {
      out.problem = "a request must not carry \"result\" or \"error\"";
      return out;
    }
    const auto params = message.find("params");
    if (params != message.end() && !params->is_object() && !params->is_array()) {
      out.problem = "\"params\" must be an object or an array";
      return out;
    }
    if (!has_id) {
      out.kind = Kind::kNotification;
      return out;
    }
    if (id_it->is_null()) {
      out.problem = "request id must not be null (MCP requires a string or integer id)";
      return out;
    }
    if (id_it->is_number_float()) {
      // nlohmann reads integers beyond 64 bits as doubles; say which case it is.
      const double v = id_it->get<double>();
      const bool huge_integer = std::isfinite(v) && std::trunc(v) == v && std::fabs(v) >= 9.2e18;
      out.problem = huge_integer ? "request id integer is outside the 64-bit range"
                                 : "request id must be an integer, not a number with a fraction "
                                   "or exponent";
      return out;
    }
    if (!is_valid_id(*id_it)) {
      out.problem = "request id must be a string or an integer";
      return out;
    }
    out.kind = Kind::kRequest;
    return out;
  }

  const bool has_result = message.contains("result");
  const auto error = message.find("error");
  const bool has_error = error != message.end();
  if (!has_result && !has_error) {
    out.problem = "message has neither \"method\" (request/notification) nor \"result\"/\"error\"";
    return out;
  }
  if (has_result && has_error) {
    out.problem = "a response must carry exactly one of \"result\" and \"error\"";
    return out;
  }
  if (!has_id) {
    out.problem = "a response must carry an \"id\"";
    return out;
  }
  if (has_error) {
    if (!error->is_object() || !error->contains("code") || !(*error)["code"].is_number_integer() ||
        !error->contains("message") || !(*error)["message"].is_string()) {
      out.problem = "\"error\" must be an object with an integer \"code\" and a string \"message\"";
      return out;
    }
    // Error responses may carry a null id when the request id could not be read.
    if (!id_it->is_null() && !is_valid_id(*id_it)) {
      out.problem = "response id must be a string, an integer or null";
      return out;
    }
  } else if (!is_valid_id(*id_it)) {
    out.problem = "response id must be a string or an integer";
    return out;
  }
  out.kind = Kind::kResponse;
  return out;
}

Json make_result(const Json& id, Json result) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json make_error(const Json& id, int code, std::string_view message,
                const std::optional<Json>& data) {
  Json error{{"code", code}, {"message", message}};
  if (data) error["data"] = *data;
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

Json make_notification(std::string_view method, Json params) {
  Json message{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  return message;
}

Json make_request(const Json& id, std::string_view method, Json params) {
  Json message{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  return message;
}

std::size_t nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

ParseOutcome parse(std::string_view text, std::size_t max_depth) {
  ParseOutcome out;
  // nlohmann stops at a NUL byte and would accept what precedes it; JSON never
  // contains a raw NUL (not even inside strings), so refuse it outright.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    out.error = "NUL byte at offset " + std::to_string(nul) + " (not valid in JSON text)";
    return out;
  }
  if (nesting_depth(text, max_depth) > max_depth) {
    out.error = "JSON nesting is deeper than " + std::to_string(max_depth) + " levels";
    return out;
  }
  try {
    out.value = Json::parse(text);
  } catch (const Json::exception& e) {
    // nlohmann's messages name the byte offset and the cause ("ill-formed UTF-8 byte",
    // "number overflow", "unexpected end of input"); strip its "[json.exception...] " tag.
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what.erase(0, pos + 2);
    out.error = std::move(what);
  }
  return out;
}

std::vector<Json> parse_messages(std::string_view text, std::string* error, std::size_t max_depth) {
  std::vector<Json> out;
  auto parsed = parse(text, max_depth);
  if (!parsed.value) {
    if (error) *error = "not JSON: " + parsed.error;
    return out;
  }
  if (parsed.value->is_array()) {
    for (auto& m : *parsed.value)
      out.push_back(std::move(m));
  } else {
    out.push_back(std::move(*parsed.value));
  }
  return out;
}

std::string serialize(const Json& message) {
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string serialize_indented(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mcp::jsonrpc
