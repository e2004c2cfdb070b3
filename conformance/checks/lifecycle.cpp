// Spec page basic/lifecycle: initialize, version negotiation, capabilities.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kLifecycleArea = "lifecycle";
const std::string kNegotiation = "basic/lifecycle#version-negotiation";
constexpr VersionSet kLegacy = kAllVersions;  // 2024-11-05..2025-11-25: the initialize handshake

/// The protocolVersion an initialize answer names, if it is a result with a string one.
std::optional<std::string> answered_version(const client::CallResult& r) {
  const auto v = member(result_of(r), "protocolVersion");
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

const CheckInfo kInitResult{
    .id = "lifecycle.init.result",
    .title = "initialize returns protocolVersion, capabilities and serverInfo",
    .area = kLifecycleArea,
    .section = "basic/lifecycle#initialization",
    .rule =
        "initialize is answered with the server's protocol version, its capabilities and "
        "its name and version.",
    .versions = kLegacy,
    .description =
        "The InitializeResult: protocolVersion (string), capabilities (object), serverInfo with "
        "string name and version; validated against the version's InitializeResult schema."};

Outcome init_result(CheckContext& c) {
  const auto r = initialize_alone(c, c.version_text());
  if (!has_result(r)) return Outcome::fail("an InitializeResult", describe(r));
  const auto& result = result_of(r);
  if (!member(result, "protocolVersion").is_string())
    return Outcome::fail("protocolVersion string", brief(result));
  if (!member(result, "capabilities").is_object())
    return Outcome::fail("capabilities object", brief(result));
  const auto info = member(result, "serverInfo");
  if (!member(info, "name").is_string() || !member(info, "version").is_string())
    return Outcome::fail("serverInfo {name, version} strings", brief(info));
  const auto problems = c.schemas().validate(c.version(), *r.response, "initialize");
  if (!problems.empty()) return Outcome::fail("a schema-valid InitializeResult", problems.front());
  return Outcome::pass();
}

const CheckInfo kVersionEcho{
    .id = "lifecycle.version.echo",
    .title = "A supported requested version is echoed exactly",
    .area = kLifecycleArea,
    .section = kNegotiation,
    .rule =
        "A server that supports the version a client asks for answers with exactly that "
        "version.",
    .versions = kLegacy,
    .description =
        "initialize offering the version under test must answer that version; and whatever an "
        "answer names, offering it again must return it (consistency)."};

Outcome version_echo(CheckContext& c) {
  const auto v = answered_version(initialize_alone(c, c.version_text()));
  if (v != c.version_text())
    return Outcome::fail("protocolVersion " + c.version_text(), v.value_or("no answer"));
  for (const char* offered : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
    const auto answer = answered_version(initialize_alone(c, offered));
    if (!answer) continue;
    const auto again = answered_version(initialize_alone(c, *answer));
    if (again != answer) {
      return Outcome::fail(
          "offering " + *answer + " (its own answer to " + offered + ") returns " + *answer,
          again.value_or("no answer"));
    }
  }
  return Outcome::pass();
}

const CheckInfo kCounterOffer{
    .id = "lifecycle.version.counter-offer",
    .title = "An unsupported requested version gets a version the server supports",
    .area = kLifecycleArea,
    .section = kNegotiation,
    .rule =
        "A server asked for a version it does not support answers with another version "
        "that it does support.",
    .versions = kLegacy,
    .description =
        "Offers 2099-01-01 and 1.0.0: the server must answer with a version it supports (one it "
        "echoes when offered). Error -32602 is a warning, not a failure: the spec contradicts "
        "itself here, as its prose asks for a counter-offer while its own error example answers "
        "an unsupported version with -32602."};

Outcome counter_offer(CheckContext& c) {
  for (const std::string offered : {"2099-01-01", "1.0.0"}) {
    const auto r = answered(initialize_alone(c, offered), "initialize offering " + offered);
    const auto v = answered_version(r);
    if (!v) {
      if (error_code(r) == jsonrpc::kInvalidParams) {
        return Outcome::warn("a counter-offered version for " + offered +
                                 " (error -32602 is only what the spec's own example shows)",
                             describe(r));
      }
      return Outcome::fail("a counter-offered version for " + offered, describe(r));
    }
    if (*v == offered) {
      return Outcome::fail(
          "a counter-offer (" + offered + " is no MCP version, so no server supports it)",
          "the server echoed " + *v);
    }
    if (answered_version(initialize_alone(c, *v)) != v) {
      return Outcome::fail("a counter-offer the server itself supports",
                           *v + " (not echoed when offered)");
    }
  }
  return Outcome::pass();
}

const CheckInfo kLatest{
    .id = "lifecycle.version.latest",
    .title = "The counter-offer is the latest version the server supports",
    .area = kLifecycleArea,
    .section = kNegotiation,
    .rule =
        "The version a server offers instead of an unsupported one is the newest it "
        "supports.",
    .level = Level::kShould,
    .versions = kLegacy,
    .description = "Compares the answer to 2099-01-01 with the newest version the server echoes."};

Outcome latest(CheckContext& c) {
  const auto counter = answered_version(initialize_alone(c, "2099-01-01"));
  if (!counter)
    return Outcome::skip("the server gives no counter-offer (see lifecycle.version.counter-offer)");
  std::string newest;
  for (const auto v : legacy_protocol_versions()) {
    const auto text = std::string(to_string(v));
    if (answered_version(initialize_alone(c, text)) == text) newest = text;
  }
  if (!newest.empty() && *counter != newest) return Outcome::fail(newest, *counter);
  return Outcome::pass();
}

const CheckInfo kCapabilitiesDeclared{
    .id = "lifecycle.capabilities.declared",
    .title = "Declared capabilities work, undeclared ones are absent",
    .area = kLifecycleArea,
    .section = "basic/lifecycle#capability-negotiation",
    .rule =
        "A server declares a capability for each feature it offers, and offers no feature "
        "it leaves undeclared.",
    .versions = kEveryVersion,
    .description =
        "For tools, resources, prompts and logging: declared means the list method (or setLevel) "
        "answers; not declared means it is refused (with -32601, or any other error). At "
        "2026-07-28, which removed logging/setLevel, logging is not probed."};

Outcome capabilities_declared(CheckContext& c) {
  auto s = session(c);
  std::vector<std::pair<std::string, std::pair<std::string, Json>>> probes{
      {"tools", {"tools/list", Json::object()}},
      {"resources", {"resources/list", Json::object()}},
      {"prompts", {"prompts/list", Json::object()}}};
  if (!is_modern(c.version()))
    probes.push_back({"logging", {"logging/setLevel", {{"level", "info"}}}});
  for (const auto& [capability, call] : probes) {
    const auto& r = answered(s->request(call.first, call.second), call.first);
    const bool declared = c.facts().has_capability(capability);
    if (declared && !has_result(r)) {
      return Outcome::fail(call.first + " to work (" + capability + " is declared)", describe(r));
    }
    if (!declared && has_result(r)) {
      return Outcome::fail(call.first + " refused or " + capability + " declared",
                           "it answered " + describe(r));
    }
  }
  return Outcome::pass();
}

const CheckInfo kInitializedAccept{
    .id = "lifecycle.initialized.accept",
    .title = "notifications/initialized is accepted with 202 and no body",
    .area = kLifecycleArea,
    .section = "basic/transports#sending-messages-to-the-server",
    .rule = "The initialized notification is accepted with HTTP 202 and an empty body.",
    .versions = kStreamableVersions,
    .needs = {.streamable = true},
    .description =
        "The initialized notification, like any notification, gets 202 Accepted "
        "without a body.",
    .evidence = Evidence::kHandshake};

Outcome initialized_accept(CheckContext& c) {
  auto s = session(c);
  for (const auto& e : c.transcript().exchanges()) {
    if (e.label != "notifications/initialized") continue;
    if (e.status != 202 || !e.response_body.empty()) {
      return Outcome::fail("HTTP 202 without a body", "HTTP " + std::to_string(e.status) + " " +
                                                          e.response_body.substr(0, 100));
    }
    return Outcome::pass();
  }
  return Outcome::error("the harness recorded no initialized notification");
}

const CheckInfo kServerQuiet{
    .id = "lifecycle.initialized.server-quiet",
    .title = "Before initialized, the server sends no requests but ping",
    .area = kLifecycleArea,
    .section = "basic/lifecycle#initialization",
    .rule =
        "Until the client has sent initialized, the server sends it no request other than "
        "ping.",
    .level = Level::kShould,
    .versions = kStreamableVersions,
    .needs = {.session = true, .streamable = true},
    .description =
        "Initializes, opens the GET stream before sending initialized, and watches it "
        "for 500 ms (a fixed observation window: the rule is about what does not "
        "arrive)."};

Outcome server_quiet(CheckContext& c) {
  auto transport = c.new_transport();
  auto* http = dynamic_cast<client::StreamableHttpTransport*>(transport.get());
  // Client capabilities that would allow the server to ask for something.
  const Json capabilities{
      {"sampling", Json::object()}, {"elicitation", Json::object()}, {"roots", Json::object()}};
  const auto init = transport->request(
      jsonrpc::make_request(0, "initialize", initialize_params(c.version_text(), capabilities)),
      "initialize");
  if (!init.ok()) return Outcome::error("initialize failed: " + init.error);
  if (c.version() >= ProtocolVersion::k2025_06_18) http->set_protocol_version(c.version_text());
  const auto stream = http->open_get_stream("GET stream before initialized");
  if (!stream.ok()) return Outcome::skip("the server offers no GET stream before initialized");
  observe(std::chrono::milliseconds(500));
  for (const auto& m : transport->router().server_requests()) {
    if (string_member(m.message, "method") != "ping")
      return Outcome::fail("no requests but ping", brief(m.message));
  }
  http->delete_session("cleanup");
  return Outcome::pass();
}

const CheckInfo kInstructions{
    .id = "lifecycle.instructions",
    .title = "instructions, when present, is a string",
    .area = kLifecycleArea,
    .section = "basic/lifecycle#initialization",
    .rule = "The instructions a server may give in its initialize result are a string.",
    .level = Level::kMay,
    .versions = kLegacy,
    .description = "A type check of the optional instructions field.",
    .evidence = Evidence::kHandshake};

Outcome instructions(CheckContext& c) {
  const auto& result = c.facts().init_result;
  const bool present = result.is_object() && result.contains("instructions");
  if (present && !result["instructions"].is_string())
    return Outcome::fail("a string", brief(result["instructions"]));
  if (!present) return Outcome::skip("the server sends no instructions (they are optional)");
  return Outcome::pass();
}

}  // namespace

void register_lifecycle_checks(Registry& registry) {
  registry.add(kInitResult, init_result);
  registry.add(kVersionEcho, version_echo);
  registry.add(kCounterOffer, counter_offer);
  registry.add(kLatest, latest);
  registry.add(kCapabilitiesDeclared, capabilities_declared);
  registry.add(kInitializedAccept, initialized_accept);
  registry.add(kServerQuiet, server_quiet);
  registry.add(kInstructions, instructions);
}

}  // namespace mcp::conformance
