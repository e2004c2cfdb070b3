#include "mock_openai/flow.hpp"

#include <chrono>
#include <set>

#include "mock_openai/responses_api.hpp"
#include "protocol/headers.hpp"
#include "protocol/schema_example.hpp"

namespace mcp::mock {
namespace {

using client::CallResult;
using client::HttpError;
using Clock = std::chrono::steady_clock;

/// Versions OpenAI's python-sdk-based client accepts from a server.
const std::set<std::string> kClientSupportedVersions{"2024-11-05", "2025-03-26", "2025-06-18",
                                                     "2025-11-25"};

bool is_timeout(HttpError e) {
  return e == HttpError::kFirstByteTimeout || e == HttpError::kIdleTimeout ||
         e == HttpError::kTotalTimeout;
}

std::string describe_status(int status) {
  const auto phrase = http_reason_phrase(status);
  return "HTTP " + std::to_string(status) + (phrase.empty() ? "" : " " + phrase);
}

}  // namespace

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

struct FlowRunner::State {
  const Profile& profile;
  const FlowOptions& flow;
  FlowResult& result;
  std::shared_ptr<client::Transcript> transcript = std::make_shared<client::Transcript>();
  client::TransportKind kind = client::TransportKind::kStreamableHttp;
  std::unique_ptr<client::StreamableHttpTransport> http;
  std::unique_ptr<client::LegacySseTransport> sse;
  std::unique_ptr<client::StdioTransport> stdio;
  client::HttpSettings settings;
  std::int64_t next_id = 0;
  std::string negotiated_version;
  std::string deleted_session;
  Json listed_tools = Json::array();    // every tool the server listed
  Json imported_tools = Json::array();  // after allowed_tools
  ItemIds ids;
  ToolFilter filter;
  ApprovalPolicy approval;
  std::string phase;
  std::string session_hint;      // appended to failures when the session header looks misnamed
  bool session_started = false;  // a stdio "new session" restarts the process after the first

  State(const Profile& p, const FlowOptions& f, FlowResult& r) : profile(p), flow(f), result(r) {}

  client::Transport* transport() {
    switch (kind) {
      case client::TransportKind::kStreamableHttp:
        return http.get();
      case client::TransportKind::kLegacySse:
        return sse.get();
      case client::TransportKind::kStdio:
        return stdio.get();
    }
    return nullptr;
  }

  Json next_request_id(const Step& step) { return step.id ? *step.id : Json(next_id++); }

  client::Headers headers_for(const Step& step) const {
    client::Headers headers{{"User-Agent", profile.client.user_agent}};
    for (const auto& h : profile.client.headers)
      headers.push_back(h);
    for (const auto& h : flow.headers)
      headers.push_back(h);
    if (flow.authorization) {
      headers.emplace_back("Authorization", flow.authorization_raw
                                                ? *flow.authorization
                                                : "Bearer " + *flow.authorization);
    }
    for (const auto& h : step.headers)
      headers.push_back(h);
    return headers;
  }

  /// Fills timing and status fields of `record` from a transport result.
  void measure(StepRecord& record, const CallResult& r) {
    record.http_status = r.http_status;
    record.content_type = r.content_type;
    record.ttfb_ms = r.ttfb_ms;
    record.total_ms = r.elapsed_ms;
    record.exchanges.insert(record.exchanges.end(), r.exchanges.begin(), r.exchanges.end());
    if (!r.exchanges.empty()) {
      const auto all = transcript->exchanges();
      if (r.exchanges.front() < all.size()) {
        const auto& e = all[r.exchanges.front()];
        if (e.connected_ms >= 0) record.connect_ms = e.connected_ms - e.started_ms;
      }
    }
  }

