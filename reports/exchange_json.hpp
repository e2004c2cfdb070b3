// Reading an exchange (client transcript JSON) without trusting its shape: a
// report may be written from a JSON file read back, or from a hostile server's
// answers, so every member may be missing or of another type.
#pragma once

#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"

namespace mcp::reports::exchange_json {

inline const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

/// A string as itself, any other scalar as its JSON text, nothing as "".
inline std::string text_of(const Json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_structured()) return {};
  return jsonrpc::serialize(*value);
}

inline std::string text_at(const Json& object, std::string_view key) {
  return text_of(member(object, key));
}

inline const Json* number_at(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_number() ? value : nullptr;
}

/// `object[key]`, or an empty object when it is missing or not an object.
inline const Json& object_at(const Json& object, std::string_view key) {
  static const Json empty = Json::object();
  const Json* value = member(object, key);
  return value != nullptr && value->is_object() ? *value : empty;
}

}  // namespace mcp::reports::exchange_json
