// Streamable HTTP at protocol revision 2026-07-28: every POST stands alone
// (no session), its headers must agree with its body, and the HTTP status says
// what kind of refusal an error is. docs/spec/2026-07-28.md lists the rules.
#include <httplib.h>

#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"
#include "reference_server/http_admission.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/http_streamable.hpp"
#include "reference_server/options.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::server {
namespace {

constexpr auto kModern = ProtocolVersion::k2026_07_28;

/// How long an answer that may stream waits for its first message before it
/// commits to SSE (and so to status 200).
constexpr auto kFirstMessageWait = std::chrono::seconds(1);

/// The HTTP status of a 2026-07-28 error answer: the spec's own codes are
/// refusals of the request as sent (400), an unknown method is 404, and any
/// other error (an unknown tool, bad arguments) is an answer like a result.
int status_of(const Json& response) {
  const auto error = response.find("error");
  if (error == response.end() || !error->is_object()) return 200;
  switch (error->value("code", 0)) {
    case jsonrpc::kMethodNotFound:
      return 404;
    case jsonrpc::kHeaderMismatch:
    case jsonrpc::kMissingRequiredClientCapability:
    case jsonrpc::kUnsupportedProtocolVersion:
      return 400;
    default:
      return 200;
  }
}

/// The target a method names in Mcp-Name: params.name or params.uri.
const char* named_member(std::string_view method) {
  if (method == "tools/call" || method == "prompts/get") return "name";
  if (method == "resources/read") return "uri";
  return nullptr;
}

/// The verdict on a header compared with the body, as the hooks leave it.
bool agreed(const HttpHooks& hooks, const httplib::Request& req, std::string_view header,
            std::string_view sent, std::string_view body, bool agree) {
  if (!hooks.header_compared) return agree;
  HeaderComparison comparison{
      .request = req, .header = header, .sent = sent, .body = body, .agree = agree};
  hooks.header_compared(comparison);
  return comparison.agree;
}

/// A header's value, or null when the request has none: one lookup (header
/// names compare ignoring case, which makes each lookup cost a little).
const std::string* find_header(const httplib::Request& req, const std::string& name) {
  const auto it = req.headers.find(name);
  return it == req.headers.end() ? nullptr : &it->second;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

bool StreamableHttp::is_modern_post(const httplib::Request& req, const Json& body) const {
  if (options_.era == Era::kLegacy) return false;
  if (options_.era == Era::kModern) return true;
  // Dual era: the envelope (or a modern version header) makes a request modern.
  if (body.is_object() && modern::has_envelope(body)) return true;
  if (body.is_array()) {
    for (const auto& message : body) {
      if (modern::has_envelope(message)) return true;
    }
  }
  const auto* header = find_header(req, headers::kProtocolVersion);
  const auto version = header ? parse_protocol_version(*header) : std::nullopt;
  return version && is_modern(*version);
}

bool StreamableHttp::is_modern_stream_request(const httplib::Request& req) const {
  if (options_.era == Era::kModern) return true;
  if (options_.era == Era::kLegacy) return false;
  const auto version = parse_protocol_version(req.get_header_value(headers::kProtocolVersion));
  return version && is_modern(*version);
}

void StreamableHttp::refuse_modern_stream(const httplib::Request& req, httplib::Response& res) {
  Refusal refusal{.status = 405,
                  .code = jsonrpc::kServerError,
                  .message = "Method Not Allowed: protocol 2026-07-28 has no " + req.method +
                             " on the MCP endpoint (no sessions, no standalone stream); use "
                             "POST, and subscriptions/listen for notifications",
                  .headers = {{"Allow", "POST, OPTIONS"}}};
  hooks_.modern_stream_refused(refusal);
  refuse(res, refusal, kModern);
}

std::optional<Json> StreamableHttp::header_mismatch(const httplib::Request& req,
                                                    const Json& request,
                                                    const modern::Envelope& envelope) const {
  const Json& id = request["id"];
  const auto& method = request["method"].get_ref<const std::string&>();
  const auto mismatch = [&](std::string header, std::string sent, std::string body_value,
                            std::string why) {
    Json error = jsonrpc::make_error(
        id, jsonrpc::kHeaderMismatch, "Header mismatch: " + header + " " + why,
        Json{{"mismatch", {{"header", header}, {"sent", sent}, {"body", body_value}}}});
    return error;
  };
  // MCP-Protocol-Version: present, and the envelope's version.
  const auto* version_header = find_header(req, headers::kProtocolVersion);
  if (!version_header) {
    return mismatch(headers::kProtocolVersion, "(missing)", envelope.protocol_version,
                    "is required and must equal the _meta protocol version");
  }
  const auto version = trimmed(*version_header);
  if (!agreed(hooks_, req, headers::kProtocolVersion, version, envelope.protocol_version,
              version == envelope.protocol_version)) {
    return mismatch(headers::kProtocolVersion, version, envelope.protocol_version,
                    "must equal the _meta protocol version");
  }
  // The version is known to match; is it one served? (-32022 after -32020.)
  bool served = false;
  for (const auto v : Dispatcher::modern_versions())
    served = served || parse_protocol_version(envelope.protocol_version) == v;
  if (!served) return Dispatcher::unsupported_version(id, envelope.protocol_version);

  // Mcp-Method: present and the method, exactly (values are case-sensitive).
  const auto* method_header = find_header(req, headers::kMethod);
  if (!method_header) {
    return mismatch(headers::kMethod, "(missing)", method, "is required and must equal the method");
  }
  if (const auto sent = trimmed(*method_header);
      !agreed(hooks_, req, headers::kMethod, sent, method, sent == method))
    return mismatch(headers::kMethod, sent, method, "must equal the method");

  // Mcp-Name: the tool, prompt or resource the request names.
  static const Json kNoParams = Json::object();
  const auto params_it = request.find("params");
  const Json& params = params_it != request.end() ? *params_it : kNoParams;
  if (const char* member = named_member(method)) {
    const auto target = params.is_object() ? params.find(member) : params.end();
    const std::string body_value =
        params.is_object() && target != params.end() && target->is_string()
            ? target->get<std::string>()
            : std::string();
    const auto* name_header = find_header(req, headers::kName);
    if (!name_header) {
      return mismatch(headers::kName, "(missing)", body_value,
                      std::string("is required on ") + method + " and must equal params." + member);
    }
    std::string problem;
    const auto decoded = modern::decode_header_value(*name_header, &problem);
    if (!decoded)
      return mismatch(headers::kName, "(malformed)", body_value, "is malformed: " + problem);
    if (!agreed(hooks_, req, headers::kName, *decoded, body_value, *decoded == body_value)) {
      return mismatch(headers::kName, *decoded, body_value,
                      std::string("must equal params.") + member);
    }
  }
  if (method == "tools/call") return param_header_mismatch(req, request);
  return std::nullopt;
}

std::optional<Json> StreamableHttp::param_header_mismatch(const httplib::Request& req,
                                                          const Json& request) const {
  const auto& params = request["params"];
  if (!params.is_object() || !params.contains("name") || !params["name"].is_string())
    return std::nullopt;
  const Tool* tool = dispatcher_.catalog().tools.find(params["name"].get_ref<const std::string&>());
  if (!tool || tool->header_params.empty()) return std::nullopt;
  const auto arguments = params.value("arguments", Json::object());
  for (const auto& param : tool->header_params) {
    const auto name = modern::header_param_name(param);
    const auto expected = modern::header_param_text(param, arguments);
    if (!expected) continue;  // absent or null: no header is expected
    const auto mismatch = [&](std::string sent, std::string why) {
      return jsonrpc::make_error(
          request["id"], jsonrpc::kHeaderMismatch, "Header mismatch: " + name + " " + why,
          Json{{"mismatch", {{"header", name}, {"sent", sent}, {"body", *expected}}}});
    };
    const auto* header = find_header(req, name);
    if (!header) {
      return mismatch("(missing)", "is required: the tool marks argument '" + param.name +
                                       "' with x-mcp-header");
    }
    std::string problem;
    const auto decoded = modern::decode_header_value(*header, &problem);
    if (!decoded) return mismatch("(malformed)", "is malformed: " + problem);
    if (!agreed(hooks_, req, name, *decoded, *expected,
                modern::header_param_matches(param, arguments, *decoded)))
      return mismatch(*decoded, "must equal the argument");
  }
  return std::nullopt;
}

void StreamableHttp::post_modern(const httplib::Request& req, httplib::Response& res, Json& body) {
  if (body.is_array()) {
    send_error(res, 400, jsonrpc::kInvalidRequest,
               "Invalid Request: protocol 2026-07-28 has no JSON-RPC batches; send each "
               "message in a POST of its own",
               kModern);
    return;
  }
  const auto classified = jsonrpc::classify(body);
  switch (classified.kind) {
    case jsonrpc::Kind::kInvalid:
      send_error(res, 400, jsonrpc::kInvalidRequest, "Invalid Request: " + classified.problem,
                 kModern, classified.id);
      return;
    case jsonrpc::Kind::kResponse:
      send_error(res, 400, jsonrpc::kInvalidRequest,
                 "Invalid Request: a 2026-07-28 server sends no requests, so it takes no "
                 "responses",
                 kModern, classified.id);
      return;
    case jsonrpc::Kind::kNotification:
      res.status = accepted_status();
      return;
    case jsonrpc::Kind::kRequest:
      break;
  }
  const Json& id = body["id"];
  if (options_.era == Era::kModern && !modern::has_envelope(body) &&
      body["method"] == "initialize") {
    // A modern-only server answers the legacy handshake with the versions it speaks.
    const auto params = body.value("params", Json::object());
    const auto requested = params.is_object() ? params.value("protocolVersion", Json()) : Json();
    send_error_response(res, 400,
                        Dispatcher::unsupported_version(
                            id, requested.is_string() ? requested.get<std::string>() : ""),
                        kModern);
    return;
  }
  // The order of the checks: the envelope (-32602), the headers against it
  // (-32020, with -32022 for a version not served), then the method (-32601).
  modern::EnvelopeProblem problem;
  const auto envelope = modern::read_envelope(body, &problem);
  std::optional<Json> refusal;
  if (envelope) refusal = header_mismatch(req, body, *envelope);
  auto admitted = refusal    ? ModernAdmission{}
                  : envelope ? dispatcher_.admit_modern(body, *envelope)
                             : dispatcher_.admit_modern(body);
  if (!refusal && !admitted.session) refusal = std::move(admitted.error);
  if (refusal) {
    send_error_response(res, 400, std::move(*refusal), kModern);
    return;
  }
  answer_modern(body, std::move(admitted.session), res);
}

void StreamableHttp::answer_modern(const Json& request, std::shared_ptr<Session> session,
                                   httplib::Response& res) {
  const bool listen = request["method"] == "subscriptions/listen";
  std::string problem;
  if (listen && !Dispatcher::listen_filter(request.value("params", Json::object()), &problem)) {
    // Malformed: answered at once, as JSON, rather than by opening a stream.
    send_json(res, jsonrpc::make_error(request["id"], jsonrpc::kInvalidParams,
                                       "Invalid params: subscriptions/listen: " + problem));
    return;
  }
  if ((listen || dispatcher_.may_emit_before_modern_response(request)) && streams_.try_acquire()) {
    answer_modern_over_sse(request, std::move(session), res);
    return;
  }
  if (listen) {
    send_unavailable(res, "Service Unavailable: too many open SSE streams (--max-streams)", kModern,
                     request["id"]);
    return;
  }
  if (auto response = dispatcher_.handle_request(request, *session, {})) {
    send_modern_json(res, *response);
  } else {
    res.status = 202;
  }
}

void StreamableHttp::send_modern_json(httplib::Response& res, const Json& response) {
  send_json(res, response);
  res.status = status_of(response);
}

void StreamableHttp::answer_modern_over_sse(const Json& request, std::shared_ptr<Session> session,
                                            httplib::Response& res) {
  // No event ids and no priming: 2026-07-28 streams are not resumable.
  auto stream = std::make_shared<Stream>("m", kRetainedEvents);
  background_.enqueue([this, request, session, stream] {
    const Emit emit = [&stream](const Json& message) { stream->push(jsonrpc::serialize(message)); };
    const auto response = dispatcher_.handle_request(request, *session, emit);
    if (response) {
      stream->push_final(jsonrpc::serialize(*response));
    } else {
      stream->finish();
    }
  });
  // The status is the answer's until the first message: a request refused
  // before it produced anything (-32021, say) still gets its 400 as JSON.
  std::vector<StoredEvent> first;
  stream->wait(0, Clock::now() + kFirstMessageWait, first);
  // Judged once: a stream that finishes while this looks could otherwise be
  // taken for a one-message answer with its later messages (the response) lost.
  const bool finished = stream->finished();
  if (finished) stream->wait(first.empty() ? 0 : first.back().seq, Clock::now(), first);
  if (finished && first.size() <= 1) {
    streams_.release();
    if (first.empty()) {
      res.status = 202;  // cancelled: no response may be sent
    } else {
      send_modern_json(res, Json::parse(first.front().data));
    }
    return;
  }
  {
    const std::lock_guard lock(modern_streams_mutex_);
    ++modern_streams_;
  }
  SseStart start{.prime = false};
  start.event_id = [](std::uint64_t) { return std::string(); };
  answer_with_stream(res, stream, std::move(start), std::chrono::seconds(options_.sse_keepalive_s),
                     nullptr, [this, session, stream](bool) {
                       // The client closing the stream cancels its request.
                       if (!stream->finished()) session->terminate();
                       streams_.release();
                       const std::lock_guard lock(modern_streams_mutex_);
                       if (--modern_streams_ == 0) modern_streams_drained_.notify_all();
                     });
}

void StreamableHttp::drain_modern_streams(std::chrono::milliseconds limit) {
  std::unique_lock lock(modern_streams_mutex_);
  modern_streams_drained_.wait_for(lock, limit, [this] { return modern_streams_ == 0; });
}

}  // namespace mcp::server
