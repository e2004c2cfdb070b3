#include "client/modern_session.hpp"

#include <algorithm>

#include "protocol/headers.hpp"

namespace mcp::client {
namespace {

/// The member a method's Mcp-Name mirrors: params.name or params.uri.
const char* named_member(std::string_view method) {
  if (method == "tools/call" || method == "prompts/get") return "name";
  if (method == "resources/read") return "uri";
  return nullptr;
}

bool is_input_required(const Json& result) {
  return result.is_object() && result.value("resultType", Json()) == "input_required";
}

}  // namespace

Headers modern_headers(const std::string& version, const Json& request,
                       const std::vector<modern::HeaderParam>& header_params) {
  Headers out{{headers::kProtocolVersion, version}};
  const auto method = request.value("method", std::string());
  if (!method.empty()) out.emplace_back(headers::kMethod, method);
  const auto params = request.find("params");
  if (params == request.end() || !params->is_object()) return out;
  if (const char* member = named_member(method)) {
    const auto target = params->find(member);
    if (target != params->end() && target->is_string())
      out.emplace_back(headers::kName, modern::encode_header_value(target->get<std::string>()));
  }
  const auto arguments = params->value("arguments", Json::object());
  for (const auto& param : header_params) {
    if (const auto text = modern::header_param_text(param, arguments))
      out.emplace_back(modern::header_param_name(param), modern::encode_header_value(*text));
  }
  return out;
}

ModernSession::ModernSession(Transport& transport, modern::Envelope envelope)
    : transport_(transport), envelope_(std::move(envelope)) {}

Json ModernSession::make_request(const Json& id, const std::string& method, Json params) const {
  if (!params.is_object()) params = Json::object();
  auto message = jsonrpc::make_request(id, method, std::move(params));
  modern::add_envelope(message, envelope_);
  return message;
}

Headers ModernSession::headers_for(const Json& request) const {
  std::vector<modern::HeaderParam> params;
  if (request.value("method", "") == "tools/call" && request["params"].contains("name") &&
      request["params"]["name"].is_string()) {
    const auto found = header_params_.find(request["params"]["name"].get<std::string>());
    if (found != header_params_.end()) params = found->second;
  }
  return modern_headers(envelope_.protocol_version, request, params);
}

CallResult ModernSession::request(const std::string& method, Json params, std::optional<Json> id) {
  const auto message = make_request(id ? *id : Json(next_id()), method, std::move(params));
  if (guard_) guard_(message);
  return transport_.request_with_headers(message, method, headers_for(message));
}

CallResult ModernSession::send_raw(const Json& message, const Headers& headers) {
  if (guard_) guard_(message);
  if (message.contains("id")) return transport_.request_with_headers(message, "raw", headers);
  return transport_.notify_with_headers(message, "raw", headers);
}

CallResult ModernSession::notify(const std::string& method, Json params) {
  const auto message = jsonrpc::make_notification(method, std::move(params));
  return transport_.notify_with_headers(message, method,
                                        modern_headers(envelope_.protocol_version, message));
}

ModernSession::Rounds ModernSession::request_with_input(const std::string& method, Json params,
                                                        const InputHandler& handler,
                                                        int max_rounds) {
  Rounds out;
  for (int round = 0;; ++round) {
    out.last = request(method, params);
    if (!out.last.ok() || !out.last.response) {
      out.error = out.last.error.empty() ? "no response" : out.last.error;
      return out;
    }
    const auto& response = *out.last.response;
    if (!response.contains("result") || !is_input_required(response["result"])) return out;
    const auto& result = response["result"];
    out.input_required.push_back(result);
    if (round + 1 >= max_rounds) {
      out.error = "still asking for input after " + std::to_string(max_rounds) + " rounds";
      return out;
    }
    Json answers = Json::object();
    const auto requests = result.value("inputRequests", Json::object());
    if (requests.is_object()) {
      for (const auto& [key, asked] : requests.items()) {
        const auto answer =
            handler(asked.value("method", std::string()), asked.value("params", Json::object()));
        if (!answer) {
          out.error = "no answer for input request '" + key + "'";
          return out;
        }
        answers[key] = *answer;
      }
    }
    params["inputResponses"] = std::move(answers);
    if (result.contains("requestState")) {
      params["requestState"] = result["requestState"];
    } else {
      params.erase("requestState");
    }
  }
}

void ModernSession::learn_tools(const std::vector<Json>& tools) {
  for (const auto& tool : tools) {
    if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string()) continue;
    const auto name = tool["name"].get<std::string>();
    std::string problem;
    auto params = modern::header_params(tool.value("inputSchema", Json::object()), &problem);
    if (params) {
      header_params_[name] = std::move(*params);
    } else {
      invalid_tools_.push_back(name);
    }
  }
}