  /// Why a request got no usable answer, in words an OpenAI user can act on.
  std::string transport_failure(const CallResult& r, const std::string& what) const {
    if (r.session_terminated) {
      return what + " answered HTTP 404: the session is gone (deleted or expired)";
    }
    if (is_timeout(r.http_error)) {
      return what + ": no complete answer within the " +
             std::to_string(static_cast<long long>(flow.budgets.request_deadline_ms())) +
             " ms request deadline (" + r.error +
             "). OpenAI documents no deadline; 30 s is the "
             "community guide's figure; set it with --budget request=MS";
    }
    if (client::is_connect_failure(r.http_error)) return what + ": " + r.error;
    if (r.http_status != 0 && (r.http_status < 200 || r.http_status >= 300)) {
      return what + " answered " + describe_status(r.http_status) + session_hint;
    }
    if (r.http_status == 202) {
      return what + ": " + r.error +
             "; this is the design the community guide recommends, and OpenAI's client was "
             "reported to "
             "hang on it";
    }
    return what + ": " + r.error;
  }

  bool make_transport() {
    settings.url = flow.url;
    settings.headers = {};
    const auto deadline =
        std::chrono::milliseconds(static_cast<long long>(flow.budgets.request_deadline_ms()));
    settings.deadlines.first_byte = settings.deadlines.idle = settings.deadlines.total = deadline;
    settings.deadlines.connect =
        std::min<std::chrono::milliseconds>(deadline, std::chrono::seconds(10));
    if (!flow.stdio_command.empty()) {
      kind = client::TransportKind::kStdio;
      return start_stdio();
    }
    if (flow.transport == TransportChoice::kSse) {
      kind = client::TransportKind::kLegacySse;
      return true;  // connected when the first session starts
    }
    kind = client::TransportKind::kStreamableHttp;
    http = std::make_unique<client::StreamableHttpTransport>(settings, transcript.get());
    return true;
  }

  bool start_stdio() {
    if (stdio) stdio->shutdown();
    stdio = std::make_unique<client::StdioTransport>(flow.stdio_command, settings.deadlines,
                                                     transcript.get());
    return stdio->start();
  }

  /// Connects the legacy transport; returns the outcome of opening its stream.
  CallResult connect_sse(const Step& step) {
    if (sse) sse->shutdown();
    auto s = settings;
    s.headers = headers_for(step);
    sse = std::make_unique<client::LegacySseTransport>(s, transcript.get());
    return sse->connect("GET (HTTP+SSE stream)");
  }

