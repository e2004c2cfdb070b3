#include "client/transport.hpp"
#include "protocol/http_util.hpp"

namespace mcp::client {

LegacySseTransport::LegacySseTransport(HttpSettings settings, Transcript* transcript)
    : settings_(std::move(settings)),
      stream_client_(transcript, settings_.limits),
      post_client_(transcript, settings_.limits) {}

LegacySseTransport::~LegacySseTransport() {
  shutdown();
}

CallResult LegacySseTransport::connect(const std::string& label) {
  stream_thread_ = std::thread([this, label] {
    Headers headers{{"Accept", "text/event-stream"}};
    for (const auto& header : settings_.headers)
      headers.push_back(header);
    StreamHandlers handlers;
    const auto replier = [this](const Json& answer) { post(answer, "reply to server request"); };
    handlers.on_event = [&](const sse::Event& event) {
      if (event.type == "endpoint") {
        const std::lock_guard lock(mutex_);
        if (endpoint_.empty()) endpoint_ = resolve_url(settings_.url, event.data);
        cv_.notify_all();
      } else if (event.type == "message") {
        auto parsed = jsonrpc::parse(event.data);
        if (parsed.value) router_.deliver(*parsed.value, "SSE stream", replier);
      }
      return true;
    };
    Deadlines deadlines = settings_.deadlines;
    deadlines.total = std::chrono::hours(24);  // the stream lives as long as the session
    auto response = stream_client_.send(HttpRequest{"GET", settings_.url, headers, {}}, deadlines,
                                        label, handlers);
    const std::lock_guard lock(mutex_);
    stream_ended_ = true;
    stream_outcome_.http_status = response.status;
    stream_outcome_.http_error = response.error;
    stream_outcome_.exchanges.push_back(response.exchange);
    if (const auto type = response.header("Content-Type"))
      stream_outcome_.content_type = http::media_type(*type);
    stream_outcome_.error =
        response.ok() ? "the SSE stream ended (HTTP " + std::to_string(response.status) + ")"
                      : response.error_message;
    router_.close(stream_outcome_.error);
    cv_.notify_all();
  });
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + settings_.deadlines.connect +
                        settings_.deadlines.first_byte;
  cv_.wait_until(lock, deadline, [&] { return !endpoint_.empty() || stream_ended_; });
  CallResult out;
  if (!endpoint_.empty()) {
    out.http_status = 200;
    out.content_type = "text/event-stream";
    return out;
  }
  out = stream_outcome_;
  if (!stream_ended_) out.error = "no endpoint event on the SSE stream within the deadline";
  return out;
}

std::string LegacySseTransport::current_endpoint() {
  const std::lock_guard lock(mutex_);
  return endpoint_;
}

CallResult LegacySseTransport::not_connected() {
  CallResult out;
  out.error = "not connected: no endpoint event received";
  return out;
}

HttpResponse LegacySseTransport::post_text(const std::string& endpoint, const std::string& body,
                                           const std::string& label) {
  Headers headers{{"Content-Type", "application/json"}};
  for (const auto& header : settings_.headers)
    headers.push_back(header);
  const std::lock_guard lock(post_mutex_);
  return post_client_.send(HttpRequest{"POST", endpoint, headers, body}, settings_.deadlines,
                           label);
}

CallResult LegacySseTransport::post(const Json& message, const std::string& label) {
  const auto endpoint = current_endpoint();
  if (endpoint.empty()) return not_connected();
  const auto response = post_text(endpoint, jsonrpc::serialize(message), label);
  CallResult out = CallResult::from_http(response);
  if (response.ok() && (response.status < 200 || response.status >= 300)) {
    out.error = "POST to the endpoint answered HTTP " + std::to_string(response.status);
  }
  return out;
}

CallResult LegacySseTransport::send_raw(const std::string& text, const std::string& label) {
  const auto endpoint = current_endpoint();
  if (endpoint.empty()) return not_connected();
  const auto response = post_text(endpoint, text, label);
  CallResult out = CallResult::from_http(response);
  if (auto parsed = jsonrpc::parse(response.body); parsed.value)
    out.response = std::move(*parsed.value);
  return out;
}

CallResult LegacySseTransport::request(const Json& message, const std::string& label) {
  const Json id = message["id"];
  router_.expect(id);
  const auto start = std::chrono::steady_clock::now();
  CallResult out = post(message, label);
  if (!out.ok()) {
    router_.take(id);
    return out;
  }
  // The answer arrives on the SSE stream, not in the POST's body.
  out.response = router_.wait(id, start + settings_.deadlines.total);
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!out.response) {
    const auto closed = router_.closed_reason();
    out.error = closed.empty() ? "no response on the SSE stream within " +
                                     std::to_string(settings_.deadlines.total.count()) + " ms"
                               : "no response: " + closed;
  }
  return out;
}

CallResult LegacySseTransport::notify(const Json& message, const std::string& label) {
  return post(message, label);
}

void LegacySseTransport::shutdown() {
  stream_client_.abort();
  if (stream_thread_.joinable()) stream_thread_.join();
  router_.close("transport shut down");
}

}  // namespace mcp::client
