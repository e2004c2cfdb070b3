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
#include <span>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/request_metadata.hpp"
#include "reference_server/catalog.hpp"
#include "reference_server/hooks.hpp"
#include "reference_server/input_rounds.hpp"
#include "reference_server/session.hpp"

namespace mcp::server {

struct ServerInfo {
  std::string name = "mcp-reference-server";
  std::string title = "MCP Reference Server";
  std::string version;
  std::string instructions;
};

/// A 2026-07-28 request admitted to be served: the session it runs in, made for
/// it alone from its envelope (version, client capabilities, log level).
struct ModernAdmission {
  std::shared_ptr<Session> session;  // null: refused, and `error` is the answer
  Json error;
};

/// What route() made of one client message.
struct Routed {
  enum class Kind {
    kRequest,   // left to the transport, which decides how its answer travels
    kConsumed,  // a notification or a client's response, handled; nothing to answer
    kInvalid,   // not JSON-RPC (or answered by a fault): `error` is its error response
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

  /// Reads a 2026-07-28 request's envelope and judges its version: a session
  /// for it alone, or the error to answer (-32602 for the envelope or its log
  /// level, -32022 for a version not served). Over HTTP both go with 400.
  ModernAdmission admit_modern(const Json& request) const;
  /// The same for a request whose envelope the caller has already read.
  ModernAdmission admit_modern(const Json& request, const modern::Envelope& envelope) const;

  /// The error for a version not served (-32022, data.supported and requested).
  static Json unsupported_version(const Json& id, std::string_view requested);

  /// What a subscriptions/listen request's params.notifications will be
  /// honoured as; nullopt (and *problem) when they are malformed (-32602).
  static std::optional<Json> listen_filter(const Json& params, std::string* problem);

  /// The versions served to modern (envelope-carrying) requests.
  static std::span<const ProtocolVersion> modern_versions();

  /// Handles a client notification (initialized, cancelled; others are ignored).
  void handle_notification(const Json& notification, Session& session);

  /// Routes a client's response to the server request waiting for it; false
  /// when no request with that id is waiting.
  bool handle_response(const Json& response);

  /// True when answering `request` may send messages before the response, so
  /// an SSE answer is worth it.
  bool may_emit_before_response(const Json& request) const;
  /// The same for a 2026-07-28 request, which has no server requests: only
  /// progress, and log messages when its envelope sets a log level.
  bool may_emit_before_modern_response(const Json& request) const;

  /// Cancels every in-flight request and every later one (server shutdown).
  void cancel_all();

  const Catalog& catalog() const { return catalog_; }

  // ServerEvents
  void list_changed(std::string_view list) override;
  void resource_updated(const std::string& uri) override;

 private:
  struct PendingClientRequest;
  /// The tool a tools/call request names, if it exists.
  const Tool* called_tool(const Json& request) const;
  std::optional<Json> dispatch(const std::string& method, const Json& id, const Json& params,
                               Session& session, const Emit& emit,
                               const std::function<void()>& end_connection);
  void broadcast(Json notification, const std::string& uri);
  std::optional<Json> ask_client(const Json& request, const std::shared_ptr<CancelToken>& cancel,
                                 const Emit& emit, std::chrono::milliseconds timeout,
                                 std::string* error);

  // The 2026-07-28 methods and result rules (modern_methods.cpp).
  std::optional<Json> dispatch_modern(const std::string& method, const Json& id, const Json& params,
                                      Session& session, const Emit& emit,
                                      const std::function<void()>& end_connection);
  Json discover(const Json& id) const;
  Json server_capabilities(ProtocolVersion version) const;
  /// Runs a method that may need answers from the client (tools/call,
  /// prompts/get, resources/read): the answers so far come from requestState
  /// and inputResponses; missing ones make an InputRequiredResult.
  std::optional<Json> with_input_rounds(
      const std::string& method, const Json& id, const Json& params, Session& session,
      const std::function<std::optional<Json>(const Json& params)>& run);
  void complete_modern_result(const std::string& method, Json& result) const;
  Json server_info_json(ProtocolVersion version) const;
  /// subscriptions/listen: acknowledges, then delivers the notifications asked
  /// for until the client leaves (nullopt) or the server shuts down (a result).
  std::optional<Json> listen(const Json& id, const Json& params, Session& session,
                             const Emit& emit);
  void deliver_to_listeners(const Json& notification, const std::string& uri);

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
  Json read_resource(const Json& id, const Json& params, Session& session, const Emit& emit);
  Json subscribe(const Json& id, const Json& params, Session& session, bool on) const;
  Json list_prompts(const Json& id, const Json& params, ProtocolVersion version) const;
  Json get_prompt(const Json& id, const Json& params, Session& session, const Emit& emit);
  /// The client-requester a tool or prompt of this request asks through
  /// (legacy era, answered on the request's stream); empty without a stream.
  ClientRequester requester(const std::shared_ptr<CancelToken>& token, const Emit& emit);
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

  StateSeal seal_;           // requestState of multi round-trip requests
  Json modern_server_info_;  // _meta serverInfo of every 2026-07-28 result

  struct Listener;
  std::mutex listeners_mutex_;
  std::vector<std::shared_ptr<Listener>> listeners_;
};

}  // namespace mcp::server
