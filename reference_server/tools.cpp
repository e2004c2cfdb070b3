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
  if (!emit_ || !session_ || !session_->logging() || severity < session_->log_level()) return;
  Json params{{"level", to_string(severity)}, {"data", data}};
  if (!logger.empty()) params["logger"] = logger;
  emit_(jsonrpc::make_notification("notifications/message", std::move(params)));
}

namespace {

/// The client capability a server request needs (a MUST from 2025-06-18).
std::string_view needed_capability(std::string_view method) {
  if (method == "sampling/createMessage") return "sampling";
  if (method == "elicitation/create") return "elicitation";
  if (method == "roots/list") return "roots";
  return {};
}

}  // namespace

bool ToolContext::client_declared(std::string_view capability) const {
  return session_ && session_->client_capabilities().contains(capability);
}

std::optional<Json> ToolContext::ask_client(std::string_view method, Json params,
                                            std::chrono::milliseconds timeout, std::string* error,
                                            std::string key) {
  auto answers =
      ask_all({Question{std::move(key), std::string(method), std::move(params)}}, timeout, error);
  return std::move(answers.front());
}

std::vector<std::optional<Json>> ToolContext::ask_all(const std::vector<Question>& questions,
                                                      std::chrono::milliseconds timeout,
                                                      std::string* error) {
  std::vector<std::optional<Json>> out;
  const auto declared = [&](std::string_view method) {
    const auto capability = needed_capability(method);
    return capability.empty() || client_declared(capability);
  };
  if (rounds_) {
    Json unanswered = Json::object();
    for (const auto& q : questions) {
      if (!declared(q.method))
        throw MissingClientCapability(std::string(needed_capability(q.method)));
      const auto key = q.key.empty() ? rounds_->next_key() : q.key;
      if (auto answer = rounds_->answer(key)) {
        out.push_back(Json{{"result", std::move(*answer)}});
        continue;
      }
      Json request{{"method", q.method}};
      if (!q.params.is_null()) request["params"] = q.params;
      unanswered[key] = std::move(request);
      out.emplace_back();
    }
    if (!unanswered.empty()) throw InputRequired(std::move(unanswered));
    return out;
  }
  for (const auto& q : questions) {
    if (!declared(q.method)) {
      if (error) {
        *error = "the client did not declare the " + std::string(needed_capability(q.method)) +
                 " capability";
      }
      out.emplace_back();
      continue;
    }
    if (!emit_ || !requester_) {
      if (error) *error = "this call is not answered over SSE, so the server cannot ask the client";
      out.emplace_back();
      continue;
    }
    Json request{{"jsonrpc", "2.0"}, {"method", q.method}};
    if (!q.params.is_null()) request["params"] = q.params;
    out.push_back(requester_(request, timeout, error));
  }
  return out;
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
  auto header_params = modern::header_params(tool.input_schema, &error);
  if (!header_params) throw std::invalid_argument("tool " + tool.name + ": " + error);
  tool.header_params = std::move(*header_params);
  tools_.add(std::move(tool));
  validators_.push_back(std::move(validator));
}

const Tool* ToolRegistry::find(std::string_view name) const {
  return tools_.find_if([name](const Tool& tool) { return tool.name == name; });
}

bool ToolRegistry::set_hidden(std::string_view name, bool hidden) {
  return tools_.set_hidden([name](const Tool& tool) { return tool.name == name; }, hidden);
}

bool ToolRegistry::set_annotations(std::string_view name, Json annotations) {
  return tools_.edit([name](const Tool& tool) { return tool.name == name; },
                     [&](Tool& tool) { tool.annotations = std::move(annotations); });
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

Json tool_error(std::string_view message) {
  return Json{{"content", Json::array({text_content(message)})}, {"isError", true}};
}

Json no_arguments() {
  return Json{{"type", "object"}, {"properties", Json::object()}};
}

}  // namespace mcp::server
