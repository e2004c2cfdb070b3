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

const Resource* ResourceRegistry::find(const std::string& uri) const {
  return resources_.find_if([&uri](const Resource& resource) { return resource.uri == uri; });
}

bool ResourceRegistry::set_hidden(const std::string& uri, bool hidden) {
  return resources_.set_hidden([&uri](const Resource& resource) { return resource.uri == uri; },
                               hidden);
}

std::optional<std::vector<ResourceContent>> ResourceRegistry::read(const std::string& uri,
                                                                   ToolContext* context) const {
  if (const auto* resource = find(uri)) {
    if (!resource->read_asking) return resource->read();
    if (!context) return std::nullopt;
    return resource->read_asking(*context);
  }
  for (const auto& t : templates_) {
    if (auto vars = match_uri_template(t.uri_template, uri)) return t.read(uri, *vars);
  }
  return std::nullopt;
}

bool ResourceRegistry::exists(const std::string& uri) const {
  if (find(uri)) return true;
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

Json describe(const Resource& resource, ProtocolVersion version) {
  Json entry{{"uri", resource.uri}, {"name", resource.name}};
  if (version >= ProtocolVersion::k2025_06_18 && !resource.title.empty())
    entry["title"] = resource.title;
  if (!resource.description.empty()) entry["description"] = resource.description;
  if (!resource.mime_type.empty()) entry["mimeType"] = resource.mime_type;
  return entry;
}

Json describe(const ResourceTemplate& t, ProtocolVersion version) {
  Json entry{{"uriTemplate", t.uri_template}, {"name", t.name}};
  if (version >= ProtocolVersion::k2025_06_18 && !t.title.empty()) entry["title"] = t.title;
  if (!t.description.empty()) entry["description"] = t.description;
  if (!t.mime_type.empty()) entry["mimeType"] = t.mime_type;
  return entry;
}

}  // namespace mcp::server
