// The transport-independent MCP core: classifies each JSON-RPC message and
// turns it into its effect and its response. The transports decide only how an
// answer travels.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "reference_server/catalog.hpp"
#include "reference_server/hooks.hpp"
#include "reference_server/session.hpp"

namespace mcp::server {

struct ServerInfo {
  std::string name = "mcp-reference-server";
  std::string title = "MCP Reference Server";
  std::string version;
  std::string instructions;
};

/// What route() made of one client message.
struct Routed {
  enum class Kind {
    kRequest,   // left to the transport, which decides how its answer travels
    kConsumed,  // a notification or a client's response, handled; nothing to answer
    kInvalid,   // not JSON-RPC: `error` is its error response
  };
  Kind kind = Kind::kInvalid;
  Json error;
};

class Dispatcher : public ServerEvents {
 public:
  /// Delivers a server notification: to every session (uri empty) or to the
  /// sessions subscribed to `uri`. Set by the transport, which knows the sessions.
  using Notifier = std::function<void(const Json& notification, const std::string& uri)>;

  Dispatcher(ServerInfo info, Catalog& catalog, std::size_t page_size, McpHooks hooks = {});
  ~Dispatcher() override;

  void set_notifier(Notifier notifier);

  /// Classifies one message (not a batch): a notification or a client's
  /// response is handled here; a request is left to the caller.
  Routed route(const Json& message, Session& session);

  /// Routes every message of a batch and answers its requests in order (the
  /// 2025-03-26 batch): the array of responses, or nullopt when there are none.
  std::optional<Json> route_batch(const Json& batch, Session& session, const Emit& emit);

  /// Handles a request on `session`. `emit` (may be empty) carries messages the
  /// request produces before its response. Returns nullopt when no response may
  /// be sent (the request was cancelled).
  std::optional<Json> handle_request(const Json& request, Session& session, const Emit& emit,
                                     const std::function<void()>& end_connection = {});

  /// Handles a client notification (initialized, cancelled; others are ignored).
  void handle_notification(const Json& notification, Session& session);

  /// Routes a client's response to the server request waiting for it; false
  /// when no request with that id is waiting.
  bool handle_response(const Json& response);

  /// True when answering `request` may send messages before the response, so
  /// an SSE answer is worth it.
  bool may_emit_before_response(const Json& request) const;

  /// Cancels every in-flight request and every later one (server shutdown).
  void cancel_all();

  const Catalog& catalog() const { return catalog_; }

  // ServerEvents
  void list_changed(std::string_view list) override;
  void resource_updated(const std::string& uri) override;

 private:
  struct PendingClientRequest;
  std::optional<Json> dispatch(const std::string& method, const Json& id, const Json& params,
                               Session& session, const Emit& emit,
                               const std::function<void()>& end_connection);
  void broadcast(Json notification, const std::string& uri);
  std::optional<Json> ask_client(const Json& request, const std::shared_ptr<CancelToken>& cancel,
                                 const Emit& emit, std::chrono::milliseconds timeout,
                                 std::string* error);

  // The methods (methods.cpp).
  Json initialize(const Json& id, const Json& params, Session& session);
  Json list_tools(const Json& id, const Json& params, ProtocolVersion version) const;
  std::optional<Json> call_tool(const Json& id, const Json& params, Session& session,
                                const Emit& emit, const std::function<void()>& end_connection);
  std::optional<Json> run_tool(const Tool& tool, const Json& id, const Json& arguments,
                               const Json& progress_token, Session& session, const Emit& emit,
                               const std::function<void()>& end_connection);
  Json list_resources(const Json& id, const Json& params, ProtocolVersion version) const;
  Json list_resource_templates(const Json& id, const Json& params, ProtocolVersion version) const;
  Json read_resource(const Json& id, const Json& params) const;
  Json subscribe(const Json& id, const Json& params, Session& session, bool on) const;
  Json list_prompts(const Json& id, const Json& params, ProtocolVersion version) const;
  Json get_prompt(const Json& id, const Json& params) const;
  Json complete(const Json& id, const Json& params) const;
  Json set_log_level(const Json& id, const Json& params, Session& session) const;

  ServerInfo info_;
  Catalog& catalog_;
  std::size_t page_size_;
  McpHooks hooks_;
  Notifier notifier_;
  std::mutex notifier_mutex_;

  std::mutex inflight_mutex_;
  std::set<std::shared_ptr<CancelToken>> inflight_;
  bool shutting_down_ = false;

  std::mutex client_mutex_;
  std::map<std::string, std::shared_ptr<PendingClientRequest>>
      client_requests_;  // key: serialised id
  std::atomic<std::uint64_t> client_request_counter_{0};
};

}  // namespace mcp::server
