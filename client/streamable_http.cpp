#include <future>

#include "client/transport.hpp"
#include "protocol/headers.hpp"
#include "protocol/http_util.hpp"

namespace mcp::client {

CallResult CallResult::from_http(const HttpResponse& response) {
  CallResult out;
  out.exchanges.push_back(response.exchange);
  out.http_status = response.status;
  out.http_error = response.error;
  out.elapsed_ms = response.elapsed_ms;
  out.ttfb_ms = response.ttfb_ms;
  if (const auto type = response.header("Content-Type")) out.content_type = http::media_type(*type);
  if (!response.ok()) out.error = response.error_message;
  return out;
}

std::string_view to_string(TransportKind kind) {
  switch (kind) {
    case TransportKind::kStreamableHttp:
      return "streamable-http";
    case TransportKind::kLegacySse:
      return "sse";
    case TransportKind::kStdio:
      return "stdio";
  }
  return "unknown";
}

std::string resolve_url(const std::string& base, const std::string& reference) {
  if (reference.starts_with("http://") || reference.starts_with("https://")) return reference;
  const auto scheme_end = base.find("://");
  const auto path_start =
      scheme_end == std::string::npos ? std::string::npos : base.find('/', scheme_end + 3);
  const std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  if (reference.starts_with("/")) return origin + reference;
  std::string path = path_start == std::string::npos ? "/" : base.substr(path_start);
  path = path.substr(0, path.find('?'));
  path = path.substr(0, path.rfind('/') + 1);
  return origin + path + reference;
}

StreamableHttpTransport::StreamableHttpTransport(HttpSettings settings, Transcript* transcript)
    : settings_(std::move(settings)),
      transcript_(transcript),
      http_(transcript, settings_.limits) {}

StreamableHttpTransport::~StreamableHttpTransport() {
  shutdown();
}

std::string StreamableHttpTransport::session_id() const {
  const std::lock_guard lock(mutex_);
  return session_id_;
}

void StreamableHttpTransport::set_session_id(std::string id) {
  const std::lock_guard lock(mutex_);
  session_id_ = std::move(id);
}

void StreamableHttpTransport::set_protocol_version(std::string version) {
  const std::lock_guard lock(mutex_);
  protocol_version_ = std::move(version);
}

Headers StreamableHttpTransport::request_headers(bool with_body, const Headers& extra) const {
  Headers headers;
  if (with_body) headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", settings_.accept);
  {
    const std::lock_guard lock(mutex_);
    if (echo_session_id_ && !session_id_.empty())
      headers.emplace_back(headers::kSessionId, session_id_);
    if (!protocol_version_.empty())
      headers.emplace_back(headers::kProtocolVersion, protocol_version_);
  }
  for (const auto& header : settings_.headers)
    headers.push_back(header);
  for (const auto& header : extra)
    headers.push_back(header);
  return headers;
}

void StreamableHttpTransport::reply(const Json& message) {
  // The request's own stream is busy being read: answer on a connection of its own.
  HttpClient client(transcript_, settings_.limits);
  client.send(
      HttpRequest{"POST", settings_.url, request_headers(true), jsonrpc::serialize(message)},
      settings_.deadlines, "reply to server request");
}

CallResult StreamableHttpTransport::request(const Json& message, const std::string& label) {
  return post(message, label, true);
}

CallResult StreamableHttpTransport::notify(const Json& message, const std::string& label) {
  return post(message, label, false);
}

CallResult StreamableHttpTransport::request_with_headers(const Json& message,
                                                         const std::string& label,
                                                         const Headers& extra) {
  return post(message, label, true, extra);
}

CallResult StreamableHttpTransport::notify_with_headers(const Json& message,
                                                        const std::string& label,
                                                        const Headers& extra) {
  return post(message, label, false, extra);
}

namespace {

/// A server may send any number of messages before its response; a run keeps
/// the first kMaxRelated of them and counts the rest.
void keep_related(CallResult& out, const Json& message) {
  if (out.related.size() < CallResult::kMaxRelated)
    out.related.push_back(message);
  else
    ++out.related_dropped;
}

}  // namespace

CallResult StreamableHttpTransport::post(const Json& message, const std::string& label,
                                         bool expect_response, const Headers& extra) {
  CallResult out;
  const Json id = expect_response && message.contains("id") ? message["id"] : Json();
  if (expect_response) router_.expect(id);
  const bool had_session = echo_session_id_ && !session_id().empty();
  const auto replier = [this](const Json& answer) { reply(answer); };
  bool answered = false;
  std::string stream_problem;

  StreamHandlers handlers;
  handlers.on_event = [&](const sse::Event& event) {
    if (event.data.empty()) return true;  // priming events and keep-alives carry no message
    std::string problem;
    for (const auto& m : jsonrpc::parse_messages(event.data, &problem)) {
      if (router_.deliver(m, "POST stream", replier)) {
        answered = true;
      } else {
        keep_related(out, m);
      }
    }
    if (!problem.empty() && stream_problem.empty()) stream_problem = "SSE event data is " + problem;
    // Stop reading once our response is in: the caller has what it asked for.
    return !answered;
  };
  const auto response = http_.send(
      HttpRequest{"POST", settings_.url, request_headers(true, extra), jsonrpc::serialize(message)},
      settings_.deadlines, label, handlers);
  auto related = std::move(out.related);
  const auto related_dropped = out.related_dropped;
  out = CallResult::from_http(response);
  out.related = std::move(related);
  out.related_dropped = related_dropped;
  if (const auto issued = response.header(headers::kSessionId); issued && session_id().empty()) {
    set_session_id(*issued);
  }
  if (!response.ok()) {
    if (expect_response) router_.take(id);
    return out;
  }
  if (response.status == 404 && had_session) out.session_terminated = true;

  if (!response.sse && !response.body.empty()) {
    std::string problem;
    for (const auto& m : jsonrpc::parse_messages(response.body, &problem)) {
      if (!router_.deliver(m, "POST body", replier)) keep_related(out, m);
    }
    if (!problem.empty() && response.status >= 200 && response.status < 300) {
      out.error = "HTTP " + std::to_string(response.status) + " body is " + problem;
    }
  }
  if (!expect_response) {
    if (out.error.empty() && (response.status < 200 || response.status >= 300)) {
      out.error = "HTTP " + std::to_string(response.status);
    }
    return out;
  }

  if (auto received = router_.take_received(id)) {
    if (received->via == "GET stream" && wait_elsewhere_.count() == 0) {
      // It raced in on the GET stream while the POST said 202: the spec forbids both.
      out.error = "request answered " + std::to_string(response.status) +
                  " and its response sent on the GET stream (a server must answer a request on its "
                  "own POST and never send responses on the GET stream)";
      return out;
    }
    out.response = std::move(received->message);
  }
  if (!out.response && response.status == 202 && wait_elsewhere_.count() > 0) {
    // The community guide's design: 202 now, the answer later on the GET stream.
    router_.expect(id);
    out.response = router_.wait(id, std::chrono::steady_clock::now() + wait_elsewhere_);
    if (!out.response) {
      out.error = "request answered 202 and its response never arrived on another stream within " +
                  std::to_string(wait_elsewhere_.count()) + " ms";
    }
  }
  if (!out.response && out.error.empty()) {
    if (response.status == 202) {
      out.error =
          "request answered 202 Accepted without a response (a request must get its response "
          "on its own POST)";
    } else if (response.status < 200 || response.status >= 300) {
      out.error = "HTTP " + std::to_string(response.status);
    } else if (!stream_problem.empty()) {
      out.error = stream_problem;
    } else {
      // Name a response that came back under another id (a hard-coded id, say).
      std::string other;
      for (const auto& m : out.related) {
        if (jsonrpc::classify(m).kind == jsonrpc::Kind::kResponse)
          other = m.contains("id") ? m["id"].dump() : "none";
      }
      if (!other.empty()) {
        out.error = "the response carries id " + other + ", not the request's id " + id.dump();
      } else if (response.sse) {
        out.error = "SSE stream ended without the response to id " + id.dump();
      } else {
        out.error = "no response with id " + id.dump() + " in the answer";
      }
    }
  }
  return out;
}

CallResult StreamableHttpTransport::open_get_stream(const std::string& label) {
  close_get_stream();
  auto opened = std::make_shared<std::promise<CallResult>>();
  auto future = opened->get_future();
  get_client_ = std::make_unique<HttpClient>(transcript_, settings_.limits);
  get_open_ = true;
  get_thread_ = std::thread([this, label, opened] { read_get_stream(label, opened); });
  // Opening is done when the headers arrive (or the request fails).
  const auto wait = settings_.deadlines.first_byte + settings_.deadlines.connect;
  if (future.wait_for(wait) != std::future_status::ready) {
    close_get_stream();
    CallResult out;
    out.error = "GET stream: no response headers within " + std::to_string(wait.count()) + " ms";
    return out;
  }
  return future.get();
}

void StreamableHttpTransport::read_get_stream(std::string label,
                                              std::shared_ptr<std::promise<CallResult>> opened) {
  bool reported = false;
  const auto report = [&](CallResult result) {
    if (!reported) {
      reported = true;
      opened->set_value(std::move(result));
    }
  };
  StreamHandlers handlers;
  handlers.on_headers = [&](int status, const Headers& headers) {
    CallResult out;
    out.http_status = status;
    if (const auto type = find_header(headers, "Content-Type"))
      out.content_type = http::media_type(*type);
    if (status != 200 || out.content_type != "text/event-stream") {
      out.error = "GET stream refused: HTTP " + std::to_string(status);
    }
    report(std::move(out));
  };
  const auto replier = [this](const Json& answer) { reply(answer); };
  handlers.on_event = [&](const sse::Event& event) {
    if (event.data.empty()) return true;
    std::string problem;
    for (const auto& m : jsonrpc::parse_messages(event.data, &problem))
      router_.deliver(m, "GET stream", replier);
    return true;
  };
  Headers headers = request_headers(false);
  for (auto& [name, value] : headers) {
    if (name == "Accept") value = "text/event-stream";
  }
  // A standalone stream may stay quiet for long: only the idle bound applies.
  Deadlines deadlines = settings_.deadlines;
  deadlines.total = std::chrono::hours(24);
  const auto response =
      get_client_->send(HttpRequest{"GET", settings_.url, headers, {}}, deadlines, label, handlers);
  auto out = CallResult::from_http(response);
  if (response.ok() && response.status != 200)
    out.error = "GET stream refused: HTTP " + std::to_string(response.status);
  report(std::move(out));
  get_open_ = false;
}

bool StreamableHttpTransport::get_stream_open() const {
  return get_open_;
}

void StreamableHttpTransport::close_get_stream() {
  if (get_client_) get_client_->abort();
  if (get_thread_.joinable()) get_thread_.join();
  get_client_.reset();
  get_open_ = false;
}

CallResult StreamableHttpTransport::delete_session(const std::string& label, bool keep_id) {
  close_get_stream();
  Headers headers = request_headers(false);
  const auto response =
      http_.send(HttpRequest{"DELETE", settings_.url, headers, {}}, settings_.deadlines, label);
  auto out = CallResult::from_http(response);
  if (response.ok() && (response.status < 200 || response.status >= 300)) {
    out.error = "DELETE answered HTTP " + std::to_string(response.status);
  }
  if (!keep_id) set_session_id({});
  return out;
}

void StreamableHttpTransport::shutdown() {
  close_get_stream();
  router_.close("transport shut down");
}

}  // namespace mcp::client
