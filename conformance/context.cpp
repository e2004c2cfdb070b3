#include "conformance/context.hpp"

#include <algorithm>

#include "protocol/headers.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {

bool is_read_only_tool(const Json& tool) {
  if (!tool.is_object()) return false;
  const auto annotations = tool.find("annotations");
  if (annotations == tool.end() || !annotations->is_object()) return false;
  const auto hint = annotations->find("readOnlyHint");
  return hint != annotations->end() && hint->is_boolean() && hint->get<bool>();
}

bool may_call(const ServerFacts& facts, const Json& tool) {
  return is_read_only_tool(tool) || facts.allowed_tools.contains(string_member(tool, "name"));
}

bool may_call_named(const ServerFacts& facts, std::string_view name) {
  return std::any_of(facts.tools.begin(), facts.tools.end(), [&](const Json& tool) {
    return string_member(tool, "name") == name && may_call(facts, tool);
  });
}

std::string not_called_reason(const ServerFacts& facts, std::string_view name) {
  const auto listed = std::find_if(facts.tools.begin(), facts.tools.end(), [&](const Json& tool) {
    return string_member(tool, "name") == name;
  });
  if (listed == facts.tools.end()) return "the server lists no tool named " + std::string(name);
  if (may_call(facts, *listed)) return {};
  return std::string(name) +
         " is not annotated readOnlyHint, and a run calls no other tool unless you name it "
         "(--allow-tool " +
         std::string(name) + ")";
}

void guard_tool_calls(const ServerFacts& facts, const Json& message) {
  if (message.is_array()) {
    for (const auto& m : message)
      guard_tool_calls(facts, m);
    return;
  }
  if (string_member(message, "method") != "tools/call") return;
  const auto name = string_member(message.value("params", Json::object()), "name");
  if (name.empty() || may_call_named(facts, name)) return;
  // A name the server does not list cannot run anything: checks send such
  // calls on purpose (an unknown tool must be refused).
  const bool listed = std::any_of(facts.tools.begin(), facts.tools.end(), [&](const Json& tool) {
    return string_member(tool, "name") == name;
  });
  if (!listed) return;
  throw CallNotAllowed("not called: " + not_called_reason(facts, name));
}

std::string string_member(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

const client::Headers kUserAgent{{"User-Agent", std::string("mcp-conformance/") + kToolkitVersion}};

class NetworkConnector : public Connector {
 public:
  std::unique_ptr<client::Transport> connect(const Target& target, client::TransportKind kind,
                                             client::Transcript& transcript) override {
    client::HttpSettings settings;
    settings.url = target.url;
    settings.headers = kUserAgent;
    for (const auto& h : target.headers)
      settings.headers.push_back(h);
    settings.deadlines = target.deadlines;
    settings.limits = target.limits;
    switch (kind) {
      case client::TransportKind::kStreamableHttp:
        return std::make_unique<client::StreamableHttpTransport>(settings, &transcript);
      case client::TransportKind::kLegacySse: {
        auto sse = std::make_unique<client::LegacySseTransport>(settings, &transcript);
        const auto connected = sse->connect("GET (HTTP+SSE stream)");
        if (!connected.ok())
          throw HarnessError("cannot open the HTTP+SSE stream: " + connected.error);
        return sse;
      }
      case client::TransportKind::kStdio: {
        auto stdio = std::make_unique<client::StdioTransport>(target.stdio_command,
                                                              target.deadlines, &transcript);
        if (!stdio->start()) throw HarnessError(stdio->error());
        return stdio;
      }
    }
    throw HarnessError("unknown transport");
  }

  client::HttpResponse exchange(const Target& target, const client::HttpRequest& request,
                                const client::Deadlines& deadlines, const std::string& label,
                                client::Transcript& transcript,
                                const client::StreamHandlers& handlers) override {
    client::HttpClient client(&transcript, target.limits);
    return client.send(request, deadlines, label, handlers);
  }
};

}  // namespace

Connector& network() {
  static NetworkConnector connector;
  return connector;
}

bool ServerFacts::has_capability(std::string_view path) const {
  const Json* node = &capabilities;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!node->is_object() || !node->contains(key)) return false;
    node = &(*node)[key];
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return node->is_object() || (node->is_boolean() && node->get<bool>());
}

McpSession::McpSession(std::unique_ptr<client::Transport> transport, std::string version)
    : transport_(std::move(transport)), version_(std::move(version)) {}

McpSession::McpSession(std::unique_ptr<client::Transport> transport, modern::Envelope envelope,
                       Json init_result, const std::vector<Json>& tools)
    : transport_(std::move(transport)),
      version_(envelope.protocol_version),
      init_result_(std::move(init_result)),
      modern_(std::make_unique<client::ModernSession>(*transport_, std::move(envelope))) {
  modern_->learn_tools(tools);
}

McpSession::~McpSession() {
  if (transport_) transport_->shutdown();
}

client::StreamableHttpTransport* McpSession::http() {
  return dynamic_cast<client::StreamableHttpTransport*>(transport_.get());
}

