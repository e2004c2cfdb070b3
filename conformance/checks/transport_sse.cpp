// Spec page 2024-11-05/basic/transports (HTTP with SSE, deprecated since 2025-03-26).
#include <condition_variable>
#include <mutex>
#include <thread>

#include "conformance/checks/check_util.hpp"
#include "protocol/http_util.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

const std::string kTransportSseArea = "transport-sse";
const std::string kTransportSseSection = "2024-11-05/basic/transports#http-with-sse";
constexpr VersionSet kLegacyOnly{ProtocolVersion::k2024_11_05};

Outcome not_legacy(const CheckContext& c) {
  return Outcome::skip("the session transport is " +
                       std::string(client::to_string(c.facts().transport)) +
                       ", not HTTP+SSE (give the SSE URL, or --transport sse)");
}

/// A raw HTTP+SSE stream: a GET on the target URL read on a thread of its own,
/// every event kept, so a check sees the wire exactly (no transport logic).
class RawStream {
 public:
  RawStream(CheckContext& c, client::Headers extra = {})
      : client_(&c.transcript(), c.target().limits) {
    client::Headers headers{{"Accept", "text/event-stream"},
                            {"User-Agent", std::string("mcp-conformance/") + kToolkitVersion}};
    for (auto& h : extra)
      headers.push_back(std::move(h));
    for (const auto& h : c.target().headers)
      headers.push_back(h);
    client::Deadlines deadlines = c.target().deadlines;
    deadlines.total = std::chrono::minutes(10);  // ended by the destructor
    url_ = c.target().url;
    thread_ = std::thread([this, headers, deadlines] {
      client::StreamHandlers handlers;
      handlers.on_headers = [this](int status, const client::Headers& h) {
        const std::lock_guard lock(mutex_);
        status_ = status;
        content_type_ = http::media_type(client::find_header(h, "Content-Type").value_or(""));
        cv_.notify_all();
      };
      handlers.on_event = [this](const sse::Event& event) {
        const std::lock_guard lock(mutex_);
        events_.push_back(event);
        cv_.notify_all();
        return true;
      };
      const auto response = client_.send({"GET", url_, headers, {}}, deadlines,
                                         "GET (raw HTTP+SSE stream)", handlers);
      const std::lock_guard lock(mutex_);
      if (status_ == 0) status_ = response.status;
      if (content_type_.empty())
        content_type_ = http::media_type(response.header("Content-Type").value_or(""));
      ended_ = true;
      end_reason_ = response.ok() ? "the stream ended" : response.error_message;
      cv_.notify_all();
    });
  }
  ~RawStream() {
    client_.abort();
    if (thread_.joinable()) thread_.join();
  }
  RawStream(const RawStream&) = delete;
  RawStream& operator=(const RawStream&) = delete;

  /// Waits until the headers arrived (or the request ended); the status (0: none).
  int wait_headers(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return status_ != 0 || ended_; });
    return status_;
  }
  /// Waits until `done(events)` holds or the stream ends; true if it held.
  bool wait_for(const std::function<bool(const std::vector<sse::Event>&)>& done,
                std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return done(events_) || ended_; }) && done(events_);
  }
  std::vector<sse::Event> events() const {
    const std::lock_guard lock(mutex_);
    return events_;
  }
  std::string content_type() const {
    const std::lock_guard lock(mutex_);
    return content_type_;
  }
  std::string end_reason() const {
    const std::lock_guard lock(mutex_);
    return ended_ ? end_reason_ : "still open";
  }
  /// The POST URL named by the first event, resolved against the stream URL
  /// ("" when the first event is not an endpoint event).
  std::string endpoint() const {
    const std::lock_guard lock(mutex_);
    if (events_.empty() || events_.front().type != "endpoint" || events_.front().data.empty())
      return "";
    return client::resolve_url(url_, events_.front().data);
  }

 private:
  client::HttpClient client_;
  std::string url_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int status_ = 0;
  std::string content_type_;
  std::vector<sse::Event> events_;
  bool ended_ = false;
  std::string end_reason_;
};

std::chrono::milliseconds wait_time(const CheckContext& c) {
  return c.target().deadlines.connect + c.target().deadlines.first_byte;
}

bool has_endpoint(const std::vector<sse::Event>& events) {
  return !events.empty();
}

/// The message event answering request `id`, if it arrived.
std::optional<Json> answer_in(const std::vector<sse::Event>& events, const Json& id) {
  for (const auto& e : events) {
    if (e.type != "message") continue;
    auto parsed = jsonrpc::parse(e.data);
    if (parsed.value && parsed.value->is_object() && parsed.value->value("id", Json()) == id &&
        (parsed.value->contains("result") || parsed.value->contains("error")))
      return parsed.value;
  }
  return std::nullopt;
}

