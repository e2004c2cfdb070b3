// A conformance check: declared once, as data (id, title, spec section and the
// rule it states, level, versions, profiles, what it needs), plus the function
// that judges a server.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/versions.hpp"
#include "reports/run_report.hpp"

namespace mcp::conformance {

class CheckContext;

enum class Level { kMust, kShould, kMay };
std::string_view to_string(Level level);

/// The protocol revisions a check applies to.
class VersionSet {
 public:
  constexpr VersionSet() = default;
  constexpr VersionSet(std::initializer_list<ProtocolVersion> versions) {
    for (const auto v : versions)
      bits_ |= bit(v);
  }
  /// Every revision from `first` to `last`, inclusive.
  static constexpr VersionSet range(ProtocolVersion first, ProtocolVersion last) {
    VersionSet out;
    for (int v = static_cast<int>(first); v <= static_cast<int>(last); ++v)
      out.bits_ |= 1u << v;
    return out;
  }
  constexpr bool contains(ProtocolVersion v) const { return (bits_ & bit(v)) != 0; }
  std::string describe() const;

 private:
  static constexpr unsigned bit(ProtocolVersion v) { return 1u << static_cast<int>(v); }
  unsigned bits_ = 0;
};

/// Every revision of the initialize era, 2024-11-05..2025-11-25 (the default).
inline constexpr VersionSet kAllVersions =
    VersionSet::range(ProtocolVersion::k2024_11_05, ProtocolVersion::k2025_11_25);
/// Streamable HTTP revisions.
inline constexpr VersionSet kStreamableVersions =
    VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_11_25);
inline constexpr VersionSet kFrom20250326 =
    VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_11_25);
inline constexpr VersionSet kFrom20250618 =
    VersionSet::range(ProtocolVersion::k2025_06_18, ProtocolVersion::k2025_11_25);
inline constexpr VersionSet kFrom20251125 = VersionSet{ProtocolVersion::k2025_11_25};
/// 2026-07-28 alone: the modern era (no initialize; the envelope on every request).
inline constexpr VersionSet kModernVersions = VersionSet{ProtocolVersion::k2026_07_28};
/// Every revision of both eras, for rules that hold in all of them.
inline constexpr VersionSet kEveryVersion =
    VersionSet::range(ProtocolVersion::k2024_11_05, ProtocolVersion::k2026_07_28);
/// Rules that began with a revision and still hold at 2026-07-28.
inline constexpr VersionSet kSince20250326 =
    VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2026_07_28);
inline constexpr VersionSet kSince20250618 =
    VersionSet::range(ProtocolVersion::k2025_06_18, ProtocolVersion::k2026_07_28);
inline constexpr VersionSet kSince20251125 =
    VersionSet::range(ProtocolVersion::k2025_11_25, ProtocolVersion::k2026_07_28);

/// What a check needs before it can judge; missing means skipped, never failed
/// (an error when the probe could not find out).
struct Needs {
  std::string capability;   // a server capability path, e.g. "resources.subscribe"; "" for none
  bool tool = false;        // at least one tool the check can call
  bool session = false;     // a server that issues session ids
  bool auth = false;        // --bearer given (an authenticated deployment)
  bool http = false;        // an HTTP transport (not stdio)
  bool streamable = false;  // Streamable HTTP specifically
  bool loopback = false;    // the target is on this machine (rebinding checks)
  /// A list method whose items the check judges ("tools/list"): skipped when the
  /// server lists nothing there, an error when the probe got no answer to it.
  std::string listed;
};

/// What a check must have seen in its own exchanges before it may pass
/// (conformance/README.md, "Evidence"). The runner turns a pass without it
/// into a skip that says what was missing.
enum class Evidence {
  /// An answer from the server to something the check sent: a JSON-RPC
  /// response, a stdio line, or an HTTP status (the default).
  kAnswer,
  /// A notification from the server (progress, a log message, a list change):
  /// rules about notifications are not passed on none.
  kNotification,
  /// What the handshake showed: the probe's facts (the initialize or
  /// server/discover result, the lists) or how the check's own session
  /// opening was answered; nothing else need come.
  kHandshake,
};

struct CheckInfo {
  std::string
      id;  // stable slug, starting with its area's prefix; the requirement id where one fits
  std::string title;
  std::string area;  // the spec page (see area_table())
  /// The spec section, e.g. "basic/lifecycle#version-negotiation" (see spec_url), or
  /// "openai: <source>" for what OpenAI's client needs beyond the spec.
  std::string section;
  std::string rule;  // the requirement it checks, in one sentence of our own
  Level level = Level::kMust;
  VersionSet versions = kAllVersions;
  std::vector<std::string> profiles{"spec"};  // "spec" and/or "openai"
  Needs needs;
  /// The requirement manifests' row(s) it covers, comma-separated; a spec check
  /// left empty covers the row of its own id.
  std::string requirement;
  std::string description;  // what is verified, and (OpenAI checks) where the guide is wrong
  /// It changes what the server lists (the official trigger fixtures), so it
  /// runs after every other check, one at a time: a list walked or compared by
  /// another check stays still.
  bool changes_lists = false;
  /// What the check must have seen to pass (see Evidence).
  Evidence evidence = Evidence::kAnswer;
  /// It reports a habit of deployments, not a rule: a lapse (what would be a
  /// failure or warning) is shown as info, never a warning or a failure (not
  /// even under --strict); a pass stays a pass.
  bool informational = false;
};

