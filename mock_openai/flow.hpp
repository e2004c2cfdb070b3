// Replays an OpenAI client profile against a server and judges the result the
// way OpenAI's products would: which step broke, why, what the user would see.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/transcript.hpp"
#include "client/transport.hpp"
#include "mock_openai/budgets.hpp"
#include "mock_openai/profile.hpp"

namespace mcp::mock {

enum class TransportChoice { kAuto, kStreamableHttp, kSse };

struct FlowOptions {
  std::string url;            // the server URL (HTTP transports)
  std::string stdio_command;  // instead of a URL: run this command as a stdio server
  TransportChoice transport = TransportChoice::kAuto;
  std::string server_label = "mcp_server";
  /// Default: the first imported tool annotated readOnlyHint: true. No other is
  /// called unless named here: a replay must not change the user's data.
  std::optional<std::string> call_tool;
  std::optional<Json> call_arguments;  // default: generated from its input schema
  /// Set: no tool may be called, and the call step is skipped saying this.
  std::optional<std::string> call_forbidden;
  client::Headers headers;                      // the mcp tool's `headers`, forwarded as given
  std::optional<std::string> authorization;     // the mcp tool's `authorization`
  bool authorization_raw = false;               // send it as is instead of "Bearer <token>"
  Json allowed_tools;                           // null: every tool
  Json require_approval = "never";              // OpenAI's API default is "always"
  bool approve = false;                         // approve and run calls that need approval
  std::optional<std::string> protocol_version;  // override what the profile offers
  Budgets budgets = Budgets::defaults(kDefaultRequestDeadlineMs, "default");
  client::Limits limits;                      // --max-response-bytes
  std::size_t report_body_limit = 64u << 10;  // of each body or event the outputs keep
  /// mock-openai serve, a later turn: the MCP tools an earlier turn listed (the conversation
  /// holds them), so no tools/list is sent; the session set-up before it still is, unless the
  /// call phase opens its own session.
  std::optional<Json> known_tools;
  /// mock-openai serve: the mcp_approval_request this turn's call was approved under.
  std::optional<std::string> approved_request_id;

  bool operator==(const FlowOptions&) const = default;
};

enum class StepOutcome { kOk, kWarning, kFailed, kSkipped };
std::string_view to_string(StepOutcome outcome);

struct StepRecord {
  std::string phase;
  std::string name;    // "initialize", "tools/list", "GET stream", "DELETE", ...
  std::string method;  // HTTP method, or "stdio"
  int http_status = 0;
  std::string content_type;
  double connect_ms = -1;  // new connection only
  double ttfb_ms = -1;
  double total_ms = 0;
  StepOutcome outcome = StepOutcome::kOk;
  std::string note;  // the reason (failed), the warning, or what happened
  std::vector<std::uint64_t> exchanges;
};

struct FlowResult {
  std::string profile;
  std::vector<std::string> options;
  std::string target;     // URL or stdio command
  std::string transport;  // the transport actually used
  bool ok = false;
  bool could_not_connect = false;
  bool mcp_answered = false;  // the server sent at least one JSON-RPC message
  std::string failed_step;
  std::string failure;  // the reason, in words an OpenAI user can act on
  Json openai_view;     // the 424 body or the mcp_call item OpenAI would show
  std::vector<StepRecord> steps;
  std::vector<BudgetVerdict> budgets;
  Budget request_deadline;     // how long each request was waited for, and on what evidence
  Json items = Json::array();  // Responses-API output items
  std::vector<std::string> warnings;
  /// Why the flow's tools/call was not sent (no read-only tool, approval needed...);
  /// empty when it was sent or the flow ended before it.
  std::string call_skipped;
  double total_ms = 0;
  std::shared_ptr<client::Transcript> transcript;

  /// 0 ok; 1 failed; 3 no MCP server answered at all: no connection, or
  /// nothing but silence and answers that are not JSON-RPC (2 is the CLI's usage error).
  int exit_code() const { return ok ? 0 : could_not_connect || !mcp_answered ? 3 : 1; }
};

/// What mock-openai serve's model decided, once the tools were imported: call `tool` with
/// `arguments` (null: generated from its inputSchema).
struct CallChoice {
  std::string tool;
  Json arguments;
};
/// Asked once, before the "call" phase, with the imported tools (mcp_list_tools entries).
/// No choice: the steps that would make the call are not sent, only the clean-up after it
/// (a DELETE of the listing's session), as OpenAI sends nothing when the model calls nothing.
using CallChooser = std::function<std::optional<CallChoice>(const Json& imported_tools)>;

class FlowRunner {
 public:
  FlowRunner(Profile profile, std::vector<std::string> options, FlowOptions flow);
  ~FlowRunner();
  /// Lets a model choose the call (mock-openai serve); without one the flow's own rule
  /// applies (--call, or the first read-only tool).
  void set_call_chooser(CallChooser chooser) { chooser_ = std::move(chooser); }
  /// Runs the flow; `on_step` sees each step as it finishes (for live output).
  FlowResult run(const std::function<void(const StepRecord&)>& on_step = {});

 private:
  class Replay;  // one run: its connection, state and one method per step kind
  /// The steps of `phase` this run sends (all of them, unless serve's turn says otherwise).
  std::vector<Step> steps_to_send(const Phase& phase, bool call_chosen) const;

  Profile profile_;
  std::vector<std::string> option_names_;
  FlowOptions flow_;
  CallChooser chooser_;
};

/// The JSON form of a result (documented, versioned: "mock-openai-result" v1).
Json to_json(const FlowResult& result);

}  // namespace mcp::mock
