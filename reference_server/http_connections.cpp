#include "reference_server/http_connections.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "protocol/http_util.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {

using Clock = std::chrono::steady_clock;

namespace {

// A head longer than this is handed to cpp-httplib unfinished: it refuses it (414, 400).
constexpr std::size_t kMaxHead = 64 * 1024;
// What one readiness event reads of one connection, so one fast sender cannot hold the gate.
constexpr std::size_t kReadPerEvent = 256 * 1024;
constexpr auto kTick = std::chrono::milliseconds(50);  // how late a deadline may be noticed
// After answering a request whose head it did not wait for, the server stops sending and
// reads what still comes for this long before closing: closing with unread bytes
// would reset the connection, and the client could lose the answer.
constexpr auto kLinger = std::chrono::seconds(2);
// Descriptors kept for everything but waiting connections (workers' sockets, files, epoll).
constexpr std::size_t kReservedDescriptors = 64;
// Keep-alive on the worker: a client that sends its next request this soon after
// an answer gets it answered there, without the two thread hand-offs through the gate.
constexpr auto kStayForNext = std::chrono::milliseconds(10);
constexpr char kRequestTimeout[] =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

int milliseconds_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 24 * 3600 * 1000));
}

/// poll() for `events` on `fd`, retried when a signal interrupts it.
bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{.fd = fd, .events = events, .revents = 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

void describe(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

/// Waiting connections allowed: the option, within what the descriptor limit leaves.
std::size_t waiting_within_descriptor_limit(const ConnectionLimits& limits) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY)
    return limits.max_waiting;
  const auto reserved = limits.workers + kReservedDescriptors;
  const auto available = files.rlim_cur > reserved ? files.rlim_cur - reserved : 1;
  return std::min<std::size_t>(limits.max_waiting, available);
}

}  // namespace

/// One client connection: its socket and what has arrived of its next request.
struct Connection {
  explicit Connection(int socket) : fd(socket) {}
  ~Connection() {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Whether the request has arrived far enough for a worker: its head and the
  /// Content-Length body, or its head when the body cannot or should not be
  /// waited for here (chunked, Expect: 100-continue, over the body limit).
  bool request_arrived(std::size_t max_body_bytes) {
    if (request_bytes == 0) {
      const auto end = received.find("\r\n\r\n", scanned >= 3 ? scanned - 3 : 0);
      if (end == std::string::npos) {
        scanned = received.size();
        return received.size() > kMaxHead;
      }
      const auto body = body_to_wait_for(std::string_view(received).substr(0, end + 2));
      request_bytes = end + 4 + (body && *body <= max_body_bytes ? *body : 0);
      if (!body || *body > max_body_bytes) return true;
    }
    return received.size() >= request_bytes;
  }

  /// The Content-Length to wait for; nullopt when the worker reads the body itself.
  static std::optional<std::size_t> body_to_wait_for(std::string_view head) {
    std::size_t length = 0;
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos && at + 2 < head.size();
         at = head.find("\r\n", at + 2)) {
      const auto line = head.substr(at + 2, head.find("\r\n", at + 2) - at - 2);
      const auto colon = line.find(':');
      const auto name = line.substr(0, colon);
      if (http::iequals(name, "transfer-encoding") || http::iequals(name, "expect"))
        return std::nullopt;
      if (http::iequals(name, "content-length")) {
        auto value = line.substr(colon + 1);
        value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), length);
        if (error != std::errc{} || (end != value.data() + value.size() && *end != ' '))
          return std::nullopt;  // cpp-httplib answers what it makes of it
      }
    }
    return length;
  }

  /// Waits from `now`: for a request (keep-alive) when nothing of one arrived
  /// yet, or for the rest of one already begun (pipelined after the last).
  void start_waiting(Clock::time_point now, const ConnectionLimits& limits) {
    if (lingering) received.clear();
    request_started = !received.empty();
    deadline = now + (lingering         ? kLinger
                      : request_started ? limits.request_timeout
                                        : limits.keep_alive);
    since = now;
  }

  /// The worker has read `consumed` bytes. A request it did not read to its
  /// end (cpp-httplib refused its head) is skipped to the end found here, so
  /// what is left is the next request.
  void finish_request(std::size_t consumed) {
    received.erase(0, std::min(received.size(), std::max(consumed, request_bytes)));
    received.shrink_to_fit();
    scanned = 0;
    request_bytes = 0;
    request_started = false;
  }

  /// Reads for up to `window` (on a worker); true once the next request has arrived.
  bool next_request_within(std::chrono::milliseconds window, const ConnectionLimits& limits) {
    const auto until = Clock::now() + window;
    for (;;) {
      if (!received.empty()) {
        if (!request_started) {
          request_started = true;
          since = Clock::now();
          deadline = since + limits.request_timeout;
        }
        if (request_arrived(limits.max_body_bytes)) return true;
      }
      if (!wait_for(fd, POLLIN, milliseconds_until(until))) return false;
      char chunk[16384];
      const auto n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n <= 0) return false;  // closed, or nothing after all: the gate finds out which
      received.append(chunk, static_cast<std::size_t>(n));
    }
  }

  const int fd;
  std::string received;           // read from the socket, not yet taken by cpp-httplib
  std::size_t scanned = 0;        // how far `received` has been searched for the head's end
  std::size_t request_bytes = 0;  // head and awaited body, once the head is known
  bool request_started = false;   // bytes of a request have arrived
  bool lingering = false;         // answered and shut down for sending: what comes is dropped
  Clock::time_point since;        // waiting (idle, or for the rest of a request) since
  Clock::time_point deadline;
};

