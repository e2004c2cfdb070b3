// FlowRunner: runs a profile's phases step by step, then judges the budgets. The
// steps themselves are FlowRunner::Replay's (flow_replay.hpp).
#include "mock_openai/flow.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "mock_openai/flow_replay.hpp"

namespace mcp::mock {
namespace {

using client::CallResult;
using client::HttpError;
using Clock = std::chrono::steady_clock;

/// Budgets: each step against its own, then the whole flow. A flow that got through
/// every step fails at the first binding budget it exceeded (documented, reported
/// or the user's); an inferred one exceeded is a warning.
void judge_budgets(const Budgets& budgets, bool flow_ok, FlowResult& result) {
  for (const auto& step : result.steps) {
    if (step.outcome == StepOutcome::kSkipped) continue;
    if (const auto budget = budgets.for_step(step.name)) {
      result.budgets.push_back(BudgetVerdict{step.phase + "/" + step.name, budget->limit_ms,
                                             step.total_ms, step.total_ms > budget->limit_ms,
                                             budget->origin, budget->evidence});
    }
  }
  if (const auto total = budgets.total()) {
    result.budgets.push_back(BudgetVerdict{"total", total->limit_ms, result.total_ms,
                                           result.total_ms > total->limit_ms, total->origin,
                                           total->evidence});
  }
  result.ok = flow_ok;
  for (const auto& verdict : result.budgets) {
    if (verdict.verdict() == "warning") {
      result.warnings.push_back(
          "budget " + verdict.describe() +
          ": a warning, not a failure: no OpenAI source gives this limit and OpenAI's client "
          "would most likely still answer (set --budget " +
          verdict.step.substr(verdict.step.find('/') + 1) + "=MS to fail on it)");
    } else if (verdict.verdict() == "failed" && result.ok) {
      result.ok = false;
      result.failed_step = verdict.step;
      result.failure = verdict.describe();
      result.openai_view = Json(
          "the Responses API would still answer, but the person waiting sees the delay: " +
          std::to_string(static_cast<long long>(verdict.actual_ms)) + " ms for " + verdict.step);
    }
  }
}

/// True when the server sent any JSON-RPC message: an MCP server answered,
/// however wrongly (a misbehaving server fails; only silence and non-MCP
/// answers mean exit 3).
bool any_json_rpc(const client::Transcript& transcript) {
  const auto is_json_rpc = [](const std::string& text) {
    for (const auto& m : jsonrpc::parse_messages(text)) {
      if (m.is_object() && m.contains("jsonrpc")) return true;
    }
    return false;
  };
  for (const auto& e : transcript.exchanges()) {
    const bool from_server = e.transport != "stdio" || e.method == "receive";
    if (from_server && is_json_rpc(e.response_body)) return true;
    for (const auto& event : e.events) {
      if (is_json_rpc(event.data)) return true;
    }
  }
  return false;
}

/// "127.0.0.1:8080" of "http://127.0.0.1:8080/mcp".
std::string authority(const std::string& url) {
  const auto scheme = url.find("://");
  const auto rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  return rest.substr(0, rest.find('/'));
}

/// The last request of a failed flow could not even connect, after earlier ones had.
bool went_away(const FlowResult& result) {
  if (!result.transcript) return false;
  const auto exchanges = result.transcript->exchanges();
  const auto answered = std::any_of(exchanges.begin(), exchanges.end(),
                                    [](const client::Exchange& e) { return e.status > 0; });
  return answered && !exchanges.empty() && exchanges.back().status == 0 &&
         exchanges.back().error.starts_with("cannot connect");
}

}  // namespace

bool is_timeout(HttpError e) {
  return e == HttpError::kFirstByteTimeout || e == HttpError::kIdleTimeout ||
         e == HttpError::kTotalTimeout;
}

std::string describe_status(int status) {
  const auto phrase = http_reason_phrase(status);
  return "HTTP " + std::to_string(status) + (phrase.empty() ? "" : " " + phrase);
}

std::string jsonrpc_error_cause(const std::string& what, const Json& response) {
  return what + " answered JSON-RPC error " + response["error"].value("code", Json(0)).dump() +
         ": " + response["error"].value("message", std::string());
}

std::string_view to_string(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kOk:
      return "ok";
    case StepOutcome::kWarning:
      return "warning";
    case StepOutcome::kFailed:
      return "failed";
    case StepOutcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

FlowRunner::FlowRunner(Profile profile, std::vector<std::string> options, FlowOptions flow)
    : profile_(std::move(profile)), option_names_(std::move(options)), flow_(std::move(flow)) {}

FlowRunner::~FlowRunner() = default;

FlowResult FlowRunner::run(const std::function<void(const StepRecord&)>& on_step) {
  FlowResult result;
  result.profile = profile_.name;
  result.options = option_names_;
  result.target = flow_.stdio_command.empty() ? flow_.url : flow_.stdio_command;
  Replay replay(profile_, flow_, result);
  const auto started = Clock::now();
  if (!replay.start()) return result;

  if (flow_.known_tools) replay.adopt_known_tools(*flow_.known_tools);
  bool keep_going = true;
  for (const auto& phase : profile_.phases) {
    bool call_chosen = true;
    if (chooser_ && phase.name == "call") {
      auto choice = chooser_(replay.imported_tools());
      call_chosen = choice.has_value();
      if (choice) replay.set_choice(std::move(*choice));
    }
    for (const auto& step : steps_to_send(phase, call_chosen)) {
      StepRecord record;
      keep_going = replay.run_step(phase.name, step, record);
      if (record.outcome == StepOutcome::kWarning)
        result.warnings.push_back(record.name + ": " + record.note);
      result.steps.push_back(record);
      if (on_step) on_step(result.steps.back());
      if (!keep_going) break;
    }
    if (!keep_going) break;
  }
  replay.stop();
  for (const auto& step : result.steps) {
    if (step.name == "tools/call" && step.outcome == StepOutcome::kSkipped)
      result.call_skipped = step.note;
  }
  result.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  result.request_deadline = flow_.budgets.request();
  judge_budgets(flow_.budgets, keep_going, result);
  result.mcp_answered = result.transcript && any_json_rpc(*result.transcript);
  if (!result.ok && !result.could_not_connect && went_away(result)) {
    // As in mcp-conformance: a server that stops accepting connections mid-flow is gone
    // (exit 3), not one that broke a rule.
    result.could_not_connect = true;
    result.failure += " (the server went away: it no longer accepts connections)";
  }
  if (!result.ok && !result.mcp_answered && result.transcript) {
    // A 401 asks for credentials; a 403 without a challenge is most often a
    // Host/Origin guard, which --authorization would not get past.
    for (const auto& e : result.transcript->exchanges()) {
      if (e.status != 401 && e.status != 403) continue;
      result.failure += " (" +
                        client::refusal_diagnosis(e.status, e.response_headers, e.response_body,
                                                  flow_.url, "--authorization TOKEN") +
                        ")";
      break;
    }
  }
  if (!result.ok && !result.could_not_connect && !result.mcp_answered) {
    result.failure = (flow_.stdio_command.empty() ? "connected to " + authority(flow_.url)
                                                  : "started " + flow_.stdio_command) +
                     ", but no MCP server answered: " + result.failure;
  }
  return result;
}

namespace {

/// The call phase opens a session of its own before its tools/call (responses-2025 does),
/// so a turn that only calls needs nothing from the list phase.
bool opens_own_session(const Phase& call_phase) {
  for (const auto& step : call_phase.steps) {
    if (step.kind == StepKind::kCallTool) return false;
    if (step.kind == StepKind::kInitialize && step.session == SessionUse::kNew) return true;
  }
  return false;
}

}  // namespace

std::vector<Step> FlowRunner::steps_to_send(const Phase& phase, bool call_chosen) const {
  if (!chooser_ && !flow_.known_tools) return phase.steps;
  const auto call_phase = std::find_if(profile_.phases.begin(), profile_.phases.end(),
                                       [](const Phase& p) { return p.name == "call"; });
  const bool own_session = call_phase != profile_.phases.end() && opens_own_session(*call_phase);
  std::vector<Step> steps;
  if (phase.name != "call") {
    // A known tool list: the connection is set up as for listing (OpenAI connects again for
    // a call, R1, R5), minus tools/list itself; nothing when the call phase has its own.
    if (flow_.known_tools && (own_session || !call_chosen)) return steps;
    for (const auto& step : phase.steps) {
      if (!flow_.known_tools || step.kind != StepKind::kListTools) steps.push_back(step);
    }
    return steps;
  }
  if (call_chosen) return phase.steps;
  // No call: only the clean-up of the listing's session (a DELETE, a stream closed).
  if (own_session || flow_.known_tools) return steps;
  bool after_call = false;
  for (const auto& step : phase.steps) {
    if (after_call &&
        (step.kind == StepKind::kDeleteSession || step.kind == StepKind::kCloseGetStream))
      steps.push_back(step);
    after_call = after_call || step.kind == StepKind::kCallTool;
  }
  return steps;
}

Json to_json(const FlowResult& r) {
  Json steps = Json::array();
  for (const auto& s : r.steps) {
    const auto ms = [](double v) { return v >= 0 ? Json(std::round(v * 1000) / 1000) : Json(); };
    steps.push_back(Json{{"phase", s.phase},
                         {"name", s.name},
                         {"method", s.method},
                         {"http_status", s.http_status},
                         {"content_type", s.content_type},
                         {"connect_ms", ms(s.connect_ms)},
                         {"ttfb_ms", ms(s.ttfb_ms)},
                         {"total_ms", ms(s.total_ms)},
                         {"outcome", to_string(s.outcome)},
                         {"note", s.note},
                         {"exchanges", s.exchanges}});
  }
  Json budgets = Json::array();
  for (const auto& b : r.budgets) {
    budgets.push_back(Json{{"step", b.step},
                           {"limit_ms", b.limit_ms},
                           {"actual_ms", std::round(b.actual_ms * 1000) / 1000},
                           {"exceeded", b.exceeded},
                           {"origin", b.origin},
                           {"evidence", to_string(b.evidence)},
                           {"verdict", b.verdict()}});
  }
  return Json{
      {"format", "mock-openai-result"},
      {"version", 1},
      {"profile", r.profile},
      {"options", r.options},
      {"target", r.target},
      {"transport", r.transport},
      {"ok", r.ok},
      {"exit_code", r.exit_code()},
      {"failure",
       r.ok ? Json()
            : Json{{"step", r.failed_step}, {"reason", r.failure}, {"openai_view", r.openai_view}}},
      {"warnings", r.warnings},
      {"call_skipped", r.call_skipped.empty() ? Json() : Json(r.call_skipped)},
      {"steps", std::move(steps)},
      {"budgets", std::move(budgets)},
      {"request_deadline",
       {{"limit_ms", r.request_deadline.limit_ms},
        {"origin", r.request_deadline.origin},
        {"evidence", to_string(r.request_deadline.evidence)}}},
      {"items", r.items},
      {"total_ms", std::round(r.total_ms * 1000) / 1000}};
}

// ---- Replay: starting, dispatching and stopping; the helpers every step uses ----

FlowRunner::Replay::Replay(const Profile& profile, const FlowOptions& flow, FlowResult& result)
    : profile_(profile), flow_(flow), result_(result), next_id_(profile.client.first_id) {
  result_.transcript = transcript_;
}

bool FlowRunner::Replay::start() {
  std::string error;
  auto filter = ToolFilter::parse(flow_.allowed_tools, &error);
  auto approval = ApprovalPolicy::parse(flow_.require_approval, &error);
  if (!filter || !approval) {
    result_.failure = error;
    result_.failed_step = "setup";
    return false;
  }
  filter_ = *filter;
  approval_ = *approval;
  if (!make_transport()) {
    result_.could_not_connect = true;
    result_.failed_step = "connect";
    result_.failure = stdio_ ? stdio_->error() : "cannot start the transport";
    return false;
  }
  result_.transport = std::string(client::to_string(kind_));
  return true;
}

bool FlowRunner::Replay::run_step(const std::string& phase, const Step& step, StepRecord& record) {
  phase_ = phase;
  record.phase = phase_;
  record.method = kind_ == client::TransportKind::kStdio ? "stdio" : "POST";
  if (http_) http_->set_headers(headers_for(step));
  if (modern_ && skipped_in_modern(step, record)) return true;
  switch (step.kind) {
    case StepKind::kDiscover:
      return discover(step, record);
    case StepKind::kInitialize:
      return initialize(step, record);
    case StepKind::kInitialized:
      return initialized(step, record);
    case StepKind::kOpenGetStream:
      return open_get_stream(step, record);
    case StepKind::kCloseGetStream:
      return close_get_stream(record);
    case StepKind::kListTools:
      return list_tools(step, record);
    case StepKind::kCallTool:
      return call_tool(step, record);
    case StepKind::kDeleteSession:
      return delete_session(step, record);
  }
  return true;
}

bool FlowRunner::Replay::skipped_in_modern(const Step& step, StepRecord& record) {
  static const std::map<StepKind, std::pair<const char*, const char*>> kAbsent{
      {StepKind::kInitialize, {"initialize", "2026-07-28 has no handshake"}},
      {StepKind::kInitialized, {"notifications/initialized", "2026-07-28 has no handshake"}},
      {StepKind::kOpenGetStream, {"GET stream", "2026-07-28 has no standalone stream"}},
      {StepKind::kCloseGetStream, {"GET stream", "2026-07-28 has no standalone stream"}},
      {StepKind::kDeleteSession, {"DELETE", "2026-07-28 has no session to end"}},
  };
  const auto absent = kAbsent.find(step.kind);
  if (absent == kAbsent.end()) return false;
  record.name = absent->second.first;
  record.method = "-";
  record.outcome = StepOutcome::kSkipped;
  record.note =
      std::string(absent->second.second) + " (the client adopted it after server/discover)";
  return true;
}

void FlowRunner::Replay::adopt_known_tools(const Json& mcp_tools) {
  listed_tools_ = mcp_tools;
  imported_tools_ = make_list_tools_item(ids_, flow_.server_label, mcp_tools, filter_)["tools"];
}

void FlowRunner::Replay::stop() {
  if (http_) http_->close_get_stream();
  if (sse_) sse_->shutdown();
  if (stdio_) stdio_->shutdown();
}

client::Transport* FlowRunner::Replay::transport() {
  switch (kind_) {
    case client::TransportKind::kStreamableHttp:
      return http_.get();
    case client::TransportKind::kLegacySse:
      return sse_.get();
    case client::TransportKind::kStdio:
      return stdio_.get();
  }
  return nullptr;
}

Json FlowRunner::Replay::next_request_id(const Step& step) {
  return step.id ? *step.id : Json(next_id_++);
}

client::Headers FlowRunner::Replay::headers_for(const Step& step) const {
  client::Headers headers{{"User-Agent", profile_.client.user_agent}};
  for (const auto& h : profile_.client.headers)
    headers.push_back(h);
  for (const auto& h : flow_.headers)
    headers.push_back(h);
  if (flow_.authorization) {
    headers.emplace_back("Authorization", flow_.authorization_raw
                                              ? *flow_.authorization
                                              : "Bearer " + *flow_.authorization);
  }
  for (const auto& h : step.headers)
    headers.push_back(h);
  return headers;
}

void FlowRunner::Replay::measure(StepRecord& record, const CallResult& r) {
  record.http_status = r.http_status;
  record.content_type = r.content_type;
  record.ttfb_ms = r.ttfb_ms;
  record.total_ms = r.elapsed_ms;
  record.exchanges.insert(record.exchanges.end(), r.exchanges.begin(), r.exchanges.end());
  if (!r.exchanges.empty()) {
    const auto all = transcript_->exchanges();
    if (r.exchanges.front() < all.size()) {
      const auto& e = all[r.exchanges.front()];
      if (e.connected_ms >= 0) record.connect_ms = e.connected_ms - e.started_ms;
    }
  }
}

std::string FlowRunner::Replay::transport_failure(const CallResult& r,
                                                  const std::string& what) const {
  if (r.session_terminated) {
    return what + " answered HTTP 404: the session is gone (deleted or expired)";
  }
  if (is_timeout(r.http_error)) {
    // No answer to go on with: the flow ends here, whatever the deadline's evidence.
    const auto deadline = flow_.budgets.request();
    return what + ": no complete answer within the " +
           std::to_string(static_cast<long long>(deadline.limit_ms)) + " ms request deadline (" +
           deadline.origin + ", " + std::string(to_string(deadline.evidence)) + "; " + r.error +
           ")" +
           (deadline.evidence == Evidence::kInferred
                ? ". OpenAI documents no deadline; 30 s is the community guide's figure; set it "
                  "with --budget request=MS"
                : "");
  }
  if (client::is_connect_failure(r.http_error)) return what + ": " + r.error;
  if (r.http_status != 0 && (r.http_status < 200 || r.http_status >= 300)) {
    return what + " answered " + describe_status(r.http_status) + session_hint_;
  }
  if (r.http_status == 202) {
    return what + ": " + r.error +
           "; this is the design the community guide recommends, and OpenAI's client was "
           "reported to "
           "hang on it";
  }
  return what + ": " + r.error;
}

bool FlowRunner::Replay::fail(StepRecord& record, std::string reason, Json openai_view) {
  record.outcome = StepOutcome::kFailed;
  record.note = reason;
  result_.failed_step = phase_ + "/" + record.name;
  result_.failure = std::move(reason);
  result_.openai_view = std::move(openai_view);
  return false;
}

Json FlowRunner::Replay::list_failure_view(const CallResult& r, const std::string& cause) const {
  const int status = (r.http_status >= 200 && r.http_status < 300) ? 0 : r.http_status;
  return make_list_failure_424(flow_.server_label, status, cause);
}

bool FlowRunner::Replay::make_transport() {
  settings_.url = flow_.url;
  settings_.headers = {};
  settings_.limits = flow_.limits;
  const auto deadline =
      std::chrono::milliseconds(static_cast<long long>(flow_.budgets.request_deadline_ms()));
  settings_.deadlines.first_byte = settings_.deadlines.idle = settings_.deadlines.total = deadline;
  settings_.deadlines.connect =
      std::min<std::chrono::milliseconds>(deadline, std::chrono::seconds(10));
  if (!flow_.stdio_command.empty()) {
    kind_ = client::TransportKind::kStdio;
    return start_stdio();
  }
  if (flow_.transport == TransportChoice::kSse) {
    kind_ = client::TransportKind::kLegacySse;
    return true;  // connected when the first session starts
  }
  kind_ = client::TransportKind::kStreamableHttp;
  http_ = std::make_unique<client::StreamableHttpTransport>(settings_, transcript_.get());
  return true;
}

bool FlowRunner::Replay::start_stdio() {
  if (stdio_) stdio_->shutdown();
  stdio_ = std::make_unique<client::StdioTransport>(flow_.stdio_command, settings_.deadlines,
                                                    transcript_.get());
  return stdio_->start();
}

CallResult FlowRunner::Replay::connect_sse(const Step& step) {
  if (sse_) sse_->shutdown();
  auto settings = settings_;
  settings.headers = headers_for(step);
  sse_ = std::make_unique<client::LegacySseTransport>(settings, transcript_.get());
  return sse_->connect("GET (HTTP+SSE stream)");
}

void FlowRunner::Replay::apply_session(SessionUse use) {
  if (!http_) return;
  http_->set_echo_session_id(use == SessionUse::kNone ? false : profile_.client.echo_session_id);
  if (use == SessionUse::kDeleted) {
    http_->set_session_id(deleted_session_);
    http_->set_echo_session_id(true);
  }
}

}  // namespace mcp::mock
