#include "mock_openai/responses_api.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <regex>
#include <sstream>
#include <utility>

#include "protocol/schema_validator.hpp"

namespace mcp::mock {
namespace {

void set_error(std::string* error, std::string text) {
  if (error) *error = std::move(text);
}

}  // namespace

bool is_read_only(const Json& mcp_tool) {
  const auto annotations = mcp_tool.find("annotations");
  if (annotations == mcp_tool.end() || !annotations->is_object()) return false;
  const auto hint = annotations->find("readOnlyHint");
  return hint != annotations->end() && hint->is_boolean() && hint->get<bool>();
}

// ---- ToolFilter ----

std::optional<ToolFilter> ToolFilter::parse(const Json& value, std::string* error,
                                            const FilterOptions& options) {
  ToolFilter filter;
  filter.options_ = options;
  if (value.is_null()) return filter;
  if (value.is_array()) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        set_error(error, "allowed_tools[" + std::to_string(i) + "] must be a string (a tool name)");
        return std::nullopt;
      }
      names.push_back(value[i].get<std::string>());
    }
    filter.tool_names_ = std::move(names);
    return filter;
  }
  if (value.is_object()) return parse_object(value, "allowed_tools", error, options);
  set_error(error,
            "allowed_tools must be null, an array of tool names or an object "
            "{\"tool_names\": [...], \"read_only\": bool}");
  return std::nullopt;
}

std::optional<ToolFilter> ToolFilter::parse_object(const Json& value, const std::string& field,
                                                   std::string* error,
                                                   const FilterOptions& options) {
  if (!value.is_object()) {
    set_error(error, field +
                         " must be a tool filter object {\"tool_names\": [...], "
                         "\"read_only\": bool}");
    return std::nullopt;
  }
  ToolFilter filter;
  filter.options_ = options;
  for (const auto& [key, criterion] : value.items()) {
    if (key == "tool_names") {
      if (criterion.is_null()) continue;
      const bool all_strings =
          criterion.is_array() && std::all_of(criterion.begin(), criterion.end(),
                                              [](const Json& n) { return n.is_string(); });
      if (!all_strings) {
        set_error(error, field + ".tool_names must be an array of strings");
        return std::nullopt;
      }
      filter.tool_names_ = criterion.get<std::vector<std::string>>();
    } else if (key == "read_only") {
      if (criterion.is_null()) continue;
      if (!criterion.is_boolean()) {
        set_error(error, field + ".read_only must be a boolean");
        return std::nullopt;
      }
      filter.read_only_ = criterion.get<bool>();
    } else {
      set_error(error, field + " has an unknown key \"" + key +
                           "\" (MCPToolFilter allows only tool_names and read_only)");
      return std::nullopt;
    }
  }
  return filter;
}

bool ToolFilter::allows(const Json& mcp_tool) const {
  std::vector<bool> verdicts;
  if (tool_names_) {
    const auto name = mcp_tool.find("name");
    const bool named = name != mcp_tool.end() && name->is_string() &&
                       std::find(tool_names_->begin(), tool_names_->end(),
                                 name->get<std::string>()) != tool_names_->end();
    verdicts.push_back(named);
  }
  if (read_only_) {
    if (*read_only_) {
      verdicts.push_back(is_read_only(mcp_tool));
    } else if (options_.read_only_false_selects_writable) {
      verdicts.push_back(!is_read_only(mcp_tool));
    }
  }
  if (verdicts.empty()) return true;
  if (options_.require_every_criterion) {
    return std::all_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; });
  }
  return std::any_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; });
}

// ---- ApprovalPolicy ----

std::optional<ApprovalPolicy> ApprovalPolicy::parse(const Json& value, std::string* error,
                                                    const ApprovalOptions& options) {
  ApprovalPolicy policy;
  policy.options_ = options;
  if (value.is_null()) return policy;
  if (value.is_string()) {
    const auto mode = value.get<std::string>();
    if (mode == "always") return policy;
    if (mode == "never") {
      policy.mode_ = Mode::kNever;
      return policy;
    }
  } else if (value.is_object()) {
    policy.mode_ = Mode::kFilters;
    for (const auto& [key, filter_value] : value.items()) {
      if (key != "always" && key != "never") {
        set_error(error, "require_approval has an unknown key \"" + key +
                             "\" (only \"always\" and \"never\" are allowed)");
        return std::nullopt;
      }
      if (filter_value.is_null()) continue;
      auto filter =
          ToolFilter::parse_object(filter_value, "require_approval." + key, error, options.filter);
      if (!filter) return std::nullopt;
      (key == "always" ? policy.always_ : policy.never_) = std::move(filter);
    }
    return policy;
  }
  set_error(error,
            "require_approval must be \"always\", \"never\" or an object "
            "{\"always\": filter, \"never\": filter}; got " +
                jsonrpc::serialize(value));
  return std::nullopt;
}