namespace {

/// The request's bytes as cpp-httplib reads them: first what the gate received,
/// then the socket, until the request's deadline. Writes wait up to the write timeout.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, std::chrono::milliseconds write_timeout)
      : connection_(connection), write_timeout_ms_(static_cast<int>(write_timeout.count())) {}

  bool is_readable() const override {
    return consumed_ < connection_.received.size() ||
           wait_for(connection_.fd, POLLIN, milliseconds_until(connection_.deadline));
  }
  bool is_writable() const override {
    return wait_for(connection_.fd, POLLOUT, write_timeout_ms_) && peer_still_there();
  }
  ssize_t read(char* ptr, size_t size) override {
    const auto& received = connection_.received;
    if (consumed_ < received.size()) {
      const auto n = std::min(size, received.size() - consumed_);
      std::memcpy(ptr, received.data() + consumed_, n);
      consumed_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!is_readable()) return -1;
    ssize_t n = 0;
    do {
      n = ::recv(connection_.fd, ptr, size, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(connection_.fd, POLLOUT, write_timeout_ms_)) return -1;
    ssize_t n = 0;
    do {
      n = ::send(connection_.fd, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(connection_.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      describe(address, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(connection_.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      describe(address, ip, port);
  }
  socket_t socket() const override { return connection_.fd; }
  std::size_t consumed() const { return consumed_; }

 private:
  /// False once the client has closed or reset the connection (a peek reads EOF or an error).
  bool peer_still_there() const {
    if (!wait_for(connection_.fd, POLLIN, 0)) return true;
    char byte = 0;
    const auto n = ::recv(connection_.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
  }

  Connection& connection_;
  const int write_timeout_ms_;
  std::size_t consumed_ = 0;
};

/// cpp-httplib's accept loop hands each socket to its task queue; this one runs
/// the task at once, and the task only gives the socket to the gate.
class InlineTasks final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> task) override { task(); }
  void shutdown() override {}
};

}  // namespace

/// The connections waiting for a request, watched by one epoll thread.
class Gate {
 public:
  using Dispatch = std::function<void(std::shared_ptr<Connection>)>;

  Gate(const ConnectionLimits& limits, Dispatch dispatch)
      : limits_(limits),
        max_waiting_(waiting_within_descriptor_limit(limits)),
        max_buffered_(std::max<std::size_t>(64u << 20, 2 * limits.max_body_bytes)),
        dispatch_(std::move(dispatch)),
        epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ < 0) throw std::runtime_error("epoll_create1 failed");
    thread_ = std::thread([this] { run(); });
  }
  ~Gate() {
    stop();
    ::close(epoll_);
  }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  bool stopping() const { return stopping_; }

  /// A new connection, or one back from a worker: waits here for its next request.
  void admit(std::shared_ptr<Connection> connection) {
    connection->start_waiting(Clock::now(), limits_);
    if (connection->request_started && !connection->lingering &&
        connection->request_arrived(limits_.max_body_bytes)) {
      if (!stopping_) dispatch_(std::move(connection));
      return;
    }
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (waiting_.size() >= max_waiting_) evict_oldest_locked();
    epoll_event event{.events = EPOLLIN | EPOLLRDHUP, .data = {.fd = connection->fd}};
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, connection->fd, &event) != 0) return;
    buffered_ += connection->received.size();
    waiting_.emplace(connection->fd, std::move(connection));
  }

