#include "client/transcript.hpp"

#include <cctype>
#include <ctime>

#include "protocol/headers.hpp"
#include "protocol/http_util.hpp"
#include "protocol/redaction.hpp"

namespace mcp::client {
namespace {

std::string iso_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

bool is_secret_header(std::string_view name) {
  std::string lower(name);
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" ||
         lower == "set-cookie" || lower.find("token") != std::string::npos ||
         lower.find("api-key") != std::string::npos || lower.find("apikey") != std::string::npos ||
         lower.find("secret") != std::string::npos;
}

Json headers_json(const Headers& headers) {
  Json out = Json::array();
  for (const auto& [name, value] : headers)
    out.push_back(Json::array({name, value}));
  return out;
}

Json ms_or_null(double ms) {
  return ms >= 0 ? Json(std::round(ms * 1000) / 1000) : Json();
}

}  // namespace

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (http::iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> misnamed_session_header(const Headers& headers) {
  if (find_header(headers, headers::kSessionId)) return std::nullopt;
  for (const auto& [key, value] : headers) {
    std::string lower = key;
    for (auto& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("session") != std::string::npos) return key;
  }
  return std::nullopt;
}

Headers redact(const Headers& headers) {
  Headers out = headers;
  for (auto& [name, value] : out) {
    if (!is_secret_header(name)) continue;
    const auto space = value.find(' ');
    value = (space == std::string::npos ? std::string() : value.substr(0, space + 1)) +
            std::string(redaction::kMarker);
  }
  return out;
}

Transcript::Transcript(KeepLimits limits)
    : start_(std::chrono::steady_clock::now()), started_at_(iso_now()), limits_(limits) {}

double Transcript::now_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
      .count();
}

std::uint64_t Transcript::add(Exchange exchange) {
  const auto& secrets = redaction::run_secrets();
  exchange.url = secrets.redact(exchange.url);
  exchange.error = secrets.redact(exchange.error);
  for (auto* headers : {&exchange.request_headers, &exchange.response_headers}) {
    for (auto& [name, value] : *headers)
      value = secrets.redact(value);
  }
  const std::lock_guard lock(mutex_);
  const bool any_secret = !secrets.empty();
  const auto keep = [&](std::string& text) {
    if (any_secret && secrets.contains_secret(text)) text = secrets.redact(text);
    if (text.size() <= limits_.whole_item && kept_whole_ + text.size() <= limits_.whole_total) {
      kept_whole_ += text.size();
      return;
    }
    // Already cut by the client (a body too large to copy whole) or short enough.
    if (text.size() <= limits_.cut_to + redaction::kCutNoteBytes) return;
    text = redaction::cut(text, limits_.cut_to, "too large to keep whole");
    exchange.cut = true;
  };
  if (exchange.response_headers.size() > limits_.headers) {
    const auto dropped = exchange.response_headers.size() - limits_.headers;
    exchange.response_headers.resize(limits_.headers);
    exchange.response_headers.emplace_back("[cut]",
                                           std::to_string(dropped) + " more headers not kept");
    exchange.cut = true;
  }
  for (auto& [name, value] : exchange.response_headers) {
    if (value.size() > limits_.cut_to) {
      value = redaction::cut(value, limits_.cut_to, "too large to keep whole");
      exchange.cut = true;
    }
  }
  keep(exchange.request_body);
  keep(exchange.response_body);
  // Each event costs its bookkeeping too: once the whole budget is spent,
  // later events are counted, not kept.
  constexpr std::size_t kEventOverhead = 128;
  std::size_t kept_events = 0;
  for (auto& event : exchange.events) {
    if (kept_whole_ + kEventOverhead > limits_.whole_total) break;
    kept_whole_ += kEventOverhead;
    keep(event.data);
    ++kept_events;
  }
  if (kept_events < exchange.events.size()) {
    exchange.events_dropped += exchange.events.size() - kept_events;
    exchange.events.resize(kept_events);
    exchange.cut = true;
  }
  exchange.index = exchanges_.size();
  exchanges_.push_back(std::move(exchange));
  return exchanges_.back().index;
}

std::vector<Exchange> Transcript::exchanges() const {
  const std::lock_guard lock(mutex_);
  return exchanges_;
}

std::size_t Transcript::size() const {
  const std::lock_guard lock(mutex_);
  return exchanges_.size();
}

Json to_json(const Exchange& e, std::size_t max_text) {
  const auto text = [&](const std::string& s) {
    return redaction::cut(s, max_text, "the report keeps at most this much of a body or event");
  };
  Json events = Json::array();
  const std::size_t max_events =
      max_text == std::numeric_limits<std::size_t>::max() ? max_text : 256;
  std::size_t event_bytes = 0;
  std::size_t events_left_out = 0;
  for (const auto& ev : e.events) {
    event_bytes += ev.data.size();
    if (events.size() >= max_events || (!events.empty() && event_bytes > max_text)) {
      ++events_left_out;
      continue;
    }
    Json event{{"at_ms", ms_or_null(ev.at_ms)}, {"event", ev.type}, {"data", text(ev.data)}};
    if (!ev.id.empty()) event["id"] = ev.id;
    if (ev.retry_ms) event["retry_ms"] = *ev.retry_ms;
    events.push_back(std::move(event));
  }
  Json out{
      {"index", e.index},
      {"label", e.label},
      {"transport", e.transport},
      {"method", e.method},
      {"url", e.url},
      {"request", {{"headers", headers_json(e.request_headers)}, {"body", text(e.request_body)}}},
      {"response",
       {{"status", e.status},
        {"headers", headers_json(e.response_headers)},
        {"body", text(e.response_body)},
        {"sse", e.sse},
        {"events", std::move(events)},
        {"events_dropped", e.events_dropped + events_left_out}}},
      {"timing_ms",
       {{"started", ms_or_null(e.started_ms)},
        {"connected", ms_or_null(e.connected_ms)},
        {"first_byte", ms_or_null(e.first_byte_ms)},
        {"completed", ms_or_null(e.completed_ms)}}}};
  if (!e.error.empty()) out["error"] = e.error;
  if (e.cut) out["cut"] = true;
  return out;
}

Json Transcript::to_json(std::size_t max_text) const {
  Json exchanges = Json::array();
  for (const auto& e : this->exchanges())
    exchanges.push_back(client::to_json(e, max_text));
  return Json{{"format", "mcp-conformance-transcript"},
              {"version", 1},
              {"started_at", started_at_},
              {"exchanges", std::move(exchanges)}};
}

}  // namespace mcp::client