/// What a check found. Checks say pass/fail/skip/error; the runner turns a
/// failed SHOULD/MAY into a warning (a failure under --strict).
struct Outcome {
  reports::Verdict verdict = reports::Verdict::kPass;
  std::string message;

  static Outcome pass(std::string note = {}) { return {reports::Verdict::kPass, std::move(note)}; }
  /// "expected: ...; got: ..." is the message of every failure.
  static Outcome fail(const std::string& expected, const std::string& got) {
    return {reports::Verdict::kFail, "expected: " + expected + "; got: " + got};
  }
  /// A lapse that is not a failure even under a MUST (a slow answer, a shape the
  /// spec's own example shows); worded like a failure.
  static Outcome warn(const std::string& expected, const std::string& got) {
    return {reports::Verdict::kWarn, "expected: " + expected + "; got: " + got};
  }
  static Outcome skip(std::string reason) { return {reports::Verdict::kSkip, std::move(reason)}; }
  /// What an informational check found (CheckInfo::informational).
  static Outcome info(std::string finding) { return {reports::Verdict::kInfo, std::move(finding)}; }
  static Outcome error(std::string what) { return {reports::Verdict::kError, std::move(what)}; }
};

/// Thrown from a check when a value the server sent has a JSON type the spec
/// does not allow (readOnlyHint: "yes"): the runner reports the check failed,
/// with this message as what it got. Any other exception that escapes a check,
/// nlohmann's type errors included, is a harness error: a bug of ours.
struct ServerValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using CheckFunction = std::function<Outcome(CheckContext&)>;

struct Check {
  CheckInfo info;
  CheckFunction run;
};

/// A spec page of the catalogue: its checks live in conformance/checks/<name>.cpp
/// (with '-' as '_'), and every one of their ids starts with `prefix`.
struct Area {
  std::string name;
  std::string prefix;
};

/// The spec pages, in the order the catalogue lists them.
const std::vector<Area>& area_table();
/// Their names, in the same order.
const std::vector<std::string>& areas();

/// The address of `section` on modelcontextprotocol.io as `version` publishes it,
/// https://modelcontextprotocol.io/specification/<version>/<page>[#anchor]; a
/// section that starts with a version ("2025-11-25/basic/utilities/tasks#...")
/// keeps that one. Nothing when the section names no page of that version.
std::optional<std::string> spec_url(std::string_view section, ProtocolVersion version);

class Registry {
 public:
  /// Adds a check; throws std::logic_error on a duplicate id, an unknown area,
  /// or an id without its area's prefix. An empty requirement of a spec check
  /// becomes its id.
  void add(CheckInfo info, CheckFunction run);
  /// All checks, in spec order (area order, then registration order).
  std::vector<const Check*> checks() const;
  const Check* find(std::string_view id) const;

 private:
  std::vector<Check> checks_;
};

/// Every check of the catalogue, one registration function per spec page.
const Registry& catalogue();

void register_base_checks(Registry& registry);
void register_lifecycle_checks(Registry& registry);
void register_transport_http_checks(Registry& registry);
/// The 2026-07-28 checks of the transport-http area (transport_http_v26.cpp).
void register_transport_http_v26_checks(Registry& registry);
/// More of them (transport_http_v26_more.cpp).
void register_transport_http_v26_more_checks(Registry& registry);
void register_transport_sse_checks(Registry& registry);
void register_ping_checks(Registry& registry);
void register_cancellation_checks(Registry& registry);
void register_progress_checks(Registry& registry);
void register_pagination_checks(Registry& registry);
void register_logging_checks(Registry& registry);
void register_completion_checks(Registry& registry);
void register_tasks_checks(Registry& registry);
void register_tools_checks(Registry& registry);
/// The input rules of the tools area (tools_inputs.cpp), in page order.
void register_tools_input_checks(Registry& registry);
/// The 2026-07-28 listing checks of the tools area (tools_v26.cpp).
void register_tools_v26_checks(Registry& registry);
void register_resources_checks(Registry& registry);
void register_prompts_checks(Registry& registry);
void register_authorization_checks(Registry& registry);
void register_openai_checks(Registry& registry);
void register_versioning_checks(Registry& registry);
void register_caching_checks(Registry& registry);
void register_subscriptions_checks(Registry& registry);
void register_mrtr_checks(Registry& registry);

}  // namespace mcp::conformance
