#include "conformance/check.hpp"

#include <algorithm>
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

const std::vector<std::string>& areas() {
  static const std::vector<std::string> kAreas{
      "jsonrpc", "lifecycle", "transport-http", "transport-sse", "utilities",
      "tools",   "resources", "prompts",        "authorization", "openai"};
  return kAreas;
}

void Registry::add(CheckInfo info, CheckFunction run) {
  if (find(info.id)) throw std::logic_error("duplicate check id " + info.id);
  if (std::find(areas().begin(), areas().end(), info.area) == areas().end()) {
    throw std::logic_error("check " + info.id + " has an unknown area " + info.area);
  }
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
    register_jsonrpc_checks(r);
    register_lifecycle_checks(r);
    register_transport_http_checks(r);
    register_transport_sse_checks(r);
    register_utilities_checks(r);
    register_tools_checks(r);
    register_resources_checks(r);
    register_prompts_checks(r);
    register_authorization_checks(r);
    register_openai_checks(r);
    return r;
  }();
  return registry;
}

}  // namespace mcp::conformance
