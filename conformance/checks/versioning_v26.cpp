// Spec pages server/discover and basic/versioning (2026-07-28), more rules:
// what server/discover must answer, and whether a server serves both eras.
// Registered with the versioning area (versioning.cpp calls
// register_versioning_v26_checks).
#include <algorithm>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kArea = "versioning";
const VersionSet kModern{ProtocolVersion::k2026_07_28};

const CheckInfo kDiscover{
    .id = "version.v26.discover",
    .title = "server/discover answers the versions and capabilities",
    .area = kArea,
    .section = "server/discover",
    .rule =
        "The server implements server/discover, which answers its supported versions, "
        "capabilities and caching hints.",
    .versions = kModern,
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
    .area = kArea,
    .section = "basic/versioning",
    .rule =
        "A server may serve initialize-based sessions and per-request _meta requests side by "
        "side, even on one endpoint.",
    .level = Level::kMay,
    .versions = kModern,
    .description =
        "Informational: sends a legacy initialize offering the newest legacy version. Refused, "
        "the server speaks 2026-07-28 only (a pass, noted). Served, it speaks both eras, and a "
        "2026-07-28 server/discover to the same endpoint afterwards must still get a result."};

Outcome dual_era(CheckContext& c) {
  const auto legacy = std::string(to_string(kLatestLegacyVersion));
  const auto initialize = initialize_alone(c, legacy);
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

}  // namespace

void register_versioning_v26_checks(Registry& registry) {
  registry.add(kDiscover, discover);
  registry.add(kDualEra, dual_era);
}

}  // namespace mcp::conformance
