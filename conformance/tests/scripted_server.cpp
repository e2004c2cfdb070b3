#include "conformance/tests/scripted_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <ostream>

#include "conformance/checks/check_util.hpp"
#include "conformance/run_steps.hpp"
#include "protocol/headers.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::conformance::scripted {
namespace {

using ::testing::_;
using ::testing::NiceMock;

const Json kServerInfo{{"name", "scripted"}, {"version", "1.0.0"}};

/// A loopback port bound for the whole test run but never listened on, so a
/// connection to it is refused at once: where checks that open connections of
/// their own (not through the connector) end up.
std::string refusing_url() {
  static const std::string url = [] {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    auto* any = static_cast<void*>(&address);
    if (fd < 0 || bind(fd, static_cast<sockaddr*>(any), size) != 0 ||
        getsockname(fd, static_cast<sockaddr*>(any), &size) != 0)
      throw std::runtime_error("cannot reserve a loopback port");
    return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/mcp";
  }();
  return url;
}

bool is_http(client::TransportKind kind) {
  return kind != client::TransportKind::kStdio;
}

Json capabilities_of_everything(ProtocolVersion version) {
  Json capabilities{{"tools", {{"listChanged", true}}},
                    {"resources", {{"subscribe", true}, {"listChanged", true}}},
                    {"prompts", {{"listChanged", true}}},
                    {"logging", Json::object()}};
  if (version >= ProtocolVersion::k2025_03_26) capabilities["completions"] = Json::object();
  if (version >= ProtocolVersion::k2025_11_25)
    capabilities["tasks"] = {{"requests", {{"tools", {{"call", Json::object()}}}}}};
  return capabilities;
}

/// What the handshake answers: initialize's result, or server/discover's.
Json handshake_result(const ServerFacts& facts) {
  if (is_modern(facts.version)) {
    return {{"supportedVersions", {std::string(to_string(facts.version))}},
            {"capabilities", facts.capabilities},
            {"resultType", "complete"},
            {"_meta", {{modern::kServerInfoKey, kServerInfo}}}};
  }
  return {{"protocolVersion", std::string(to_string(facts.version))},
          {"capabilities", facts.capabilities},
          {"serverInfo", kServerInfo}};
}

ServerFacts base_facts(ProtocolVersion version, client::TransportKind kind, Json capabilities) {
  ServerFacts facts;
  facts.version = version;
  facts.transport = kind;
  facts.speaks_legacy = !is_modern(version);
  facts.capabilities = std::move(capabilities);
  facts.init_result = handshake_result(facts);
  facts.call_tool_note = "the server lists no tool annotated readOnlyHint";
  return facts;
}

/// The messages of the handshake of `version`'s era.
bool is_handshake(const std::string& method, ProtocolVersion version) {
  if (is_modern(version)) return method == "server/discover";
  return method == "initialize" || method == "notifications/initialized";
}

/// Adds what 2026-07-28 results carry: resultType, and the cache fields of lists.
Json modern_result(const std::string& method, Json result) {
  if (!result.is_object()) return result;
  if (!result.contains("resultType")) result["resultType"] = "complete";
  if (method.ends_with("/list") || method == "resources/read") {
    if (!result.contains("ttlMs")) result["ttlMs"] = 0;
    if (!result.contains("cacheScope")) result["cacheScope"] = "private";
  }
  return result;
}

const Json* find_named(const std::vector<Json>& items, const std::string& key, const Json& value) {
  const auto it = std::find_if(items.begin(), items.end(),
                               [&](const Json& item) { return member(item, key) == value; });
  return it == items.end() ? nullptr : &*it;
}

/// What the transcript records of one message and its answer: an HTTP
/// exchange (the answer as JSON, or an SSE stream when messages came before
/// it), or for stdio the line sent and each line received.
std::vector<client::Exchange> exchanges_of(const std::string& label, const Json& message,
                                           const client::CallResult& answer,
                                           client::TransportKind kind, double now) {
  std::vector<Json> sent = answer.related;
  if (answer.response) sent.push_back(*answer.response);
  client::Exchange e;
  e.label = label;
  e.started_ms = e.first_byte_ms = e.completed_ms = now;
  e.error = answer.error;
  if (!is_http(kind)) {
    e.transport = "stdio";
    e.method = "send";
    e.request_body = message.dump();
    std::vector<client::Exchange> out{e};
    for (const auto& m : sent) {
      client::Exchange line;
      line.label = label;
      line.transport = "stdio";
      line.method = "receive";
      line.response_body = m.dump();
      line.started_ms = line.completed_ms = now;
      out.push_back(std::move(line));
    }
    return out;
  }
  e.method = "POST";
  e.request_body = message.dump();
  e.status = answer.http_status;
  if (!answer.content_type.empty()) e.response_headers = {{"Content-Type", answer.content_type}};
  if (answer.related.empty()) {
    if (answer.response) e.response_body = answer.response->dump();
    return {e};
  }
  e.sse = true;
  e.response_headers = {{"Content-Type", "text/event-stream"}};
  for (const auto& m : sent)
    e.events.push_back({now, "message", "", m.dump(), std::nullopt});
  return {e};
}

}  // namespace

