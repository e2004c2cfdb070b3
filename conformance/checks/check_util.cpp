#include "conformance/checks/check_util.hpp"

#include <algorithm>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "protocol/http_util.hpp"
#include "protocol/schema_example.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {

// ---- what came back --------------------------------------------------------

std::string brief(const Json& value, std::size_t max) {
  auto text = jsonrpc::serialize(value);
  if (text.size() > max) text = text.substr(0, max) + "...";
  return text;
}

std::string describe(const client::CallResult& r) {
  std::string out;
  if (r.http_status)
    out = "HTTP " + std::to_string(r.http_status) +
          (r.content_type.empty() ? "" : " (" + r.content_type + ")");
  if (r.response) out += (out.empty() ? "" : " ") + brief(*r.response);
  if (!r.error.empty()) out += (out.empty() ? "" : ", ") + r.error;
  return out.empty() ? "nothing" : out;
}

std::string describe(const client::HttpResponse& r) {
  if (!r.ok()) return "no answer: " + r.error_message;
  std::string out = "HTTP " + std::to_string(r.status);
  if (const auto type = r.header("Content-Type")) out += " (" + http::media_type(*type) + ")";
  if (!r.body.empty()) out += " " + r.body.substr(0, 240);
  if (r.sse) {
    // The first event with data: a 2025-11-25 stream opens with an empty priming event.
    const auto shown = std::find_if(r.events.begin(), r.events.end(),
                                    [](const auto& event) { return !event.data.empty(); });
    if (shown != r.events.end()) out += " " + shown->data.substr(0, 240);
  }
  return out;
}

std::optional<int> error_code(const client::CallResult& r) {
  if (!r.response) return std::nullopt;
  const auto code = member(member(*r.response, "error"), "code");
  if (!code.is_number_integer()) return std::nullopt;
  return code.get<int>();
}

bool has_result(const client::CallResult& r) {
  return r.ok() && r.response->is_object() && r.response->contains("result");
}

const Json& result_of(const client::CallResult& r) {
  static const Json kNone;
  return has_result(r) ? (*r.response)["result"] : kNone;
}

bool empty_result(const Json& result) {
  if (!result.is_object()) return false;
  for (const auto& [key, unused] : result.items()) {
    if (key != "_meta") return false;
  }
  return true;
}

Json first_message(const client::HttpResponse& r) {
  std::string text = r.body;
  if (r.sse) {
    for (const auto& e : r.events) {
      if (!e.data.empty()) {
        text = e.data;
        break;
      }
    }
  }
  auto parsed = jsonrpc::parse(text);
  return parsed.value.value_or(Json());
}

bool unanswered(const client::CallResult& r) {
  if (r.response) return false;
  switch (r.http_error) {
    case client::HttpError::kNone:
    case client::HttpError::kBodyTooLarge:
    case client::HttpError::kSseLimit:
      return r.http_status == 0;
    default:
      return true;
  }
}

bool unanswered(const client::HttpResponse& r) {
  if (r.status == 0) return true;
  const bool nothing_read = r.body.empty() && r.events.empty();
  return nothing_read &&
         (r.error == client::HttpError::kFirstByteTimeout ||
          r.error == client::HttpError::kIdleTimeout ||
          r.error == client::HttpError::kTotalTimeout || r.error == client::HttpError::kTransport);
}

client::CallResult answered(client::CallResult r, const std::string& what) {
  if (unanswered(r)) throw HarnessError("no answer to " + what + ": " + describe(r));
  return r;
}

client::HttpResponse answered(client::HttpResponse r, const std::string& what) {
  if (unanswered(r)) throw HarnessError("no answer to " + what + ": " + describe(r));
  return r;
}

std::string unhealthy(const client::CallResult& r, bool http) {
  if (http && r.http_status >= 500) return "HTTP " + std::to_string(r.http_status);
  if (r.response) return "";
  if (http && is_4xx(r.http_status)) return "";  // refused at the HTTP level: fine
  return "no answer: " + describe(r);
}