  void apply_session(SessionUse use) {
    if (!http) return;
    http->set_echo_session_id(use == SessionUse::kNone ? false : profile.client.echo_session_id);
    if (use == SessionUse::kDeleted) {
      http->set_session_id(deleted_session);
      http->set_echo_session_id(true);
    }
  }
};

FlowRunner::FlowRunner(Profile profile, std::vector<std::string> options, FlowOptions flow)
    : profile_(std::move(profile)), option_names_(std::move(options)), flow_(std::move(flow)) {}

FlowRunner::~FlowRunner() = default;

FlowResult FlowRunner::run(const std::function<void(const StepRecord&)>& on_step) {
  FlowResult result;
  result.profile = profile_.name;
  result.options = option_names_;
  result.target = flow_.stdio_command.empty() ? flow_.url : flow_.stdio_command;
  State s(profile_, flow_, result);
  result.transcript = s.transcript;
  const auto started = Clock::now();
  s.next_id = profile_.client.first_id;
  {
    std::string error;
    auto filter = ToolFilter::parse(flow_.allowed_tools, &error);
    auto approval = ApprovalPolicy::parse(flow_.require_approval, &error);
    if (!filter || !approval) {
      result.failure = error;
      result.failed_step = "setup";
      return result;
    }
    s.filter = *filter;
    s.approval = *approval;
  }
  if (!s.make_transport()) {
    result.could_not_connect = true;
    result.failed_step = "connect";
    result.failure = s.stdio ? s.stdio->error() : "cannot start the transport";
    return result;
  }
  result.transport = std::string(client::to_string(s.kind));

  // Ends the flow at `record` with `reason`, and what OpenAI would have shown.
  const auto fail = [&](StepRecord& record, std::string reason, Json openai_view) {
    record.outcome = StepOutcome::kFailed;
    record.note = reason;
    result.failed_step = s.phase + "/" + record.name;
    result.failure = std::move(reason);
    result.openai_view = std::move(openai_view);
    return false;
  };
  const auto list_failure_view = [&](const CallResult& r, const std::string& cause) {
    const int status = (r.http_status >= 200 && r.http_status < 300) ? 0 : r.http_status;
    return make_list_failure_424(flow_.server_label, status, cause);
  };

  const auto run_step = [&](const Step& step, StepRecord& record) -> bool {
    record.phase = s.phase;
    record.method = s.kind == client::TransportKind::kStdio ? "stdio" : "POST";
    if (s.http) s.http->set_headers(s.headers_for(step));
    switch (step.kind) {
      case StepKind::kDiscover: {
        record.name = "server/discover";
        if (s.kind != client::TransportKind::kStreamableHttp) {
          record.outcome = StepOutcome::kSkipped;
          record.note = "only sent over Streamable HTTP";
          return true;
        }
        const std::string version =
            step.protocol_version.empty() ? "2026-07-28" : step.protocol_version;
        auto headers = s.headers_for(step);
        headers.emplace_back(headers::kProtocolVersion, version);
        headers.emplace_back("Mcp-Method", "server/discover");
        s.http->set_headers(headers);
        s.apply_session(SessionUse::kNone);
        const Json meta{
            {"io.modelcontextprotocol/protocolVersion", version},
            {"io.modelcontextprotocol/clientCapabilities", profile_.client.capabilities},
            {"io.modelcontextprotocol/clientInfo", profile_.client.client_info}};
        const auto r = s.http->request(
            jsonrpc::make_request(s.next_request_id(step), "server/discover", {{"_meta", meta}}),
            record.name);
        s.measure(record, r);
        if (client::is_connect_failure(r.http_error)) {
          result.could_not_connect = true;
          return fail(record, s.transport_failure(r, "cannot reach " + flow_.url),
                      list_failure_view(r, r.error));
        }
        if (r.response && r.response->contains("result")) {
          record.note =
              "the server answered server/discover (2026-07-28); the mock goes on with initialize";
        } else if (r.response || (r.http_status >= 400 && r.http_status < 500)) {
          record.note = (r.response ? "answered JSON-RPC error " +
                                          (*r.response)["error"].value("message", std::string())
                                    : "answered " + describe_status(r.http_status)) +
                        "; ChatGPT falls back to initialize";
        } else if (is_timeout(r.http_error)) {
          return fail(record, s.transport_failure(r, "server/discover"),
                      list_failure_view(r, r.error));
        } else {
          record.outcome = StepOutcome::kWarning;
          record.note = s.transport_failure(r, "server/discover") +
                        "; ChatGPT is known to tolerate a 400 or a JSON-RPC error here, not this";
        }
        return true;
      }
      case StepKind::kInitialize: {
        record.name = "initialize";
        if (step.session == SessionUse::kNew) {
          if (profile_.client.ids_restart_per_session) s.next_id = profile_.client.first_id;
          if (s.kind == client::TransportKind::kStreamableHttp) {
            s.http->close_get_stream();
            s.http->set_session_id({});
            s.http->set_protocol_version({});
          } else if (s.kind == client::TransportKind::kLegacySse) {
            const auto opened = s.connect_sse(step);
            s.measure(record, opened);
            if (!opened.ok()) {
              result.could_not_connect = client::is_connect_failure(opened.http_error);
              return fail(record, s.transport_failure(opened, "opening the HTTP+SSE stream"),
                          list_failure_view(opened, opened.error));
            }
          } else if (s.session_started) {
            if (!s.start_stdio()) return fail(record, s.stdio->error(), nullptr);
          }
        }
        s.apply_session(SessionUse::kCurrent);
        const std::string offered =
            flow_.protocol_version.value_or(profile_.client.protocol_version);
        const Json request = jsonrpc::make_request(s.next_request_id(step), "initialize",
                                                   {{"protocolVersion", offered},
                                                    {"capabilities", profile_.client.capabilities},
                                                    {"clientInfo", profile_.client.client_info}});
        auto r = s.transport()->request(request, record.name);
        s.measure(record, r);
        // Transport detection as OpenAI describes it: Streamable HTTP first, HTTP+SSE on a 4xx.
        if (!r.ok() && flow_.transport == TransportChoice::kAuto &&
            s.kind == client::TransportKind::kStreamableHttp &&
            (r.http_status == 400 || r.http_status == 404 || r.http_status == 405)) {
          const int refused = r.http_status;
          const auto opened = s.connect_sse(step);
          if (opened.ok()) {
            s.kind = client::TransportKind::kLegacySse;
            result.transport = std::string(client::to_string(s.kind));
            result.warnings.push_back(
                "Streamable HTTP initialize answered " + describe_status(refused) +
                "; fell back to the HTTP+SSE transport (2024-11-05), as OpenAI does");
            r = s.sse->request(request, record.name);
            s.measure(record, r);
          } else {
            s.sse.reset();
          }
        }
        if (client::is_connect_failure(r.http_error)) {
          result.could_not_connect = true;
          return fail(record, s.transport_failure(r, "cannot reach " + result.target),
                      list_failure_view(r, r.error));
        }
        if (!r.ok())
          return fail(record, s.transport_failure(r, "initialize"), list_failure_view(r, r.error));
        const Json& response = *r.response;
        if (response.contains("error")) {
          const auto cause = "initialize answered JSON-RPC error " +
                             response["error"].value("code", Json(0)).dump() + ": " +
                             response["error"].value("message", std::string());
          return fail(record, cause, list_failure_view(r, cause));
        }
        const auto& init = response["result"];
        if (!init.is_object() || !init.contains("protocolVersion") ||
            !init["protocolVersion"].is_string()) {
          const std::string cause = "initialize result has no string protocolVersion";
          return fail(record, cause, list_failure_view(r, cause));
        }
        s.session_started = true;
        s.negotiated_version = init["protocolVersion"].get<std::string>();
        if (!kClientSupportedVersions.count(s.negotiated_version)) {
          const auto cause = "the server answered protocolVersion " + s.negotiated_version +
                             ", which OpenAI's client does not support (it offered " + offered +
                             ")";
          return fail(record, cause, list_failure_view(r, cause));
        }
        if (s.http && profile_.client.send_protocol_version_header)
          s.http->set_protocol_version(s.negotiated_version);
        const auto session = s.http ? s.http->session_id() : std::string();
        if (s.http && !session.empty() && !profile_.client.echo_session_id) {
          s.session_hint =
              " (this client never echoes Mcp-Session-Id, and the server issued one and requires "
              "it: "
              "ChatGPT's current client needs a server that works without sessions)";
        }
        if (s.http && session.empty() && !r.exchanges.empty()) {
          // A session header under another name (guide pitfall 2): clients only read
          // Mcp-Session-Id.
          const auto all = s.transcript->exchanges();
          if (r.exchanges.back() < all.size()) {
            if (const auto name =
                    client::misnamed_session_header(all[r.exchanges.back()].response_headers)) {
              s.session_hint = " (the server sent its session id as " + *name +
                               "; clients read only Mcp-Session-Id, so they echo none)";
              record.outcome = StepOutcome::kWarning;
              record.note = "no Mcp-Session-Id, but a " + *name + " header: clients ignore it";
            }
          }
        }
        if (record.outcome == StepOutcome::kWarning) return true;
        record.note = "protocol " + s.negotiated_version +
                      (s.kind != client::TransportKind::kStreamableHttp ? ""
                       : session.empty() ? ", no session id (stateless)"
                                         : ", session " + session);
        if (offered != s.negotiated_version) record.note += " (offered " + offered + ")";
        return true;
      }
      case StepKind::kInitialized: {
        record.name = "initialized";
        s.apply_session(step.session);
        const auto r = s.transport()->notify(
            jsonrpc::make_notification("notifications/initialized", nullptr), record.name);
        s.measure(record, r);
        if (!r.ok())
          return fail(record, s.transport_failure(r, "notifications/initialized"),
                      list_failure_view(r, r.error));
        if (s.kind == client::TransportKind::kStreamableHttp && r.http_status != 202) {
          record.outcome = StepOutcome::kWarning;
          record.note =
              "a notification should get 202 Accepted, got " + describe_status(r.http_status);
        }
        return true;
      }
      case StepKind::kOpenGetStream: {
        record.name = "GET stream";
        record.method = "GET";
        if (s.kind != client::TransportKind::kStreamableHttp || s.http->session_id().empty()) {
          record.outcome = StepOutcome::kSkipped;
          record.note = s.kind != client::TransportKind::kStreamableHttp
                            ? "not applicable on this transport"
                            : "no session id: the client opens no GET stream";
          return true;
        }
        s.apply_session(step.session);
        const auto r = s.http->open_get_stream(record.name);
        s.measure(record, r);
        if (r.ok()) {
          record.note = "standalone SSE stream open";
        } else if (r.http_status == 405) {
          record.note = "the server offers no GET stream (405): fine, the client carries on";
        } else {
          record.outcome = StepOutcome::kWarning;
          record.note = s.transport_failure(r, "GET stream") + "; OpenAI's client ignores this";
        }
        return true;
      }
      case StepKind::kCloseGetStream: {
        record.name = "close GET stream";
        record.method = "-";
        if (s.http) s.http->close_get_stream();
        return true;
      }
      case StepKind::kListTools: {
        record.name = "tools/list";
        s.apply_session(step.session);
        Json tools = Json::array();
        std::set<std::string> cursors;
        Json cursor;
        for (int page = 0;; ++page) {
          Json params = Json::object();
          if (!cursor.is_null()) params["cursor"] = cursor;
          const auto r = s.transport()->request(
              jsonrpc::make_request(s.next_request_id(step), "tools/list", params), record.name);
          const double before = record.total_ms;
          s.measure(record, r);
          record.total_ms += before;
          if (!r.ok()) {
            result.could_not_connect = client::is_connect_failure(r.http_error);
            std::string reason = s.transport_failure(r, "tools/list");
            if (r.session_terminated) reason += " (the session id is no longer valid)";
            return fail(record, reason, list_failure_view(r, r.error));
          }
          const Json& response = *r.response;
          if (response.contains("error")) {
            const auto cause = "tools/list answered JSON-RPC error " +
                               response["error"].value("code", Json(0)).dump() + ": " +
                               response["error"].value("message", std::string());
            return fail(record, cause, list_failure_view(r, cause));
          }
          const Json& page_result = response["result"];
          if (page_result.is_array()) {
            const std::string cause =
                "tools/list returned a bare array; the result must be an object {\"tools\": [...]}";
            return fail(record, cause, list_failure_view(r, cause));
          }
          if (!page_result.is_object() || !page_result.contains("tools") ||
              !page_result["tools"].is_array()) {
            const std::string cause = "tools/list result has no \"tools\" array";
            return fail(record, cause, list_failure_view(r, cause));
          }
          for (const auto& tool : page_result["tools"]) {
            if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string() ||
                !tool.contains("inputSchema") || !tool["inputSchema"].is_object()) {
              const auto cause = "tools/list entry " + std::to_string(tools.size()) +
                                 " lacks a string \"name\" or an object \"inputSchema\"";
              return fail(record, cause, list_failure_view(r, cause));
            }
            tools.push_back(tool);
          }
          if (!page_result.contains("nextCursor") || page_result["nextCursor"].is_null()) break;
          cursor = page_result["nextCursor"];
          if (!cursor.is_string() || !cursors.insert(cursor.get<std::string>()).second ||
              page >= 100) {
            const std::string cause =
                "tools/list pagination does not end (a repeated or non-string nextCursor)";
            return fail(record, cause, list_failure_view(r, cause));
          }
        }
        s.listed_tools = tools;
        auto item = make_list_tools_item(s.ids, flow_.server_label, tools, s.filter);
        s.imported_tools = item["tools"];
        result.items.push_back(item);
        record.note = std::to_string(tools.size()) + " tools listed, " +
                      std::to_string(s.imported_tools.size()) + " imported";
        if (s.imported_tools.empty()) {
          record.outcome = StepOutcome::kWarning;
          record.note += tools.empty() ? ": the server lists no tools"
                                       : ": allowed_tools filtered every tool out";
        }
        return true;
      }
      case StepKind::kCallTool: {
        record.name = "tools/call";
        std::string tool_name;
        if (flow_.call_tool) {
          tool_name = *flow_.call_tool;
        } else if (!s.imported_tools.empty()) {
          tool_name = s.imported_tools[0]["name"].get<std::string>();
        } else {
          record.outcome = StepOutcome::kSkipped;
          record.note = "no tool to call: none was imported";
          return true;
        }
        const Json* tool = nullptr;
        for (const auto& t : s.listed_tools) {
          if (t["name"] == tool_name) tool = &t;
        }
        bool imported = false;
        for (const auto& t : s.imported_tools)
          imported = imported || t["name"] == tool_name;
        if (!tool || !imported) {
          return fail(
              record,
              "tool " + tool_name +
                  (tool ? " is listed but not imported (allowed_tools)" : " is not in tools/list") +
                  ": OpenAI can only call imported tools",
              nullptr);
        }
        Json arguments;
        if (flow_.call_arguments) {
          arguments = *flow_.call_arguments;
        } else {
          std::string why;
          auto generated = schema::example_arguments((*tool)["inputSchema"], &why);
          if (!generated)
            return fail(record,
                        "cannot make arguments for " + tool_name + " from its inputSchema: " + why +
                            " (pass --arguments)",
                        nullptr);
          arguments = *generated;
        }
        std::optional<std::string> approval_id;
        if (s.approval.requires_approval(*tool)) {
          auto request_item =
              make_approval_request(s.ids, flow_.server_label, tool_name, arguments);
          approval_id = request_item["id"].get<std::string>();
          result.items.push_back(request_item);
          if (!flow_.approve) {
            record.outcome = StepOutcome::kSkipped;
            record.note = "approval required: OpenAI answers with mcp_approval_request " +
                          *approval_id +
                          " and sends no tools/call until it is approved (--approve runs it)";
            return true;
          }
        }
        s.apply_session(step.session);
        Json params{{"name", tool_name}, {"arguments", arguments}};
        if (!step.meta.empty()) params["_meta"] = step.meta;
        const auto r = s.transport()->request(
            jsonrpc::make_request(s.next_request_id(step), "tools/call", params), record.name);
        s.measure(record, r);
        s.apply_session(SessionUse::kCurrent);
        CallOutcome outcome;
        if (r.session_terminated) {
          outcome.kind = CallOutcome::Kind::kSessionTerminated;
        } else if (!r.ok() && r.http_status != 0 && (r.http_status < 200 || r.http_status >= 300)) {
          outcome.kind = CallOutcome::Kind::kHttpError;
          outcome.code = r.http_status;
          outcome.message = http_reason_phrase(r.http_status);
        } else if (!r.ok()) {
          outcome.kind = CallOutcome::Kind::kTransportError;
          outcome.message = r.error;
        } else if ((*r.response).contains("error")) {
          outcome.kind = CallOutcome::Kind::kJsonRpcError;
          outcome.code = (*r.response)["error"].value("code", 0);
          outcome.message = (*r.response)["error"].value("message", std::string());
        } else if (!(*r.response)["result"].is_object() ||
                   !(*r.response)["result"].contains("content") ||
                   !(*r.response)["result"]["content"].is_array()) {
          outcome.kind = CallOutcome::Kind::kJsonRpcError;
          outcome.code = jsonrpc::kInvalidParams;
          outcome.message = "invalid CallToolResult: no \"content\" array";
        } else {
          outcome.kind = CallOutcome::Kind::kResult;
          outcome.result = (*r.response)["result"];
        }
        auto item =
            make_call_item(s.ids, flow_.server_label, tool_name, arguments, outcome, approval_id);
        result.items.push_back(item);
        switch (outcome.kind) {
          case CallOutcome::Kind::kResult:
            record.note = "called " + tool_name;
            if (outcome.result.value("isError", false)) {
              record.outcome = StepOutcome::kWarning;
              record.note +=
                  ": the tool reported an error (isError: true), shown as mcp_tool_execution_error";
            }
            return true;
          case CallOutcome::Kind::kSessionTerminated:
            return fail(
                record,
                "tools/call answered HTTP 404 for session " +
                    (step.session == SessionUse::kDeleted ? s.deleted_session : std::string("id")) +
                    ": OpenAI shows mcp_protocol_error 32600 \"Session terminated\" (a stateless "
                    "server avoids this)",
                item);
          case CallOutcome::Kind::kJsonRpcError:
            return fail(record,
                        "tools/call answered JSON-RPC error " + std::to_string(outcome.code) +
                            ": " + outcome.message,
                        item);
          case CallOutcome::Kind::kHttpError:
          case CallOutcome::Kind::kTransportError:
            return fail(record, s.transport_failure(r, "tools/call"), item);
        }
        return true;
      }
      case StepKind::kDeleteSession: {
        record.name = "DELETE";
        record.method = "DELETE";
        if (s.kind != client::TransportKind::kStreamableHttp) {
          record.outcome = StepOutcome::kSkipped;
          record.note = "no HTTP session on this transport";
          return true;
        }
        const auto session = s.http->session_id();
        if (session.empty()) {
          record.outcome = StepOutcome::kSkipped;
          record.note = "no session id to delete (the server is stateless)";
          return true;
        }
        const auto r = s.http->delete_session(record.name);
        s.measure(record, r);
        s.deleted_session = session;
        if (r.ok()) {
          record.note = "session " + session + " ended";
          return true;
        }
        if (std::find(step.tolerate.begin(), step.tolerate.end(), r.http_status) !=
            step.tolerate.end()) {
          record.outcome = StepOutcome::kWarning;
          record.note =
              "DELETE answered " + describe_status(r.http_status) + "; this client tolerates it";
          return true;
        }
        return fail(record,
                    s.transport_failure(r, "DELETE") +
                        "; this client ends every session with DELETE and expects a 2xx",
                    Json("nothing in the Responses API output: the session is simply never cleaned "
                         "up (the community "
                         "guide lists a 405 on DELETE among the failures it had to fix)"));
      }
    }
    return true;
  };

