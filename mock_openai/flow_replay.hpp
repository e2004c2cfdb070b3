// One replay of a profile's flow (internal to FlowRunner): the connection, the
// ids and tools it has seen, the result it builds, and one method per step kind.
// The connection helpers are in flow.cpp, the steps in flow_session_steps.cpp
// (discover, initialize, initialized, GET stream, DELETE) and flow_tool_steps.cpp
// (tools/list, tools/call).
#pragma once

#include <memory>
#include <string>

#include "client/modern_session.hpp"
#include "client/transport.hpp"
#include "mock_openai/flow.hpp"
#include "mock_openai/responses_api.hpp"

namespace mcp::mock {

bool is_timeout(client::HttpError error);
/// "HTTP 405 Method Not Allowed".
std::string describe_status(int status);
/// "WHAT answered JSON-RPC error CODE: MESSAGE", for a response that carries an error.
std::string jsonrpc_error_cause(const std::string& what, const Json& response);

class FlowRunner::Replay {
 public:
  Replay(const Profile& profile, const FlowOptions& flow, FlowResult& result);

  /// Reads allowed_tools and require_approval and starts the transport; on a
  /// failure the result says why and the flow must not run.
  bool start();
  /// Runs `step` into `record`; false ends the flow (the result says why).
  bool run_step(const std::string& phase, const Step& step, StepRecord& record);
  void stop();
  /// The tools a serve turn already knows (FlowOptions::known_tools), as if listed.
  void adopt_known_tools(const Json& mcp_tools);
  /// The imported tools (mcp_list_tools entries) so far.
  const Json& imported_tools() const { return imported_tools_; }
  /// The model's choice for the call step (instead of --call and the read-only rule).
  void set_choice(CallChoice choice) { choice_ = std::move(choice); }

 private:
  bool discover(const Step& step, StepRecord& record);
  bool discover_and_adopt(const Step& step, const std::string& version, StepRecord& record);
  bool initialize(const Step& step, StepRecord& record);
  bool initialized(const Step& step, StepRecord& record);
  bool open_get_stream(const Step& step, StepRecord& record);
  bool close_get_stream(StepRecord& record);
  bool list_tools(const Step& step, StepRecord& record);
  bool call_tool(const Step& step, StepRecord& record);
  bool delete_session(const Step& step, StepRecord& record);

  // Parts of initialize.
  bool start_new_session(const Step& step, StepRecord& record);
  client::CallResult fall_back_to_sse(const Step& step, StepRecord& record, const Json& request,
                                      client::CallResult refused);
  bool accept_initialize_result(const client::CallResult& r, const std::string& offered,
                                StepRecord& record);
  void note_session(const client::CallResult& r, const std::string& offered, StepRecord& record);

  // Parts of tools/call.
  struct ToolCall {
    std::string name;
    const Json* tool = nullptr;  // its entry in listed_tools_
    Json arguments;
  };
  /// The tool to call and its arguments; nullopt when the step ends here, skipped or
  /// failed (record.outcome says which).
  std::optional<ToolCall> choose_call(StepRecord& record);
  bool judge_call(const Step& step, const client::CallResult& r, const std::string& tool,
                  const CallOutcome& outcome, const Json& item, StepRecord& record);

  client::Transport* transport();
  /// Sends a request of the flow: as it is in the legacy era, with the
  /// envelope and its headers once the flow adopted 2026-07-28.
  client::CallResult send(const Step& step, const std::string& method, Json params,
                          const std::string& label);
  /// Steps that 2026-07-28 does not have, once adopted: skipped, saying why.
  bool skipped_in_modern(const Step& step, StepRecord& record);
  Json next_request_id(const Step& step);
  client::Headers headers_for(const Step& step) const;
  bool make_transport();
  bool start_stdio();
  /// Connects the legacy transport; returns the outcome of opening its stream.
  client::CallResult connect_sse(const Step& step);
  void apply_session(SessionUse use);

  /// Fills timing and status fields of `record` from a transport result.
  void measure(StepRecord& record, const client::CallResult& r);
  /// Why a request got no usable answer, in words an OpenAI user can act on.
  std::string transport_failure(const client::CallResult& r, const std::string& what) const;
  /// Ends the flow at `record` with `reason`, and what OpenAI would have shown; returns false.
  bool fail(StepRecord& record, std::string reason, Json openai_view);
  /// The 424 body OpenAI returns when listing tools failed with `r`.
  Json list_failure_view(const client::CallResult& r, const std::string& cause) const;

  const Profile& profile_;
  const FlowOptions& flow_;
  FlowResult& result_;
  std::shared_ptr<client::Transcript> transcript_ = std::make_shared<client::Transcript>();
  client::TransportKind kind_ = client::TransportKind::kStreamableHttp;
  std::unique_ptr<client::StreamableHttpTransport> http_;
  std::unique_ptr<client::LegacySseTransport> sse_;
  std::unique_ptr<client::StdioTransport> stdio_;
  client::HttpSettings settings_;
  std::int64_t next_id_ = 0;
  std::string negotiated_version_;
  std::string deleted_session_;
  Json listed_tools_ = Json::array();    // every tool the server listed
  Json imported_tools_ = Json::array();  // after allowed_tools
  ItemIds ids_;
  ToolFilter filter_;
  ApprovalPolicy approval_;
  std::string phase_;
  std::string session_hint_;      // appended to failures when the session header looks misnamed
  bool session_started_ = false;  // a stdio "new session" restarts the process after the first
  std::unique_ptr<client::ModernSession> modern_;  // set once a discover step adopted 2026-07-28
  std::optional<CallChoice> choice_;               // serve's model chose the call
};

}  // namespace mcp::mock
