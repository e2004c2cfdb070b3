// Resources and resource templates: what they are, the registry the dispatcher
// reads, and how resources/list and resources/templates/list describe them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/versions.hpp"
#include "reference_server/registry.hpp"
#include "reference_server/tools.hpp"

namespace mcp::server {

/// One entry of resources/read `contents`: text or a base64 blob.
struct ResourceContent {
  std::string uri;
  std::string mime_type;
  std::optional<std::string> text;
  std::optional<std::string> blob;  // base64
};
Json to_json(const ResourceContent& content);

struct Resource {
  std::string uri;
  std::string name;
  std::string title;  // listed from 2025-06-18
  std::string description;
  std::string mime_type;
  std::function<std::vector<ResourceContent>()> read;
  /// Set instead of `read` for a resource whose contents need an answer from
  /// the client (roots, say): in 2026-07-28 a multi round-trip read.
  std::function<std::vector<ResourceContent>(ToolContext& context)> read_asking;
};

/// An RFC 6570 level-1 template ("test://template/{id}/data"): {name} matches
/// one path segment.
struct ResourceTemplate {
  std::string uri_template;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  /// Contents for a URI that matched, given the variables' values.
  std::function<std::vector<ResourceContent>(
      const std::string& uri, const std::vector<std::pair<std::string, std::string>>& vars)>
      read;
  /// Completion values for a variable, given what was typed so far.
  std::function<std::vector<std::string>(const std::string& variable, const std::string& prefix)>
      complete;
};

/// Matches `uri` against a level-1 template; the variables' values, or nullopt.
std::optional<std::vector<std::pair<std::string, std::string>>> match_uri_template(
    const std::string& uri_template, const std::string& uri);

class ResourceRegistry {
 public:
  void add(Resource resource) { resources_.add(std::move(resource)); }
  void add_template(ResourceTemplate t) { templates_.push_back(std::move(t)); }
  /// The listed (not hidden) resources, in the order added.
  std::vector<const Resource*> listed() const { return resources_.listed(); }
  /// Hides or shows a resource (a change of the list); returns whether it changed.
  bool set_hidden(const std::string& uri, bool hidden);
  const std::vector<ResourceTemplate>& templates() const { return templates_; }
  /// Reads a static resource or a templated one; nullopt when nothing matches.
  /// `context` lets a resource ask the client (read_asking); without one such a
  /// resource cannot be read.
  std::optional<std::vector<ResourceContent>> read(const std::string& uri,
                                                   ToolContext* context = nullptr) const;
  bool exists(const std::string& uri) const;
  const ResourceTemplate* find_template(const std::string& uri_template) const;

 private:
  const Resource* find(const std::string& uri) const;

  Registry<Resource> resources_;
  std::vector<ResourceTemplate> templates_;
};

/// The resources/list entry for `resource` as protocol version `version` defines it.
Json describe(const Resource& resource, ProtocolVersion version);
/// The resources/templates/list entry for `t`.
Json describe(const ResourceTemplate& t, ProtocolVersion version);

}  // namespace mcp::server