client::CallResult result(const Json& request, Json result) {
  client::CallResult r;
  r.response = Json{{"jsonrpc", "2.0"}, {"id", member(request, "id")}, {"result", result}};
  r.http_status = 200;
  r.content_type = "application/json";
  return r;
}

client::CallResult error(const Json& request, int code, const std::string& message) {
  client::CallResult r;
  r.response = Json{{"jsonrpc", "2.0"},
                    {"id", member(request, "id")},
                    {"error", {{"code", code}, {"message", message}}}};
  r.http_status = 200;
  r.content_type = "application/json";
  return r;
}

client::CallResult no_answer() {
  client::CallResult r;
  r.http_error = client::HttpError::kFirstByteTimeout;
  r.error = "no response within the deadline (scripted silence)";
  return r;
}

std::ostream& operator<<(std::ostream& out, const Verdict& verdict) {
  return out << reports::to_string(verdict.verdict) << ": " << verdict.message;
}

Json tool(const std::string& name, bool read_only) {
  return {{"name", name},
          {"description", "a scripted tool"},
          {"inputSchema",
           {{"type", "object"},
            {"properties", {{"text", {{"type", "string"}}}}},
            {"required", {"text"}}}},
          {"annotations", {{"readOnlyHint", read_only}}}};
}

std::string method_of(const Json& message) {
  const auto method = member(message, "method");
  return method.is_string() ? method.get<std::string>() : std::string();
}

ServerFacts everything(ProtocolVersion version, client::TransportKind kind) {
  auto facts = base_facts(version, kind, capabilities_of_everything(version));
  facts.issues_sessions = kind == client::TransportKind::kStreamableHttp && !is_modern(version);
  facts.tools = {tool("echo")};
  facts.call_tool = facts.tools.front();
  facts.call_arguments = {{"text", "conformance"}};
  facts.call_tool_note.clear();
  facts.resources = {{{"uri", "test://hello"}, {"name", "hello"}, {"mimeType", "text/plain"}}};
  facts.templates = {{{"uriTemplate", "test://items/{id}"}, {"name", "item"}}};
  facts.prompts = {{{"name", "greet"},
                    {"description", "a scripted prompt"},
                    {"arguments", {{{"name", "who"}, {"required", true}}}}}};
  return facts;
}

ServerFacts nothing(ProtocolVersion version, client::TransportKind kind) {
  return base_facts(version, kind, Json::object());
}

Server::Server(ServerFacts server_facts) : facts(std::move(server_facts)) {
  if (facts.transport == client::TransportKind::kStdio) {
    target.stdio_command = "scripted-server";
  } else {
    target.url = refusing_url();
  }
  target.has_bearer = true;
  target.headers = {{"Authorization", "Bearer scripted-token"}};
  auto& d = target.deadlines;
  d.connect = d.first_byte = d.idle = d.total = std::chrono::milliseconds(200);
  ON_CALL(connector_, connect(_, _, _))
      .WillByDefault([this](const Target&, client::TransportKind kind,
                            client::Transcript& transcript) { return connect(kind, transcript); });
  ON_CALL(connector_, exchange(_, _, _, _, _, _))
      .WillByDefault(
          [this](const Target&, const client::HttpRequest& request, const client::Deadlines&,
                 const std::string& label, client::Transcript& transcript,
                 const client::StreamHandlers&) { return exchange(request, label, transcript); });
}

