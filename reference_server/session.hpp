// MCP sessions (Streamable HTTP "Mcp-Session-Id") and their store.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>

#include "protocol/jsonrpc.hpp"
#include "protocol/log_severity.hpp"
#include "protocol/versions.hpp"
#include "reference_server/input_rounds.hpp"
#include "reference_server/stream.hpp"

namespace mcp::server {

/// 128 bits from the kernel CSPRNG (getrandom), as 32 lower-case hex digits:
/// visible ASCII as the transport requires, and not guessable.
std::string generate_session_id();

/// State the server keeps for one client between requests. In --stateless mode
/// each POST gets a transient Session that is never stored.
class Session {
 public:
  explicit Session(std::string id);

  /// Empty for a transient (stateless) session.
  const std::string& id() const { return id_; }

  /// The versions this session's transport serves (Streamable HTTP by default;
  /// the HTTP+SSE and stdio transports also serve 2024-11-05).
  void set_served_versions(std::span<const ProtocolVersion> versions) { served_ = versions; }
  std::span<const ProtocolVersion> served_versions() const { return served_; }

  void set_protocol_version(ProtocolVersion version);
  ProtocolVersion protocol_version() const;
  void set_client(Json client_info, Json client_capabilities);
  Json client_capabilities() const;
  void mark_initialized();
  bool initialized() const;

  void touch();
  Clock::time_point last_activity() const;

  /// Counts work that keeps a session alive regardless of idle time: requests
  /// being served and open streams.
  class ActivityScope {
   public:
    explicit ActivityScope(std::shared_ptr<Session> session);
    ~ActivityScope();
    ActivityScope(const ActivityScope&) = delete;
    ActivityScope& operator=(const ActivityScope&) = delete;

   private:
    std::shared_ptr<Session> session_;
  };
  bool busy() const { return active_.load() > 0; }

  /// A new stream key ("g1", "p2", ...), unique within the session.
  std::string next_stream_key(char kind);

  /// Opens the standalone GET stream; nullptr while another one is attached.
  std::shared_ptr<Stream> attach_get_stream(std::size_t retain);
  /// The attached GET stream, if any.
  std::shared_ptr<Stream> get_stream() const;
  /// Detaches `stream` if it is still the attached one.
  void detach_get_stream(const std::shared_ptr<Stream>& stream);
  /// Sends a notification on the GET stream; false when none is attached.
  bool notify(const Json& notification);

  /// Registers an in-flight request so it can be cancelled; returns its token.
  std::shared_ptr<CancelToken> begin_request(const Json& id);
  void end_request(const Json& id);
  /// Cancels the in-flight request `id`; false if there is none.
  bool cancel_request(const Json& id);

  /// logging/setLevel: the least severe message sent (everything until set).
  void set_log_level(LogSeverity level) { log_level_.store(level); }
  LogSeverity log_level() const { return log_level_.load(); }
  /// 2026-07-28 sends log messages only for a request whose _meta names a level.
  void set_logging(bool on) { logging_.store(on); }
  bool logging() const { return logging_.load(); }

  /// 2026-07-28: the answers the client gave in this request's multi round
  /// trip (the transient session of a modern request holds them).
  void set_input_rounds(std::shared_ptr<InputRounds> rounds) { rounds_ = std::move(rounds); }
  InputRounds* input_rounds() const { return rounds_.get(); }

  /// resources/subscribe state.
  void subscribe(const std::string& uri);
  void unsubscribe(const std::string& uri);
  bool subscribed(const std::string& uri) const;

  /// Keeps a POST response stream findable by key, so a client can resume it
  /// (GET with Last-Event-ID). Old finished streams are forgotten first.
  void register_stream(std::shared_ptr<Stream> stream);
  std::shared_ptr<Stream> find_stream(const std::string& key) const;

  /// Ends the session: cancels its requests and finishes its streams.
  void terminate();
  bool terminated() const;

 private:
  const std::string id_;
  std::span<const ProtocolVersion> served_ = streamable_http_versions();
  // Read on every request by many threads: atomics, so requests of one session
  // do not queue on its mutex.
  std::atomic<ProtocolVersion> version_{ProtocolVersion::k2025_03_26};
  std::atomic<bool> initialized_{false};
  std::atomic<bool> terminated_{false};
  std::atomic<Clock::rep> last_activity_;
  std::atomic<int> active_{0};
  mutable std::mutex mutex_;  // guards the members below
  Json client_info_;
  Json client_capabilities_ = Json::object();
  std::uint64_t stream_counter_ = 0;
  std::shared_ptr<Stream> get_stream_;
  std::map<std::string, std::shared_ptr<CancelToken>> inflight_;  // key: serialised id
  std::atomic<LogSeverity> log_level_{LogSeverity::kDebug};
  std::atomic<bool> logging_{true};
  std::shared_ptr<InputRounds> rounds_;
  std::set<std::string> subscriptions_;
  // Recent POST streams, oldest first. A list: unlike a deque it allocates
  // nothing until used, and most sessions (every stateless one) never use it.
  std::list<std::shared_ptr<Stream>> streams_;
};

/// The live sessions, with idle expiry and a size limit.
class SessionStore {
 public:
  /// `idle_timeout` zero: sessions never expire.
  SessionStore(std::size_t max_sessions, std::chrono::seconds idle_timeout);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  /// Adds an initialised session; false when the store is full.
  bool insert(std::shared_ptr<Session> session);
  /// The live session with this id; nullptr if unknown, terminated or expired.
  std::shared_ptr<Session> find(const std::string& id);
  /// Terminates and removes; false if unknown.
  bool remove(const std::string& id);
  std::size_t size() const;
  /// Calls `fn` for every live session (outside the store's lock).
  void for_each(const std::function<void(Session&)>& fn) const;
  std::size_t max_sessions() const { return max_sessions_; }
  /// Terminates every session and stops the expiry thread.
  void shutdown();

 private:
  bool expired_locked(const Session& session, Clock::time_point now) const;
  void expire_idle_locked(Clock::time_point now);
  void janitor();

  const std::size_t max_sessions_;
  const std::chrono::seconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
  bool stopping_ = false;
  std::thread janitor_;
};

}  // namespace mcp::server
