#include "protocol/request_metadata.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include <openssl/evp.h>

namespace mcp::modern {
namespace {

constexpr std::string_view kSentinelPrefix = "=?base64?";
constexpr std::string_view kSentinelSuffix = "?=";

bool is_sentinel(std::string_view value) {
  return value.size() >= kSentinelPrefix.size() + kSentinelSuffix.size() &&
         value.starts_with(kSentinelPrefix) && value.ends_with(kSentinelSuffix);
}

bool is_header_whitespace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_header_whitespace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_header_whitespace(text.back()))
    text.remove_suffix(1);
  return text;
}

bool visible_or_space(unsigned char c) {
  return (c >= 0x21 && c <= 0x7E) || c == ' ' || c == '\t';
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

/// Strict standard Base64: whole quads, the alphabet only, '=' only as the
/// last one or two characters. OpenSSL's decoder is lenient about all three.
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  const auto padding = text.ends_with("==") ? 2u : text.ends_with("=") ? 1u : 0u;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c) && c != '+' && c != '/') return std::nullopt;
  }
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

bool is_tchar(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string lower(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// The primitive type of a property schema that may carry x-mcp-header: a
/// "type" of string, integer or boolean (alone, or with "null").
std::optional<std::string> primitive_type(const Json& property) {
  const auto type = property.value("type", Json());
  std::vector<std::string> names;
  if (type.is_string()) names.push_back(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type)
      if (t.is_string() && t != "null") names.push_back(t.get<std::string>());
  }
  if (names.size() != 1) return std::nullopt;
  if (names[0] != "string" && names[0] != "integer" && names[0] != "boolean") return std::nullopt;
  return names[0];
}

// Keywords whose values are instance data, not schemas: an "x-mcp-header" key
// inside them is data and no annotation.
bool holds_instance_data(std::string_view keyword) {
  return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples" ||
         keyword == "required";
}

struct HeaderScan {
  std::vector<HeaderParam> params;
  std::set<std::string> seen_lower;
  std::string problem;

  void schema(const Json& node, bool reachable, const std::vector<std::string>& path) {
    if (!problem.empty()) return;
    if (node.is_array()) {
      for (const auto& item : node)
        schema(item, false, path);
      return;
    }
    if (!node.is_object()) return;
    if (const auto it = node.find("x-mcp-header"); it != node.end())
      annotation(node, *it, reachable, path);
    for (const auto& [keyword, value] : node.items()) {
      if (keyword == "x-mcp-header" || holds_instance_data(keyword)) continue;
      if (keyword == "properties" && value.is_object()) {
        for (const auto& [name, property] : value.items()) {
          auto child = path;
          child.push_back(name);
          schema(property, reachable, child);
        }
        continue;
      }
      schema(value, false, path);  // items, allOf, $defs, if/then/else, $ref targets...
    }
  }

  void annotation(const Json& property, const Json& value, bool reachable,
                  const std::vector<std::string>& path) {
    const std::string where = path.empty() ? "the schema root" : "property \"" + path.back() + "\"";
    if (!reachable || path.empty()) {
      problem = "x-mcp-header on " + where +
                ", which is not reached from the root through \"properties\" alone";
    } else if (!value.is_string() || value.get<std::string>().empty()) {
      problem = "x-mcp-header of " + where + " is not a non-empty string";
    } else if (!is_token(value.get<std::string>())) {
      problem = "x-mcp-header \"" + value.get<std::string>() + "\" of " + where +
                " is not an HTTP token (RFC 9110 tchar only)";
    } else if (!seen_lower.insert(lower(value.get<std::string>())).second) {
      problem = "x-mcp-header \"" + value.get<std::string>() + "\" is used twice (ignoring case)";
    } else if (const auto type = primitive_type(property); !type) {
      problem = "x-mcp-header on " + where + ", whose type is not string, integer or boolean";
    } else {
      params.push_back(HeaderParam{value.get<std::string>(), path, *type});
    }
  }
};

const Json* argument_at(const HeaderParam& param, const Json& arguments) {
  const Json* node = &arguments;
  for (const auto& key : param.path) {
    if (!node->is_object()) return nullptr;
    const auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

}  // namespace

bool has_envelope(const Json& message) {
  if (!message.is_object()) return false;
  const auto params = message.find("params");
  if (params == message.end() || !params->is_object()) return false;
  const auto meta = params->find("_meta");
  return meta != params->end() && meta->is_object() && meta->contains(kProtocolVersionKey);
}

std::optional<Envelope> read_envelope(const Json& message, EnvelopeProblem* problem) {
  const auto fail = [&](std::string key, std::string what) -> std::optional<Envelope> {
    if (problem) *problem = EnvelopeProblem{std::move(key), std::move(what)};
    return std::nullopt;
  };
  // Looked up in place: this runs on every modern request, and copying the
  // params (the arguments with them) would cost more than the rest.
  const auto member = [](const Json& object, const char* key) -> const Json* {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  };
  const Json* params = member(message, "params");
  const Json* meta = params ? member(*params, "_meta") : nullptr;
  if (!meta || !meta->is_object())
    return fail("_meta", !meta || meta->is_null() ? "missing" : "not an object");
  Envelope out;
  const Json* version = member(*meta, kProtocolVersionKey);
  if (!version || version->is_null()) return fail(kProtocolVersionKey, "missing");
  if (!version->is_string()) return fail(kProtocolVersionKey, "not a string");
  out.protocol_version = version->get<std::string>();
  const Json* capabilities = member(*meta, kClientCapabilitiesKey);
  if (!capabilities || capabilities->is_null()) return fail(kClientCapabilitiesKey, "missing");
  if (!capabilities->is_object()) return fail(kClientCapabilitiesKey, "not an object");
  out.client_capabilities = *capabilities;
  if (const Json* info = member(*meta, kClientInfoKey)) {
    if (!info->is_object()) return fail(kClientInfoKey, "not an object");
    out.client_info = *info;
  }
  return out;
}

void add_envelope(Json& message, const Envelope& envelope) {
  if (!message.contains("params") || !message["params"].is_object())
    message["params"] = Json::object();
  auto& meta = message["params"]["_meta"];
  if (!meta.is_object()) meta = Json::object();
  meta[kProtocolVersionKey] = envelope.protocol_version;
  meta[kClientCapabilitiesKey] = envelope.client_capabilities;
  if (!envelope.client_info.is_null()) meta[kClientInfoKey] = envelope.client_info;
}

bool is_plain_header_value(std::string_view value) {
  if (value.empty()) return true;
  if (is_header_whitespace(value.front()) || is_header_whitespace(value.back())) return false;
  if (is_sentinel(value)) return false;
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return visible_or_space(static_cast<unsigned char>(c)); });
}

