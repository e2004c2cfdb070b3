// The run report as one self-contained HTML page: inline CSS and script, nothing
// fetched from anywhere (a Content-Security-Policy says so to the browser too), and
// every piece of data escaped, so a report about a hostile server is safe to open.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "reports/run_report.hpp"
#include "reports/xml_text.hpp"

namespace mcp::reports {
namespace {

// A body or event larger than this is cut in the page (the JSON report keeps it all),
// so one huge response cannot make the page too heavy to open.
constexpr std::size_t kShownBytesPerText = 64 * 1024;

// The filter order, also used for the counters.
constexpr Verdict kVerdictOrder[] = {Verdict::kFail,  Verdict::kWarn, Verdict::kSkip,
                                     Verdict::kError, Verdict::kInfo, Verdict::kPass};

constexpr std::string_view kStyle = R"css(
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;
--warn-bg:#fff8c5;--skip:#59636e;--skip-bg:#eaeef2;--error:#8250df;--error-bg:#fbefff;
--info:#0969da;--info-bg:#ddf4ff}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;
--panel:#151b23;--line:#3d444d;--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;
--fail-bg:#2d1214;--warn:#d29922;--warn-bg:#272115;--skip:#9198a1;--skip-bg:#212830;
--error:#ab7df8;--error-bg:#231a33;--info:#4493f8;--info-bg:#121d2f}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;color:var(--fg);background:var(--bg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 20px 64px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
h1{font-size:24px;margin:0 0 4px;letter-spacing:-.01em}
.target{font-size:15px;word-break:break-all}
.meta{display:flex;flex-wrap:wrap;gap:2px 22px;margin:10px 0 0;padding:0;list-style:none;color:var(--muted)}
.meta b{color:var(--fg);font-weight:600}
.banner{margin:22px 0 14px;padding:12px 16px;border-radius:8px;font-weight:600;font-size:17px}
.banner.passed{background:var(--pass-bg);color:var(--pass)}
.banner.failed{background:var(--fail-bg);color:var(--fail)}
.banner small{font-weight:400;font-size:14px;color:var(--fg)}
.v-pass{--c:var(--pass);--cb:var(--pass-bg)}.v-fail{--c:var(--fail);--cb:var(--fail-bg)}
.v-warn{--c:var(--warn);--cb:var(--warn-bg)}.v-skip{--c:var(--skip);--cb:var(--skip-bg)}
.v-error{--c:var(--error);--cb:var(--error-bg)}.v-info{--c:var(--info);--cb:var(--info-bg)}
.v-total{--c:var(--fg);--cb:var(--panel)}
.counters{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px}
.counter{border:1px solid var(--line);border-left:4px solid var(--c);border-radius:8px;padding:8px 14px;background:var(--panel)}
.counter .n{display:block;font-size:26px;font-weight:700;color:var(--c);font-variant-numeric:tabular-nums}
.counter .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
details.server{margin:14px 0 0}
details.server>summary{cursor:pointer;color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin:26px 0 6px}
.filters button{font:inherit;font-size:14px;padding:3px 14px;border-radius:999px;cursor:pointer;
border:1px solid var(--line);background:var(--bg);color:var(--fg)}
.filters button:hover{border-color:var(--muted)}
.filters button[aria-pressed=true]{background:var(--fg);color:var(--bg);border-color:var(--fg)}
.none{color:var(--muted)}
.suite{margin-top:30px}
.suite h2{font-size:18px;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
.suite h2 .sub{font-size:13px;font-weight:400;color:var(--muted)}
.checks{border:1px solid var(--line);border-radius:8px;overflow:hidden}
.check+.check{border-top:1px solid var(--line)}
.check>summary{display:grid;grid-template-columns:5.2em 1fr auto;gap:0 12px;align-items:baseline;
padding:8px 14px;cursor:pointer;list-style:none}
.check>summary::-webkit-details-marker{display:none}
.check>summary:hover,.check[open]>summary{background:var(--panel)}
.check[open]>summary{border-bottom:1px solid var(--line)}
.pill{display:inline-block;text-align:center;padding:0 8px;border-radius:999px;font-size:11px;
font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--c);background:var(--cb)}
.id{font-weight:600}
.level{font-size:11px;font-weight:700;padding:0 5px;border:1px solid var(--line);border-radius:4px;color:var(--muted)}
.badge{font-size:11px;padding:0 6px;border-radius:4px;background:var(--panel);border:1px solid var(--line);color:var(--muted)}
.badge.stale{color:var(--fail);border-color:var(--fail)}
.time{color:var(--muted);font-size:13px;font-variant-numeric:tabular-nums;white-space:nowrap}
.line{grid-column:2/4;color:var(--c);font-size:13px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.detail{padding:12px 18px 16px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:0 0 10px}
.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-word}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:4px 0 10px;
overflow:auto;max-height:480px;white-space:pre-wrap;word-break:break-word}
pre.message{border-left:4px solid var(--c)}
h3{font-size:14px;margin:14px 0 6px}
h4{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:10px 0 4px}
.exchange{border:1px solid var(--line);border-radius:6px;margin:8px 0}
.exchange>summary{padding:6px 10px;cursor:pointer;word-break:break-all}
.exchange[open]>summary{border-bottom:1px solid var(--line)}
.exchange>div{padding:4px 12px 8px}
.muted{color:var(--muted)}
.status{font-weight:700}.s2{color:var(--pass)}.s3{color:var(--muted)}.s4,.s5,.s0{color:var(--fail)}
.xerror{color:var(--fail);font-weight:600}
table.headers,table.events{border-collapse:collapse;font-size:13px;margin:2px 0 8px;width:100%}
table.headers td{padding:1px 12px 1px 0;vertical-align:top;word-break:break-all}
table.headers td:first-child{color:var(--muted);white-space:nowrap;width:1%}
table.events th{text-align:left;font-weight:600;color:var(--muted);padding:2px 10px 2px 0;border-bottom:1px solid var(--line)}
table.events td{vertical-align:top;padding:4px 10px 0 0;white-space:nowrap}
table.events td:last-child{white-space:normal;width:100%}
table.events pre{margin:0 0 4px}
footer{margin-top:40px;color:var(--muted);font-size:13px}
)css";