bool ApprovalPolicy::requires_approval(const Json& mcp_tool) const {
  switch (mode_) {
    case Mode::kAlways:
      return true;
    case Mode::kNever:
      return false;
    case Mode::kFilters:
      break;
  }
  const bool always = always_ && always_->allows(mcp_tool);
  const bool never = never_ && never_->allows(mcp_tool);
  if (always && never) return options_.always_wins_over_never;
  if (always) return true;
  if (never) return false;
  if (options_.unmatched_requires_approval) return *options_.unmatched_requires_approval;
  return !(always_ && !never_);
}

// ---- ItemIds ----

ItemIds::ItemIds() {
  std::random_device device;
  const std::uint64_t seed = (std::uint64_t{device()} << 32) ^ std::uint64_t{device()};
  engine_.seed(seed);
}

ItemIds::ItemIds(std::uint64_t seed) : engine_(seed) {}

std::string ItemIds::next_list_tools_id() {
  return next("mcpl_");
}
std::string ItemIds::next_call_id() {
  return next("mcp_");
}
std::string ItemIds::next_approval_request_id() {
  return next("mcpr_");
}

std::string ItemIds::next(std::string_view prefix) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id.reserve(prefix.size() + kHexDigits);
  for (std::size_t word = 0; word < kHexDigits / 16; ++word) {
    std::uint64_t bits = engine_();
    for (int nibble = 0; nibble < 16; ++nibble) {
      id.push_back(kHex[bits >> 60]);
      bits <<= 4;
    }
  }
  return id;
}

// ---- Output items ----

Json make_list_tools_item(ItemIds& ids, const std::string& server_label, const Json& mcp_tools,
                          const ToolFilter& filter) {
  Json tools = Json::array();
  if (mcp_tools.is_array()) {
    for (const auto& tool : mcp_tools) {
      if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string()) continue;
      if (!filter.allows(tool)) continue;
      const auto description = tool.find("description");
      const auto annotations = tool.find("annotations");
      tools.push_back(Json{
          {"name", tool["name"]},
          {"description",
           description != tool.end() && description->is_string() ? *description : Json(nullptr)},
          {"input_schema", tool.value("inputSchema", Json(nullptr))},
          {"annotations",
           annotations != tool.end() && annotations->is_object() ? *annotations : Json(nullptr)},
      });
    }
  }
  return Json{{"type", "mcp_list_tools"},
              {"id", ids.next_list_tools_id()},
              {"server_label", server_label},
              {"tools", std::move(tools)},
              {"error", nullptr}};
}

Json make_approval_request(ItemIds& ids, const std::string& server_label, const std::string& tool,
                           const Json& arguments) {
  return Json{{"type", "mcp_approval_request"},
              {"id", ids.next_approval_request_id()},
              {"server_label", server_label},
              {"name", tool},
              {"arguments", jsonrpc::serialize(arguments)}};
}

