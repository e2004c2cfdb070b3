// The steps that open, probe and end a session: server/discover, initialize,
// notifications/initialized, the standalone GET stream, DELETE.
#include <algorithm>
#include <set>

#include "mock_openai/flow_replay.hpp"
#include "protocol/headers.hpp"

namespace mcp::mock {
namespace {

/// Versions OpenAI's python-sdk-based client accepts from a server.
const std::set<std::string> kClientSupportedVersions{"2024-11-05", "2025-03-26", "2025-06-18",
                                                     "2025-11-25"};

}  // namespace

using client::CallResult;

bool FlowRunner::Replay::discover(const Step& step, StepRecord& record) {
  record.name = "server/discover";
  const std::string version = step.protocol_version.empty() ? "2026-07-28" : step.protocol_version;
  if (step.adopt) return discover_and_adopt(step, version, record);
  if (kind_ != client::TransportKind::kStreamableHttp) {
    record.outcome = StepOutcome::kSkipped;
    record.note = "only sent over Streamable HTTP";
    return true;
  }
  auto headers = headers_for(step);
  headers.emplace_back(headers::kProtocolVersion, version);
  headers.emplace_back("Mcp-Method", "server/discover");
  http_->set_headers(headers);
  apply_session(SessionUse::kNone);
  const Json meta{{"io.modelcontextprotocol/protocolVersion", version},
                  {"io.modelcontextprotocol/clientCapabilities", profile_.client.capabilities},
                  {"io.modelcontextprotocol/clientInfo", profile_.client.client_info}};
  const auto r = http_->request(
      jsonrpc::make_request(next_request_id(step), "server/discover", {{"_meta", meta}}),
      record.name);
  measure(record, r);
  if (client::is_connect_failure(r.http_error)) {
    result_.could_not_connect = true;
    return fail(record, transport_failure(r, "cannot reach " + flow_.url),
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
    return fail(record, transport_failure(r, "server/discover"), list_failure_view(r, r.error));
  } else {
    record.outcome = StepOutcome::kWarning;
    record.note = transport_failure(r, "server/discover") +
                  "; ChatGPT is known to tolerate a 400 or a JSON-RPC error here, not this";
  }
  return true;
}

bool FlowRunner::Replay::discover_and_adopt(const Step& step, const std::string& version,
                                            StepRecord& record) {
  // The official SDK v2 client's auto mode: a server whose discover result
  // lists the version is spoken to in it; anything else means initialize.
  auto* t = transport();
  if (!t) return fail(record, "no transport", list_failure_view({}, "no transport"));
  const modern::Envelope envelope{.protocol_version = version,
                                  .client_capabilities = profile_.client.capabilities,
                                  .client_info = profile_.client.client_info};
  client::ModernSession probe(*t, envelope);
  const auto r = probe.request("server/discover", Json::object(), next_request_id(step));
  measure(record, r);
  if (client::is_connect_failure(r.http_error)) {
    result_.could_not_connect = true;
    return fail(record, transport_failure(r, "cannot reach " + flow_.url),
                list_failure_view(r, r.error));
  }
  const bool listed =
      r.response && r.response->contains("result") && (*r.response)["result"].is_object() &&
      (*r.response)["result"].contains("supportedVersions") &&
      (*r.response)["result"]["supportedVersions"].is_array() &&
      std::find((*r.response)["result"]["supportedVersions"].begin(),
                (*r.response)["result"]["supportedVersions"].end(),
                Json(version)) != (*r.response)["result"]["supportedVersions"].end();
  if (!listed) {
    record.note = "the server does not offer " + version + " (" +
                  (r.response ? std::string("answered without listing it")
                              : "answered " + describe_status(r.http_status)) +
                  "); the client goes on with initialize";
    return true;
  }
  modern_ = std::make_unique<client::ModernSession>(*t, envelope);
  negotiated_version_ = version;
  record.note = "the server offers " + version +
                ": the client speaks it (no initialize, no session; every request carries the "
                "envelope and its headers)";
  return true;
}

bool FlowRunner::Replay::initialize(const Step& step, StepRecord& record) {
  record.name = "initialize";
  if (step.session == SessionUse::kNew && !start_new_session(step, record)) return false;
  apply_session(SessionUse::kCurrent);
  const std::string offered = flow_.protocol_version.value_or(profile_.client.protocol_version);
  const Json request = jsonrpc::make_request(next_request_id(step), "initialize",
                                             {{"protocolVersion", offered},
                                              {"capabilities", profile_.client.capabilities},
                                              {"clientInfo", profile_.client.client_info}});
  auto r = transport()->request(request, record.name);
  measure(record, r);
  // Transport detection as OpenAI describes it: Streamable HTTP first, HTTP+SSE on a
  // 4xx; only where the profile's client has that fallback.
  if (!r.ok() && flow_.transport == TransportChoice::kAuto &&
      kind_ == client::TransportKind::kStreamableHttp &&
      (r.http_status == 400 || r.http_status == 404 || r.http_status == 405)) {
    if (!profile_.http_sse_fallback.enabled) {
      // 404 and 405 are how a server without Streamable HTTP answers; a 400 with a
      // JSON-RPC error (-32022, a version refused) comes from one that has it.
      const bool maybe_legacy = r.http_status != 400 || !r.response;
      const std::string lacking =
          !maybe_legacy ? ""
                        : "; if the server speaks the older HTTP+SSE transport, this client "
                          "cannot reach it: " +
                              profile_.http_sse_fallback.evidence;
      return fail(record, transport_failure(r, "initialize") + lacking,
                  list_failure_view(r, r.error));
    }
    r = fall_back_to_sse(step, record, request, std::move(r));
  }
  if (client::is_connect_failure(r.http_error)) {
    result_.could_not_connect = true;
    return fail(record, transport_failure(r, "cannot reach " + result_.target),
                list_failure_view(r, r.error));
  }
  if (!r.ok())
    return fail(record, transport_failure(r, "initialize"), list_failure_view(r, r.error));
  return accept_initialize_result(r, offered, record);
}

/// Forgets the live session (ids, stream, headers) or starts a new connection, as the
/// transport needs.
bool FlowRunner::Replay::start_new_session(const Step& step, StepRecord& record) {
  if (profile_.client.ids_restart_per_session) next_id_ = profile_.client.first_id;
  if (kind_ == client::TransportKind::kStreamableHttp) {
    http_->close_get_stream();
    http_->set_session_id({});
    http_->set_protocol_version({});
  } else if (kind_ == client::TransportKind::kLegacySse) {
    const auto opened = connect_sse(step);
    measure(record, opened);
    if (!opened.ok()) {
      result_.could_not_connect = client::is_connect_failure(opened.http_error);
      return fail(record, transport_failure(opened, "opening the HTTP+SSE stream"),
                  list_failure_view(opened, opened.error));
    }
  } else if (session_started_) {
    if (!start_stdio()) return fail(record, stdio_->error(), nullptr);
  }
  return true;
}

/// Sends `request` again over HTTP+SSE when its stream opens; otherwise `refused` stands.
CallResult FlowRunner::Replay::fall_back_to_sse(const Step& step, StepRecord& record,
                                                const Json& request, CallResult refused) {
  const auto opened = connect_sse(step);
  if (!opened.ok()) {
    sse_.reset();
    return refused;
  }
  kind_ = client::TransportKind::kLegacySse;
  result_.transport = std::string(client::to_string(kind_));
  result_.warnings.push_back("Streamable HTTP initialize answered " +
                             describe_status(refused.http_status) +
                             "; fell back to the HTTP+SSE transport (2024-11-05), as OpenAI does");
  auto r = sse_->request(request, record.name);
  measure(record, r);
  return r;
}

bool FlowRunner::Replay::accept_initialize_result(const CallResult& r, const std::string& offered,
                                                  StepRecord& record) {
  const Json& response = *r.response;
  if (response.contains("error")) {
    const auto cause = jsonrpc_error_cause("initialize", response);
    return fail(record, cause, list_failure_view(r, cause));
  }
  const auto& init = response["result"];
  if (!init.is_object() || !init.contains("protocolVersion") ||
      !init["protocolVersion"].is_string()) {
    const std::string cause = "initialize result has no string protocolVersion";
    return fail(record, cause, list_failure_view(r, cause));
  }
  session_started_ = true;
  negotiated_version_ = init["protocolVersion"].get<std::string>();
  if (!kClientSupportedVersions.count(negotiated_version_)) {
    const auto cause = "the server answered protocolVersion " + negotiated_version_ +
                       ", which OpenAI's client does not support (it offered " + offered + ")";
    return fail(record, cause, list_failure_view(r, cause));
  }
  if (http_ && profile_.client.send_protocol_version_header)
    http_->set_protocol_version(negotiated_version_);
  note_session(r, offered, record);
  return true;
}

/// Notes the negotiated session, and the session-header pitfalls that break later steps.
void FlowRunner::Replay::note_session(const CallResult& r, const std::string& offered,
                                      StepRecord& record) {
  const auto session = http_ ? http_->session_id() : std::string();
  if (http_ && !session.empty() && !profile_.client.echo_session_id) {
    session_hint_ =
        " (this client never echoes Mcp-Session-Id, and the server issued one and requires "
        "it: "
        "ChatGPT's current client needs a server that works without sessions)";
  }
  if (http_ && session.empty() && !r.exchanges.empty()) {
    // A session header under another name (guide pitfall 2): clients only read
    // Mcp-Session-Id.
    const auto all = transcript_->exchanges();
    if (r.exchanges.back() < all.size()) {
      if (const auto name =
              client::misnamed_session_header(all[r.exchanges.back()].response_headers)) {
        session_hint_ = " (the server sent its session id as " + *name +
                        "; clients read only Mcp-Session-Id, so they echo none)";
        record.outcome = StepOutcome::kWarning;
        record.note = "no Mcp-Session-Id, but a " + *name + " header: clients ignore it";
      }
    }
  }
  if (record.outcome == StepOutcome::kWarning) return;
  record.note = "protocol " + negotiated_version_ +
                (kind_ != client::TransportKind::kStreamableHttp ? ""
                 : session.empty()                               ? ", no session id (stateless)"
                                                                 : ", session " + session);
  if (offered != negotiated_version_) record.note += " (offered " + offered + ")";
}

bool FlowRunner::Replay::initialized(const Step& step, StepRecord& record) {
  record.name = "initialized";
  apply_session(step.session);
  const auto r = transport()->notify(
      jsonrpc::make_notification("notifications/initialized", nullptr), record.name);
  measure(record, r);
  if (!r.ok())
    return fail(record, transport_failure(r, "notifications/initialized"),
                list_failure_view(r, r.error));
  if (kind_ == client::TransportKind::kStreamableHttp && r.http_status != 202) {
    record.outcome = StepOutcome::kWarning;
    record.note = "a notification should get 202 Accepted, got " + describe_status(r.http_status);
  }
  return true;
}

bool FlowRunner::Replay::open_get_stream(const Step& step, StepRecord& record) {
  record.name = "GET stream";
  record.method = "GET";
  if (kind_ != client::TransportKind::kStreamableHttp || http_->session_id().empty()) {
    record.outcome = StepOutcome::kSkipped;
    record.note = kind_ != client::TransportKind::kStreamableHttp
                      ? "not applicable on this transport"
                      : "no session id: the client opens no GET stream";
    return true;
  }
  apply_session(step.session);
  const auto r = http_->open_get_stream(record.name);
  measure(record, r);
  if (r.ok()) {
    record.note = "standalone SSE stream open";
  } else if (r.http_status == 405) {
    record.note = "the server offers no GET stream (405): fine, the client carries on";
  } else {
    record.outcome = StepOutcome::kWarning;
    record.note = transport_failure(r, "GET stream") + "; OpenAI's client ignores this";
  }
  return true;
}

bool FlowRunner::Replay::close_get_stream(StepRecord& record) {
  record.name = "close GET stream";
  record.method = "-";
  if (http_) http_->close_get_stream();
  return true;
}

bool FlowRunner::Replay::delete_session(const Step& step, StepRecord& record) {
  record.name = "DELETE";
  record.method = "DELETE";
  if (kind_ != client::TransportKind::kStreamableHttp) {
    record.outcome = StepOutcome::kSkipped;
    record.note = "no HTTP session on this transport";
    return true;
  }
  const auto session = http_->session_id();
  if (session.empty()) {
    record.outcome = StepOutcome::kSkipped;
    record.note = "no session id to delete (the server is stateless)";
    return true;
  }
  const auto r = http_->delete_session(record.name);
  measure(record, r);
  deleted_session_ = session;
  if (r.ok()) {
    record.note = "session " + session + " ended";
    return true;
  }
  if (std::find(step.tolerate.begin(), step.tolerate.end(), r.http_status) != step.tolerate.end()) {
    record.outcome = StepOutcome::kWarning;
    record.note =
        "DELETE answered " + describe_status(r.http_status) + "; this client tolerates it";
    return true;
  }
  return fail(record,
              transport_failure(r, "DELETE") +
                  "; this client ends every session with DELETE and expects a 2xx",
              Json("nothing in the Responses API output: the session is simply never cleaned "
                   "up (the community "
                   "guide lists a 405 on DELETE among the failures it had to fix)"));
}

}  // namespace mcp::mock
