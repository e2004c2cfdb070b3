#include "reference_server/prompts.hpp"

namespace mcp::server {

const Prompt* PromptRegistry::find(std::string_view name) const {
  return prompts_.find_if([name](const Prompt& prompt) { return prompt.name == name; });
}

bool PromptRegistry::set_hidden(std::string_view name, bool hidden) {
  return prompts_.set_hidden([name](const Prompt& prompt) { return prompt.name == name; }, hidden);
}

Json describe(const Prompt& prompt, ProtocolVersion version) {
  Json entry{{"name", prompt.name}};
  if (version >= ProtocolVersion::k2025_06_18 && !prompt.title.empty())
    entry["title"] = prompt.title;
  if (!prompt.description.empty()) entry["description"] = prompt.description;
  if (!prompt.arguments.empty()) {
    Json arguments = Json::array();
    for (const auto& a : prompt.arguments) {
      Json argument{{"name", a.name}, {"required", a.required}};
      if (!a.description.empty()) argument["description"] = a.description;
      arguments.push_back(std::move(argument));
    }
    entry["arguments"] = std::move(arguments);
  }
  return entry;
}

}  // namespace mcp::server