Json make_call_item(ItemIds& ids, const std::string& server_label, const std::string& tool,
                    const Json& arguments, const CallOutcome& outcome,
                    const std::optional<std::string>& approval_request_id,
                    const CallItemOptions& options) {
  Json output = nullptr;
  Json error = nullptr;
  bool failed = true;
  switch (outcome.kind) {
    case CallOutcome::Kind::kResult: {
      const auto is_error = outcome.result.find("isError");
      const bool tool_error = outcome.result.is_object() && is_error != outcome.result.end() &&
                              is_error->is_boolean() && is_error->get<bool>();
      if (tool_error) {
        error = Json{{"type", "mcp_tool_execution_error"},
                     {"content", outcome.result.value("content", Json::array())}};
        if (options.output_on_tool_error) {
          output = output_text(outcome.result, options.text_separator);
        }
        failed = options.tool_error_fails_call;
      } else {
        output = output_text(outcome.result, options.text_separator);
        failed = false;
      }
      break;
    }
    case CallOutcome::Kind::kJsonRpcError:
      error = Json{
          {"type", "mcp_protocol_error"}, {"code", outcome.code}, {"message", outcome.message}};
      break;
    case CallOutcome::Kind::kHttpError:
      error = Json{{"type", "http_error"},
                   {"code", outcome.code},
                   {"message",
                    outcome.message.empty() ? http_reason_phrase(outcome.code) : outcome.message}};
      break;
    case CallOutcome::Kind::kSessionTerminated:
      error = Json{{"type", "mcp_protocol_error"},
                   {"code", kSessionTerminatedCode},
                   {"message", kSessionTerminatedMessage}};
      break;
    case CallOutcome::Kind::kTimedOut:
      error = Json{{"type", "mcp_protocol_error"},
                   {"code", kRequestTimeoutCode},
                   {"message", outcome.message}};
      break;
    case CallOutcome::Kind::kTransportError:
      // python-sdk's own text when it has nothing better.
      error = Json{{"type", "mcp_protocol_error"},
                   {"code", options.transport_error_code},
                   {"message", outcome.message.empty() ? "Connection closed" : outcome.message}};
      break;
  }
  return Json{
      {"type", "mcp_call"},
      {"id", ids.next_call_id()},
      {"server_label", server_label},
      {"name", tool},
      {"arguments", jsonrpc::serialize(arguments)},
      {"output", std::move(output)},
      {"error", std::move(error)},
      {"status", failed ? "failed" : "completed"},
      {"approval_request_id", approval_request_id ? Json(*approval_request_id) : Json(nullptr)}};
}

std::string timeout_message(double waited_ms) {
  std::ostringstream seconds;
  seconds << waited_ms / 1000.0;
  return "Timed out while waiting for response to ClientRequest. Waited " + seconds.str() +
         " seconds.";
}

std::string output_text(const Json& call_tool_result, std::string_view separator) {
  const Json* content = nullptr;
  if (call_tool_result.is_object()) {
    const auto it = call_tool_result.find("content");
    if (it != call_tool_result.end() && it->is_array()) content = &*it;
  }
  if (!content) return "[]";
  std::string text;
  bool any_text = false;
  for (const auto& block : *content) {
    if (!block.is_object() || block.value("type", Json()) != "text") continue;
    const auto value = block.find("text");
    if (value == block.end() || !value->is_string()) continue;
    if (any_text) text += separator;
    text += value->get<std::string>();
    any_text = true;
  }
  return any_text ? text : jsonrpc::serialize(*content);
}

Json make_list_failure_424(const std::string& server_label, int http_status,
                           const std::string& failure_cause) {
  std::string message = "Error retrieving tool list from MCP server: '" + server_label + "'. ";
  if (http_status > 0) {
    message += "Http status code: " + std::to_string(http_status);
    const auto phrase = http_reason_phrase(http_status);
    if (!phrase.empty()) message += " (" + phrase + ")";
  } else {
    message += failure_cause.empty() ? std::string("unknown error") : failure_cause;
  }
  return Json{{"error",
               {{"message", std::move(message)},
                {"type", "external_connector_error"},
                {"param", "tools"},
                {"code", "http_error"}}}};
}

std::string http_reason_phrase(int status) {
  static constexpr std::pair<int, std::string_view> kPhrases[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {203, "Non-Authoritative Information"},
      {204, "No Content"},
      {205, "Reset Content"},
      {206, "Partial Content"},
      {300, "Multiple Choices"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {402, "Payment Required"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {407, "Proxy Authentication Required"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Range Not Satisfiable"},
      {417, "Expectation Failed"},
      {421, "Misdirected Request"},
      {422, "Unprocessable Content"},
      {423, "Locked"},
      {424, "Failed Dependency"},
      {425, "Too Early"},
      {426, "Upgrade Required"},
      {428, "Precondition Required"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {451, "Unavailable For Legal Reasons"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
      {507, "Insufficient Storage"},
      {508, "Loop Detected"},
      {511, "Network Authentication Required"},
  };
  for (const auto& [code, phrase] : kPhrases) {
    if (code == status) return std::string(phrase);
  }
  return "";
}

}  // namespace mcp::mock
