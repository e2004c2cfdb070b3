#include "mock_openai/serve_request.hpp"

#include <algorithm>
#include <set>

namespace mcp::mock::serve {
namespace {

/// "an integer", "a string"... as OpenAI's "Invalid type" messages name JSON types.
std::string json_type_name(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a decimal";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

ApiError wrong_type(const std::string& param, const std::string& expected, const Json& got) {
  return invalid(param,
                 "Invalid type for '" + param + "': expected " + expected + ", but got " +
                     json_type_name(got) + " instead.",
                 "invalid_type");
}

ApiError missing(const std::string& param) {
  return invalid(param, "Missing required parameter: '" + param + "'.",
                 "missing_required_parameter");
}

ApiError unknown(const std::string& param) {
  return invalid(param, "Unknown parameter: '" + param + "'.", "unknown_parameter");
}

/// The request parameters the Responses API knows that change nothing in the mock's answer
/// (sampling, output formats, caching, safety): accepted and, where the Response has a
/// field for them, echoed.
const std::set<std::string>& accepted_without_effect() {
  static const std::set<std::string> names{"include",
                                           "prompt_cache_key",
                                           "prompt_cache_retention",
                                           "reasoning",
                                           "safety_identifier",
                                           "service_tier",
                                           "stream_options",
                                           "text",
                                           "top_logprobs",
                                           "truncation",
                                           "user",
                                           "prompt"};
  return names;
}

class Reader {
 public:
  Reader(const Json& body, ApiError* error) : body_(body), error_(error) {}

  std::optional<CreateRequest> read() {
    if (!body_.is_object()) {
      return fail(
          invalid("",
                  "The body of a request to POST /v1/responses must be a JSON object; got " +
                      json_type_name(body_) + ".",
                  "invalid_type"));
    }
    static const std::set<std::string> known{"model",
                                             "input",
                                             "instructions",
                                             "tools",
                                             "tool_choice",
                                             "previous_response_id",
                                             "stream",
                                             "store",
                                             "background",
                                             "metadata",
                                             "temperature",
                                             "top_p",
                                             "max_output_tokens",
                                             "max_tool_calls",
                                             "parallel_tool_calls",
                                             "conversation"};
    for (const auto& [key, value] : body_.items()) {
      if (!known.contains(key) && !accepted_without_effect().contains(key))
        return fail(unknown(key));
    }
    if (!read_scalars() || !read_input() || !read_tools() || !read_tool_choice()) return {};
    return std::move(request_);
  }

 private:
  std::nullopt_t fail(ApiError error) {
    *error_ = std::move(error);
    return std::nullopt;
  }
  bool reject(ApiError error) {
    *error_ = std::move(error);
    return false;
  }

  bool read_scalars() {
    if (!body_.contains("model")) return reject(missing("model"));
    if (!body_["model"].is_string()) return reject(wrong_type("model", "a string", body_["model"]));
    request_.model = body_["model"];
    if (request_.model.empty()) return reject(invalid("model", "Invalid 'model': empty string."));
    if (body_.contains("background") && body_["background"] == true) {
      return reject(unsupported("background",
                                "background mode: it answers with the finished response instead"));
    }
    if (body_.contains("conversation") && !body_["conversation"].is_null()) {
      return reject(unsupported("conversation",
                                "conversation objects: chain turns with previous_response_id"));
    }
    for (const char* name : {"stream", "store", "parallel_tool_calls", "background"}) {
      if (body_.contains(name) && !body_[name].is_null() && !body_[name].is_boolean())
        return reject(wrong_type(name, "a boolean", body_[name]));
    }
    request_.stream =
        body_.value("stream", Json(false)).is_boolean() && body_.value("stream", false);
    request_.store = !body_.contains("store") || body_["store"].is_null() || body_["store"] == true;
    request_.parallel_tool_calls = !body_.contains("parallel_tool_calls") ||
                                   body_["parallel_tool_calls"].is_null() ||
                                   body_["parallel_tool_calls"] == true;
    if (body_.contains("previous_response_id") && !body_["previous_response_id"].is_null()) {
      if (!body_["previous_response_id"].is_string())
        return reject(
            wrong_type("previous_response_id", "a string", body_["previous_response_id"]));
      request_.previous_response_id = body_["previous_response_id"].get<std::string>();
    }
    if (body_.contains("instructions") && !body_["instructions"].is_null()) {
      if (!body_["instructions"].is_string())
        return reject(wrong_type("instructions", "a string", body_["instructions"]));
      request_.instructions = body_["instructions"];
    }
    if (body_.contains("metadata") && !body_["metadata"].is_null()) {
      const Json& metadata = body_["metadata"];
      if (!metadata.is_object()) return reject(wrong_type("metadata", "an object", metadata));
      for (const auto& [key, value] : metadata.items()) {
        if (!value.is_string()) return reject(wrong_type("metadata." + key, "a string", value));
      }
      request_.metadata = metadata;
    }
    for (const char* name : {"temperature", "top_p"}) {
      if (!body_.contains(name) || body_[name].is_null()) continue;
      if (!body_[name].is_number()) return reject(wrong_type(name, "a number", body_[name]));
      (std::string(name) == "temperature" ? request_.temperature : request_.top_p) = body_[name];
    }
    for (const char* name : {"max_output_tokens", "max_tool_calls"}) {
      if (!body_.contains(name) || body_[name].is_null()) continue;
      if (!body_[name].is_number_integer() || body_[name].get<long long>() < 0)
        return reject(wrong_type(name, "a non-negative integer", body_[name]));
    }
    if (body_.contains("max_output_tokens"))
      request_.max_output_tokens = body_["max_output_tokens"];
    if (body_.contains("max_tool_calls") && !body_["max_tool_calls"].is_null()) {
      request_.max_tool_calls =
          static_cast<int>(std::min<long long>(body_["max_tool_calls"].get<long long>(), 1 << 20));
    }
    return true;
  }

  bool read_input() {
    if (!body_.contains("input") || body_["input"].is_null()) return true;
    const Json& input = body_["input"];
    if (input.is_string()) {
      request_.input = Json::array(
          {Json{{"type", "message"}, {"role", "user"}, {"content", input.get<std::string>()}}});
      return true;
    }
    if (!input.is_array()) return reject(wrong_type("input", "a string or an array", input));
    for (std::size_t i = 0; i < input.size(); ++i) {
      const std::string param = "input[" + std::to_string(i) + "]";
      const Json& item = input[i];
      if (!item.is_object()) return reject(wrong_type(param, "an object", item));
      const std::string type = item.contains("type") && item["type"].is_string()
                                   ? item["type"].get<std::string>()
                               : item.contains("role") ? "message"
                                                       : "";
      if (type.empty()) return reject(missing(param + ".type"));
      if (type == "message" && !read_message(item, param)) return false;
      if (type == "mcp_approval_response" && !read_approval_response(item, param)) return false;
      if ((type == "mcp_approval_request" || type == "mcp_list_tools" || type == "mcp_call") &&
          !read_passed_back(item, type, param))
        return false;
      Json normalized = item;
      normalized["type"] = type;
      request_.input.push_back(std::move(normalized));
    }
    return true;
  }

  bool read_message(const Json& item, const std::string& param) {
    if (!item.contains("role")) return reject(missing(param + ".role"));
    static const std::set<std::string> roles{"user", "assistant", "system", "developer"};
    if (!item["role"].is_string() || !roles.contains(item["role"].get<std::string>())) {
      return reject(invalid(param + ".role",
                            "Invalid value for '" + param +
                                ".role': supported values are 'user', 'assistant', 'system' and "
                                "'developer'."));
    }
    if (!item.contains("content")) return reject(missing(param + ".content"));
    const Json& content = item["content"];
    if (content.is_string()) return true;
    if (!content.is_array())
      return reject(wrong_type(param + ".content", "a string or an array", content));
    for (std::size_t j = 0; j < content.size(); ++j) {
      const std::string part = param + ".content[" + std::to_string(j) + "]";
      if (!content[j].is_object() || !content[j].contains("type") ||
          !content[j]["type"].is_string())
        return reject(missing(part + ".type"));
      const Json& text = content[j].value("text", Json());
      const auto part_type = content[j]["type"].get<std::string>();
      if ((part_type == "input_text" || part_type == "output_text") && !text.is_string())
        return reject(wrong_type(part + ".text", "a string", text));
    }
    return true;
  }

  bool read_approval_response(const Json& item, const std::string& param) {
    if (!item.contains("approval_request_id"))
      return reject(missing(param + ".approval_request_id"));
    if (!item["approval_request_id"].is_string())
      return reject(
          wrong_type(param + ".approval_request_id", "a string", item["approval_request_id"]));
    if (!item.contains("approve")) return reject(missing(param + ".approve"));
    if (!item["approve"].is_boolean())
      return reject(wrong_type(param + ".approve", "a boolean", item["approve"]));
    if (item.contains("reason") && !item["reason"].is_null() && !item["reason"].is_string())
      return reject(wrong_type(param + ".reason", "a string", item["reason"]));
    return true;
  }

  /// Output items of an earlier response passed back by hand (S3, S4): the fields the mock
  /// reads from them must have their types.
  bool read_passed_back(const Json& item, const std::string& type, const std::string& param) {
    const auto need_string = [&](const char* field) {
      if (!item.contains(field)) return reject(missing(param + "." + field));
      if (!item[field].is_string())
        return reject(wrong_type(param + "." + field, "a string", item[field]));
      return true;
    };
    if (!need_string("server_label")) return false;
    if (type == "mcp_approval_request")
      return need_string("id") && need_string("name") && need_string("arguments");
    if (type == "mcp_call") return true;
    if (!item.contains("tools") || !item["tools"].is_array())
      return reject(wrong_type(param + ".tools", "an array", item.value("tools", Json())));
    for (std::size_t j = 0; j < item["tools"].size(); ++j) {
      const Json& tool = item["tools"][j];
      if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string()) {
        return reject(missing(param + ".tools[" + std::to_string(j) + "].name"));
      }
    }
    if (item.contains("error") && !item["error"].is_null() && !item["error"].is_string())
      return reject(wrong_type(param + ".error", "a string", item["error"]));
    return true;
  }

  bool read_tools() {
    if (!body_.contains("tools") || body_["tools"].is_null()) return true;
    const Json& tools = body_["tools"];
    if (!tools.is_array()) return reject(wrong_type("tools", "an array", tools));
    std::set<std::string> labels;
    for (std::size_t i = 0; i < tools.size(); ++i) {
      const std::string param = "tools[" + std::to_string(i) + "]";
      const Json& tool = tools[i];
      if (!tool.is_object()) return reject(wrong_type(param, "an object", tool));
      if (!tool.contains("type")) return reject(missing(param + ".type"));
      if (!tool["type"].is_string())
        return reject(wrong_type(param + ".type", "a string", tool["type"]));
      const auto type = tool["type"].get<std::string>();
      if (type == "function") {
        request_.other_tools.push_back(tool);
        continue;
      }
      if (type != "mcp") {
        return reject(unsupported(param + ".type",
                                  "'" + type +
                                      "' tools: it runs mcp tools (function tools are accepted "
                                      "and never called)"));
      }
      auto binding = read_binding(tool, param, i);
      if (!binding) return false;
      if (!labels.insert(binding->server_label).second) {
        return reject(
            invalid(param + ".server_label", "Duplicate server_label '" + binding->server_label +
                                                 "': each mcp tool needs its own label."));
      }
      request_.bindings.push_back(std::move(*binding));
    }
    return true;
  }

  std::optional<McpBinding> read_binding(const Json& tool, const std::string& param,
                                         std::size_t index) {
    static const std::set<std::string> fields{"type",
                                              "server_label",
                                              "server_url",
                                              "connector_id",
                                              "tunnel_id",
                                              "headers",
                                              "authorization",
                                              "allowed_tools",
                                              "require_approval",
                                              "server_description",
                                              "allowed_callers",
                                              "defer_loading"};
    for (const auto& [key, value] : tool.items()) {
      if (!fields.contains(key)) return fail(unknown(param + "." + key));
    }
    McpBinding binding;
    binding.index = index;
    const auto string_field = [&](const char* name, bool required,
                                  std::optional<std::string>& out) -> bool {
      if (!tool.contains(name) || tool[name].is_null())
        return required ? reject(missing(param + "." + name)) : true;
      if (!tool[name].is_string())
        return reject(wrong_type(param + "." + name, "a string", tool[name]));
      out = tool[name].get<std::string>();
      return true;
    };
    std::optional<std::string> label, url, connector, tunnel;
    if (!string_field("server_label", true, label) ||
        !string_field("connector_id", false, connector) ||
        !string_field("tunnel_id", false, tunnel) || !string_field("server_url", false, url) ||
        !string_field("authorization", false, binding.authorization) ||
        !string_field("server_description", false, binding.description))
      return std::nullopt;
    if (label->empty())
      return fail(invalid(param + ".server_label", "Invalid 'server_label': empty string."));
    binding.server_label = *label;
    if (connector)
      return fail(unsupported(param + ".connector_id",
                              "connectors (OpenAI's hosted wrappers): give a server_url"));
    if (tunnel) return fail(unsupported(param + ".tunnel_id", "tunnels: give a server_url"));
    if (!url) return fail(missing(param + ".server_url"));
    if (!url->starts_with("http://") && !url->starts_with("https://")) {
      return fail(
          invalid(param + ".server_url",
                  "Invalid 'server_url': expected an http:// or https:// URL, got '" + *url + "'.",
                  "invalid_url"));
    }
    binding.server_url = *url;
    if (tool.contains("defer_loading") && tool["defer_loading"] == true)
      return fail(unsupported(param + ".defer_loading", "tool search (defer_loading: true)"));
    if (tool.contains("headers") && !tool["headers"].is_null()) {
      if (!tool["headers"].is_object())
        return fail(wrong_type(param + ".headers", "an object", tool["headers"]));
      for (const auto& [name, value] : tool["headers"].items()) {
        if (!value.is_string())
          return fail(wrong_type(param + ".headers." + name, "a string", value));
        binding.headers.emplace_back(name, value.get<std::string>());
      }
    }
    std::string why;
    if (tool.contains("allowed_tools")) binding.allowed_tools = tool["allowed_tools"];
    auto filter = ToolFilter::parse(binding.allowed_tools, &why);
    if (!filter) return fail(invalid(param + ".allowed_tools", "Invalid 'allowed_tools': " + why));
    binding.filter = *filter;
    if (tool.contains("require_approval") && !tool["require_approval"].is_null())
      binding.require_approval = tool["require_approval"];
    auto approval = ApprovalPolicy::parse(binding.require_approval, &why);
    if (!approval)
      return fail(invalid(param + ".require_approval", "Invalid 'require_approval': " + why));
    binding.approval = *approval;
    return binding;
  }

  bool read_tool_choice() {
    if (!body_.contains("tool_choice") || body_["tool_choice"].is_null()) return true;
    const Json& choice = body_["tool_choice"];
    auto& out = request_.tool_choice;
    out.echoed = choice;
    if (choice.is_string()) {
      const auto mode = choice.get<std::string>();
      if (mode == "auto") return true;
      if (mode == "none") return (out.mode = ToolChoice::Mode::kNone), true;
      if (mode == "required") return (out.mode = ToolChoice::Mode::kRequired), true;
      return reject(invalid("tool_choice", "Invalid value: '" + mode +
                                               "'. Supported values are: 'auto', 'none' and "
                                               "'required'."));
    }
    if (!choice.is_object())
      return reject(wrong_type("tool_choice", "a string or an object", choice));
    if (choice.value("type", Json()) != "mcp") {
      return reject(unsupported("tool_choice.type",
                                "tool_choice objects other than {\"type\": \"mcp\", ...}"));
    }
    if (!choice.contains("server_label") || !choice["server_label"].is_string())
      return reject(missing("tool_choice.server_label"));
    out.mode = ToolChoice::Mode::kMcp;
    out.server_label = choice["server_label"];
    if (choice.contains("name") && !choice["name"].is_null()) {
      if (!choice["name"].is_string())
        return reject(wrong_type("tool_choice.name", "a string", choice["name"]));
      out.name = choice["name"];
    }
    const bool bound =
        std::any_of(request_.bindings.begin(), request_.bindings.end(),
                    [&](const McpBinding& b) { return b.server_label == out.server_label; });
    if (!bound) {
      return reject(invalid("tool_choice.server_label",
                            "tool_choice names server_label '" + out.server_label +
                                "', which no mcp tool of this request has."));
    }
    return true;
  }

  const Json& body_;
  ApiError* error_;
  CreateRequest request_;
};

}  // namespace

Json ApiError::body() const {
  return Json{{"error",
               {{"message", message},
                {"type", type},
                {"param", param ? Json(*param) : Json()},
                {"code", code ? Json(*code) : Json()}}}};
}

ApiError invalid(std::string param, std::string message, std::string code) {
  ApiError error;
  error.message = std::move(message);
  if (!param.empty()) error.param = std::move(param);
  error.code = std::move(code);
  return error;
}

ApiError unsupported(std::string param, std::string what) {
  return invalid(std::move(param), "mock-openai serve does not support " + what + ".",
                 "unsupported_parameter");
}

Json McpBinding::echoed() const {
  Json tool{{"type", "mcp"},
            {"server_label", server_label},
            {"server_url", server_url},
            {"allowed_tools", allowed_tools},
            {"require_approval", require_approval},
            {"headers", nullptr},
            {"server_description", description ? Json(*description) : Json()}};
  return tool;
}

std::optional<CreateRequest> parse_create_request(const Json& body, ApiError* error) {
  return Reader(body, error).read();
}

std::string latest_user_text(const Json& items) {
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (!it->is_object() || it->value("type", "") != "message" || it->value("role", "") != "user")
      continue;
    const Json& content = (*it)["content"];
    if (content.is_string()) return content.get<std::string>();
    std::string text;
    for (const auto& part : content) {
      if (part.is_object() && part.contains("text") && part["text"].is_string())
        text += (text.empty() ? "" : "\n") + part["text"].get<std::string>();
    }
    return text;
  }
  return "";
}

}  // namespace mcp::mock::serve