client::CallResult McpSession::request(const std::string& method, Json params,
                                       std::optional<Json> id) {
  const Json request_id = id ? *id : Json(next_id_++);
  if (facts_ && method == "tools/call")
    guard_tool_calls(*facts_, {{"method", method}, {"params", params}});
  if (modern_) return modern_->request(method, std::move(params), request_id);
  return transport_->request(jsonrpc::make_request(request_id, method, std::move(params)), method);
}

client::CallResult McpSession::notify(const std::string& method, Json params) {
  if (modern_) return modern_->notify(method, std::move(params));
  return transport_->notify(jsonrpc::make_notification(method, std::move(params)), method);
}

CheckContext::CheckContext(const Target& target, const ServerFacts& facts,
                           const SchemaAudit& schemas, Connector& connector)
    : target_(target),
      facts_(facts),
      schemas_(schemas),
      connector_(connector),
      transcript_(std::make_shared<client::Transcript>()) {}

client::Headers CheckContext::post_headers(const std::string& session_id,
                                           const std::string& version) {
  client::Headers headers{{"Content-Type", "application/json"},
                          {"Accept", "application/json, text/event-stream"}};
  if (!session_id.empty()) headers.emplace_back(headers::kSessionId, session_id);
  if (!version.empty()) headers.emplace_back(headers::kProtocolVersion, version);
  return headers;
}

std::unique_ptr<client::Transport> CheckContext::new_transport() {
  return connector_.connect(target_, facts_.transport, *transcript_);
}

modern::Envelope CheckContext::envelope(Json client_capabilities) const {
  return modern::Envelope{
      .protocol_version = version_text(),
      .client_capabilities = std::move(client_capabilities),
      .client_info = {{"name", "mcp-conformance"}, {"version", kToolkitVersion}}};
}

std::unique_ptr<ModernConnection> CheckContext::open_modern(Json client_capabilities) {
  if (!is_modern(facts_.version))
    throw HarnessError("a 2026-07-28 connection at " + version_text() + " (a legacy version)");
  auto connection =
      std::make_unique<ModernConnection>(new_transport(), envelope(std::move(client_capabilities)));
  connection->session().learn_tools(facts_.tools);
  connection->session().set_guard([this](const Json& m) { guard_tool_calls(facts_, m); });
  return connection;
}

std::unique_ptr<McpSession> CheckContext::open_session(Json client_capabilities) {
  if (is_modern(facts_.version)) {
    auto session =
        std::make_unique<McpSession>(new_transport(), envelope(std::move(client_capabilities)),
                                     facts_.init_result, facts_.tools);
    session->facts_ = &facts_;
    session->modern_->set_guard([this](const Json& m) { guard_tool_calls(facts_, m); });
    return session;
  }
  const auto handshake_start = transcript_->size();
  auto session = std::make_unique<McpSession>(new_transport(), version_text());
  session->facts_ = &facts_;
  const auto init = session->request(
      "initialize",
      {{"protocolVersion", version_text()},
       {"capabilities", std::move(client_capabilities)},
       {"clientInfo", {{"name", "mcp-conformance"}, {"version", kToolkitVersion}}}},
      Json(0));
  if (!init.ok()) throw HarnessError("initialize failed: " + init.error);
  if (!init.response->contains("result"))
    throw HarnessError("initialize failed: " + init.response->dump());
  session->init_result_ = (*init.response)["result"];
  // Clients send the negotiated version on every request from 2025-06-18 on.
  if (auto* http = session->http(); http && facts_.version >= ProtocolVersion::k2025_06_18) {
    http->set_protocol_version(session->init_result_.value("protocolVersion", version_text()));
  }
  const auto initialized = session->notify("notifications/initialized");
  if (!initialized.ok())
    throw HarnessError("notifications/initialized failed: " + initialized.error);
  handshakes_.emplace_back(handshake_start, transcript_->size());
  return session;
}

client::HttpResponse CheckContext::http(const std::string& method, const client::Headers& headers,
                                        const std::string& body, const std::string& url) {
  if (body.find("tools/call") != std::string::npos) {
    if (const auto parsed = jsonrpc::parse(body); parsed.value)
      guard_tool_calls(facts_, *parsed.value);
  }
  client::Headers all = headers;
  for (const auto& h : kUserAgent)
    all.push_back(h);
  for (const auto& h : target_.headers)
    all.push_back(h);
  const bool endpoint = url.empty() || url == target_.url;
  return connector_.exchange(
      target_, client::HttpRequest{method, endpoint ? target_.url : url, all, body},
      target_.deadlines,
      endpoint ? method + " (raw)" : method + " " + url + std::string(SchemaAudit::kNotMcp),
      *transcript_, {});
}

std::vector<client::Exchange> CheckContext::evidence_exchanges() const {
  auto exchanges = transcript_->exchanges();
  std::erase_if(exchanges, [&](const client::Exchange& e) {
    return std::any_of(handshakes_.begin(), handshakes_.end(), [&](const auto& range) {
      return e.index >= range.first && e.index < range.second;
    });
  });
  return exchanges;
}

std::vector<std::string> CheckContext::schema_violations() const {
  return schemas_.audit(facts_.version, transcript_->exchanges());
}

}  // namespace mcp::conformance
