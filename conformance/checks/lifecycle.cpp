// Spec page basic/lifecycle: initialize, version negotiation, capabilities.
#include "conformance/checks/check_util.hpp"
#include "protocol/toolkit_version.hpp"

namespace mcp::conformance {
namespace {

constexpr VersionSet kLegacy = kAllVersions;  // 2024-11-05..2025-11-25: the initialize handshake

/// initialize offering `version` on a fresh transport; the response (or why none).
client::CallResult initialize(CheckContext& c, const std::string& version,
                              Json capabilities = Json::object()) {
  auto transport = c.new_transport();
  auto r = transport->request(
      jsonrpc::make_request(
          0, "initialize",
          {{"protocolVersion", version},
           {"capabilities", std::move(capabilities)},
           {"clientInfo", {{"name", "mcp-conformance"}, {"version", kToolkitVersion}}}}),
      "initialize " + version);
  if (auto* http = dynamic_cast<client::StreamableHttpTransport*>(transport.get());
      http && !http->session_id().empty()) {
    http->delete_session("cleanup");
  }
  transport->shutdown();
  return r;
}

std::optional<std::string> answered_version(const client::CallResult& r) {
  if (!r.ok() || !r.response->contains("result")) return std::nullopt;
  const auto& v = (*r.response)["result"].value("protocolVersion", Json());
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

}  // namespace

void register_lifecycle_checks(Registry& registry) {
  registry.add(
      {.id = "lifecycle.init.result",
       .title = "initialize returns protocolVersion, capabilities and serverInfo",
       .area = "lifecycle",
       .section = "basic/lifecycle#initialization",
       .versions = kLegacy,
       .requirement = "lifecycle.init.result",
       .description =
           "The InitializeResult: protocolVersion (string), capabilities (object), serverInfo with "
           "string name and version; validated against the version's InitializeResult schema."},
      [](CheckContext& c) {
        const auto r = initialize(c, c.version_text());
        if (!r.ok() || !r.response->contains("result"))
          return Outcome::fail("an InitializeResult", describe(r));
        const auto& result = (*r.response)["result"];
        if (!result.value("protocolVersion", Json()).is_string())
          return Outcome::fail("protocolVersion string", brief(result));
        if (!result.value("capabilities", Json()).is_object())
          return Outcome::fail("capabilities object", brief(result));
        const auto info = result.value("serverInfo", Json());
        if (!info.is_object() || !info.value("name", Json()).is_string() ||
            !info.value("version", Json()).is_string()) {
          return Outcome::fail("serverInfo {name, version} strings", brief(info));
        }
        const auto problems = c.schemas().validate(c.version(), *r.response, "initialize");
        if (!problems.empty())
          return Outcome::fail("a schema-valid InitializeResult", problems.front());
        return Outcome::pass();
      });

  registry.add(
      {.id = "lifecycle.version.echo",
       .title = "A supported requested version is echoed exactly",
       .area = "lifecycle",
       .section = "basic/lifecycle#version-negotiation",
       .versions = kLegacy,
       .requirement = "lifecycle.version.echo",
       .description =
           "initialize offering the version under test must answer that version; and whatever an "
           "answer names, offering it again must return it (consistency)."},
      [](CheckContext& c) {
        const auto v = answered_version(initialize(c, c.version_text()));
        if (v != c.version_text())
          return Outcome::fail("protocolVersion " + c.version_text(), v.value_or("no answer"));
        for (const char* offered : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
          const auto answer = answered_version(initialize(c, offered));
          if (!answer) continue;
          const auto again = answered_version(initialize(c, *answer));
          if (again != answer) {
            return Outcome::fail(
                "offering " + *answer + " (its own answer to " + offered + ") returns " + *answer,
                again.value_or("no answer"));
          }
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "lifecycle.version.counter-offer",
       .title = "An unsupported requested version gets a version the server supports",
       .area = "lifecycle",
       .section = "basic/lifecycle#version-negotiation",
       .versions = kLegacy,
       .requirement = "lifecycle.version.counter-offer",
       .description =
           "Offers 2099-01-01 and 1.0.0: the server must answer with a version it supports (one it "
           "echoes when offered). An error naming the supported versions is a warning, as the "
           "spec's own "
           "example shows that shape."},
      [](CheckContext& c) {
        for (const char* offered : {"2099-01-01", "1.0.0"}) {
          const auto r = initialize(c, offered);
          const auto v = answered_version(r);
          if (!v) {
            if (error_code(r) &&
                (*r.response)["error"].value("data", Json::object()).contains("supported")) {
              return Outcome{reports::Verdict::kWarn,
                             "offering " + std::string(offered) +
                                 " got an error listing the supported versions, not a "
                                 "counter-offer: " +
                                 describe(r)};
            }
            return Outcome::fail("a counter-offered version for " + std::string(offered),
                                 describe(r));
          }
          if (*v == offered) {
            return Outcome::fail("a counter-offer (" + std::string(offered) +
                                     " is no MCP version, so no server supports it)",
                                 "the server echoed " + *v);
          }
          if (answered_version(initialize(c, *v)) != v) {
            return Outcome::fail("a counter-offer the server itself supports",
                                 *v + " (not echoed when offered)");
          }
        }
        return Outcome::pass();
      });

  registry.add({.id = "lifecycle.version.latest",
                .title = "The counter-offer is the latest version the server supports",
                .area = "lifecycle",
                .section = "basic/lifecycle#version-negotiation",
                .level = Level::kShould,
                .versions = kLegacy,
                .requirement = "lifecycle.version.latest",
                .description =
                    "Compares the answer to 2099-01-01 with the newest version the server echoes."},
               [](CheckContext& c) {
                 const auto counter = answered_version(initialize(c, "2099-01-01"));
                 if (!counter)
                   return Outcome::skip(
                       "the server gives no counter-offer (see lifecycle.version.counter-offer)");
                 std::string latest;
                 for (const auto v : all_protocol_versions()) {
                   const auto text = std::string(to_string(v));
                   if (answered_version(initialize(c, text)) == text) latest = text;
                 }
                 if (!latest.empty() && *counter != latest) return Outcome::fail(latest, *counter);
                 return Outcome::pass();
               });

  registry.add(
      {.id = "lifecycle.capabilities.declared",
       .title = "Declared capabilities work, undeclared ones are absent",
       .area = "lifecycle",
       .section = "basic/lifecycle#capability-negotiation",
       .requirement = "lifecycle.capabilities.declared",
       .description =
           "For tools, resources, prompts, logging and completions: declared means the list method "
           "(or setLevel / complete) answers; not declared means it is refused with -32601. A "
           "refusal "
           "with another error for an undeclared feature is a pass."},
      [](CheckContext& c) {
        auto s = session(c);
        const std::vector<std::pair<std::string, std::pair<std::string, Json>>> probes{
            {"tools", {"tools/list", Json::object()}},
            {"resources", {"resources/list", Json::object()}},
            {"prompts", {"prompts/list", Json::object()}},
            {"logging", {"logging/setLevel", {{"level", "info"}}}}};
        for (const auto& [capability, call] : probes) {
          const auto r = s->request(call.first, call.second);
          const bool answered = r.ok() && r.response->contains("result");
          if (c.facts().has_capability(capability) && !answered) {
            return Outcome::fail(call.first + " to work (" + capability + " is declared)",
                                 describe(r));
          }
          if (!c.facts().has_capability(capability) && answered) {
            return Outcome::fail(call.first + " refused or " + capability + " declared",
                                 "it answered " + describe(r));
          }
        }
        return Outcome::pass();
      });

  registry.add({.id = "lifecycle.initialized.accept",
                .title = "notifications/initialized is accepted with 202 and no body",
                .area = "lifecycle",
                .section = "basic/transports#sending-messages-to-the-server",
                .versions = kStreamableVersions,
                .needs = {.streamable = true},
                .requirement = "lifecycle.initialized.accept",
                .description = "The initialized notification, like any notification, gets 202 "
                               "Accepted without a body."},
               [](CheckContext& c) {
                 auto s = session(c);
                 for (const auto& e : c.transcript().exchanges()) {
                   if (e.label != "notifications/initialized") continue;
                   if (e.status != 202 || !e.response_body.empty()) {
                     return Outcome::fail(
                         "HTTP 202 without a body",
                         "HTTP " + std::to_string(e.status) + " " + e.response_body.substr(0, 100));
                   }
                   return Outcome::pass();
                 }
                 return Outcome::error("the harness recorded no initialized notification");
               });

  registry.add(
      {.id = "lifecycle.initialized.server-quiet",
       .title = "Before initialized, the server sends no requests but ping",
       .area = "lifecycle",
       .section = "basic/lifecycle#initialization",
       .level = Level::kShould,
       .versions = kStreamableVersions,
       .needs = {.session = true, .streamable = true},
       .requirement = "lifecycle.initialized.server-quiet",
       .description = "Initializes, opens the GET stream before sending initialized, and watches "
                      "it for 500 ms "
                      "(a fixed observation window: the rule is about what does not arrive)."},
      [](CheckContext& c) {
        auto transport = c.new_transport();
        auto* http = dynamic_cast<client::StreamableHttpTransport*>(transport.get());
        const auto init = transport->request(
            jsonrpc::make_request(
                0, "initialize",
                {{"protocolVersion", c.version_text()},
                 {"capabilities",
                  {{"sampling", Json::object()},
                   {"elicitation", Json::object()},
                   {"roots", Json::object()}}},
                 {"clientInfo", {{"name", "mcp-conformance"}, {"version", kToolkitVersion}}}}),
            "initialize");
        if (!init.ok()) return Outcome::error("initialize failed: " + init.error);
        if (c.version() >= ProtocolVersion::k2025_06_18)
          http->set_protocol_version(c.version_text());
        const auto stream = http->open_get_stream("GET stream before initialized");
        if (!stream.ok())
          return Outcome::skip("the server offers no GET stream before initialized");
        observe(std::chrono::milliseconds(500));
        for (const auto& m : transport->router().server_requests()) {
          if (m.message.value("method", "") != "ping")
            return Outcome::fail("no requests but ping", brief(m.message));
        }
        http->delete_session("cleanup");
        return Outcome::pass();
      });

  registry.add(
      {.id = "lifecycle.instructions",
       .title = "instructions, when present, is a string",
       .area = "lifecycle",
       .section = "basic/lifecycle#initialization",
       .level = Level::kMay,
       .versions = kLegacy,
       .requirement = "lifecycle.instructions",
       .description = "A type check of the optional instructions field."},
      [](CheckContext& c) {
        const auto& result = c.facts().init_result;
        if (result.contains("instructions") && !result["instructions"].is_string()) {
          return Outcome::fail("a string", brief(result["instructions"]));
        }
        return Outcome::pass(result.contains("instructions") ? "" : "no instructions (optional)");
      });
}

}  // namespace mcp::conformance
