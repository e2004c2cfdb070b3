// Tools: definitions, the registry with compiled input schemas, and the
// context a running tool sees (progress, logging, requests to the client,
// cancellation, protocol version).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/log_severity.hpp"
#include "protocol/request_metadata.hpp"
#include "protocol/schema_validator.hpp"
#include "protocol/versions.hpp"
#include "reference_server/input_rounds.hpp"
#include "reference_server/registry.hpp"
#include "reference_server/stream.hpp"

namespace mcp::server {

class Session;

/// Sends a message related to the current request before its response (on the
/// request's SSE stream). Empty when the request is answered with plain JSON.
using Emit = std::function<void(const Json& message)>;

/// Sends a request to the client and waits for its answer (sampling,
/// elicitation, roots). Returns the response message, or nullopt with *error.
using ClientRequester = std::function<std::optional<Json>(
    const Json& request_without_id, std::chrono::milliseconds timeout, std::string* error)>;

class ToolContext {
 public:
  ToolContext(ProtocolVersion version, Json progress_token, Emit emit,
              std::shared_ptr<CancelToken> cancel, Session* session = nullptr,
              ClientRequester requester = {}, std::function<void()> end_connection = {});

  ProtocolVersion version() const { return version_; }
  bool has_progress_token() const { return !progress_token_.is_null(); }

  /// Sends notifications/progress for this request; a no-op without a progress
  /// token. `meta` (an object) becomes the notification's params._meta.
  void progress(double progress, std::optional<double> total, std::string_view message,
                const Json& meta = nullptr);
  /// Sends notifications/message on this request's stream if the session's
  /// level lets `severity` through.
  void log(LogSeverity severity, const Json& data, std::string_view logger = {});
  /// Asks the client (sampling/createMessage, elicitation/create, roots/list)
  /// and returns its response message. Legacy era: a request on this call's
  /// stream; fails (with *error) when the client did not declare the
  /// capability, when the call cannot stream, on timeout and on cancellation.
  /// Modern era (multi round-trip): the answer given under `key` (one is made
  /// when empty) as {"result": ...}; when there is none yet, throws
  /// InputRequired, and MissingClientCapability for an undeclared capability.
  std::optional<Json> ask_client(std::string_view method, Json params,
                                 std::chrono::milliseconds timeout, std::string* error,
                                 std::string key = {});

  /// One question for ask_all: its key, method and params.
  struct Question {
    std::string key;
    std::string method;
    Json params;
  };
  /// Asks several questions at once: in the modern era the client gets every
  /// unanswered one in one InputRequiredResult; in the legacy era they are
  /// asked one after the other. The responses, in order (nullopt: failed).
  std::vector<std::optional<Json>> ask_all(const std::vector<Question>& questions,
                                           std::chrono::milliseconds timeout, std::string* error);

  /// Whether the client declared `capability` (e.g. "sampling").
  bool client_declared(std::string_view capability) const;

  /// Modern era: the answers this request carries; enables multi round-trips.
  void set_input_rounds(InputRounds* rounds) { rounds_ = rounds; }

  /// Ends the HTTP response carrying this call's SSE stream without ending the
  /// stream (2025-11-25 polling): the client resumes with GET + Last-Event-ID.
  /// False when the call is not answered over a resumable stream.
  bool end_connection();

  /// Waits until `deadline`; returns false if the request was cancelled first.
  bool sleep_until(Clock::time_point deadline);
  bool cancelled() const;
  const std::shared_ptr<CancelToken>& cancel_token() const { return cancel_; }
  Session* session() const { return session_; }

 private:
  ProtocolVersion version_;
  Json progress_token_;
  Emit emit_;
  std::shared_ptr<CancelToken> cancel_;
  Session* session_;
  ClientRequester requester_;
  std::function<void()> end_connection_;
  InputRounds* rounds_ = nullptr;
};

/// When a tool's answer should be an SSE stream rather than one JSON body.
enum class Streaming {
  kNever,              // instant result
  kWithProgressToken,  // only sends progress, so only worth it when the caller asked
  kAlways,             // uses its stream before the result (logs, SSE polling); 2026-07-28:
                       // only with a log level or a progress token in the request
  kAsksClient,         // asks the client: on the stream up to 2025-11-25; 2026-07-28
                       // answers InputRequiredResult (or -32021, which needs HTTP 400) instead
};

struct Tool {
  std::string name;
  std::string title;  // listed from 2025-06-18
  std::string description;
  Json input_schema;
  Json output_schema;  // null: none; listed from 2025-06-18
  Json annotations;    // null: none
  Streaming streaming = Streaming::kNever;
  /// The tool can run long enough for cancellation to matter: its calls are
  /// registered so notifications/cancelled, DELETE and shutdown can stop them.
  /// Instant tools skip that bookkeeping (it is the hot path of every call).
  bool long_running = false;
  /// Returns a CallToolResult. Arguments have passed the input schema.
  std::function<Json(const Json& arguments, ToolContext& context)> run;
  /// Set by ToolRegistry::add from the input schema's x-mcp-header marks
  /// (2026-07-28): the arguments a client mirrors into Mcp-Param-* headers.
  std::vector<modern::HeaderParam> header_params;
};

class ToolRegistry {
 public:
  /// Adds a tool. Throws std::invalid_argument on a duplicate name or an input
  /// schema that does not compile.
  void add(Tool tool);
  const Tool* find(std::string_view name) const;
  /// Tools in the order they were added, the hidden ones excluded (what tools/list reports).
  std::vector<const Tool*> listed() const { return tools_.listed(); }
  /// Problems with `arguments` against the tool's input schema; empty when valid.
  std::vector<std::string> validate_arguments(const Tool& tool, const Json& arguments) const;
  /// Hides or shows a tool (a change of the tool list); returns whether it changed.
  bool set_hidden(std::string_view name, bool hidden);
  /// Replaces a tool's annotations while the catalogue is built; false when
  /// there is no such tool.
  bool set_annotations(std::string_view name, Json annotations);

 private:
  Registry<Tool> tools_;
  std::vector<std::unique_ptr<schema::Validator>> validators_;  // parallel to tools_
};

/// The tools/list entry for `tool` as protocol version `version` defines it.
Json describe(const Tool& tool, ProtocolVersion version);

/// A text content block.
Json text_content(std::string_view text);
/// A tool result that is an error (isError) saying `message`.
Json tool_error(std::string_view message);
/// The input schema of a tool that takes no arguments.
Json no_arguments();

}  // namespace mcp::server
