// Raw-socket HTTP/1.1 on loopback for bench-hostile-clients: clients that can
// stop anywhere (half a header, half a body, after the first SSE event) and
// leave with a FIN or an RST, the server run as a child, and what /proc says
// about its file descriptors, threads and memory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

/// A connected loopback socket, closed (FIN) when destroyed unless reset() or release().
class Connection {
 public:
  explicit Connection(int port);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool send(const std::string& bytes);
  /// Reads until `done(received)` holds, the peer closes, or `deadline` passes;
  /// returns whether `done` held.
  template <typename Done>
  bool read_until(Done done, Clock::time_point deadline) {
    while (!done(received_)) {
      if (!read_some(deadline)) return false;
    }
    return true;
  }
  /// True when the server closed its side (EOF or RST) within `wait`.
  bool closed_by_peer(std::chrono::milliseconds wait);
  /// Leaves with an RST (SO_LINGER 0), as a crashed or killed client does.
  void reset();
  const std::string& received() const { return received_; }

 private:
  bool read_some(Clock::time_point deadline);
  int fd_ = -1;
  std::string received_;
};

/// The status of a complete response in `bytes`, once it is complete: the head,
/// then a Content-Length body or a chunked body to its last chunk. 0 while incomplete.
int complete_response_status(const std::string& bytes);
/// True once `bytes` holds a response head and the first SSE event after it.
bool has_first_sse_event(const std::string& bytes);
/// The value of header `name` (case-insensitive) in a response head, or "".
std::string header_value(const std::string& bytes, const std::string& name);

/// A POST of `body` to `path` with `headers` (each "Name: value").
std::string post_request(const std::string& path, const std::string& body,
                         const std::vector<std::string>& headers);

/// The server under test, started as a child on port 0; SIGTERM when destroyed.
/// `command`: words before "--port 0" (a subcommand, as in "mock-openai serve").
class ServerProcess {
 public:
  ServerProcess(const std::string& executable, const std::vector<std::string>& args,
                const std::vector<std::string>& command = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  int port() const { return port_; }
  /// What its listening line named: "http://127.0.0.1:PORT/mcp".
  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string url_;
};

/// What the kernel says a process holds.
struct Usage {
  long fds = 0;
  long threads = 0;
  long rss_kib = 0;
};
Usage sample(pid_t pid);

}  // namespace bench
