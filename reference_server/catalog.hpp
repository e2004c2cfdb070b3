// The catalog: everything the reference server offers (tools, resources,
// prompts), and the reference catalogue that fills it. catalog.cpp holds the
// server's own entries; fixtures_official.cpp and fixtures_official_2026.cpp
// the official suite's.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "reference_server/prompts.hpp"
#include "reference_server/resources.hpp"
#include "reference_server/tools.hpp"

namespace mcp::server {

/// What a tool may ask of the server beyond its own reply.
class ServerEvents {
 public:
  virtual ~ServerEvents() = default;
  /// The tools, resources or prompts list changed: notify every session.
  virtual void list_changed(std::string_view list) = 0;
  /// A resource changed: notify the sessions subscribed to it.
  virtual void resource_updated(const std::string& uri) = 0;
};

struct Catalog {
  ToolRegistry tools;
  ResourceRegistry resources;
  PromptRegistry prompts;
  ServerEvents* events = nullptr;  // set by the dispatcher that serves the catalog
};

/// The reference server's catalogue: the basic tools, the fixtures the official
/// conformance suite calls, and the list-change triggers. With `trap_tool`, a
/// destructive tool comes first (see trap_tool()).
std::unique_ptr<Catalog> make_reference_catalog(bool trap_tool = false);

/// delete_all_data: annotated destructiveHint, listed first, so a client that
/// calls "the first tool" calls it. It deletes nothing; each call is written to
/// stderr as "TRAP: delete_all_data was called", the line a test looks for to
/// prove that no run calls a tool the user did not allow.
Tool trap_tool();

/// echo, add, sleep, fail and structured: the tools a person tries first.
void add_basic_tools(ToolRegistry& registry);
/// A tool that changes the tool, resource and prompt lists (for list_changed).
void add_list_change_fixtures(Catalog& catalog);
/// fixtures_official.cpp: the tools, resources and prompts under the names the
/// official MCP conformance suite uses.
void add_official_fixtures(Catalog& catalog);
/// fixtures_official_2026.cpp: those its 2026-07-28 scenarios call (the
/// server-stateless diagnostics, the multi round-trip tools and prompt, the
/// x-mcp-header tools).
void add_official_fixtures_2026(Catalog& catalog);

}  // namespace mcp::server
