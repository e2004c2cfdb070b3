#include "client/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <tuple>
#include <utility>

#include "protocol/http_util.hpp"
#include "protocol/redaction.hpp"

namespace mcp::client {
namespace {

using Clock = std::chrono::steady_clock;

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

void global_init_once() {
  // curl_global_init is not thread-safe; do it exactly once, before any handle.
  static const bool initialised = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)initialised;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::shared_ptr<void> acquire_large_slot(Clock::time_point deadline);

/// State shared with libcurl's callbacks during one transfer.
struct Transfer {
  HttpResponse* response = nullptr;
  Exchange* exchange = nullptr;
  const Transcript* transcript = nullptr;
  const Limits* limits = nullptr;
  const StreamHandlers* handlers = nullptr;
  sse::Decoder decoder;
  std::vector<sse::Event> scratch;
  bool headers_done = false;
  bool stopped_by_handler = false;
  HttpError limit_error = HttpError::kNone;
  std::string limit_message;
  bool got_first_byte = false;
  std::size_t received = 0;  // body bytes, SSE included
  Clock::time_point deadline;
  bool stream = false;   // a GET stream: open for a session, never waits for a slot
  std::size_t kept = 0;  // bytes of body or event data the response holds

  /// Counts `bytes` more held by the response; past kLargeResponseBytes the
  /// response takes a large-response slot, waiting for one within its
  /// deadline. False (and the limit error set) when the deadline passes first.
  bool hold_large_slot(std::size_t bytes) {
    kept += bytes;
    if (stream || kept <= kLargeResponseBytes || response->large_slot) return true;
    response->large_slot = acquire_large_slot(deadline);
    if (response->large_slot) return true;
    limit_error = HttpError::kTotalTimeout;
    limit_message = "deadline passed waiting to read a large response (" +
                    std::to_string(kLargeResponseSlots) + " are read at a time)";
    return false;
  }
  Clock::time_point start;
  Clock::time_point last_byte;

  explicit Transfer(const Limits& l) : limits(&l), decoder(l.sse) {}

  double stamp() const { return transcript ? transcript->now_ms() : 0.0; }