// Filters by toggling `hidden`; without script the bar stays hidden and every check shows.
constexpr std::string_view kScript = R"js(
(function () {
  var bar = document.getElementById('filters');
  var none = document.getElementById('no-match');
  var checks = document.querySelectorAll('.check');
  var suites = document.querySelectorAll('.suite');
  function show(verdict) {
    var shown = 0;
    checks.forEach(function (check) {
      check.hidden = verdict !== 'all' && check.getAttribute('data-verdict') !== verdict;
      if (!check.hidden) shown++;
    });
    suites.forEach(function (suite) {
      suite.hidden = verdict !== 'all' && !suite.querySelector('.check:not([hidden])');
    });
    bar.querySelectorAll('button').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-verdict') === verdict));
    });
    none.hidden = shown > 0 || verdict === 'all';
  }
  bar.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (button) show(button.getAttribute('data-verdict'));
  });
  bar.hidden = false;
  show('all');
})();
)js";

// Element content and quoted attribute values alike: valid UTF-8, no characters HTML
// forbids, and & < > " ' as references.
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

// As html(), cut after kShownBytesPerText bytes (at a character boundary) with a note.
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

// ---- reading the exchange JSON (client::to_json(Exchange)) without trusting its shape ----

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// A string as itself, any other scalar as its JSON text, nothing as "".
std::string text_of(const Json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_structured()) return {};
  return jsonrpc::serialize(*value);
}

std::string text_at(const Json& object, std::string_view key) {
  return text_of(member(object, key));
}

const Json* number_at(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_number() ? value : nullptr;
}

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

void append_exchange(std::string& out, const Json& exchange) {
  if (!exchange.is_object()) {
    out += "<pre>" + html_clipped(exchange.dump(2, ' ', false, Json::error_handler_t::replace)) +
           "</pre>\n";
    return;
  }
  const Json empty = Json::object();
  const Json* request_member = member(exchange, "request");
  const Json* response_member = member(exchange, "response");
  const Json* timing_member = member(exchange, "timing_ms");
  const Json& request = request_member != nullptr ? *request_member : empty;
  const Json& response = response_member != nullptr ? *response_member : empty;
  const Json& timing = timing_member != nullptr ? *timing_member : empty;
  const Json* status = number_at(response, "status");
  const Json* started = number_at(timing, "started");
  const Json* completed = number_at(timing, "completed");
  const std::string error = text_at(exchange, "error");

  out += "<details class=\"exchange\" open><summary>";
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
  const std::string transport = text_at(exchange, "transport");
  if (!transport.empty() && transport != "http")
    out += " <span class=\"badge\">" + html(transport) + "</span>";
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
  out += "</div></details>\n";
}