void Server::on(const std::string& method, Handler handler) {
  handlers_[method] = std::move(handler);
}

void Server::on_raw(RawHandler handler) {
  raw_handlers_.push_back(std::move(handler));
}

std::vector<Json> Server::received() const {
  const std::lock_guard lock(mutex_);
  return received_;
}

std::vector<Json> Server::received(const std::string& method) const {
  std::vector<Json> out;
  for (auto& m : received()) {
    if (method_of(m) == method) out.push_back(std::move(m));
  }
  return out;
}

client::CallResult Server::answer(const Json& message) {
  {
    const std::lock_guard lock(mutex_);
    received_.push_back(message);
  }
  const auto method = method_of(message);
  const bool request = message.is_object() && message.contains("id");
  if (silent_) {
    // Silent but for the handshake the harness makes, done right.
    if (!is_handshake(method, facts.version)) return no_answer();
    if (request) {
      auto handshake = table(message);
      return has_result(handshake) ? handshake : no_answer();
    }
  }
  if (const auto it = handlers_.find(method); it != handlers_.end()) return it->second(message);
  if (!request || method.empty()) {
    client::CallResult accepted;  // a notification, or a response to a server request
    accepted.http_status = is_http(facts.transport) ? 202 : 0;
    return accepted;
  }
  return table(message);
}

namespace {

/// The capability a method belongs to ("" for none).
std::string capability_of(const std::string& method) {
  for (const char* capability : {"tools", "resources", "prompts"}) {
    if (method.starts_with(std::string(capability) + "/")) return capability;
  }
  if (method == "logging/setLevel") return "logging";
  if (method == "completion/complete") return "completions";
  return "";
}

/// Why `arguments` break a tool's input schema (a declared property of another
/// type, or a required one missing), or "".
std::string argument_problem(const Json& tool, const Json& arguments) {
  const auto schema = member(tool, "inputSchema");
  auto properties = member(schema, "properties");
  if (!properties.is_object()) properties = Json::object();
  for (const auto& [name, property] : properties.items()) {
    if (arguments.contains(name) && string_member(property, "type") == "string" &&
        !arguments[name].is_string())
      return "argument " + name + " must be a string";
  }
  auto required_names = member(schema, "required");
  if (!required_names.is_array()) required_names = Json::array();
  for (const auto& required : required_names) {
    if (required.is_string() && !arguments.contains(required.get<std::string>()))
      return "missing argument " + required.get<std::string>();
  }
  return "";
}

client::CallResult unsupported_version(const Json& request, ProtocolVersion version) {
  auto r = error(request, jsonrpc::kUnsupportedProtocolVersion, "unsupported protocol version");
  (*r.response)["error"]["data"] = {{"supported", {std::string(to_string(version))}}};
  r.http_status = 400;
  return r;
}

}  // namespace