  void note_byte() {
    last_byte = Clock::now();
    if (!got_first_byte) {
      got_first_byte = true;
      exchange->first_byte_ms = stamp();
      response->ttfb_ms = std::chrono::duration<double, std::milli>(last_byte - start).count();
    }
  }
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  t->note_byte();
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100 Continue, or a redirect): start over.
    t->response->headers.clear();
    t->headers_done = false;
    const auto space = line.find(' ');
    t->response->status = space == std::string_view::npos
                              ? 0
                              : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    return n;
  }
  if (trim(line).empty()) {
    if (t->response->status >= 200 && !t->headers_done) {
      t->headers_done = true;
      const auto type = find_header(t->response->headers, "Content-Type");
      t->response->sse = type && http::media_type(*type) == "text/event-stream";
      // Room for the whole body at once: appending would double the buffer as it grows.
      if (const auto length = find_header(t->response->headers, "Content-Length");
          length && !t->response->sse) {
        const auto bytes = std::strtoull(length->c_str(), nullptr, 10);
        if (bytes <= t->limits->max_body_bytes) t->response->body.reserve(bytes);
      }
      t->exchange->sse = t->response->sse;
      if (t->handlers && t->handlers->on_headers)
        t->handlers->on_headers(t->response->status, t->response->headers);
    }
    return n;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    t->response->headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return n;
}

struct LargeSlots {
  std::mutex mutex;
  std::condition_variable freed;
  int in_use = 0;
};

LargeSlots& large_slots() {
  static LargeSlots slots;
  return slots;
}

thread_local int large_slots_held = 0;

/// One of the kLargeResponseSlots, released when the last copy of the handle
/// goes; null when `deadline` passes first.
std::shared_ptr<void> acquire_large_slot(Clock::time_point deadline) {
  auto& slots = large_slots();
  if (large_slots_held == 0) {
    std::unique_lock lock(slots.mutex);
    if (!slots.freed.wait_until(lock, deadline, [&] { return slots.in_use < kLargeResponseSlots; }))
      return nullptr;
    ++slots.in_use;
  } else {
    std::unique_lock lock(slots.mutex);
    ++slots.in_use;  // re-entered on the same thread: never waits on itself
  }
  int* held = &large_slots_held;
  ++*held;
  return std::shared_ptr<void>(&slots, [held](void* pointer) {
    auto* owner = static_cast<LargeSlots*>(pointer);
    --*held;
    {
      const std::lock_guard lock(owner->mutex);
      --owner->in_use;
    }
    owner->freed.notify_all();
  });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  t->note_byte();
  // One limit for a whole response, plain or SSE: an endless stream of events
  // is as much a server's attempt on our memory as one huge body.
  t->received += n;
  if (t->received > t->limits->max_body_bytes) {
    t->limit_error = HttpError::kBodyTooLarge;
    t->limit_message = std::string(t->response->sse ? "SSE response" : "response body") +
                       " larger than " + std::to_string(t->limits->max_body_bytes) +
                       " bytes (the response limit)";
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  if (!t->response->sse) {
    if (!t->hold_large_slot(n)) return 0;
    t->response->body.append(data, n);
    return n;
  }
  t->scratch.clear();
  const bool ok = t->decoder.feed(std::string_view(data, n), t->scratch);
  for (auto& event : t->scratch) {
    if (t->exchange->events.size() < t->limits->max_events_recorded) {
      t->exchange->events.push_back(
          TranscriptEvent{t->stamp(), event.type, event.id, event.data, event.retry_ms});
      if (!t->hold_large_slot(event.data.size())) return 0;
      t->response->events.push_back(event);
    } else {
      ++t->exchange->events_dropped;
    }
    if (t->handlers && t->handlers->on_event && !t->handlers->on_event(event)) {
      t->stopped_by_handler = true;
      return 0;
    }
  }
  if (!ok) {
    t->limit_error = HttpError::kSseLimit;
    t->limit_message = t->decoder.error();
    return 0;
  }
  return n;
}

/// Sets up `easy` for `request`; returns libcurl's complaint, or "".
std::string configure(CURL* easy, const HttpRequest& request, const Deadlines& deadlines,
                      Transfer& transfer, HeaderList& header_list) {
  for (const auto& [name, value] : request.headers) {
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    header_list.reset(curl_slist_append(header_list.release(), line.c_str()));
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  header_list.reset(curl_slist_append(header_list.release(), "Expect:"));

  const auto set = [&](CURLoption option, auto value) {
    const CURLcode rc = curl_easy_setopt(easy, option, value);
    return rc == CURLE_OK ? std::string() : std::string(curl_easy_strerror(rc));
  };
  std::string problem;
  const auto check = [&](std::string result) {
    if (problem.empty() && !result.empty()) problem = std::move(result);
  };
  check(set(CURLOPT_URL, request.url.c_str()));
  check(set(CURLOPT_HTTPHEADER, header_list.get()));
  check(set(CURLOPT_NOSIGNAL, 1L));
  check(set(CURLOPT_TCP_NODELAY, 1L));
  check(set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
  check(set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(deadlines.connect.count())));
  check(set(CURLOPT_HEADERFUNCTION, on_header));
  check(set(CURLOPT_HEADERDATA, &transfer));
  check(set(CURLOPT_WRITEFUNCTION, on_body));
  check(set(CURLOPT_WRITEDATA, &transfer));
  if (request.method == "GET") {
    check(set(CURLOPT_HTTPGET, 1L));
  } else if (request.method == "HEAD") {
    check(set(CURLOPT_NOBODY, 1L));
  } else {
    if (request.method != "POST") check(set(CURLOPT_CUSTOMREQUEST, request.method.c_str()));
    if (request.method == "POST" || !request.body.empty()) {
      check(set(CURLOPT_POSTFIELDS, request.body.data()));
      check(set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())));
    }
  }
  return problem;
}

struct Performed {
  HttpError error = HttpError::kNone;
  std::string message;
  CURLcode result = CURLE_OK;
};

/// Drives the transfer until it is done, aborted, or past one of its deadlines.
Performed perform(CURLM* multi, const Deadlines& deadlines, const Transfer& transfer,
                  const std::atomic<bool>& abort_requested) {
  Performed out;
  const auto stop = [&](HttpError error, std::string message) {
    out.error = error;
    out.message = std::move(message);
    return out;
  };
  while (true) {
    int running = 0;
    if (const CURLMcode mc = curl_multi_perform(multi, &running); mc != CURLM_OK)
      return stop(HttpError::kTransport, std::string("libcurl: ") + curl_multi_strerror(mc));
    bool done = false;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg == CURLMSG_DONE) {
        out.result = msg->data.result;
        done = true;
      }
    }
    if (done) return out;
    const auto now = Clock::now();
    if (abort_requested) return stop(HttpError::kAborted, "aborted by the client");
    if (now - transfer.start >= deadlines.total) {
      return stop(HttpError::kTotalTimeout,
                  "no complete response within " + std::to_string(deadlines.total.count()) + " ms");
    }
    if (!transfer.got_first_byte && now - transfer.start >= deadlines.first_byte) {
      return stop(
          HttpError::kFirstByteTimeout,
          "no response byte within " + std::to_string(deadlines.first_byte.count()) + " ms");
    }
    if (transfer.got_first_byte && now - transfer.last_byte >= deadlines.idle) {
      return stop(HttpError::kIdleTimeout, "response stalled: nothing received for " +
                                               std::to_string(deadlines.idle.count()) + " ms");
    }
    auto next = transfer.start + deadlines.total;
    next = std::min(next, transfer.got_first_byte ? transfer.last_byte + deadlines.idle
                                                  : transfer.start + deadlines.first_byte);
    const auto wait = std::clamp<long long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1, 1, 1000);
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait), nullptr);
  }
}

