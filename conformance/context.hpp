// What a check works with: the target, the protocol version under test, facts
// probed once about the server, and fresh sessions / raw HTTP exchanges that
// are recorded in the check's own transcript.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/modern_session.hpp"
#include "client/transcript.hpp"
#include "client/transport.hpp"
#include "conformance/check.hpp"
#include "conformance/schema_audit.hpp"

namespace mcp::conformance {

enum class TransportChoice { kAuto, kStreamableHttp, kSse };

/// Where the server is and how to reach it.
struct Target {
  std::string url;            // HTTP transports
  std::string stdio_command;  // or a command speaking stdio
  TransportChoice transport = TransportChoice::kAuto;
  client::Headers headers;  // --header and --bearer, sent on every request
  bool has_bearer = false;
  client::Deadlines deadlines;
  client::Limits limits;  // --max-response-bytes

  bool is_stdio() const { return !stdio_command.empty(); }
};

// Readers of server data that never throw on a wrong type (which is the
// server's fault, and a finding for the checks, never a crash).

/// readOnlyHint: true in the tool's annotations; any other type counts as false.
bool is_read_only_tool(const Json& tool);
struct ServerFacts;
/// True when a run may call `tool`: it is annotated readOnlyHint true, or the
/// user named it (--call-tool, --allow-tool). A conformance run must not change
/// the user's data, so no other tool is ever called.
bool may_call(const ServerFacts& facts, const Json& tool);
/// The same for the listed tool named `name`; false when none is listed.
bool may_call_named(const ServerFacts& facts, std::string_view name);
/// Why the listed tool `name` is not called: "" when it may be.
std::string not_called_reason(const ServerFacts& facts, std::string_view name);

/// Thrown instead of sending a tools/call of a tool the run may not call
/// (may_call): the runner reports the check skipped, with this reason. It is
/// the last line of defence; checks choose callable tools before that.
struct CallNotAllowed : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// Throws CallNotAllowed when `message`, or a message of a batch, is a
/// tools/call of a tool that may not be called.
void guard_tool_calls(const ServerFacts& facts, const Json& message);

/// The string member `key` of `object`, or "" when absent or not a string.
std::string string_member(const Json& object, std::string_view key);

/// What the probe learnt about the server for one protocol version; read-only
/// for the checks, so they can run in parallel.
struct ServerFacts {
  ProtocolVersion version = kLatestLegacyVersion;
  client::TransportKind transport = client::TransportKind::kStreamableHttp;
  Json init_result = Json::object();
  Json capabilities = Json::object();
  bool issues_sessions = false;
  /// The server answers initialize too (a legacy or dual-era server), not only 2026-07-28.
  bool speaks_legacy = true;
  std::vector<Json> tools;      // every page of tools/list
  std::vector<Json> resources;  // when the resources capability is declared
  std::vector<Json> templates;
  std::vector<Json> prompts;  // when the prompts capability is declared
  /// The list methods the probe got no answer to (a timeout, a dropped
  /// connection), with what it got: what the server lists there is unknown.
  std::map<std::string, std::string> unlisted;
  /// The list methods whose result is not the object the schema defines (a bare
  /// array, a missing "tools"...), with what came back: the lists checks judge
  /// that; the checks that need an item from it skip, saying so.
  std::map<std::string, std::string> unreadable;

  /// The tool checks may call and its arguments: the one named with --call-tool,
  /// else the first tool annotated readOnlyHint whose arguments can be made
  /// from its schema (a conformance run must not change anything). Null: none,
  /// and call_tool_note says why.
  Json call_tool;
  Json call_arguments = Json::object();
  std::string call_tool_note;
  /// Tools the user named (--call-tool, --allow-tool): they may be called
  /// whatever their annotations say (may_call).
  std::set<std::string, std::less<>> allowed_tools;

  /// True when `path` (e.g. "resources.subscribe") names a declared capability
  /// (an object, or true).
  bool has_capability(std::string_view path) const;
};

/// An initialized MCP session for one check. At 2026-07-28 there is no
/// session: the same interface then sends every request with the envelope and
/// the headers that mirror it, so a check whose rule holds in both eras runs
/// unchanged in both.
class McpSession {
 public:
  McpSession(std::unique_ptr<client::Transport> transport, std::string version);
  /// The 2026-07-28 form: `init_result` is what server/discover answered.
  McpSession(std::unique_ptr<client::Transport> transport, modern::Envelope envelope,
             Json init_result, const std::vector<Json>& tools);
  ~McpSession();

  client::Transport& transport() { return *transport_; }
  /// The Streamable HTTP transport, or nullptr on other transports.
  client::StreamableHttpTransport* http();
  const Json& init_result() const { return init_result_; }
  const std::string& version() const { return version_; }