client::CallResult Server::table(const Json& request) const {
  const auto method = method_of(request);
  const auto params = member(request, "params").is_null() ? Json::object() : request["params"];
  if (!params.is_object()) return error(request, jsonrpc::kInvalidParams, "params is no object");
  const bool modern = is_modern(facts.version);
  const auto answer = [&](Json r) {
    return result(request, modern ? modern_result(method, std::move(r)) : std::move(r));
  };
  if (modern && method == "initialize") return unsupported_version(request, facts.version);
  if (modern && member(member(params, "_meta"), modern::kProtocolVersionKey) !=
                    Json(std::string(to_string(facts.version))))
    return unsupported_version(request, facts.version);
  if (method == "initialize") {
    auto r = handshake_result(facts);
    const auto offered = parse_protocol_version(string_member(params, "protocolVersion"));
    r["protocolVersion"] =
        std::string(to_string(offered && !is_modern(*offered) ? *offered : kLatestLegacyVersion));
    return result(request, r);
  }
  if (method == "server/discover" && modern) return result(request, handshake_result(facts));
  if (method == "ping" && !modern) return result(request, Json::object());
  if (const auto capability = capability_of(method);
      !capability.empty() && !facts.has_capability(capability))
    return error(request, jsonrpc::kMethodNotFound, capability + " is not offered");
  if (method.ends_with("/list") && params.contains("cursor"))
    return error(request, jsonrpc::kInvalidParams, "invalid cursor");
  if (method == "tools/list") return answer({{"tools", facts.tools}});
  if (method == "resources/list") return answer({{"resources", facts.resources}});
  if (method == "resources/templates/list") return answer({{"resourceTemplates", facts.templates}});
  if (method == "prompts/list") return answer({{"prompts", facts.prompts}});
  if (method == "tools/call") {
    const auto* tool = find_named(facts.tools, "name", member(params, "name"));
    const auto arguments =
        member(params, "arguments").is_null() ? Json::object() : params["arguments"];
    if (!tool) return error(request, jsonrpc::kInvalidParams, "unknown tool");
    if (!arguments.is_object()) return error(request, jsonrpc::kInvalidParams, "bad arguments");
    if (const auto problem = argument_problem(*tool, arguments); !problem.empty()) {
      if (!input_errors_are_tool_errors(facts.version))
        return error(request, jsonrpc::kInvalidParams, problem);
      return answer({{"content", {{{"type", "text"}, {"text", problem}}}}, {"isError", true}});
    }
    return answer({{"content", {{{"type", "text"}, {"text", "ok"}}}}, {"isError", false}});
  }
  if (method == "resources/read") {
    const auto uri = member(params, "uri");
    if (!find_named(facts.resources, "uri", uri)) {
      auto r = error(request, modern ? jsonrpc::kInvalidParams : -32002, "resource not found");
      (*r.response)["error"]["data"] = {{"uri", uri}};
      return r;
    }
    return answer({{"contents", {{{"uri", uri}, {"mimeType", "text/plain"}, {"text", "hello"}}}}});
  }
  if (method == "prompts/get") {
    const auto* prompt = find_named(facts.prompts, "name", member(params, "name"));
    if (!prompt) return error(request, jsonrpc::kInvalidParams, "unknown prompt");
    const auto arguments =
        member(params, "arguments").is_null() ? Json::object() : params["arguments"];
    if (!arguments.is_object() || !arguments.contains("who"))
      return error(request, jsonrpc::kInvalidParams, "missing required argument: who");
    for (const auto& [name, value] : arguments.items()) {
      if (!value.is_string())
        return error(request, jsonrpc::kInvalidParams, "argument " + name + " is not a string");
    }
    return answer(
        {{"messages", {{{"role", "user"}, {"content", {{"type", "text"}, {"text", "hello"}}}}}}});
  }
  if (method == "logging/setLevel") {
    static const std::vector<std::string> kLevels{"debug", "info",     "notice", "warning",
                                                  "error", "critical", "alert",  "emergency"};
    const auto level = member(params, "level");
    if (!level.is_string() ||
        std::find(kLevels.begin(), kLevels.end(), level.get<std::string>()) == kLevels.end())
      return error(request, jsonrpc::kInvalidParams, "invalid level");
    return answer(Json::object());
  }
  if (method == "completion/complete")
    return answer({{"completion", {{"values", Json::array()}, {"hasMore", false}}}});
  if (method == "resources/subscribe" || method == "resources/unsubscribe")
    return answer(Json::object());
  return error(request, jsonrpc::kMethodNotFound, "method not found: " + method);
}

Verdict Server::run(const std::string& id) {
  static const SchemaAudit schemas;
  RunOptions options;
  options.target = target;
  options.profile = "all";
  options.only = {id};
  const std::vector<ServerFacts> all{facts};
  auto jobs = select_jobs(all, options);
  if (jobs.size() != 1) return {reports::Verdict::kError, "no check " + id + " at this version"};
  auto& job = jobs.front();
  if (!job.run) return {job.report.verdict, job.report.message};
  CheckContext context(target, facts, schemas, connector_);
  // As the runner reports it: evidence, informational checks and levels settled.
  const auto outcome = judge(*job.check, context);
  return {outcome.verdict, outcome.message};
}

