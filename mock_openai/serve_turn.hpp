// One turn of mock-openai serve (internal to ResponsesService): the model's decision, one
// profile flow per mcp tool, the output items in OpenAI's order, the stream events, the
// final message, and the transcript file.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "mock_openai/flow.hpp"
#include "mock_openai/serve_service.hpp"
#include "mock_openai/serve_stream.hpp"
#include "protocol/redaction.hpp"

namespace mcp::mock::serve {

class ResponsesService::TurnRun {
 public:
  TurnRun(const ServiceOptions& options, Turn& turn, const EventSink& sink);
  std::variant<ApiError, Json> run();

 private:
  /// Approval responses: run each approved call (no model decision this turn).
  void run_approvals();
  /// A user turn: list what is not listed yet, let the model choose, call or ask approval.
  std::optional<ApiError> run_input();
  /// The model's choice resolved against one server's imported tools: the call to make, or
  /// nothing (no match, a reply, a call already made, or an approval request queued).
  std::optional<CallChoice> resolve(const McpBinding& binding, const Json& imported);
  /// Runs the profile's flow for `binding`; records its transcript.
  FlowResult run_flow(const McpBinding& binding, const std::optional<Json>& known_tools,
                      const std::optional<std::string>& approved_id, CallChooser chooser);
  /// The call item of a flow (a synthesized failed one when the flow broke before it),
  /// with an exceeded call budget shown as a timeout.
  std::optional<Json> call_item_of(const McpBinding& binding, const FlowResult& result,
                                   const CallChoice& choice,
                                   const std::optional<std::string>& approved_id);
  /// Why the listing failed (the 424 OpenAI answers), or nullopt.
  std::optional<Json> list_failure(const McpBinding& binding, const FlowResult& result) const;
  ApiError fail_listing(const McpBinding& binding, const Json& body_424);

  void emit(const Json& item);
  void emit_events(const std::vector<Json>& events);
  void note_call(const Json& call_item);
  Json response(const std::string& status) const;
  Json usage() const;
  void write_transcript(const std::string& status);

  const ServiceOptions& options_;
  Turn& turn_;
  const EventSink& sink_;
  EventStream events_;
  bool client_gone_ = false;
  ItemIds ids_;
  Decision decision_;
  bool call_made_ = false;  // the model's one call this turn is taken (made or asked)
  Json output_ = Json::array();
  Json deferred_ = Json::array();  // calls and approval requests, after every listing
  std::string message_;
  Json flows_ = Json::array();  // for the transcript file
  redaction::Secrets secrets_;
};

}  // namespace mcp::mock::serve
