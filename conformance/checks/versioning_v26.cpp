// Spec pages server/discover and basic/versioning (2026-07-28), more rules:
// what server/discover must answer, and whether a server serves both eras.
// Registered with the versioning area (versioning.cpp calls
// register_versioning_v26_checks).
#include <algorithm>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kVersioningV26Area = "versioning";

const CheckInfo kDiscover{
    .id = "version.v26.discover",
    .title = "server/discover answers the versions and capabilities",
    .area = kVersioningV26Area,
    .section = "server/discover",
    .rule =
        "The server implements server/discover, which answers its supported versions, "
        "capabilities and caching hints.",
    .versions = kModernVersions,
    .description =
        "Calls server/discover: the result's supportedVersions must be a non-empty array of "
        "strings that lists the version in use, and capabilities an object. The caching hints "
        "are cache.v26.fields' business, the server's name in _meta "
        "version.v26.discover-serverinfo's."};

Outcome discover(CheckContext& c) {
  auto s = session(c);
  const auto r = s->request("server/discover");
  if (!has_result(r)) return Outcome::fail("a server/discover result", describe(r));
  const auto& result = result_of(r);
  const auto versions = member(result, "supportedVersions");
  const bool strings = versions.is_array() && !versions.empty() &&
                       std::ranges::all_of(versions, [](const Json& v) { return v.is_string(); });
  if (!strings)
    return Outcome::fail("supportedVersions, a non-empty array of version strings", brief(result));
  if (std::ranges::find(versions, Json(c.version_text())) == versions.end())
    return Outcome::fail("supportedVersions listing " + c.version_text(), brief(versions));
  if (!member(result, "capabilities").is_object())
    return Outcome::fail("capabilities, an object", brief(result));
  return Outcome::pass();
}

const CheckInfo kDualEra{
    .id = "version.v26.dual-era",
    .title = "Both eras on one endpoint (informational)",
    .area = kVersioningV26Area,
    .section = "basic/versioning",
    .rule =
        "A server may serve initialize-based sessions and per-request _meta requests side by "
        "side, even on one endpoint.",
    .level = Level::kMay,
    .versions = kModernVersions,
    .description =
        "Informational: sends a legacy initialize offering the newest legacy version. Refused, "
        "the server speaks 2026-07-28 only (a pass, noted). Served, it speaks both eras, and a "
        "2026-07-28 server/discover to the same endpoint afterwards must still get a result."};

Outcome dual_era(CheckContext& c) {
  const auto legacy = std::string(to_string(kLatestLegacyVersion));
  const auto& initialize = answered(initialize_alone(c, legacy), "initialize");
  if (!has_result(initialize))
    return Outcome::pass("2026-07-28 only: initialize got " + describe(initialize));
  auto s = session(c);
  const auto r = s->request("server/discover");
  if (!has_result(r)) {
    return Outcome::fail("a server/discover result after an initialize on the same endpoint",
                         describe(r));
  }
  return Outcome::pass("both eras on one endpoint: initialize (" + legacy +
                       ") and 2026-07-28 requests are served");
}

const CheckInfo kExtensionFallback{
    .id = "version.v26.extension-fallback",
    .title = "Without the client's extensions, results are core ones",
    .area = kVersioningV26Area,
    .section = "basic/versioning#extension-negotiation",
    .rule =
        "When only one side supports an extension, that side falls back to the core protocol or "
        "refuses with an error.",
    .versions = kModernVersions,
    .description =
        "Heuristic: the harness declares no extensions, so whatever extensions the server "
        "declares (capabilities.extensions), its results to server/discover, each declared list "
        "and the call-tool must be core ones, resultType complete or input_required, never an "
        "extension's. That the server answers in the core shape otherwise is the schema "
        "audit's to judge."};

Outcome extension_fallback(CheckContext& c) {
  std::vector<std::string> methods{"server/discover"};
  for (const auto* list : {"tools/list", "resources/list", "prompts/list"}) {
    const std::string method = list;
    if (c.facts().has_capability(method.substr(0, method.find('/')))) methods.push_back(method);
  }
  auto s = session(c);
  std::vector<std::pair<std::string, client::CallResult>> answers;
  for (const auto& method : methods)
    answers.emplace_back(method, answered(s->request(method), method));
  if (!c.facts().call_tool.is_null()) {
    answers.emplace_back("tools/call",
                         answered(s->request("tools/call", tool_call(name_of(c.facts().call_tool),
                                                                     c.facts().call_arguments)),
                                  "tools/call"));
  }
  if (!has_result(answers.front().second))
    return Outcome::fail("a server/discover result", describe(answers.front().second));
  for (const auto& [method, answer] : answers) {
    if (!has_result(answer)) continue;  // an error is a refusal, which the rule allows
    // No resultType reads as complete (base.v26.result-type judges its absence).
    const auto type = member(result_of(answer), "resultType");
    if (!type.is_null() && type != "complete" && type != "input_required")
      return Outcome::fail(method +
                               " answered with a core resultType (the client declared no "
                               "extensions)",
                           brief(result_of(answer)));
  }
  const auto extensions = member(c.facts().capabilities, "extensions");
  if (!extensions.is_object() || extensions.empty())
    return Outcome::skip("the server declares no extensions, so there is none to fall back from");
  return Outcome::pass("core results despite the server's extensions " + brief(extensions));
}

}  // namespace

void register_versioning_v26_checks(Registry& registry) {
  registry.add(kDiscover, discover);
  registry.add(kDualEra, dual_era);
  registry.add(kExtensionFallback, extension_fallback);
}

}  // namespace mcp::conformance