// ---- checks and suites ----

void append_fact(std::string& out, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  out += "<dt>" + std::string(name) + "</dt><dd>" + html(value) + "</dd>";
}

void append_check(std::string& out, const CaseReport& check) {
  const std::string verdict(to_string(check.verdict));
  out += "<details class=\"check v-" + verdict + "\" data-verdict=\"" + verdict + "\"><summary>";
  out += "<span><span class=\"pill\">" + verdict + "</span></span><span>";
  out += "<code class=\"id\">" + html(check.id) + "</code> ";
  if (!check.level.empty()) out += "<span class=\"level\">" + html(check.level) + "</span> ";
  out += html(check.title);
  if (check.expected_failure && !check.stale)
    out += " <span class=\"badge\">expected failure</span>";
  if (check.stale) out += " <span class=\"badge stale\">stale expectation</span>";
  out += "</span><span class=\"time\">" + duration(check.seconds) + "</span>";
  if (check.stale) {
    out +=
        "<span class=\"line v-fail\">expected to fail, but passed: remove it from the "
        "expected-failures file</span>";
  } else if (check.verdict != Verdict::kPass && !check.message.empty()) {
    out += "<span class=\"line\">" + html(check.message) + "</span>";
  }
  out += "</summary>\n<div class=\"detail\">\n<dl class=\"facts\">";
  append_fact(out, "Requirement", check.requirement);
  append_fact(out, "Level", check.level);
  if (check.spec_url.empty()) {
    append_fact(out, "Section", check.section);
  } else {
    out += "<dt>Section</dt><dd><a href=\"" + html(check.spec_url) + "\">" + html(check.section) +
           "</a></dd>";
  }
  append_fact(out, "Rule", check.rule);
  append_fact(out, "Area", check.area);
  append_fact(out, "Verdict", verdict);
  append_fact(out, "Time", duration(check.seconds));
  if (check.expected_failure) {
    append_fact(out, "Expected to fail",
                check.expected_reason.empty() ? std::string("yes") : check.expected_reason);
  }
  if (check.stale) {
    append_fact(out, "Stale",
                "listed as expected to fail, but passed: remove it from the expected-failures "
                "file");
  }
  out += "</dl>\n";
  if (!check.description.empty()) out += "<p>" + html(check.description) + "</p>\n";
  if (!check.message.empty())
    out += "<pre class=\"message\">" + html_clipped(check.message) + "</pre>\n";

  const Json& exchanges = check.exchanges;
  const std::size_t exchange_count =
      exchanges.is_array() ? exchanges.size() : (exchanges.is_null() ? 0 : 1);
  if (exchange_count > 0) {
    out += "<h3>Wire exchanges (" + std::to_string(exchange_count) + ")</h3>\n";
    if (exchanges.is_array()) {
      for (const Json& exchange : exchanges)
        append_exchange(out, exchange);
    } else {
      append_exchange(out, exchanges);
    }
  } else {
    out += "<p class=\"muted\">No wire exchanges recorded.</p>\n";
  }
  out += "</div></details>\n";
}

void append_suite(std::string& out, const SuiteReport& suite) {
  const Counts counts = count(suite);
  out += "<section class=\"suite\"><h2>" + html(suite.name) + "<span class=\"sub\">";
  std::string sub;
  if (!suite.area.empty()) sub += html(suite.area) + " \xC2\xB7 ";
  if (!suite.protocol_version.empty())
    sub += "protocol " + html(suite.protocol_version) + " \xC2\xB7 ";
  sub += std::to_string(counts.total()) + " checks: " + std::to_string(counts.pass) + " passed";
  if (counts.fail > 0) sub += ", " + std::to_string(counts.fail) + " failed";
  if (counts.warn > 0) sub += ", " + std::to_string(counts.warn) + " warned";
  if (counts.skip > 0) sub += ", " + std::to_string(counts.skip) + " skipped";
  if (counts.info > 0) sub += ", " + std::to_string(counts.info) + " informational";
  if (counts.error > 0)
    sub += ", " + std::to_string(counts.error) + (counts.error == 1 ? " error" : " errors");
  out += sub + "</span></h2>\n<div class=\"checks\">\n";
  std::vector<const CaseReport*> ordered;
  for (const CaseReport& check : suite.cases)
    ordered.push_back(&check);
  std::stable_sort(ordered.begin(), ordered.end(), [](const CaseReport* a, const CaseReport* b) {
    return severity_rank(*a) < severity_rank(*b);
  });
  for (const CaseReport* check : ordered)
    append_check(out, *check);
  out += "</div></section>\n";
}

