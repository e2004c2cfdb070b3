#include "reference_server/resources.hpp"

namespace mcp::server {

Json to_json(const ResourceContent& content) {
  Json out{{"uri", content.uri}};
  if (!content.mime_type.empty()) out["mimeType"] = content.mime_type;
  if (content.text) out["text"] = *content.text;
  if (content.blob) out["blob"] = *content.blob;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> match_uri_template(
    const std::string& uri_template, const std::string& uri) {
  std::vector<std::pair<std::string, std::string>> vars;
  std::size_t t = 0;
  std::size_t u = 0;
  while (t < uri_template.size()) {
    if (uri_template[t] == '{') {
      const auto close = uri_template.find('}', t);
      if (close == std::string::npos) return std::nullopt;
      const auto name = uri_template.substr(t + 1, close - t - 1);
      // A variable runs to the next literal character of the template (one path segment at most).
      const char stop = close + 1 < uri_template.size() ? uri_template[close + 1] : '\0';
      std::size_t end = u;
      while (end < uri.size() && uri[end] != '/' && uri[end] != stop)
        ++end;
      if (end == u) return std::nullopt;  // variables are never empty
      vars.emplace_back(name, uri.substr(u, end - u));
      u = end;
      t = close + 1;
    } else {
      if (u >= uri.size() || uri[u] != uri_template[t]) return std::nullopt;
      ++u;
      ++t;
    }
  }
  if (u != uri.size()) return std::nullopt;
  return vars;
}

void ResourceRegistry::add(Resource resource) {
  resources_.push_back(std::move(resource));
  hidden_.push_back(std::make_unique<std::atomic<bool>>(false));
}

std::vector<const Resource*> ResourceRegistry::listed() const {
  std::vector<const Resource*> out;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (!hidden_[i]->load()) out.push_back(&resources_[i]);
  }
  return out;
}

bool ResourceRegistry::set_hidden(const std::string& uri, bool hidden) {
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (resources_[i].uri == uri) return hidden_[i]->exchange(hidden) != hidden;
  }
  return false;
}

std::optional<std::vector<ResourceContent>> ResourceRegistry::read(const std::string& uri) const {
  for (const auto* r : listed()) {
    if (r->uri == uri) return r->read();
  }
  for (const auto& t : templates_) {
    if (auto vars = match_uri_template(t.uri_template, uri)) return t.read(uri, *vars);
  }
  return std::nullopt;
}

bool ResourceRegistry::exists(const std::string& uri) const {
  for (const auto* r : listed()) {
    if (r->uri == uri) return true;
  }
  for (const auto& t : templates_) {
    if (match_uri_template(t.uri_template, uri)) return true;
  }
  return false;
}

const ResourceTemplate* ResourceRegistry::find_template(const std::string& uri_template) const {
  for (const auto& t : templates_) {
    if (t.uri_template == uri_template) return &t;
  }
  return nullptr;
}

void PromptRegistry::add(Prompt prompt) {
  prompts_.push_back(std::move(prompt));
  hidden_.push_back(std::make_unique<std::atomic<bool>>(false));
}

std::vector<const Prompt*> PromptRegistry::listed() const {
  std::vector<const Prompt*> out;
  for (std::size_t i = 0; i < prompts_.size(); ++i) {
    if (!hidden_[i]->load()) out.push_back(&prompts_[i]);
  }
  return out;
}

const Prompt* PromptRegistry::find(std::string_view name) const {
  for (const auto* p : listed()) {
    if (p->name == name) return p;
  }
  return nullptr;
}

bool PromptRegistry::set_hidden(std::string_view name, bool hidden) {
  for (std::size_t i = 0; i < prompts_.size(); ++i) {
    if (prompts_[i].name == name) return hidden_[i]->exchange(hidden) != hidden;
  }
  return false;
}

}  // namespace mcp::server