/// What a transfer libcurl ended with `result` failed of, in words a user can act on.
std::pair<HttpError, std::string> transfer_failure(CURLcode result, const Transfer& transfer,
                                                   const Deadlines& deadlines,
                                                   curl_off_t connect_us) {
  if (transfer.stopped_by_handler) return {HttpError::kNone, {}};  // the caller had what it needed
  if (transfer.limit_error != HttpError::kNone)
    return {transfer.limit_error, transfer.limit_message};
  if (result == CURLE_COULDNT_CONNECT || result == CURLE_COULDNT_RESOLVE_HOST ||
      result == CURLE_COULDNT_RESOLVE_PROXY)
    return {HttpError::kConnect, std::string("cannot connect: ") + curl_easy_strerror(result)};
  if (result == CURLE_OPERATION_TIMEDOUT && connect_us == 0) {
    return {HttpError::kConnectTimeout,
            "connect timed out after " + std::to_string(deadlines.connect.count()) + " ms"};
  }
  return {HttpError::kTransport, std::string("libcurl: ") + curl_easy_strerror(result)};
}

}  // namespace

std::string_view to_string(HttpError error) {
  switch (error) {
    case HttpError::kNone:
      return "none";
    case HttpError::kConnect:
      return "connect";
    case HttpError::kConnectTimeout:
      return "connect-timeout";
    case HttpError::kFirstByteTimeout:
      return "first-byte-timeout";
    case HttpError::kIdleTimeout:
      return "idle-timeout";
    case HttpError::kTotalTimeout:
      return "total-timeout";
    case HttpError::kBodyTooLarge:
      return "body-too-large";
    case HttpError::kSseLimit:
      return "sse-limit";
    case HttpError::kAborted:
      return "aborted";
    case HttpError::kTransport:
      return "transport";
  }
  return "unknown";
}

bool is_connect_failure(HttpError error) {
  return error == HttpError::kConnect || error == HttpError::kConnectTimeout;
}

std::string refusal_diagnosis(int status, const Headers& response_headers, const std::string& body,
                              const std::string& url, std::string_view credentials) {
  const bool challenge =
      std::any_of(response_headers.begin(), response_headers.end(),
                  [](const auto& h) { return http::iequals(h.first, "WWW-Authenticate"); });
  if (status == 401 || (status == 403 && challenge)) {
    return "the server refused the harness with HTTP " + std::to_string(status) +
           " (it asks for credentials: pass " + std::string(credentials) +
           " or --header for its authorization)";
  }
  if (status != 403) return {};
  std::string quoted;
  for (const char ch : body.substr(0, 160))
    quoted += static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f ? ' ' : ch;
  // scheme://host[:port]/... -> host[:port]
  const auto start = url.find("://");
  auto host = start == std::string::npos ? url : url.substr(start + 3);
  host = host.substr(0, host.find('/'));
  return "the server refused the harness with HTTP 403 and no WWW-Authenticate: not an "
         "authorization problem but, most likely, its DNS-rebinding guard refusing the Host "
         "header \"" +
         host + "\" (or the Origin)" + (quoted.empty() ? "" : "; it said \"" + quoted + "\"") +
         ". Reach it by the host name it expects (often localhost) or allow this host in its "
         "settings";
}

