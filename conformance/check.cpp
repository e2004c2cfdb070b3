#include "conformance/check.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace mcp::conformance {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kMust:
      return "MUST";
    case Level::kShould:
      return "SHOULD";
    case Level::kMay:
      return "MAY";
  }
  return "MUST";
}

std::string VersionSet::describe() const {
  std::string out;
  for (const auto v : all_protocol_versions()) {
    if (contains(v)) out += (out.empty() ? "" : ", ") + std::string(mcp::to_string(v));
  }
  return out;
}

const std::vector<Area>& area_table() {
  static const std::vector<Area> kAreas{
      {"base", "base."},
      {"lifecycle", "lifecycle."},
      {"transport-http", "transport.http."},
      {"transport-sse", "transport.sse."},
      {"ping", "util.ping."},
      {"cancellation", "util.cancel."},
      {"progress", "util.progress."},
      {"pagination", "util.pagination."},
      {"logging", "util.logging."},
      {"completion", "util.completion."},
      {"tasks", "tasks."},
      {"tools", "tools."},
      {"resources", "resources."},
      {"prompts", "prompts."},
      {"authorization", "auth."},
      {"openai", "openai."},
      {"versioning", "version."},
      {"caching", "cache."},
      {"subscriptions", "subs."},
      {"mrtr", "mrtr."},
  };
  return kAreas;
}

const std::vector<std::string>& areas() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    for (const auto& area : area_table())
      out.push_back(area.name);
    return out;
  }();
  return kNames;
}

namespace {

/// The pages of modelcontextprotocol.io/specification/<version>/ the catalogue
/// links to, and the versions that publish each.
struct SpecPage {
  std::string_view path;
  VersionSet versions;
};

constexpr std::array kSpecPages{
    SpecPage{"basic/index", kEveryVersion},
    SpecPage{"basic/messages", {ProtocolVersion::k2024_11_05}},
    SpecPage{"basic/lifecycle", kEveryVersion},
    SpecPage{"basic/transports", kEveryVersion},
    SpecPage{"basic/transports/streamable-http", {ProtocolVersion::k2026_07_28}},
    SpecPage{"basic/authorization", kSince20250326},
    SpecPage{"basic/security_best_practices", {ProtocolVersion::k2025_06_18}},
    SpecPage{"basic/utilities/ping", kAllVersions},
    SpecPage{"basic/utilities/cancellation", kEveryVersion},
    SpecPage{"basic/utilities/progress", kEveryVersion},
    SpecPage{"basic/utilities/tasks", kFrom20251125},
    SpecPage{"server/tools", kEveryVersion},
    SpecPage{"server/resources", kEveryVersion},
    SpecPage{"server/prompts", kEveryVersion},
    SpecPage{"server/utilities/pagination", kEveryVersion},
    SpecPage{"server/utilities/logging", kEveryVersion},
    SpecPage{"server/utilities/completion", kEveryVersion},
    SpecPage{"changelog",
             VersionSet::range(ProtocolVersion::k2025_03_26, ProtocolVersion::k2026_07_28)},
    SpecPage{"basic/versioning", {ProtocolVersion::k2026_07_28}},
    SpecPage{"server/discover", {ProtocolVersion::k2026_07_28}},
    SpecPage{"server/utilities/caching", {ProtocolVersion::k2026_07_28}},
    SpecPage{"basic/patterns/subscriptions", {ProtocolVersion::k2026_07_28}},
    SpecPage{"basic/patterns/mrtr", {ProtocolVersion::k2026_07_28}},
};

bool is_anchor(std::string_view anchor) {
  return !anchor.empty() && std::all_of(anchor.begin(), anchor.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
}

}  // namespace

std::optional<std::string> spec_url(std::string_view section, ProtocolVersion version) {
  if (const auto slash = section.find('/'); slash != std::string_view::npos) {
    if (const auto pinned = parse_protocol_version(section.substr(0, slash))) {
      version = *pinned;
      section.remove_prefix(slash + 1);
    }
  }
  const auto hash = section.find('#');
  auto path = section.substr(0, hash);
  const auto anchor =
      hash == std::string_view::npos ? std::string_view() : section.substr(hash + 1);
  if (hash != std::string_view::npos && !is_anchor(anchor)) return std::nullopt;
  // 2024-11-05 kept the message rules on a page of their own.
  if (version == ProtocolVersion::k2024_11_05 && path == "basic/index") path = "basic/messages";
  const auto page = std::find_if(kSpecPages.begin(), kSpecPages.end(),
                                 [&](const SpecPage& p) { return p.path == path; });
  if (page == kSpecPages.end() || !page->versions.contains(version)) return std::nullopt;
  std::string url = "https://modelcontextprotocol.io/specification/" +
                    std::string(mcp::to_string(version)) + "/" + std::string(path);
  if (!anchor.empty()) url += "#" + std::string(anchor);
  return url;
}

void Registry::add(CheckInfo info, CheckFunction run) {
  if (find(info.id)) throw std::logic_error("duplicate check id " + info.id);
  const auto area = std::find_if(area_table().begin(), area_table().end(),
                                 [&](const Area& a) { return a.name == info.area; });
  if (area == area_table().end())
    throw std::logic_error("check " + info.id + " has an unknown area " + info.area);
  if (!info.id.starts_with(area->prefix)) {
    throw std::logic_error("check " + info.id + " of area " + info.area +
                           " must have an id starting with " + area->prefix);
  }
  const bool spec =
      std::find(info.profiles.begin(), info.profiles.end(), "spec") != info.profiles.end();
  if (info.requirement.empty() && spec) info.requirement = info.id;
  checks_.push_back(Check{std::move(info), std::move(run)});
}

std::vector<const Check*> Registry::checks() const {
  std::vector<const Check*> out;
  for (const auto& area : areas()) {
    for (const auto& c : checks_) {
      if (c.info.area == area) out.push_back(&c);
    }
  }
  return out;
}

const Check* Registry::find(std::string_view id) const {
  for (const auto& c : checks_) {
    if (c.info.id == id) return &c;
  }
  return nullptr;
}

const Registry& catalogue() {
  static const Registry registry = [] {
    Registry r;
    register_base_checks(r);
    register_lifecycle_checks(r);
    register_transport_http_checks(r);
    register_transport_sse_checks(r);
    register_ping_checks(r);
    register_cancellation_checks(r);
    register_progress_checks(r);
    register_pagination_checks(r);
    register_logging_checks(r);
    register_completion_checks(r);
    register_tasks_checks(r);
    register_tools_checks(r);
    register_tools_v26_checks(r);
    register_resources_checks(r);
    register_prompts_checks(r);
    register_authorization_checks(r);
    register_openai_checks(r);
    register_versioning_checks(r);
    register_caching_checks(r);
    register_subscriptions_checks(r);
    register_mrtr_checks(r);
    return r;
  }();
  return registry;
}

}  // namespace mcp::conformance
