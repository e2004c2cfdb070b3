// The transport-independent MCP core: turns one JSON-RPC request or
// notification into its effect and its response.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "reference_server/faults.hpp"
#include "reference_server/session.hpp"
#include "reference_server/tools.hpp"

namespace mcp::server {

struct ServerInfo {
  std::string name = "mcp-reference-server";
  std::string title = "MCP Reference Server";
  std::string version;
  std::string instructions;
};

class Dispatcher {
 public:
  Dispatcher(ServerInfo info, const ToolRegistry& tools, std::size_t page_size, Faults faults = {});

  /// Handles a classified request on `session`. `emit` (may be empty) carries
  /// messages the request produces before its response. Returns nullopt when
  /// no response may be sent (the request was cancelled).
  std::optional<Json> handle_request(const Json& request, Session& session, const Emit& emit);

  /// Handles a client notification (initialized, cancelled; others are ignored).
  void handle_notification(const Json& notification, Session& session);

  /// True when answering `request` may send messages before the response, so
  /// an SSE answer is worth it.
  bool may_emit_before_response(const Json& request) const;

  /// Cancels every in-flight request and every later one (server shutdown).
  void cancel_all();

  const ToolRegistry& tools() const { return tools_; }

 private:
  Json initialize(const Json& id, const Json& params, Session& session);
  Json list_tools(const Json& id, const Json& params, ProtocolVersion version) const;
  std::optional<Json> call_tool(const Json& id, const Json& params, Session& session,
                                const Emit& emit);
  std::optional<Json> dispatch(const Json& request, Session& session, const Emit& emit);

  ServerInfo info_;
  const ToolRegistry& tools_;
  std::size_t page_size_;
  Faults faults_;

  std::mutex inflight_mutex_;
  std::set<std::shared_ptr<CancelToken>> inflight_;
  bool shutting_down_ = false;
};

}  // namespace mcp::server