struct HttpClient::Impl {
  Transcript* transcript;
  Limits limits;
  EasyHandle easy;
  MultiHandle multi;
  std::atomic<bool> abort_requested{false};
};

HttpClient::HttpClient(Transcript* transcript, Limits limits) : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->transcript = transcript;
  impl_->limits = limits;
  impl_->easy.reset(curl_easy_init());
  impl_->multi.reset(curl_multi_init());
}

HttpClient::~HttpClient() = default;

void HttpClient::abort() {
  impl_->abort_requested = true;
  curl_multi_wakeup(impl_->multi.get());
}

/// What the transcript is handed of a body: all of it when it may keep it
/// whole, else only what it would keep anyway (a body of megabytes is not
/// copied just to be cut), with the run's secrets out before the cut can split one.
std::string HttpClient::transcript_copy(const std::string& body) const {
  const auto* transcript = impl_->transcript;
  if (!transcript || body.size() <= transcript->keep_limits().whole_item) return body;
  const auto& secrets = redaction::run_secrets();
  const std::size_t cut_to = transcript->keep_limits().cut_to;
  const std::string_view head(body.data(), std::min(body.size(), 2 * cut_to));
  const std::string redacted =
      secrets.contains_secret(head) ? secrets.redact(head) : std::string(head);
  return redaction::cut(redacted, cut_to, "too large to keep whole", body.size());
}

HttpResponse HttpClient::send(const HttpRequest& request, const Deadlines& deadlines,
                              const std::string& label, const StreamHandlers& handlers) {
  HttpResponse response;
  Exchange exchange;
  exchange.label = label;
  exchange.method = request.method;
  exchange.url = request.url;
  exchange.request_headers = redact(request.headers);
  exchange.request_body = request.body;

  Transfer transfer(impl_->limits);
  transfer.response = &response;
  transfer.exchange = &exchange;
  transfer.transcript = impl_->transcript;
  transfer.handlers = &handlers;

  const auto finish = [&](HttpError error, std::string message) {
    response.error = error;
    response.error_message = std::move(message);
    exchange.status = response.status;
    exchange.response_headers = response.headers;
    if (!response.sse) {
      exchange.response_body = transcript_copy(response.body);
      exchange.cut = exchange.response_body.size() < response.body.size();
    }
    if (!response.error_message.empty()) exchange.error = response.error_message;
    exchange.completed_ms = transfer.stamp();
    response.elapsed_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - transfer.start).count();
    if (impl_->transcript) response.exchange = impl_->transcript->add(std::move(exchange));
    return response;
  };

  CURL* easy = impl_->easy.get();
  if (!easy || !impl_->multi)
    return finish(HttpError::kTransport, "libcurl could not create a handle");
  curl_easy_reset(easy);  // keeps the connection cache, which lives in the multi handle

  HeaderList header_list;
  const std::string problem = configure(easy, request, deadlines, transfer, header_list);
  transfer.start = Clock::now();
  transfer.deadline = transfer.start + deadlines.total;
  transfer.stream = request.method == "GET";
  exchange.started_ms = transfer.stamp();
  if (!problem.empty()) return finish(HttpError::kTransport, "libcurl: " + problem);

  CURLM* multi = impl_->multi.get();
  if (const CURLMcode mc = curl_multi_add_handle(multi, easy); mc != CURLM_OK) {
    return finish(HttpError::kTransport, std::string("libcurl: ") + curl_multi_strerror(mc));
  }
  auto [error, message, result] = perform(multi, deadlines, transfer, impl_->abort_requested);
  curl_multi_remove_handle(multi, easy);

  curl_off_t connect_us = 0;
  curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
  if (connect_us > 0)
    exchange.connected_ms = exchange.started_ms + static_cast<double>(connect_us) / 1000.0;

  if (error == HttpError::kNone && result != CURLE_OK)
    std::tie(error, message) = transfer_failure(result, transfer, deadlines, connect_us);
  if (error == HttpError::kNone && response.sse && transfer.decoder.has_partial_event()) {
    // The stream ended mid-event: what was cut off is lost (WHATWG), say so.
    exchange.error = "stream ended inside an unterminated event";
  }
  return finish(error, std::move(message));
}

}  // namespace mcp::client