const client::Headers kJson{{"Content-Type", "application/json"}};
const std::string kInitialized =
    jsonrpc::serialize(jsonrpc::make_notification("notifications/initialized", nullptr));

/// Opens a raw stream and initializes over it; the endpoint, or why not.
std::string open_and_initialize(CheckContext& c, RawStream& stream) {
  if (!stream.wait_for(has_endpoint, wait_time(c)))
    return "no first event on the SSE stream (" + stream.end_reason() + ")";
  const auto endpoint = stream.endpoint();
  if (endpoint.empty()) return "the first event is not an endpoint event";
  const auto init = c.http("POST", kJson, initialize_body(c.version_text()), endpoint);
  if (!is_2xx(init.status)) return "POST initialize answered " + describe(init);
  if (!stream.wait_for([](const auto& events) { return answer_in(events, Json(0)).has_value(); },
                       wait_time(c)))
    return "no initialize response on the SSE stream";
  c.http("POST", kJson, kInitialized, endpoint);
  return "";
}

const CheckInfo kEndpoints{
    .id = "transport.sse.endpoints",
    .title = "A GET SSE endpoint and a POST endpoint",
    .area = kTransportSseArea,
    .section = kTransportSseSection,
    .rule = "The server offers an event stream to GET and a separate URL to POST messages to.",
    .versions = kLegacyOnly,
    .needs = {.http = true},
    .description =
        "GET on the SSE URL with Accept: text/event-stream answers 200 "
        "text/event-stream, and names a URL that accepts POSTed messages."};

Outcome endpoints(CheckContext& c) {
  if (!legacy_sse(c)) return not_legacy(c);
  RawStream stream(c);
  const auto status = stream.wait_headers(wait_time(c));
  if (status != 200 || stream.content_type() != "text/event-stream")
    return Outcome::fail("200 text/event-stream for GET " + c.target().url,
                         "HTTP " + std::to_string(status) + " (" + stream.content_type() + ")");
  if (const auto problem = open_and_initialize(c, stream); !problem.empty())
    return Outcome::fail("a POST endpoint that takes messages", problem);
  return Outcome::pass("POST endpoint " + stream.endpoint());
}

const CheckInfo kEndpointEvent{
    .id = "transport.sse.endpoint-event",
    .title = "The first event is `endpoint`, naming the POST URI",
    .area = kTransportSseArea,
    .section = kTransportSseSection,
    .rule =
        "The first event of the stream is an endpoint event whose data is the URI to POST "
        "messages to.",
    .versions = kLegacyOnly,
    .needs = {.http = true},
    .description =
        "The first SSE event on connect must be of type endpoint with a non-empty URI "
        "(absolute or relative to the SSE URL) in its data."};

Outcome endpoint_event(CheckContext& c) {
  if (!legacy_sse(c)) return not_legacy(c);
  RawStream stream(c);
  if (!stream.wait_for(has_endpoint, wait_time(c)))
    return Outcome::fail("an endpoint event", "none (" + stream.end_reason() + ")");
  const auto first = stream.events().front();
  if (first.type != "endpoint")
    return Outcome::fail("first event of type endpoint",
                         "type \"" + first.type + "\", data " + first.data.substr(0, 120));
  if (first.data.empty() || first.data.find_first_of(" \r\n") != std::string::npos)
    return Outcome::fail("a URI in the endpoint event's data", "\"" + first.data + "\"");
  const auto url = client::resolve_url(c.target().url, first.data);
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return Outcome::fail("an http(s) URI", url);
  return Outcome::pass("endpoint " + first.data);
}

const CheckInfo kPost{
    .id = "transport.sse.post",
    .title = "Messages are POSTed to the endpoint; responses come on the SSE stream",
    .area = kTransportSseArea,
    .section = kTransportSseSection,
    .rule =
        "Client messages are POSTed to the endpoint URI, and the server's answers come on "
        "the event stream, not in the POST responses.",
    .versions = kLegacyOnly,
    .needs = {.http = true},
    .description =
        "POSTs initialize and ping to the endpoint: each POST answers 2xx, and the "
        "JSON-RPC responses arrive as SSE events, not in the POST bodies."};

Outcome messages_by_post(CheckContext& c) {
  if (!legacy_sse(c)) return not_legacy(c);
  RawStream stream(c);
  if (!stream.wait_for(has_endpoint, wait_time(c)))
    return Outcome::fail("an endpoint event", "none (" + stream.end_reason() + ")");
  const auto endpoint = stream.endpoint();
  if (endpoint.empty()) return Outcome::fail("an endpoint event first", "another event");
  const std::vector<std::pair<Json, std::string>> requests{
      {Json(0), initialize_body(c.version_text())},
      {Json(1), jsonrpc::serialize(jsonrpc::make_request(1, "ping"))}};
  // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
  for (const auto& request : requests) {
    const Json& id = request.first;
    const auto post = c.http("POST", kJson, request.second, endpoint);
    if (!is_2xx(post.status)) return Outcome::fail("2xx for the POST", describe(post));
    if (member(first_message(post), "id") == id)
      return Outcome::fail("the response on the SSE stream",
                           "in the POST body: " + post.body.substr(0, 200));
    if (!stream.wait_for([&](const auto& events) { return answer_in(events, id).has_value(); },
                         wait_time(c)))
      return Outcome::fail("the response to id " + id.dump() + " on the SSE stream",
                           "none (" + stream.end_reason() + ")");
    if (id == 0) c.http("POST", kJson, kInitialized, endpoint);
  }
  return Outcome::pass();
}

