// Tools: definitions, the registry with compiled input schemas, and the
// context a running tool sees (progress, cancellation, protocol version).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/schema_validator.hpp"
#include "protocol/versions.hpp"
#include "reference_server/stream.hpp"

namespace mcp::server {

/// Sends a message related to the current request before its response (on the
/// request's SSE stream). Empty when the request is answered with plain JSON.
using Emit = std::function<void(const Json& message)>;

class ToolContext {
 public:
  ToolContext(ProtocolVersion version, Json progress_token, Emit emit,
              std::shared_ptr<CancelToken> cancel);

  ProtocolVersion version() const { return version_; }
  bool has_progress_token() const { return !progress_token_.is_null(); }

  /// Sends notifications/progress for this request; a no-op without a progress
  /// token. `meta` (an object) becomes the notification's params._meta.
  void progress(double progress, std::optional<double> total, std::string_view message,
                const Json& meta = nullptr);

  /// Waits until `deadline`; returns false if the request was cancelled first.
  bool sleep_until(Clock::time_point deadline);
  bool cancelled() const;

 private:
  ProtocolVersion version_;
  Json progress_token_;
  Emit emit_;
  std::shared_ptr<CancelToken> cancel_;
};

struct Tool {
  std::string name;
  std::string title;  // listed from 2025-06-18
  std::string description;
  Json input_schema;
  Json output_schema;  // null: none; listed from 2025-06-18
  Json annotations;    // null: none
  /// The tool sends progress when given a progress token: answer over SSE.
  bool emits_progress = false;
  /// The tool can run long enough for cancellation to matter: its calls are
  /// registered so notifications/cancelled, DELETE and shutdown can stop them.
  /// Instant tools skip that bookkeeping (it is the hot path of every call).
  bool long_running = false;
  /// Returns a CallToolResult. Arguments have passed the input schema.
  std::function<Json(const Json& arguments, ToolContext& context)> run;
};

class ToolRegistry {
 public:
  /// Adds a tool. Throws std::invalid_argument on a duplicate name or an input
  /// schema that does not compile.
  void add(Tool tool);
  const Tool* find(std::string_view name) const;
  /// Tools in the order they were added (the order tools/list reports).
  const std::vector<Tool>& tools() const { return tools_; }
  /// Problems with `arguments` against the tool's input schema; empty when valid.
  std::vector<std::string> validate_arguments(const Tool& tool, const Json& arguments) const;

  /// The tools/list entry for `tool` as protocol version `version` defines it.
  static Json describe(const Tool& tool, ProtocolVersion version);

 private:
  std::vector<Tool> tools_;
  std::vector<std::unique_ptr<schema::Validator>> validators_;  // parallel to tools_
};

/// echo, add, sleep, fail and structured: the tools a person tries first.
void add_basic_tools(ToolRegistry& registry);

/// A text content block.
Json text_content(std::string_view text);

}  // namespace mcp::server