template <class Mock>
void Server::script(Mock& transport, client::TransportKind kind, client::Transcript& transcript) {
  ON_CALL(transport, kind()).WillByDefault(::testing::Return(kind));
  const auto deliver_it = [this, &transport, &transcript](const Json& message,
                                                          const std::string& label) {
    return deliver(transport, message, label, transcript);
  };
  const auto with_headers = [deliver_it](const Json& message, const std::string& label,
                                         const client::Headers&) {
    return deliver_it(message, label);
  };
  ON_CALL(transport, request(_, _)).WillByDefault(deliver_it);
  ON_CALL(transport, notify(_, _)).WillByDefault(deliver_it);
  ON_CALL(transport, request_with_headers(_, _, _)).WillByDefault(with_headers);
  ON_CALL(transport, notify_with_headers(_, _, _)).WillByDefault(with_headers);
}

std::unique_ptr<client::Transport> Server::connect(client::TransportKind kind,
                                                   client::Transcript& transcript) {
  client::HttpSettings settings;
  settings.url = target.url;
  settings.deadlines = target.deadlines;
  switch (kind) {
    case client::TransportKind::kStreamableHttp: {
      auto transport = std::make_unique<NiceMock<MockStreamableHttp>>(settings, &transcript);
      script(*transport, kind, transcript);
      if (on_transport) on_transport(*transport);
      return transport;
    }
    case client::TransportKind::kLegacySse: {
      auto transport = std::make_unique<NiceMock<MockLegacySse>>(settings, &transcript);
      script(*transport, kind, transcript);
      return transport;
    }
    case client::TransportKind::kStdio:
      break;
  }
  auto transport = std::make_unique<NiceMock<MockTransport>>();
  script(*transport, kind, transcript);
  return transport;
}

client::CallResult Server::deliver(client::Transport& transport, const Json& message,
                                   const std::string& label, client::Transcript& transcript) {
  auto answer_ = answer(message);
  // A stateful server names the session on its answer to initialize.
  auto exchanges = exchanges_of(label, message, answer_, facts.transport, transcript.now_ms());
  auto* http = dynamic_cast<client::StreamableHttpTransport*>(&transport);
  if (http && facts.issues_sessions && method_of(message) == "initialize" && answer_.response) {
    const std::lock_guard lock(mutex_);
    const auto id = "scripted-session-" + std::to_string(++sessions_);
    http->set_session_id(id);
    exchanges.front().response_headers.emplace_back(headers::kSessionId, id);
  }
  for (auto& e : exchanges)
    answer_.exchanges.push_back(transcript.add(std::move(e)));
  // What came before the response on its stream reaches the router, as on the wire.
  for (const auto& m : answer_.related)
    transport.router().deliver(m, is_http(facts.transport) ? "POST stream" : "stdout", {});
  return answer_;
}

client::HttpResponse Server::exchange(const client::HttpRequest& request, const std::string& label,
                                      client::Transcript& transcript) {
  std::optional<client::HttpResponse> response;
  for (const auto& handler : raw_handlers_) {
    if ((response = handler(request))) break;
  }
  if (!response) {
    response.emplace();
    const auto message = jsonrpc::parse(request.body).value;
    if (silent_ && (!message || !is_handshake(method_of(*message), facts.version) ||
                    (message->contains("id") && !has_result(table(*message))))) {
      response->error = client::HttpError::kFirstByteTimeout;
      response->error_message = "no response within the deadline (scripted silence)";
    } else if (request.method != "POST" || !message) {
      response->status = request.method == "POST" ? 400 : 405;
    } else {
      const auto answer_ = answer(*message);
      response->status = answer_.http_status;
      if (answer_.response) {
        response->headers = {{"Content-Type", "application/json"}};
        response->body = answer_.response->dump();
      }
      if (!answer_.ok()) {
        response->error = answer_.http_error;
        response->error_message = answer_.error;
      }
    }
  }
  client::Exchange e;
  e.label = label;
  e.method = request.method;
  e.url = request.url;
  e.request_headers = request.headers;
  e.request_body = request.body;
  e.status = response->status;
  e.response_headers = response->headers;
  e.response_body = response->body;
  e.started_ms = e.first_byte_ms = e.completed_ms = transcript.now_ms();
  e.error = response->error_message;
  response->exchange = transcript.add(std::move(e));
  return *response;
}

}  // namespace mcp::conformance::scripted
