#include "protocol/schema_example.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <regex>
#include <utility>
#include <vector>

#include "protocol/schema_validator.hpp"

namespace mcp::schema {

namespace {

void set_error(std::string* error, std::string text) {
  if (error) *error = std::move(text);
}

// Deep enough for real tool schemas, shallow enough to stop a required self-reference.
constexpr int kMaxSchemaDepth = 32;

const Json* find_keyword(const Json& schema, const char* key) {
  const auto it = schema.find(key);
  return it == schema.end() ? nullptr : &*it;
}

std::optional<double> number_keyword(const Json& schema, const char* key) {
  const Json* value = find_keyword(schema, key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

// Folds `extra` into `into`: property maps merge, `required` lists unite, and for any other
// keyword `into` keeps its own value, which is enough for allOf and $ref siblings in practice
// (the result is validated afterwards anyway).
void merge_schema(Json& into, const Json& extra) {
  for (const auto& [key, value] : extra.items()) {
    if (!into.contains(key)) {
      into[key] = value;
    } else if (key == "properties" && into[key].is_object() && value.is_object()) {
      for (const auto& [name, schema] : value.items()) {
        if (!into[key].contains(name)) into[key][name] = schema;
      }
    } else if (key == "required" && into[key].is_array() && value.is_array()) {
      for (const auto& name : value) {
        if (std::find(into[key].begin(), into[key].end(), name) == into[key].end()) {
          into[key].push_back(name);
        }
      }
    }
  }
}

std::string format_sample(const std::string& format) {
  if (format == "date-time") return "2025-01-01T00:00:00Z";
  if (format == "date") return "2025-01-01";
  if (format == "time") return "00:00:00Z";
  if (format == "duration") return "PT1S";
  if (format == "email" || format == "idn-email") return "user@example.com";
  if (format == "hostname" || format == "idn-hostname") return "example.com";
  if (format == "ipv4") return "192.0.2.1";
  if (format == "ipv6") return "2001:db8::1";
  if (format == "uuid") return "00000000-0000-4000-8000-000000000000";
  if (format == "uri" || format == "url" || format == "uri-reference" || format == "iri" ||
      format == "iri-reference" || format == "uri-template") {
    return "https://example.com";
  }
  if (format == "json-pointer") return "/example";
  if (format == "relative-json-pointer") return "0";
  if (format == "regex") return ".*";
  return "";
}

// Numeric constraints in one place, with draft-04's boolean exclusive* folded in.
struct Bounds {
  std::optional<double> low;
  bool low_exclusive = false;
  std::optional<double> high;
  bool high_exclusive = false;
  std::optional<double> multiple_of;

  static Bounds of(const Json& schema) {
    Bounds b;
    b.low = number_keyword(schema, "minimum");
    b.high = number_keyword(schema, "maximum");
    const Json* ex_min = find_keyword(schema, "exclusiveMinimum");
    if (ex_min && ex_min->is_boolean()) {
      b.low_exclusive = ex_min->get<bool>() && b.low;
    } else if (ex_min && ex_min->is_number()) {
      const double v = ex_min->get<double>();
      if (!b.low || v >= *b.low) {
        b.low = v;
        b.low_exclusive = true;
      }
    }
    const Json* ex_max = find_keyword(schema, "exclusiveMaximum");
    if (ex_max && ex_max->is_boolean()) {
      b.high_exclusive = ex_max->get<bool>() && b.high;
    } else if (ex_max && ex_max->is_number()) {
      const double v = ex_max->get<double>();
      if (!b.high || v <= *b.high) {
        b.high = v;
        b.high_exclusive = true;
      }
    }
    const auto m = number_keyword(schema, "multipleOf");
    if (m && *m > 0) b.multiple_of = m;
    return b;
  }

  bool allows(double v) const {
    if (low && (v < *low || (low_exclusive && v == *low))) return false;
    if (high && (v > *high || (high_exclusive && v == *high))) return false;
    if (multiple_of) {
      const double q = v / *multiple_of;
      if (std::fabs(q - std::round(q)) > 1e-9) return false;
    }
    return true;
  }

  // The smallest integer the lower bound admits, or nothing when there is no lower bound.
  std::optional<double> lowest_integer() const {
    if (!low) return std::nullopt;
    double v = std::ceil(*low);
    if (low_exclusive && v == *low) v += 1;
    return v;
  }

  std::optional<double> highest_integer() const {
    if (!high) return std::nullopt;
    double v = std::floor(*high);
    if (high_exclusive && v == *high) v -= 1;
    return v;
  }
};

Json number_json(double v, bool integer) {
  constexpr double kExactIntegerLimit = 9007199254740992.0;  // 2^53
  if (std::trunc(v) == v && std::fabs(v) <= kExactIntegerLimit) {
    return static_cast<std::int64_t>(v);
  }
  if (integer) return Json(nullptr);  // caller treats null as "out of range"
  return v;
}

class ExampleMaker {
 public:
  explicit ExampleMaker(const Json& root) : root_(root) {}

  // `untyped` is the type assumed when a schema gives none and nothing hints at one.
  std::optional<Json> make(const Json& schema, int depth, const std::string& untyped) {
    if (depth > kMaxSchemaDepth) {
      return fail("the schema nests deeper than " + std::to_string(kMaxSchemaDepth) +
                  " levels (a required property that refers back to its own schema?)");
    }
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) return fail("the schema `false` admits no value");
      return untyped == "object" ? Json::object() : Json("example");
    }
    if (!schema.is_object()) return fail("a schema must be an object or a boolean");
    auto flat = flatten(schema, depth);
    if (!flat) return std::nullopt;
    const Json& s = *flat;

    if (const Json* constant = find_keyword(s, "const")) return *constant;
    if (const Json* values = find_keyword(s, "enum")) {
      if (!values->is_array() || values->empty()) return fail("an empty enum admits no value");
      return values->front();
    }
    for (const char* keyword : {"anyOf", "oneOf"}) {
      if (const Json* branches = find_keyword(s, keyword))
        return make_branch(s, keyword, *branches, depth);
    }

    const std::string type = type_of(s, untyped);
    if (type == "object") return make_object(s, depth);
    if (type == "array") return make_array(s, depth);
    if (type == "string") return make_string(s);
    if (type == "integer" || type == "number") return make_number(s, type == "integer");
    if (type == "boolean") return Json(true);
    if (type == "null") return Json(nullptr);
    return fail("unknown type \"" + type + "\"");
  }

  const std::string& reason() const { return reason_; }

 private:
  std::nullopt_t fail(std::string why) {
    reason_ = std::move(why);
    return std::nullopt;
  }

  const Json* resolve(const std::string& ref) {
    if (ref == "#") return &root_;
    if (ref.rfind("#/", 0) != 0) return nullptr;
    try {
      const Json::json_pointer pointer(ref.substr(1));
      if (root_.contains(pointer)) return &root_.at(pointer);
    } catch (const Json::exception&) {
      // A malformed pointer is reported below like an unresolvable one.
    }
    return nullptr;
  }

  // The schema with its $ref target and allOf branches merged in.
  std::optional<Json> flatten(const Json& schema, int depth) {
    if (depth > kMaxSchemaDepth) {
      return fail("$ref/allOf chains deeper than " + std::to_string(kMaxSchemaDepth) +
                  " levels (a $ref cycle?)");
    }
    Json out = schema;
    if (const Json* ref = find_keyword(schema, "$ref")) {
      const Json* target = ref->is_string() ? resolve(ref->get<std::string>()) : nullptr;
      if (!target) {
        return fail("cannot resolve $ref " + jsonrpc::serialize(*ref) +
                    " (only references into the same schema are followed)");
      }
      out.erase("$ref");
      if (target->is_boolean()) {
        if (!target->get<bool>()) return fail("$ref points at the schema `false`");
      } else {
        auto resolved = flatten(*target, depth + 1);
        if (!resolved) return std::nullopt;
        merge_schema(out, *resolved);
      }
    }
    if (const Json* all_of = find_keyword(schema, "allOf")) {
      const Json& branches = *all_of;
      out.erase("allOf");
      if (!branches.is_array()) return fail("allOf must be an array");
      for (const auto& branch : branches) {
        if (branch.is_boolean()) {
          if (!branch.get<bool>()) return fail("an allOf branch is the schema `false`");
          continue;
        }
        if (!branch.is_object()) return fail("an allOf branch must be a schema");
        auto resolved = flatten(branch, depth + 1);
        if (!resolved) return std::nullopt;
        merge_schema(out, *resolved);
      }
    }
    return out;
  }

  std::optional<Json> make_branch(const Json& s, const char* keyword, const Json& branches,
                                  int depth) {
    if (!branches.is_array() || branches.empty()) {
      return fail(std::string(keyword) + " must be a non-empty array");
    }
    Json rest = s;
    rest.erase(keyword);
    // A null is a poor example for a parameter that also takes a real value.
    const auto only_null = [](const Json& branch) {
      return branch.is_object() && branch.value("type", Json()) == "null";
    };
    std::string last_reason;
    for (const bool take_null : {false, true}) {
      for (const auto& branch : branches) {
        if (only_null(branch) != take_null) continue;
        Json combined = rest;
        if (branch.is_object()) {
          // The branch's own keywords (its type above all) win over the shared ones.
          Json merged = branch;
          merge_schema(merged, combined);
          combined = std::move(merged);
        } else if (branch.is_boolean() && !branch.get<bool>()) {
          continue;
        }
        if (auto value = make(combined, depth + 1, "string")) return value;
        last_reason = reason_;
      }
    }
    return fail("no branch of " + std::string(keyword) + " works: " + last_reason);
  }

  static std::string type_of(const Json& s, const std::string& untyped) {
    if (const Json* type = find_keyword(s, "type")) {
      if (type->is_string()) return type->get<std::string>();
      if (type->is_array()) {
        for (const auto& t : *type) {
          if (t.is_string() && t != "null") return t.get<std::string>();
        }
        if (!type->empty() && type->front().is_string()) return type->front().get<std::string>();
      }
    }
    const auto has_any = [&s](std::initializer_list<const char*> keys) {
      return std::any_of(keys.begin(), keys.end(), [&s](const char* k) { return s.contains(k); });
    };
    if (has_any({"properties", "required", "additionalProperties", "patternProperties",
                 "minProperties"})) {
      return "object";
    }
    if (has_any({"items", "prefixItems", "minItems", "maxItems"})) return "array";
    if (has_any({"minLength", "maxLength", "pattern", "format"})) return "string";
    if (has_any({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})) {
      return "number";
    }
    return untyped;
  }

  std::optional<Json> property_schema(const Json& s, const std::string& name) {
    if (const Json* properties = find_keyword(s, "properties")) {
      if (properties->is_object() && properties->contains(name)) return (*properties)[name];
    }
    if (const Json* patterns = find_keyword(s, "patternProperties");
        patterns && patterns->is_object()) {
      for (const auto& [pattern, schema] : patterns->items()) {
        try {
          if (std::regex_search(name, std::regex(pattern))) return schema;
        } catch (const std::regex_error&) {
          // An unusable pattern simply does not match.
        }
      }
    }
    if (const Json* additional = find_keyword(s, "additionalProperties")) {
      if (additional->is_boolean() && !additional->get<bool>()) {
        return fail("required property \"" + name +
                    "\" is not allowed by additionalProperties: false");
      }
      return *additional;
    }
    return Json(true);
  }

  std::optional<Json> make_object(const Json& s, int depth) {
    std::vector<std::string> names;
    const auto add = [&names](const Json& list) {
      if (!list.is_array()) return;
      for (const auto& name : list) {
        if (name.is_string() &&
            std::find(names.begin(), names.end(), name.get<std::string>()) == names.end()) {
          names.push_back(name.get<std::string>());
        }
      }
    };
    if (const Json* required = find_keyword(s, "required")) add(*required);
    // A present property may require others (draft-07 `dependencies`, 2019+ `dependentRequired`).
    for (std::size_t i = 0; i < names.size(); ++i) {
      for (const char* keyword : {"dependentRequired", "dependencies"}) {
        const Json* deps = find_keyword(s, keyword);
        if (deps && deps->is_object() && deps->contains(names[i])) add((*deps)[names[i]]);
      }
    }
    const std::size_t min_properties = s.value("minProperties", std::size_t{0});
    if (names.size() < min_properties) {
      if (const Json* properties = find_keyword(s, "properties");
          properties && properties->is_object()) {
        for (const auto& [name, schema] : properties->items()) {
          if (names.size() >= min_properties) break;
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
      }
    }
    Json out = Json::object();
    for (const auto& name : names) {
      auto schema = property_schema(s, name);
      if (!schema) return std::nullopt;
      auto value = make(*schema, depth + 1, "string");
      if (!value) {
        return fail("property \"" + name + "\": " + reason_);
      }
      out[name] = std::move(*value);
    }
    return out;
  }

  std::optional<Json> make_array(const Json& s, int depth) {
    const std::size_t count = s.value("minItems", std::size_t{0});
    Json out = Json::array();
    const Json* prefix = find_keyword(s, "prefixItems");
    const Json* items = find_keyword(s, "items");
    for (std::size_t i = 0; i < count; ++i) {
      Json item_schema = true;
      if (prefix && prefix->is_array() && i < prefix->size()) {
        item_schema = (*prefix)[i];
      } else if (items && items->is_array()) {  // draft-07 tuple form
        item_schema = i < items->size() ? (*items)[i] : s.value("additionalItems", Json(true));
      } else if (items) {
        item_schema = *items;
      }
      auto value = make(item_schema, depth + 1, "string");
      if (!value) return fail("item " + std::to_string(i) + ": " + reason_);
      out.push_back(std::move(*value));
    }
    return out;
  }

  std::optional<Json> make_string(const Json& s) {
    const auto min_length = s.value("minLength", std::size_t{0});
    const auto max_length = s.value("maxLength", std::numeric_limits<std::size_t>::max());
    if (min_length > max_length) return fail("minLength exceeds maxLength");
    const auto fit = [&](std::string text) {
      if (text.size() > max_length) text.resize(max_length);
      if (text.size() < min_length) text.append(min_length - text.size(), 'x');
      return text;
    };
    if (const Json* format = find_keyword(s, "format"); format && format->is_string()) {
      const auto sample = format_sample(format->get<std::string>());
      if (!sample.empty()) return Json(sample);  // cutting a formatted value would break it
    }
    const Json* pattern = find_keyword(s, "pattern");
    if (!pattern || !pattern->is_string()) return Json(fit("example"));
    std::regex regex;
    try {
      regex = std::regex(pattern->get<std::string>(), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return fail("cannot use pattern " + jsonrpc::serialize(*pattern) + " (unsupported syntax)");
    }
    // Patterns are unanchored, so a short common string often matches.
    for (const char* candidate :
         {"example", "a", "A", "1", "x1", "example-1", "example_1", "Example", "AB", "ab", "0",
          "a@b.co", "https://example.com", "2025-01-01", ""}) {
      const auto text = fit(candidate);
      if (std::regex_search(text, regex)) return Json(text);
    }
    return fail("cannot produce a string matching pattern " + jsonrpc::serialize(*pattern));
  }

  std::optional<Json> make_number(const Json& s, bool integer) {
    const Bounds b = Bounds::of(s);
    std::vector<double> candidates{1};
    // Integer step for the search; a fractional multipleOf is handled by its own candidate.
    const double step =
        b.multiple_of && std::trunc(*b.multiple_of) == *b.multiple_of ? *b.multiple_of : 1;
    const double up_from = std::max(1.0, b.lowest_integer().value_or(1.0));
    candidates.push_back(std::ceil(up_from / step) * step);
    const double down_from = std::min(1.0, b.highest_integer().value_or(1.0));
    candidates.push_back(std::floor(down_from / step) * step);
    if (!integer) {
      if (b.multiple_of && b.low) {
        double v = std::ceil(*b.low / *b.multiple_of) * *b.multiple_of;
        if (b.low_exclusive && v == *b.low) v += *b.multiple_of;
        candidates.push_back(v);
      }
      if (b.low && b.high) candidates.push_back((*b.low + *b.high) / 2);
    }
    for (const double v : candidates) {
      if (!std::isfinite(v) || !b.allows(v)) continue;
      Json value = number_json(v, integer);
      if (!value.is_null()) return value;
    }
    return fail(std::string("no ") + (integer ? "integer" : "number") +
                " satisfies the schema's minimum/maximum/multipleOf");
  }

  const Json& root_;
  std::string reason_;
};

}  // namespace

std::optional<Json> example_arguments(const Json& input_schema, std::string* why_not) {
  ExampleMaker maker(input_schema);
  std::optional<Json> value;
  try {
    value = maker.make(input_schema, 0, "object");
  } catch (const Json::exception& e) {
    // A keyword of the wrong JSON type, such as "minLength": "3".
    set_error(why_not, std::string("malformed input schema: ") + e.what());
    return std::nullopt;
  }
  if (!value) {
    set_error(why_not, maker.reason());
    return std::nullopt;
  }
  if (!value->is_object()) {
    set_error(why_not, "the input schema does not describe an object (tool arguments are one)");
    return std::nullopt;
  }
  std::string compile_error;
  const auto validator = Validator::compile(input_schema, &compile_error);
  if (!validator) {
    set_error(why_not, compile_error);
    return std::nullopt;
  }
  const auto problems = validator->validate(*value, 1);
  if (!problems.empty()) {
    set_error(why_not, "the generated arguments " + jsonrpc::serialize(*value) +
                           " do not validate: " + problems.front());
    return std::nullopt;
  }
  return value;
}

}  // namespace mcp::schema
