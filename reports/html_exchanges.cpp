// The wire exchanges of one check in the HTML report, and the text helpers the
// whole page uses. Every piece of data is escaped: a report about a hostile
// server is safe to open.
#include <cmath>
#include <cstddef>
#include <string_view>

#include "protocol/http_util.hpp"
#include "reports/exchange_json.hpp"
#include "reports/html_page.hpp"
#include "reports/xml_text.hpp"

namespace mcp::reports::html_page {
namespace {

using exchange_json::member;
using exchange_json::number_at;
using exchange_json::object_at;
using exchange_json::text_at;
using exchange_json::text_of;

constexpr std::size_t kShownBytesPerText = 64 * 1024;

// The label checks give the request that closes their session after judging
// (conformance/checks): never what decided the verdict.
constexpr std::string_view kCleanupLabel = "cleanup";

std::string milliseconds(const Json* value) {
  if (value == nullptr) return "\xE2\x80\x94";  // em dash: did not happen
  return xml::format_fixed(value->get<double>(), 3) + " ms";
}

// JSON bodies pretty-printed (that is what a person wants to read), members in the order
// the server sent them; anything else, or JSON too deep to walk safely, as sent.
std::string readable_body(const std::string& body) {
  constexpr std::size_t kMaxDepth = 64;
  if (jsonrpc::nesting_depth(body, kMaxDepth) > kMaxDepth) return body;
  const auto parsed = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_structured()) return body;
  return parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void append_body(std::string& out, const std::string& body) {
  if (body.empty()) {
    out += "<p class=\"muted\">No body.</p>\n";
    return;
  }
  out += "<pre>" + html_clipped(readable_body(body)) + "</pre>\n";
}

void append_headers(std::string& out, const Json* headers) {
  if (headers == nullptr || !headers->is_array() || headers->empty()) {
    out += "<p class=\"muted\">No headers.</p>\n";
    return;
  }
  out += "<table class=\"headers mono\">";
  for (const Json& header : *headers) {
    const bool pair = header.is_array() && header.size() == 2;
    out += "<tr><td>" + html(pair ? text_of(&header[0]) : std::string()) + "</td><td>" +
           html(pair ? text_of(&header[1]) : jsonrpc::serialize(header)) + "</td></tr>";
  }
  out += "</table>\n";
}

void append_events(std::string& out, const Json& response) {
  const Json* events = member(response, "events");
  if (events == nullptr || !events->is_array() || events->empty()) {
    out += "<p class=\"muted\">No events.</p>\n";
  } else {
    out += "<table class=\"events\"><tr><th>at</th><th>event</th><th>id</th><th>data</th></tr>\n";
    for (const Json& event : *events) {
      std::string type = text_at(event, "event");
      if (type.empty()) type = "message";  // what SSE calls an event without a type
      out += "<tr><td class=\"mono\">" + milliseconds(number_at(event, "at_ms")) +
             "</td><td class=\"mono\">" + html(type);
      if (const Json* retry = number_at(event, "retry_ms"))
        out += "<br><span class=\"muted\">retry " + html(jsonrpc::serialize(*retry)) + " ms</span>";
      out += "</td><td class=\"mono\">" + html(text_at(event, "id")) + "</td><td>";
      const std::string data = text_at(event, "data");
      out += data.empty() ? std::string("<span class=\"muted\">(empty)</span>")
                          : "<pre>" + html_clipped(readable_body(data)) + "</pre>";
      out += "</td></tr>\n";
    }
    out += "</table>\n";
  }
  const Json* dropped = number_at(response, "events_dropped");
  if (dropped != nullptr && dropped->get<double>() > 0) {
    out += "<p class=\"muted\">" + html(jsonrpc::serialize(*dropped)) +
           " more events were not recorded (the per-exchange cap).</p>\n";
  }
}

std::string status_class(const Json* status) {
  if (status == nullptr || !status->is_number_integer()) return "s0";
  const auto code = status->get<long long>();
  return code >= 100 && code < 600 ? "s" + std::to_string(code / 100) : "s0";
}

// POSIX shell single quotes: nothing inside is special but the quote itself.
std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The request as a curl command, from what the transcript recorded: redacted
// values stay redacted (the user puts their own secret back).
std::string curl_command(const Json& exchange, const Json& request, bool stream) {
  const std::string method = text_at(exchange, "method");
  const std::string body = text_at(request, "body");
  std::string command = "curl";
  if (stream) command += " -N";
  if (method != "GET" && !(method == "POST" && !body.empty())) command += " -X " + method;
  command += " " + shell_quote(text_at(exchange, "url"));
  const Json* headers = member(request, "headers");
  if (headers != nullptr && headers->is_array()) {
    for (const Json& header : *headers) {
      if (!header.is_array() || header.size() != 2) continue;
      const std::string name = text_of(&header[0]);
      if (name.empty() || http::iequals(name, "Content-Length")) continue;  // curl counts
      command += " \\\n  -H " + shell_quote(name + ": " + text_of(&header[1]));
    }
  }
  if (!body.empty()) command += " \\\n  --data-raw " + shell_quote(body);
  return command;
}

void append_curl(std::string& out, const Json& exchange, const Json& request, bool stream) {
  const Json* cut = member(exchange, "cut");
  const Json* omitted = member(exchange, "omitted");
  const bool whole = !(cut != nullptr && cut->is_boolean() && cut->get<bool>()) &&
                     !(omitted != nullptr && omitted->is_boolean() && omitted->get<bool>());
  out += "<div class=\"curl\"><button type=\"button\" class=\"copy\" hidden>Copy as curl</button>";
  if (!whole)
    out += " <span class=\"muted\">the report cut this exchange: not the very request sent</span>";
  out +=
      "<pre class=\"curl-cmd\">" + html(curl_command(exchange, request, stream)) + "</pre></div>\n";
}

void append_exchange(std::string& out, const Json& exchange, bool culprit) {
  if (!exchange.is_object()) {
    out += "<pre>" + html_clipped(exchange.dump(2, ' ', false, Json::error_handler_t::replace)) +
           "</pre>\n";
    return;
  }
  const Json& request = object_at(exchange, "request");
  const Json& response = object_at(exchange, "response");
  const Json& timing = object_at(exchange, "timing_ms");
  const Json* status = number_at(response, "status");
  const Json* started = number_at(timing, "started");
  const Json* completed = number_at(timing, "completed");
  const std::string error = text_at(exchange, "error");
  const std::string transport = text_at(exchange, "transport");

  out += culprit ? "<details class=\"exchange culprit\" open><summary>"
                 : "<details class=\"exchange\"><summary>";
  const std::string index = text_at(exchange, "index");
  if (!index.empty()) out += "<span class=\"muted\">#" + html(index) + "</span> ";
  out += "<b>" + html(text_at(exchange, "label")) + "</b> <code>" +
         html(text_at(exchange, "method")) + " " + html(text_at(exchange, "url")) + "</code> ";
  const bool answered =
      status != nullptr && status->is_number_integer() && status->get<long long>() != 0;
  out += "<span class=\"status " + status_class(status) + "\">" +
         (answered ? html(jsonrpc::serialize(*status)) : std::string("no response")) + "</span>";
  if (started != nullptr && completed != nullptr) {
    out += " <span class=\"muted\">" +
           xml::format_fixed(completed->get<double>() - started->get<double>(), 1) + " ms</span>";
  }
  if (!transport.empty() && transport != "http")
    out += " <span class=\"badge\">" + html(transport) + "</span>";
  if (culprit) out += " <span class=\"badge cause\">decided the verdict</span>";
  out += "</summary><div>\n";
  if (!error.empty()) out += "<p class=\"xerror\">" + html(error) + "</p>\n";

  out += "<h4>Request</h4>\n";
  append_headers(out, member(request, "headers"));
  append_body(out, text_at(request, "body"));

  out += "<h4>Response</h4>\n";
  if (answered) append_headers(out, member(response, "headers"));
  const Json* sse = member(response, "sse");
  const Json* events = member(response, "events");
  const bool is_stream = (sse != nullptr && sse->is_boolean() && sse->get<bool>()) ||
                         (events != nullptr && events->is_array() && !events->empty());
  if (is_stream) {
    append_events(out, response);
    const std::string body = text_at(response, "body");
    if (!body.empty()) append_body(out, body);
  } else if (answered || !text_at(response, "body").empty()) {
    append_body(out, text_at(response, "body"));
  }

  out += "<p class=\"muted\">started " + milliseconds(started) + " \xC2\xB7 connected " +
         milliseconds(number_at(timing, "connected")) + " \xC2\xB7 first byte " +
         milliseconds(number_at(timing, "first_byte")) + " \xC2\xB7 completed " +
         milliseconds(completed) + "</p>\n";
  if (transport.empty() || transport == "http") append_curl(out, exchange, request, is_stream);
  out += "</div></details>\n";
}

// Which exchange decided a failure, warning or error: the check's last one
// before its cleanup. A check judges what it was last answered and returns on
// the first rule broken, so that is the answer it failed; checks do not name it.
std::size_t culprit_index(const Json& exchanges) {
  for (std::size_t i = exchanges.size(); i > 0; --i) {
    if (text_at(exchanges[i - 1], "label") != kCleanupLabel) return i - 1;
  }
  return exchanges.size() - 1;
}

}  // namespace

std::string html(std::string_view raw) {
  std::string out;
  for (const char c : xml::to_xml_chars(raw)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_clipped(std::string_view raw) {
  std::string text = xml::to_xml_chars(raw);
  if (text.size() <= kShownBytesPerText) return html(text);
  std::size_t cut = kShownBytesPerText;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  const std::size_t left_out = text.size() - cut;
  text.resize(cut);
  return html(text) + "\n\xE2\x80\xA6 " + std::to_string(left_out) +
         " more bytes not shown here (the JSON report has them)";
}

std::string duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  if (seconds >= 1) return xml::format_fixed(seconds, 2) + " s";
  const double ms = seconds * 1000;
  return xml::format_fixed(ms, ms < 10 ? 1 : 0) + " ms";
}

void append_exchanges(std::string& out, const CaseReport& check) {
  if (!check.exchange_summary.empty()) {
    out += "<h3>Wire exchanges (" + std::to_string(check.exchange_summary.size()) +
           ", one line each)</h3>\n<ol class=\"xsum mono\">";
    for (const std::string& line : check.exchange_summary)
      out += "<li>" + html(line) + "</li>";
    out += "</ol>\n";
    return;
  }
  Json exchanges = check.exchanges;
  if (!exchanges.is_array())
    exchanges = exchanges.is_null() ? Json::array() : Json::array({exchanges});
  if (exchanges.empty()) {
    out += "<p class=\"muted\">No wire exchanges recorded.</p>\n";
    return;
  }
  const bool judged = check.verdict == Verdict::kFail || check.verdict == Verdict::kWarn ||
                      check.verdict == Verdict::kError;
  const std::size_t culprit = judged ? culprit_index(exchanges) : exchanges.size();
  out += "<h3>Wire exchanges (" + std::to_string(exchanges.size()) + ")</h3>\n";
  for (std::size_t i = 0; i < exchanges.size(); ++i)
    append_exchange(out, exchanges[i], i == culprit);
}

}  // namespace mcp::reports::html_page