// ---- server values, read without trusting their types -----------------------

Json member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? Json() : *it;
}

std::string name_of(const Json& item) {
  const auto name = member(item, "name");
  return name.is_string() ? name.get<std::string>() : "?";
}

Json input_schema(const Json& tool) {
  const auto schema = member(tool, "inputSchema");
  return schema.is_null() ? Json::object() : schema;
}

bool is_tool_error(const Json& result) {
  const auto flag = member(result, "isError");
  if (flag.is_null()) return false;
  if (!flag.is_boolean())
    throw ServerValueError("a tool result whose isError is not a boolean: " + brief(result));
  return flag.get<bool>();
}

bool is_base64(const std::string& text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (padding || !(std::isalnum(ch) || ch == '+' || ch == '/')) {
      return false;
    }
  }
  return true;
}

bool is_media_type(const Json& value) {
  static const std::regex kType(R"(^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kType);
}

namespace {

bool has_string(const Json& object, const char* key) {
  return member(object, key).is_string();
}

std::string embedded_resource_problem(const Json& block) {
  const auto resource = member(block, "resource");
  if (!has_string(resource, "uri"))
    return "a resource block without resource.uri: " + brief(block, 120);
  const bool text = has_string(resource, "text");
  const bool blob = has_string(resource, "blob");
  if (!text && !blob) return "a resource block without text or blob: " + brief(block, 120);
  if (blob && !is_base64(resource["blob"].get<std::string>()))
    return "a resource blob that is not valid base64: " + brief(block, 120);
  if (resource.contains("mimeType") && !resource["mimeType"].is_string())
    return "a resource block whose mimeType is not a string: " + brief(block, 120);
  return "";
}

}  // namespace

std::string content_problem(const Json& block, ProtocolVersion version) {
  if (!block.is_object()) return "a content block that is not an object: " + brief(block);
  const auto type = member(block, "type");
  if (!type.is_string()) return "a content block without a string type: " + brief(block, 120);
  const auto t = type.get<std::string>();
  if (t == "text") return has_string(block, "text") ? "" : "a text block without a string text";
  if (t == "image" || (t == "audio" && version >= ProtocolVersion::k2025_03_26)) {
    if (!is_media_type(member(block, "mimeType")))
      return "an " + t + " block without a valid mimeType: " + brief(block, 120);
    if (!has_string(block, "data") || !is_base64(block["data"].get<std::string>()))
      return "an " + t + " block whose data is not valid base64: " + brief(block, 120);
    return "";
  }
  if (t == "resource") return embedded_resource_problem(block);
  if (t == "resource_link" && version >= ProtocolVersion::k2025_06_18) {
    if (!has_string(block, "uri") || !has_string(block, "name"))
      return "a resource_link without string uri and name: " + brief(block, 120);
    return "";
  }
  return "a content block of type \"" + t + "\", which " + std::string(to_string(version)) +
         " does not define";
}

// ---- what a check sends ------------------------------------------------------

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

std::string answered_method(const CheckContext& c) {
  return is_modern(c.version()) ? "server/discover" : "ping";
}

Json initialize_params(const std::string& version, Json capabilities, Json client_info) {
  if (client_info.is_null())
    client_info = {{"name", "mcp-conformance"}, {"version", kToolkitVersion}};
  return {{"protocolVersion", version},
          {"capabilities", std::move(capabilities)},
          {"clientInfo", std::move(client_info)}};
}

std::string initialize_body(const std::string& version, int id) {
  return jsonrpc::serialize(jsonrpc::make_request(id, "initialize", initialize_params(version)));
}

client::CallResult initialize_alone(CheckContext& c, const std::string& version, Json capabilities,
                                    Json client_info) {
  auto transport = c.new_transport();
  auto r = transport->request(
      jsonrpc::make_request(
          0, "initialize",
          initialize_params(version, std::move(capabilities), std::move(client_info))),
      "initialize " + version);
  if (auto* http = dynamic_cast<client::StreamableHttpTransport*>(transport.get());
      http && !http->session_id().empty()) {
    http->delete_session("cleanup");
  }
  transport->shutdown();
  return r;
}

Json tool_call(const std::string& name, const Json& arguments, const Json& progress_token) {
  Json params{{"name", name}, {"arguments", arguments}};
  if (!progress_token.is_null()) params["_meta"] = {{"progressToken", progress_token}};
  return params;
}

std::pair<Json, std::string> schema_breaking_arguments(const Json& schema, const Json& good) {
  const auto properties = member(schema, "properties");
  const auto required = member(schema, "required");
  std::vector<std::string> order;  // required properties first
  if (required.is_array()) {
    for (const auto& r : required) {
      if (r.is_string()) order.push_back(r.get<std::string>());
    }
  }
  if (properties.is_object()) {
    for (const auto& [name, unused] : properties.items())
      order.push_back(name);
  }
  for (const auto& name : order) {
    const auto type = member(member(properties, name), "type");
    if (!type.is_string()) continue;
    const auto t = type.get<std::string>();
    Json wrong;
    if (t == "string") {
      wrong = 12345;
    } else if (t == "number" || t == "integer") {
      wrong = "not-a-number";
    } else if (t == "boolean" || t == "object" || t == "array" || t == "null") {
      wrong = "not-a-" + t;
    } else {
      continue;
    }
    Json arguments = good.is_object() ? good : Json::object();
    arguments[name] = wrong;
    return {arguments, "argument \"" + name + "\" (" + t + ") given " + wrong.dump()};
  }
  if (required.is_array() && !required.empty() && required[0].is_string() && good.is_object()) {
    Json arguments = good;
    arguments.erase(required[0].get<std::string>());
    return {arguments, "required argument \"" + required[0].get<std::string>() + "\" left out"};
  }
  return {nullptr, ""};
}

// ---- sessions ----------------------------------------------------------------

bool over_http(const CheckContext& c) {
  return c.facts().transport != client::TransportKind::kStdio;
}

bool legacy_sse(const CheckContext& c) {
  return c.facts().transport == client::TransportKind::kLegacySse;
}

client::Headers session_post_headers(const CheckContext& c, McpSession& s) {
  const auto* http = s.http();
  return CheckContext::post_headers(http ? http->session_id() : "",
                                    c.version() >= ProtocolVersion::k2025_06_18 ? s.version() : "");
}

void watch_get_stream(const CheckContext& c, McpSession& s) {
  if (auto* http = s.http(); http && c.facts().issues_sessions) http->open_get_stream("GET stream");
}

client::HttpResponse send_without_token(CheckContext& c, const std::string& method,
                                        client::Headers headers, const std::string& body,
                                        const std::string& url) {
  headers.emplace_back("User-Agent", std::string("mcp-conformance/") + kToolkitVersion);
  for (const auto& h : c.target().headers) {
    if (!http::iequals(h.first, "Authorization")) headers.push_back(h);
  }
  client::StreamHandlers handlers;
  handlers.on_event = [](const sse::Event&) { return false; };  // a stream opened: enough seen
  client::Deadlines deadlines = c.target().deadlines;
  deadlines.idle = std::min(deadlines.idle, std::chrono::milliseconds(3000));
  return c.connector().exchange(
      c.target(), {method, url.empty() ? c.target().url : url, headers, body}, deadlines,
      method + " (authorization probe)", c.transcript(), handlers);
}

namespace {

ObserveWait& observe_wait() {
  static ObserveWait wait = [](std::chrono::milliseconds window) {
    std::this_thread::sleep_for(window);
  };
  return wait;
}

}  // namespace

ObserveWait set_observe_wait(ObserveWait wait) {
  return std::exchange(observe_wait(), std::move(wait));
}

void observe(std::chrono::milliseconds window) {
  observe_wait()(window);
}

// ---- 2026-07-28 raw exchanges ------------------------------------------------

Json modern_request(const CheckContext& c, const std::string& method, Json params, Json id) {
  auto message = jsonrpc::make_request(std::move(id), method, std::move(params));
  modern::add_envelope(message, c.envelope());
  return message;
}

void set_header(client::Headers& headers, const std::string& name, const std::string& value) {
  drop_header(headers, name);
  headers.emplace_back(name, value);
}

void drop_header(client::Headers& headers, const std::string& name) {
  std::erase_if(headers, [&](const auto& h) { return http::iequals(h.first, name); });
}

client::HttpResponse post_modern(CheckContext& c, const Json& request, const HeaderEdit& edit,
                                 const std::vector<modern::HeaderParam>& header_params) {
  auto headers = client::modern_headers(c.version_text(), request, header_params);
  if (edit) edit(headers);
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json, text/event-stream");
  return c.http("POST", headers, jsonrpc::serialize(request));
}

Json response_in(const client::HttpResponse& r) {
  if (!r.sse) return first_message(r);
  for (const auto& e : r.events) {
    if (e.data.empty()) continue;
    const auto parsed = jsonrpc::parse(e.data);
    if (parsed.value && parsed.value->is_object() && parsed.value->contains("id"))
      return *parsed.value;
  }
  return nullptr;
}

std::string not_refused(const client::HttpResponse& r, int status, int code) {
  const auto error = member(response_in(r), "error");
  if (r.status == status && member(error, "code") == Json(code)) return "";
  return describe(r);
}

std::string not_served(const client::HttpResponse& r) {
  const auto message = response_in(r);
  if (is_2xx(r.status) && message.is_object() && message.contains("result")) return "";
  return describe(r);
}

// ---- lists -------------------------------------------------------------------

ListWalk walk_list(McpSession& s, const std::string& method, const std::string& key) {
  ListWalk walk;
  Json params = Json::object();
  std::set<std::string> cursors;
  for (int page = 0; page < 100; ++page) {
    const auto r = s.request(method, params);
    if (!has_result(r)) {
      walk.unanswered = unanswered(r);
      walk.cursor_problem = page > 0;
      walk.problem =
          method +
          (page ? " page " + std::to_string(page + 1) + " (cursor " + params["cursor"].dump() + ")"
                : std::string()) +
          " answered " + describe(r);
      return walk;
    }
    walk.pages.push_back(*r.response);
    const auto& result = result_of(r);
    const auto items = member(result, key);
    if (!items.is_array()) {
      walk.problem = "a result without a " + key + " array: " + brief(result);
      return walk;
    }
    walk.items.insert(walk.items.end(), items.begin(), items.end());
    const auto next = member(result, "nextCursor");
    if (next.is_null()) return walk;
    walk.cursor_problem = true;
    if (!next.is_string()) {
      walk.problem = "nextCursor that is not a string: " + brief(next);
      return walk;
    }
    if (!cursors.insert(next.get<std::string>()).second) {
      walk.problem = "cursor " + next.dump() + " handed out twice (a loop)";
      return walk;
    }
    walk.cursor_problem = false;
    params["cursor"] = next;
  }
  walk.problem = "more than 100 pages";
  return walk;
}

std::string schema_problem(const CheckContext& c, const std::vector<Json>& pages,
                           const std::string& method) {
  for (const auto& page : pages) {
    const auto problems = c.schemas().validate(c.version(), page, method);
    if (problems.empty()) continue;
    return problems.front() +
           (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : "");
  }
  return "";
}

CheckFunction list_check(ListShape shape) {
  return [shape = std::move(shape)](CheckContext& c) {
    auto s = session(c);
    const auto walk = walk_list(*s, shape.method, shape.key);
    if (walk.pages.empty()) return Outcome::fail("a " + shape.method + " result", walk.problem);
    if (const auto problem = schema_problem(c, walk.pages, shape.method); !problem.empty()) {
      return Outcome::fail(
          "a " + shape.result_type + " valid against the " + c.version_text() + " schema", problem);
    }
    for (const auto& item : walk.items) {
      if (const auto problem = shape.item_problem(item); !problem.empty())
        return Outcome::fail("every " + shape.noun + " well typed", problem);
    }
    if (shape.every_page && !walk.problem.empty())
      return Outcome::fail("every page of " + shape.method, walk.problem);
    return Outcome::pass(std::to_string(walk.items.size()) + " " + shape.noun + "(s) on " +
                         std::to_string(walk.pages.size()) + " page(s)");
  };
}

CheckFunction capability_check(std::string capability, std::vector<std::string> flags) {
  return [capability = std::move(capability), flags = std::move(flags)](CheckContext& c) {
    const auto method = capability + "/list";
    auto s = session(c);
    const auto r = s->request(method);
    if (c.facts().has_capability(capability)) {
      const auto declared = member(c.facts().capabilities, capability);
      if (!declared.is_object())
        return Outcome::fail("capabilities." + capability + ", an object", brief(declared));
      for (const auto& flag : flags) {
        if (declared.contains(flag) && !declared[flag].is_boolean())
          return Outcome::fail(flag + ", a boolean", brief(declared));
      }
      if (!has_result(r))
        return Outcome::fail(method + " to answer (" + capability + " is declared)", describe(r));
      return Outcome::pass();
    }
    // Not declared: the list must not list; silence shows nothing either way.
    const auto listed = member(result_of(answered(r, method)), capability);
    if (listed.is_array() && !listed.empty()) {
      const auto noun = capability.substr(0, capability.size() - 1);
      return Outcome::fail(
          "the " + capability + " capability declared",
          method + " lists " + std::to_string(listed.size()) + " " + noun + "(s) without it");
    }
    return Outcome::pass("no " + capability + " capability, and no " + capability + " listed");
  };
}

// ---- what the server sends while a tool runs --------------------------------

std::vector<std::pair<std::string, Json>> talking_tools(const ServerFacts& facts,
                                                        std::string_view fixture) {
  std::vector<std::pair<std::string, Json>> out;
  if (!facts.call_tool.is_null())
    out.emplace_back(string_member(facts.call_tool, "name"), facts.call_arguments);
  if (may_call_named(facts, fixture) && (out.empty() || out.front().first != fixture))
    out.emplace_back(std::string(fixture), Json::object());
  return out;
}

std::vector<Received> server_messages(const std::vector<client::Exchange>& exchanges) {
  std::vector<Received> out;
  const auto add = [&](double at, const std::string& text) {
    for (auto& m : jsonrpc::parse_messages(text))
      out.push_back({at, std::move(m)});
  };
  for (const auto& e : exchanges) {
    if (e.transport == "stdio") {
      if (e.method == "receive") add(e.started_ms, e.response_body);
      continue;
    }
    for (const auto& event : e.events) {
      if (!event.data.empty()) add(event.at_ms, event.data);
    }
    if (!e.sse && !e.response_body.empty())
      add(e.first_byte_ms >= 0 ? e.first_byte_ms : e.completed_ms, e.response_body);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Received& a, const Received& b) { return a.at < b.at; });
  return out;
}

bool is_response_to(const Json& message, const Json& id) {
  return message.is_object() && !message.contains("method") && member(message, "id") == id;
}

bool is_progress(const Json& message) {
  return string_member(message, "method") == "notifications/progress";
}

Json progress_token_of(const Json& message) {
  return member(member(message, "params"), "progressToken");
}

bool same_token(const Json& a, const Json& b) {
  return a == b && a.is_string() == b.is_string() && a.is_number_integer() == b.is_number_integer();
}

}  // namespace mcp::conformance