EraProbe probe_era(Transport& transport, const modern::Envelope& envelope) {
  EraProbe out;
  ModernSession session(transport, envelope);
  out.call = session.request("server/discover", Json::object(), "era-probe");
  if (!out.call.response) {
    out.note = "server/discover got no response: " + out.call.error;
    return out;
  }
  const auto& response = *out.call.response;
  if (!response.contains("result") || !response["result"].is_object()) {
    out.note = "server/discover was answered with an error (HTTP " +
               std::to_string(out.call.http_status) + "): the server does not speak " +
               envelope.protocol_version;
    return out;
  }
  out.result = response["result"];
  const auto supported = out.result.value("supportedVersions", Json::array());
  if (supported.is_array()) {
    for (const auto& v : supported) {
      if (v.is_string()) out.supported.push_back(v.get<std::string>());
    }
  }
  out.modern = std::find(out.supported.begin(), out.supported.end(), envelope.protocol_version) !=
               out.supported.end();
  if (!out.modern) out.note = "server/discover does not list " + envelope.protocol_version;
  return out;
}

ListenStream::ListenStream(const HttpSettings& settings, const Json& request,
                           const Headers& headers, Transcript* transcript)
    : http_(transcript, settings.limits) {
  Headers all{{"Content-Type", "application/json"}, {"Accept", settings.accept}};
  for (const auto& h : settings.headers)
    all.push_back(h);
  for (const auto& h : headers)
    all.push_back(h);
  // A listen stream is meant to stay open: only the connect and first-byte
  // bounds apply; close() ends it.
  Deadlines deadlines = settings.deadlines;
  deadlines.idle = std::chrono::hours(24);
  deadlines.total = std::chrono::hours(24);
  thread_ = std::thread([this, url = settings.url, all = std::move(all),
                         body = jsonrpc::serialize(request), deadlines] {
    StreamHandlers handlers;
    handlers.on_headers = [this](int status, const Headers& received) {
      const std::lock_guard lock(mutex_);
      status_ = status;
      headers_ = received;
      cv_.notify_all();
    };
    handlers.on_event = [this](const sse::Event& event) {
      if (event.data.empty()) return true;
      std::string problem;
      auto messages = jsonrpc::parse_messages(event.data, &problem);
      const std::lock_guard lock(mutex_);
      for (auto& m : messages)
        messages_.push_back(std::move(m));
      cv_.notify_all();
      return true;
    };
    const auto response = http_.send(HttpRequest{"POST", url, all, body}, deadlines,
                                     "subscriptions/listen", handlers);
    const std::lock_guard lock(mutex_);
    if (status_ == 0) {
      status_ = response.status;
      headers_ = response.headers;
    }
    if (!response.sse && !response.body.empty()) {
      std::string problem;
      for (auto& m : jsonrpc::parse_messages(response.body, &problem))
        messages_.push_back(std::move(m));
    }
    ended_ = true;
    cv_.notify_all();
  });
}

ListenStream::~ListenStream() {
  close();
  if (thread_.joinable()) thread_.join();
}

int ListenStream::wait_status(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return status_ != 0 || ended_; });
  return status_;
}

std::vector<Json> ListenStream::wait_messages(std::size_t count,
                                              std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return messages_.size() >= count || ended_; });
  return messages_;
}

bool ListenStream::wait_ended(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return ended_; });
}

std::vector<Json> ListenStream::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

Headers ListenStream::headers() const {
  const std::lock_guard lock(mutex_);
  return headers_;
}

void ListenStream::close() {
  http_.abort();
}

}  // namespace mcp::client