int count_of(const Counts& counts, Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return counts.pass;
    case Verdict::kFail:
      return counts.fail;
    case Verdict::kWarn:
      return counts.warn;
    case Verdict::kSkip:
      return counts.skip;
    case Verdict::kError:
      return counts.error;
    case Verdict::kInfo:
      return counts.info;
  }
  return 0;
}

void append_meta(std::string& out, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  out += "<li>" + std::string(name) + " <b>" + html(value) + "</b></li>";
}

std::string server_name(const Json& server) {
  const Json* info = member(server, "serverInfo");
  if (info == nullptr) return {};
  std::string name = text_at(*info, "name");
  const std::string version = text_at(*info, "version");
  if (!version.empty()) name += (name.empty() ? "" : " ") + version;
  return name;
}

void append_header(std::string& out, const RunReport& report) {
  out += "<header>\n<h1>MCP conformance report</h1>\n<div class=\"target mono\">" +
         html(report.target) + "</div>\n<ul class=\"meta\">";
  append_meta(out, "Transport", report.transport);
  append_meta(out, "Profile", report.profile);
  append_meta(out, "Strict", report.strict ? "yes" : "no");
  append_meta(out, "Started", report.started_at);
  append_meta(out, "Took", duration(report.seconds));
  append_meta(out, "Host", report.hostname);
  append_meta(out, "Server", server_name(report.server));
  out += "</ul>\n";
  for (const auto& note : report.notes)
    out += "<p class=\"note\">Note: " + html(note) + "</p>\n";
  out += "</header>\n";
}

void append_summary(std::string& out, const RunReport& report, const Counts& totals) {
  const bool passed = report.exit_code == 0;
  out += std::string("<div class=\"banner ") +
         (passed ? "passed\">\xE2\x9C\x93 Passed" : "failed\">\xE2\x9C\x97 Failed") +
         " <small>exit code " + std::to_string(report.exit_code) +
         (report.strict ? " \xC2\xB7 strict: warnings count as failures" : "") +
         "</small></div>\n<div class=\"counters\">";
  for (const Verdict verdict : kVerdictOrder) {
    const std::string name(to_string(verdict));
    out += "<div class=\"counter v-" + name + "\"><span class=\"n\">" +
           std::to_string(count_of(totals, verdict)) + "</span><span class=\"l\">" + name +
           "</span></div>";
  }
  out += "<div class=\"counter v-total\"><span class=\"n\">" + std::to_string(totals.total()) +
         "</span><span class=\"l\">total</span></div></div>\n";
  if (report.server.is_object() && !report.server.empty()) {
    out += "<details class=\"server\"><summary>Server as seen by the run</summary><pre>" +
           html_clipped(report.server.dump(2, ' ', false, Json::error_handler_t::replace)) +
           "</pre></details>\n";
  }
}

void append_filters(std::string& out, const Counts& totals) {
  out +=
      "<nav class=\"filters\" id=\"filters\" aria-label=\"Show checks by verdict\" hidden>"
      "<button type=\"button\" data-verdict=\"all\" aria-pressed=\"true\">all " +
      std::to_string(totals.total()) + "</button>";
  for (const Verdict verdict : kVerdictOrder) {
    const std::string name(to_string(verdict));
    out += "<button type=\"button\" data-verdict=\"" + name + "\" aria-pressed=\"false\">" + name +
           " " + std::to_string(count_of(totals, verdict)) + "</button>";
  }
  out += "</nav>\n<p class=\"none\" id=\"no-match\" hidden>No check has this verdict.</p>\n";
}

}  // namespace

std::string to_html(const RunReport& report) {
  const Counts totals = count(report);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // Belt and braces: even a page that somehow carried markup could load nothing.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
      "<title>MCP conformance: " +
      html(report.target) + "</title>\n<style>" + std::string(kStyle) +
      "</style>\n</head>\n<body>\n<main>\n";
  append_header(out, report);
  append_summary(out, report, totals);
  append_filters(out, totals);
  if (report.suites.empty()) out += "<p class=\"none\">The run holds no checks.</p>\n";
  for (const SuiteReport& suite : report.suites)
    append_suite(out, suite);
  out += "<footer>Written by mcp-conformance " + html(report.tool_version) +
         ". The JSON report holds the same data for programs.</footer>\n</main>\n<script>" +
         std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace mcp::reports
