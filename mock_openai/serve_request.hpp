// mock-openai serve: a POST /v1/responses body, read and checked the way the Responses API
// does, with its error shape. What the mock does not do is refused with a 400 that says so,
// never silently ignored when it would change what the user's backend sees.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/transport.hpp"
#include "mock_openai/responses_api.hpp"

namespace mcp::mock::serve {

/// An error as the Responses API answers it: HTTP status and
/// {"error":{"message","type","param","code"}}.
struct ApiError {
  int status = 400;
  std::string message;
  std::string type = "invalid_request_error";
  std::optional<std::string> param;
  std::optional<std::string> code;

  Json body() const;
};

ApiError invalid(std::string param, std::string message, std::string code = "invalid_value");
ApiError unsupported(std::string param, std::string what);

/// One {type: "mcp"} entry of `tools`.
struct McpBinding {
  std::size_t index = 0;  // its place in `tools`, for error params ("tools[2].server_url")
  std::string server_label;
  std::string server_url;
  client::Headers headers;
  std::optional<std::string> authorization;
  Json allowed_tools;                // null: every tool
  Json require_approval = "always";  // OpenAI's default
  ToolFilter filter;                 // allowed_tools, parsed
  ApprovalPolicy approval;           // require_approval, parsed
  std::optional<std::string> description;

  /// The entry as the Response echoes it in `tools`: `headers` and `authorization` are never
  /// shown (S3: values are not stored or echoed).
  Json echoed() const;
};

/// tool_choice: "auto" (default), "none", "required", or {type: "mcp", server_label, name?}.
struct ToolChoice {
  enum class Mode { kAuto, kNone, kRequired, kMcp };
  Mode mode = Mode::kAuto;
  std::string server_label;  // kMcp
  std::string name;          // kMcp, optional
  Json echoed = "auto";
};

struct CreateRequest {
  std::string model;
  /// The input as items: a string input becomes one user message.
  Json input = Json::array();
  Json instructions;  // null or string
  std::vector<McpBinding> bindings;
  Json other_tools = Json::array();  // function tools: accepted, echoed, never called
  ToolChoice tool_choice;
  std::optional<std::string> previous_response_id;
  bool stream = false;
  bool store = true;
  std::optional<int> max_tool_calls;
  Json metadata;  // null or object
  Json temperature = 1.0;
  Json top_p = 1.0;
  Json max_output_tokens;
  bool parallel_tool_calls = true;
};

/// Reads a parsed body; the error names the parameter at fault as OpenAI does ("tools[0].type").
std::optional<CreateRequest> parse_create_request(const Json& body, ApiError* error);

/// The text of the latest user message in `items` ("" when there is none).
std::string latest_user_text(const Json& items);

}  // namespace mcp::mock::serve
