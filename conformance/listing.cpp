#include "conformance/listing.hpp"

#include <algorithm>
#include <array>
#include <iomanip>
#include <map>
#include <sstream>

#include "conformance/check.hpp"

namespace mcp::conformance {
namespace {

/// What a reader of the table needs to know about an area beside its name.
const std::map<std::string, std::string>& area_notes() {
  static const std::map<std::string, std::string> kNotes{
      {"transport-http", "Streamable HTTP"},
      {"transport-sse", "HTTP+SSE, 2024-11-05"},
      {"authorization", "with `--bearer`"},
      {"openai", "profile `openai`"},
  };
  return kNotes;
}

std::vector<const Check*> checks_of(const std::string& profile) {
  std::vector<const Check*> out;
  for (const auto* c : catalogue().checks()) {
    const auto& profiles = c->info.profiles;
    if (profile == "all" || std::find(profiles.begin(), profiles.end(), profile) != profiles.end())
      out.push_back(c);
  }
  return out;
}

/// Checks per level (MUST, SHOULD, MAY: Level's order), then all of them.
using Counts = std::array<int, 4>;

std::string row(const std::string& label, const Counts& n) {
  return "| " + label + " | " + std::to_string(n[0]) + " | " + std::to_string(n[1]) + " | " +
         std::to_string(n[2]) + " | " + std::to_string(n[3]) + " |\n";
}

}  // namespace

std::string list_text(const std::string& profile) {
  std::ostringstream out;
  std::string area;
  for (const auto* c : checks_of(profile)) {
    const auto& i = c->info;
    if (i.area != area) {
      area = i.area;
      out << "\n" << area << "\n";
    }
    out << "  " << std::left << std::setw(44) << i.id << std::setw(7) << to_string(i.level)
        << i.title << "\n";
  }
  return out.str();
}

Json list_json(const std::string& profile) {
  Json out = Json::array();
  for (const auto* c : checks_of(profile)) {
    const auto& i = c->info;
    out.push_back({{"id", i.id},
                   {"title", i.title},
                   {"area", i.area},
                   {"section", i.section},
                   {"rule", i.rule},
                   {"level", to_string(i.level)},
                   {"versions", i.versions.describe()},
                   {"profiles", i.profiles},
                   {"requirement", i.requirement},
                   {"description", i.description},
                   {"changes_lists", i.changes_lists}});
  }
  return out;
}

std::string checks_table(const std::string& profile) {
  std::map<std::string, Counts> per_area;
  Counts total{};
  for (const auto* c : checks_of(profile)) {
    const auto level = static_cast<std::size_t>(c->info.level);
    for (auto* counts : {&per_area[c->info.area], &total}) {
      ++(*counts)[level];
      ++(*counts)[3];
    }
  }
  std::string out = "| area | MUST | SHOULD | MAY | total |\n|---|---|---|---|---|\n";
  for (const auto& area : areas()) {
    const auto counts = per_area.find(area);
    if (counts == per_area.end()) continue;
    const auto note = area_notes().find(area);
    out +=
        row(note == area_notes().end() ? area : area + " (" + note->second + ")", counts->second);
  }
  return out + row("**total**", total);
}

}  // namespace mcp::conformance