const CheckInfo kMessageEvent{
    .id = "transport.sse.message-event",
    .title = "Server messages are `message` events carrying one JSON-RPC message",
    .area = kTransportSseArea,
    .section = kTransportSseSection,
    .rule =
        "Every message the server sends on the stream is a message event holding one "
        "JSON-RPC message as its data.",
    .versions = kLegacyOnly,
    .needs = {.http = true},
    .description =
        "After the endpoint event, every event with data (initialize, ping, the "
        "lists) must be of type message with a JSON-RPC message in its data."};

Outcome message_event(CheckContext& c) {
  if (!legacy_sse(c)) return not_legacy(c);
  RawStream stream(c);
  if (const auto problem = open_and_initialize(c, stream); !problem.empty())
    return Outcome::error("cannot open an HTTP+SSE session: " + problem);
  int id = 1;
  std::vector<std::string> methods{"ping"};
  if (c.facts().has_capability("tools")) methods.push_back("tools/list");
  if (c.facts().has_capability("prompts")) methods.push_back("prompts/list");
  for (const auto& method : methods) {
    const Json request_id = ++id;
    c.http("POST", kJson, jsonrpc::serialize(jsonrpc::make_request(request_id, method)),
           stream.endpoint());
    stream.wait_for([&](const auto& events) { return answer_in(events, request_id).has_value(); },
                    wait_time(c));
  }
  const auto events = stream.events();
  for (std::size_t i = 1; i < events.size(); ++i) {
    const auto& e = events[i];
    if (e.data.empty()) continue;
    if (e.type != "message")
      return Outcome::fail("events of type message",
                           "type \"" + e.type + "\", data " + e.data.substr(0, 120));
    auto parsed = jsonrpc::parse(e.data);
    if (!parsed.value || jsonrpc::classify(*parsed.value).kind == jsonrpc::Kind::kInvalid)
      return Outcome::fail("one JSON-RPC message in the data", e.data.substr(0, 200));
  }
  if (!answer_in(events, Json(id)))
    return Outcome::fail("the answers as message events", "none for id " + std::to_string(id));
  return Outcome::pass(std::to_string(events.size() - 1) + " message event(s)");
}

const CheckInfo kSseOrigin{
    .id = "transport.sse.origin",
    .title = "A foreign Origin is refused on the GET and the POST endpoint",
    .area = kTransportSseArea,
    .section = "2024-11-05/basic/transports#security-warning",
    .rule =
        "The server checks the Origin of both the stream and the POST endpoint, and "
        "refuses a foreign one.",
    .versions = kLegacyOnly,
    .needs = {.http = true},
    .description =
        "GET with Origin: http://evil.example must get a 4xx (not a stream); on a "
        "session opened without an Origin, a POST with that Origin must get a 4xx too."};

Outcome sse_origin(CheckContext& c) {
  if (!legacy_sse(c)) return not_legacy(c);
  {
    RawStream evil(c, {{"Origin", "http://evil.example"}});
    const auto status = evil.wait_headers(wait_time(c));
    if (!is_4xx(status))
      return Outcome::fail("HTTP 4xx for GET with Origin http://evil.example",
                           "HTTP " + std::to_string(status) + " (" + evil.content_type() + ")");
  }
  RawStream stream(c);
  if (const auto problem = open_and_initialize(c, stream); !problem.empty())
    return Outcome::error("cannot open an HTTP+SSE session: " + problem);
  auto headers = kJson;
  headers.emplace_back("Origin", "http://evil.example");
  const auto post = c.http("POST", headers, jsonrpc::serialize(jsonrpc::make_request(9, "ping")),
                           stream.endpoint());
  if (!is_4xx(post.status))
    return Outcome::fail("HTTP 4xx for POST with Origin http://evil.example", describe(post));
  return Outcome::pass();
}

}  // namespace

void register_transport_sse_checks(Registry& registry) {
  registry.add(kEndpoints, endpoints);
  registry.add(kEndpointEvent, endpoint_event);
  registry.add(kPost, messages_by_post);
  registry.add(kMessageEvent, message_event);
  registry.add(kSseOrigin, sse_origin);
}

}  // namespace mcp::conformance