std::string encode_header_value(std::string_view value) {
  if (is_plain_header_value(value)) return std::string(value);
  return std::string(kSentinelPrefix) + base64_encode(value) + std::string(kSentinelSuffix);
}

std::optional<std::string> decode_header_value(std::string_view header, std::string* problem) {
  const auto value = trim(header);
  if (!std::all_of(value.begin(), value.end(),
                   [](char c) { return visible_or_space(static_cast<unsigned char>(c)); })) {
    if (problem)
      *problem = "the value holds characters a header may not (encode it as =?base64?...?=)";
    return std::nullopt;
  }
  if (!is_sentinel(value)) return std::string(value);
  const auto encoded = value.substr(kSentinelPrefix.size(),
                                    value.size() - kSentinelPrefix.size() - kSentinelSuffix.size());
  auto decoded = base64_decode(encoded);
  if (!decoded && problem) *problem = "malformed Base64 in " + std::string(value);
  return decoded;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return is_tchar(static_cast<unsigned char>(c));
  });
}

std::optional<std::vector<HeaderParam>> header_params(const Json& input_schema,
                                                      std::string* problem) {
  HeaderScan scan;
  scan.schema(input_schema, true, {});
  if (!scan.problem.empty()) {
    if (problem) *problem = scan.problem;
    return std::nullopt;
  }
  return std::move(scan.params);
}

std::string header_param_name(const HeaderParam& param) {
  return "Mcp-Param-" + param.name;
}

std::optional<std::string> header_param_text(const HeaderParam& param, const Json& arguments) {
  const Json* value = argument_at(param, arguments);
  if (!value || value->is_null()) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_boolean()) return value->get<bool>() ? "true" : "false";
  if (value->is_number_integer()) return value->dump();
  // A value of another type than the schema says: its JSON text, so a
  // mismatch is visible rather than silently dropped.
  return jsonrpc::serialize(*value);
}

bool header_param_matches(const HeaderParam& param, const Json& arguments,
                          std::string_view decoded_header) {
  const Json* value = argument_at(param, arguments);
  if (!value || value->is_null()) return false;
  if (param.type == "integer" && value->is_number()) {
    double header_number = 0;
    const auto* end = decoded_header.data() + decoded_header.size();
    const auto [ptr, ec] = std::from_chars(decoded_header.data(), end, header_number);
    if (ec != std::errc{} || ptr != end || !std::isfinite(header_number)) return false;
    return header_number == value->get<double>();
  }
  const auto text = header_param_text(param, arguments);
  return text && *text == decoded_header;
}

}  // namespace mcp::modern
