#include "reference_server/tools.hpp"

#include <stdexcept>

#include "reference_server/session.hpp"

namespace mcp::server {

ToolContext::ToolContext(ProtocolVersion version, Json progress_token, Emit emit,
                         std::shared_ptr<CancelToken> cancel, Session* session,
                         ClientRequester requester, std::function<void()> end_connection_hook)
    : version_(version),
      progress_token_(std::move(progress_token)),
      emit_(std::move(emit)),
      cancel_(std::move(cancel)),
      session_(session),
      requester_(std::move(requester)),
      end_connection_(std::move(end_connection_hook)) {}

bool ToolContext::end_connection() {
  if (!end_connection_) return false;
  end_connection_();
  return true;
}

void ToolContext::progress(double progress, std::optional<double> total, std::string_view message,
                           const Json& meta) {
  if (!has_progress_token() || !emit_) return;
  // Whole numbers go out as integers: "progress": 3 reads better than 3.0.
  const auto number = [](double v) -> Json {
    return v == static_cast<double>(static_cast<std::int64_t>(v))
               ? Json(static_cast<std::int64_t>(v))
               : Json(v);
  };
  Json params{{"progressToken", progress_token_}, {"progress", number(progress)}};
  if (total) params["total"] = number(*total);
  if (!message.empty()) params["message"] = message;
  if (meta.is_object()) params["_meta"] = meta;
  emit_(jsonrpc::make_notification("notifications/progress", std::move(params)));
}

void ToolContext::log(LogSeverity severity, const Json& data, std::string_view logger) {
  if (!emit_ || !session_ || severity < session_->log_level()) return;
  Json params{{"level", to_string(severity)}, {"data", data}};
  if (!logger.empty()) params["logger"] = logger;
  emit_(jsonrpc::make_notification("notifications/message", std::move(params)));
}

std::optional<Json> ToolContext::ask_client(std::string_view method, Json params,
                                            std::chrono::milliseconds timeout, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<Json> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  // A server may only use what the client declared (a MUST from 2025-06-18).
  static const std::vector<std::pair<std::string_view, std::string_view>> kNeeds{
      {"sampling/createMessage", "sampling"},
      {"elicitation/create", "elicitation"},
      {"roots/list", "roots"}};
  for (const auto& [m, capability] : kNeeds) {
    if (m == method && (!session_ || !session_->client_capabilities().contains(capability))) {
      return fail("the client did not declare the " + std::string(capability) + " capability");
    }
  }
  if (!emit_ || !requester_)
    return fail("this call is not answered over SSE, so the server cannot ask the client");
  Json request{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) request["params"] = std::move(params);
  return requester_(request, timeout, error);
}

bool ToolContext::sleep_until(Clock::time_point deadline) {
  return !cancel_->wait_until(deadline);
}

bool ToolContext::cancelled() const {
  return cancel_->cancelled();
}

void ToolRegistry::add(Tool tool) {
  if (find(tool.name)) throw std::invalid_argument("duplicate tool name: " + tool.name);
  std::string error;
  auto validator = schema::Validator::compile(tool.input_schema, &error);
  if (!validator) throw std::invalid_argument("tool " + tool.name + ": " + error);
  tools_.add(std::move(tool));
  validators_.push_back(std::move(validator));
}

const Tool* ToolRegistry::find(std::string_view name) const {
  return tools_.find_if([name](const Tool& tool) { return tool.name == name; });
}

bool ToolRegistry::set_hidden(std::string_view name, bool hidden) {
  return tools_.set_hidden([name](const Tool& tool) { return tool.name == name; }, hidden);
}

std::vector<std::string> ToolRegistry::validate_arguments(const Tool& tool,
                                                          const Json& arguments) const {
  return validators_.at(tools_.index_of(tool))->validate(arguments);
}

Json describe(const Tool& tool, ProtocolVersion version) {
  Json entry{{"name", tool.name}};
  if (version >= ProtocolVersion::k2025_06_18 && !tool.title.empty()) entry["title"] = tool.title;
  if (!tool.description.empty()) entry["description"] = tool.description;
  entry["inputSchema"] = tool.input_schema;
  if (has_structured_output(version) && !tool.output_schema.is_null()) {
    entry["outputSchema"] = tool.output_schema;
  }
  if (!tool.annotations.is_null() && version >= ProtocolVersion::k2025_03_26)
    entry["annotations"] = tool.annotations;
  return entry;
}

Json text_content(std::string_view text) {
  return Json{{"type", "text"}, {"text", text}};
}

}  // namespace mcp::server
