#include "reference_server/tools.hpp"

#include <stdexcept>

namespace mcp::server {

ToolContext::ToolContext(ProtocolVersion version, Json progress_token, Emit emit,
                         std::shared_ptr<CancelToken> cancel)
    : version_(version),
      progress_token_(std::move(progress_token)),
      emit_(std::move(emit)),
      cancel_(std::move(cancel)) {}

void ToolContext::progress(double progress, std::optional<double> total, std::string_view message,
                           const Json& meta) {
  if (!has_progress_token() || !emit_) return;
  Json params{{"progressToken", progress_token_}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty()) params["message"] = message;
  if (meta.is_object()) params["_meta"] = meta;
  emit_(jsonrpc::make_notification("notifications/progress", std::move(params)));
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
  tools_.push_back(std::move(tool));
  validators_.push_back(std::move(validator));
}

const Tool* ToolRegistry::find(std::string_view name) const {
  for (const auto& tool : tools_) {
    if (tool.name == name) return &tool;
  }
  return nullptr;
}

std::vector<std::string> ToolRegistry::validate_arguments(const Tool& tool,
                                                          const Json& arguments) const {
  const auto index = static_cast<std::size_t>(&tool - tools_.data());
  return validators_.at(index)->validate(arguments);
}

Json ToolRegistry::describe(const Tool& tool, ProtocolVersion version) {
  Json entry{{"name", tool.name}};
  if (version >= ProtocolVersion::k2025_06_18 && !tool.title.empty()) entry["title"] = tool.title;
  if (!tool.description.empty()) entry["description"] = tool.description;
  entry["inputSchema"] = tool.input_schema;
  if (has_structured_output(version) && !tool.output_schema.is_null()) {
    entry["outputSchema"] = tool.output_schema;
  }
  if (!tool.annotations.is_null()) entry["annotations"] = tool.annotations;
  return entry;
}

Json text_content(std::string_view text) {
  return Json{{"type", "text"}, {"text", text}};
}

}  // namespace mcp::server