  bool keep_going = true;
  for (const auto& phase : profile_.phases) {
    s.phase = phase.name;
    for (const auto& step : phase.steps) {
      StepRecord record;
      keep_going = run_step(step, record);
      if (record.outcome == StepOutcome::kWarning)
        result.warnings.push_back(record.name + ": " + record.note);
      result.steps.push_back(record);
      if (on_step) on_step(result.steps.back());
      if (!keep_going) break;
    }
    if (!keep_going) break;
  }
  if (s.http) s.http->close_get_stream();
  if (s.sse) s.sse->shutdown();
  if (s.stdio) s.stdio->shutdown();
  result.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();

  // Budgets: each step against its own, then the whole flow.
  for (const auto& step : result.steps) {
    if (step.outcome == StepOutcome::kSkipped) continue;
    if (const auto budget = flow_.budgets.for_step(step.name)) {
      result.budgets.push_back(BudgetVerdict{step.phase + "/" + step.name, budget->limit_ms,
                                             step.total_ms, step.total_ms > budget->limit_ms,
                                             budget->origin});
    }
  }
  if (const auto total = flow_.budgets.total()) {
    result.budgets.push_back(BudgetVerdict{"total", total->limit_ms, result.total_ms,
                                           result.total_ms > total->limit_ms, total->origin});
  }
  result.ok = keep_going;
  if (result.ok) {
    for (const auto& verdict : result.budgets) {
      if (!verdict.exceeded) continue;
      result.ok = false;
      result.failed_step = verdict.step;
      result.failure =
          verdict.step + " took " + std::to_string(static_cast<long long>(verdict.actual_ms)) +
          " ms, " + std::to_string(static_cast<long long>(verdict.actual_ms - verdict.limit_ms)) +
          " ms over its " + std::to_string(static_cast<long long>(verdict.limit_ms)) +
          " ms budget (" + verdict.origin + ")";
      result.openai_view = Json(
          "the Responses API would still answer, but the person waiting sees the delay: " +
          std::to_string(static_cast<long long>(verdict.actual_ms)) + " ms for " + verdict.step);
      break;
    }
  }
  return result;
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
                           {"origin", b.origin}});
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
      {"steps", std::move(steps)},
      {"budgets", std::move(budgets)},
      {"items", r.items},
      {"total_ms", std::round(r.total_ms * 1000) / 1000}};
}

}  // namespace mcp::mock
