// Prompts: what they are, the registry the dispatcher reads, and how
// prompts/list describes them.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/versions.hpp"
#include "reference_server/registry.hpp"

namespace mcp::server {

class ToolContext;

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  /// Completion values for this argument given a prefix; empty function: none.
  std::function<std::vector<std::string>(const std::string& prefix)> complete;
};

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  /// Returns the messages array for validated arguments (strings by name).
  std::function<Json(const Json& arguments)> messages;
  /// Instead of `messages`, for a prompt that asks the client something before
  /// it can answer (through the context, as a tool does).
  std::function<Json(const Json& arguments, ToolContext& context)> messages_asking;
};

class PromptRegistry {
 public:
  void add(Prompt prompt) { prompts_.add(std::move(prompt)); }
  std::vector<const Prompt*> listed() const { return prompts_.listed(); }
  const Prompt* find(std::string_view name) const;
  bool set_hidden(std::string_view name, bool hidden);

 private:
  Registry<Prompt> prompts_;
};

/// The prompts/list entry for `prompt` as protocol version `version` defines it.
Json describe(const Prompt& prompt, ProtocolVersion version);

}  // namespace mcp::server
