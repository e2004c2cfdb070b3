#include "reference_server/session.hpp"

#include <sys/random.h>

#include <array>
#include <stdexcept>

#include "reference_server/log.hpp"

namespace mcp::server {

std::string generate_session_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed: cannot create a session id");
    }
    filled += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(bytes.size() * 2);
  for (const auto b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0xF]);
  }
  return id;
}

Session::Session(std::string id)
    : id_(std::move(id)), last_activity_(Clock::now().time_since_epoch().count()) {}

void Session::set_protocol_version(ProtocolVersion version) {
  version_.store(version);
}

ProtocolVersion Session::protocol_version() const {
  return version_.load();
}

void Session::set_client(Json client_info, Json client_capabilities) {
  const std::lock_guard lock(mutex_);
  client_info_ = std::move(client_info);
  client_capabilities_ = std::move(client_capabilities);
}

Json Session::client_capabilities() const {
  const std::lock_guard lock(mutex_);
  return client_capabilities_;
}

void Session::mark_initialized() {
  initialized_.store(true);
}

bool Session::initialized() const {
  return initialized_.load();
}

void Session::touch() {
  last_activity_.store(Clock::now().time_since_epoch().count());
}

Clock::time_point Session::last_activity() const {
  return Clock::time_point(Clock::duration(last_activity_.load()));
}

Session::ActivityScope::ActivityScope(std::shared_ptr<Session> session)
    : session_(std::move(session)) {
  session_->active_.fetch_add(1);
  session_->touch();
}

Session::ActivityScope::~ActivityScope() {
  session_->touch();
  session_->active_.fetch_sub(1);
}

std::string Session::next_stream_key(char kind) {
  const std::lock_guard lock(mutex_);
  return std::string(1, kind) + std::to_string(++stream_counter_);
}

std::shared_ptr<Stream> Session::attach_get_stream(std::size_t retain) {
  std::string key = next_stream_key('g');
  const std::lock_guard lock(mutex_);
  if (terminated_ || (get_stream_ && !get_stream_->finished())) return nullptr;
  get_stream_ = std::make_shared<Stream>(std::move(key), retain);
  return get_stream_;
}

std::shared_ptr<Stream> Session::get_stream() const {
  const std::lock_guard lock(mutex_);
  return get_stream_;
}

void Session::detach_get_stream(const std::shared_ptr<Stream>& stream) {
  const std::lock_guard lock(mutex_);
  if (get_stream_ == stream) get_stream_.reset();
}

bool Session::notify(const Json& notification) {
  const auto stream = get_stream();
  return stream && stream->push(jsonrpc::serialize(notification));
}

std::shared_ptr<CancelToken> Session::begin_request(const Json& id) {
  auto token = std::make_shared<CancelToken>();
  const std::lock_guard lock(mutex_);
  if (terminated_) token->cancel();
  inflight_[id.dump()] = token;
  return token;
}

void Session::end_request(const Json& id) {
  const std::lock_guard lock(mutex_);
  inflight_.erase(id.dump());
}

bool Session::cancel_request(const Json& id) {
  std::shared_ptr<CancelToken> token;
  {
    const std::lock_guard lock(mutex_);
    const auto it = inflight_.find(id.dump());
    if (it == inflight_.end()) return false;
    token = it->second;
  }
  token->cancel();
  return true;
}

void Session::subscribe(const std::string& uri) {
  const std::lock_guard lock(mutex_);
  subscriptions_.insert(uri);
}

void Session::unsubscribe(const std::string& uri) {
  const std::lock_guard lock(mutex_);
  subscriptions_.erase(uri);
}

bool Session::subscribed(const std::string& uri) const {
  const std::lock_guard lock(mutex_);
  return subscriptions_.count(uri) != 0;
}

void Session::register_stream(std::shared_ptr<Stream> stream) {
  constexpr std::size_t kKeptStreams = 64;
  const std::lock_guard lock(mutex_);
  streams_.push_back(std::move(stream));
  // Forget the oldest finished streams first; a live one is never dropped.
  for (auto it = streams_.begin(); streams_.size() > kKeptStreams && it != streams_.end();) {
    it = (*it)->finished() ? streams_.erase(it) : std::next(it);
  }
}

std::shared_ptr<Stream> Session::find_stream(const std::string& key) const {
  const std::lock_guard lock(mutex_);
  if (get_stream_ && get_stream_->key() == key) return get_stream_;
  for (const auto& stream : streams_) {
    if (stream->key() == key) return stream;
  }
  return nullptr;
}

void Session::terminate() {
  std::map<std::string, std::shared_ptr<CancelToken>> inflight;
  std::shared_ptr<Stream> stream;
  {
    const std::lock_guard lock(mutex_);
    terminated_ = true;
    inflight = inflight_;
    stream = std::move(get_stream_);
  }
  for (auto& [id, token] : inflight)
    token->cancel();
  if (stream) stream->finish();
}

bool Session::terminated() const {
  return terminated_.load();
}

SessionStore::SessionStore(std::size_t max_sessions, std::chrono::seconds idle_timeout)
    : max_sessions_(max_sessions), idle_timeout_(idle_timeout) {
  if (idle_timeout_.count() > 0) janitor_ = std::thread([this] { janitor(); });
}

SessionStore::~SessionStore() {
  shutdown();
}

bool SessionStore::expired_locked(const Session& session, Clock::time_point now) const {
  return idle_timeout_.count() > 0 && !session.busy() &&
         now - session.last_activity() >= idle_timeout_;
}

void SessionStore::expire_idle_locked(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (expired_locked(*it->second, now)) {
      log_line(LogLevel::kInfo, "session " + it->first + " expired after idle timeout");
      it->second->terminate();
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

bool SessionStore::insert(std::shared_ptr<Session> session) {
  const std::lock_guard lock(mutex_);
  if (stopping_) return false;
  if (sessions_.size() >= max_sessions_) expire_idle_locked(Clock::now());
  if (sessions_.size() >= max_sessions_) return false;
  sessions_.emplace(session->id(), std::move(session));
  return true;
}

std::shared_ptr<Session> SessionStore::find(const std::string& id) {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (it->second->terminated() || expired_locked(*it->second, Clock::now())) {
    it->second->terminate();
    sessions_.erase(it);
    return nullptr;
  }
  return it->second;
}

bool SessionStore::remove(const std::string& id) {
  std::shared_ptr<Session> session;
  {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    session = std::move(it->second);
    sessions_.erase(it);
  }
  session->terminate();
  return true;
}

void SessionStore::for_each(const std::function<void(Session&)>& fn) const {
  std::vector<std::shared_ptr<Session>> sessions;
  {
    const std::lock_guard lock(mutex_);
    sessions.reserve(sessions_.size());
    for (const auto& [id, session] : sessions_)
      sessions.push_back(session);
  }
  for (const auto& session : sessions)
    fn(*session);
}

std::size_t SessionStore::size() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionStore::shutdown() {
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    sessions.swap(sessions_);
  }
  cv_.notify_all();
  if (janitor_.joinable()) janitor_.join();
  for (auto& [id, session] : sessions)
    session->terminate();
}

void SessionStore::janitor() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    expire_idle_locked(now);
    // Sleep until the earliest idle session could expire (or a change wakes us).
    auto next = now + idle_timeout_;
    for (const auto& [id, session] : sessions_) {
      next = std::min(next, session->last_activity() + idle_timeout_);
    }
    // A busy session's deadline may already have passed; re-check it no sooner than in 1 s.
    next = std::max(next, now + std::chrono::seconds(1));
    cv_.wait_until(lock, next, [&] { return stopping_; });
  }
}

}  // namespace mcp::server