  /// A request with the next integer id (or `id` when given).
  client::CallResult request(const std::string& method, Json params = Json::object(),
                             std::optional<Json> id = std::nullopt);
  client::CallResult notify(const std::string& method, Json params = nullptr);
  /// The 2026-07-28 conversation, or null in a legacy session.
  client::ModernSession* modern() { return modern_.get(); }

 private:
  friend class CheckContext;
  std::unique_ptr<client::Transport> transport_;
  std::string version_;
  Json init_result_;
  std::int64_t next_id_ = 1;
  std::unique_ptr<client::ModernSession> modern_;
  const ServerFacts* facts_ = nullptr;  // for guard_tool_calls; set by CheckContext
};

/// A 2026-07-28 conversation for one check: no handshake, every request
/// carrying the envelope (see client::ModernSession).
class ModernConnection {
 public:
  ModernConnection(std::unique_ptr<client::Transport> transport, modern::Envelope envelope)
      : transport_(std::move(transport)), session_(*transport_, std::move(envelope)) {}
  ~ModernConnection() { transport_->shutdown(); }
  client::Transport& transport() { return *transport_; }
  client::ModernSession& session() { return session_; }
  client::CallResult request(const std::string& method, Json params = Json::object(),
                             std::optional<Json> id = std::nullopt) {
    return session_.request(method, std::move(params), std::move(id));
  }

 private:
  std::unique_ptr<client::Transport> transport_;
  client::ModernSession session_;
};

/// Raised by the context when the harness cannot do what a check needs (the
/// server is gone, initialize fails where it worked during the probe): the
/// runner turns it into an error verdict, never a failure.
struct HarnessError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// How a check reaches the server: over the network in a run (network()); a
/// unit test substitutes a scripted server, so a verdict can be tested without one.
class Connector {
 public:
  virtual ~Connector() = default;
  /// A transport of `kind` to the target, recording into `transcript`: an
  /// HTTP+SSE stream connected, a stdio process started; HarnessError when it cannot be.
  virtual std::unique_ptr<client::Transport> connect(const Target& target,
                                                     client::TransportKind kind,
                                                     client::Transcript& transcript) = 0;
  /// One raw HTTP exchange, recorded in `transcript`.
  virtual client::HttpResponse exchange(const Target& target, const client::HttpRequest& request,
                                        const client::Deadlines& deadlines,
                                        const std::string& label, client::Transcript& transcript,
                                        const client::StreamHandlers& handlers) = 0;
};

/// The real connector: libcurl, the HTTP+SSE handshake, child processes.
Connector& network();

class CheckContext {
 public:
  CheckContext(const Target& target, const ServerFacts& facts, const SchemaAudit& schemas,
               Connector& connector = network());

  ProtocolVersion version() const { return facts_.version; }
  std::string version_text() const { return std::string(to_string(facts_.version)); }
  const ServerFacts& facts() const { return facts_; }
  const Target& target() const { return target_; }
  client::Transcript& transcript() { return *transcript_; }
  const SchemaAudit& schemas() const { return schemas_; }
  Connector& connector() { return connector_; }

  /// A new session: initialize (offering the version under test, with
  /// `client_capabilities`) and notifications/initialized. Throws HarnessError
  /// when it cannot be opened.
  std::unique_ptr<McpSession> open_session(Json client_capabilities = Json::object());
  /// A 2026-07-28 connection declaring `client_capabilities` in every request.
  std::unique_ptr<ModernConnection> open_modern(Json client_capabilities = Json::object());
  /// The envelope this harness sends at the version under test.
  modern::Envelope envelope(Json client_capabilities = Json::object()) const;
  /// A transport that has not been initialized (for checks of initialize itself).
  std::unique_ptr<client::Transport> new_transport();

  /// One raw HTTP exchange with the MCP endpoint (or `url`), recorded. Headers
  /// are sent as given plus the target's own (auth, --header).
  client::HttpResponse http(const std::string& method, const client::Headers& headers,
                            const std::string& body = {}, const std::string& url = {});
  /// The headers a well-behaved client sends on a POST (Content-Type, Accept,
  /// and session / protocol-version headers when given).
  static client::Headers post_headers(const std::string& session_id = {},
                                      const std::string& version = {});

  /// The check's exchanges without those that opened its sessions (their
  /// initialize and notifications/initialized): what the check itself got,
  /// which is what a pass needs as evidence (Evidence).
  std::vector<client::Exchange> evidence_exchanges() const;

  /// Server messages recorded so far that break the negotiated version's schema.
  std::vector<std::string> schema_violations() const;

 private:
  const Target& target_;
  const ServerFacts& facts_;
  const SchemaAudit& schemas_;
  Connector& connector_;
  std::shared_ptr<client::Transcript> transcript_;
  /// [first, last) transcript indices recorded while a session was opened.
  std::vector<std::pair<std::size_t, std::size_t>> handshakes_;
};

}  // namespace mcp::conformance