  /// Closes every waiting connection; admit() closes what comes after.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    thread_.join();
    const std::lock_guard lock(mutex_);
    waiting_.clear();
    buffered_ = 0;
  }

 private:
  using Waiting = std::unordered_map<int, std::shared_ptr<Connection>>;

  void run() {
    std::vector<epoll_event> events(256);
    std::vector<std::shared_ptr<Connection>> arrived;
    auto next_sweep = Clock::now() + kTick;
    while (!stopping_) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(kTick.count()));
      const auto now = Clock::now();
      {
        const std::lock_guard lock(mutex_);
        for (int i = 0; i < n; ++i)
          receive_locked(events[static_cast<std::size_t>(i)].data.fd, now, arrived);
        while (buffered_ > max_buffered_)
          shed_largest_locked();
        if (now >= next_sweep) {
          expire_locked(now);
          next_sweep = now + kTick;
        }
      }
      for (auto& connection : arrived)
        dispatch_(std::move(connection));
      arrived.clear();
    }
  }

  void receive_locked(int fd, Clock::time_point now,
                      std::vector<std::shared_ptr<Connection>>& arrived) {
    const auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;  // closed since the event was reported
    Connection& connection = *it->second;
    bool gone = false;
    char chunk[16384];
    for (std::size_t read = 0; read < kReadPerEvent;) {
      const auto n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        read += static_cast<std::size_t>(n);
        if (connection.lingering) continue;
        connection.received.append(chunk, static_cast<std::size_t>(n));
        buffered_ += static_cast<std::size_t>(n);
        continue;
      }
      gone = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
      break;
    }
    if (connection.lingering) {
      if (gone) forget_locked(it);
      return;
    }
    if (!connection.request_started && !connection.received.empty()) {
      connection.request_started = true;
      connection.since = now;
      connection.deadline = now + limits_.request_timeout;
    }
    // A request may be complete and the client gone (it shut down its sending
    // side): the worker still answers it, and finds out when it writes.
    if (connection.request_started && connection.request_arrived(limits_.max_body_bytes)) {
      arrived.push_back(it->second);
      forget_locked(it);
    } else if (gone) {
      forget_locked(it);
    }
  }

  void expire_locked(Clock::time_point now) {
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->second->deadline > now) {
        ++it;
        continue;
      }
      if (it->second->request_started) {
        // Best effort: the client learns why, if it still reads.
        (void)::send(it->first, kRequestTimeout, sizeof kRequestTimeout - 1,
                     MSG_DONTWAIT | MSG_NOSIGNAL);
      }
      it = forget_locked(it);
    }
  }

  /// At the limit of waiting connections: the longest idle one goes, or, when
  /// none is idle, the request that began the longest ago.
  void evict_oldest_locked() {
    const auto older = [](const Waiting::value_type& a, const Waiting::value_type& b) {
      if (a.second->request_started != b.second->request_started) return !a.second->request_started;
      return a.second->since < b.second->since;
    };
    const auto oldest = std::min_element(waiting_.begin(), waiting_.end(), older);
    if (oldest == waiting_.end()) return;
    log_line(LogLevel::kDebug, "connection limit reached: closing the longest-waiting connection");
    forget_locked(oldest);
  }

  /// Over the budget of received bytes: the request holding most of them goes.
  void shed_largest_locked() {
    const auto largest =
        std::max_element(waiting_.begin(), waiting_.end(), [](const auto& a, const auto& b) {
          return a.second->received.size() < b.second->received.size();
        });
    if (largest == waiting_.end()) {
      buffered_ = 0;
      return;
    }
    log_line(LogLevel::kDebug, "request buffer budget exceeded: closing the largest request");
    forget_locked(largest);
  }

  Waiting::iterator forget_locked(Waiting::iterator it) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->first, nullptr);
    buffered_ -= std::min(buffered_, it->second->received.size());
    return waiting_.erase(it);
  }

  const ConnectionLimits limits_;
  const std::size_t max_waiting_;
  const std::size_t max_buffered_;  // bytes of unfinished requests held at once
  const Dispatch dispatch_;
  const int epoll_;
  std::mutex mutex_;
  Waiting waiting_;
  std::size_t buffered_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

GatedHttpServer::GatedHttpServer(const ConnectionLimits& limits)
    : limits_(limits), workers_(std::make_unique<httplib::ThreadPool>(limits.workers)) {
  gate_ = std::make_unique<Gate>(limits_, [this](std::shared_ptr<Connection> connection) {
    workers_->enqueue([this, connection = std::move(connection)] { serve(connection); });
  });
  new_task_queue = [] { return new InlineTasks; };
}

GatedHttpServer::~GatedHttpServer() {
  close_connections();
}

void GatedHttpServer::close_connections() {
  const std::lock_guard lock(close_mutex_);
  if (closed_) return;
  closed_ = true;
  gate_->stop();
  workers_->shutdown();
}

bool GatedHttpServer::process_and_close_socket(socket_t sock) {
  gate_->admit(std::make_shared<Connection>(sock));
  return true;
}

void GatedHttpServer::serve(const std::shared_ptr<Connection>& connection) {
  do {
    ConnectionStream stream(*connection, limits_.write_timeout);
    bool connection_closed = false;
    // A head too long to wait for ends the connection: the answer says so.
    const bool head_unfinished = connection->request_bytes == 0;
    const bool answered =
        process_request(stream, gate_->stopping() || head_unfinished, connection_closed, nullptr);
    connection->finish_request(stream.consumed());
    if (!answered || connection_closed) return;
    if (head_unfinished) {
      ::shutdown(connection->fd, SHUT_WR);
      connection->lingering = true;
      break;
    }
  } while (!gate_->stopping() && connection->next_request_within(kStayForNext, limits_));
  gate_->admit(connection);
}

}  // namespace mcp::server
