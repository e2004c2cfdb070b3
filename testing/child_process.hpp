// Runs one of our executables as a child process for integration tests.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::testing {

using namespace std::chrono_literals;

/// Checks `condition` until it holds or `timeout` passes, pausing briefly
/// between checks; for conditions only observable by asking (a server's
/// /health), never as a fixed delay before an assertion.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

/// A child process with its stdout read line by line and its stderr collected,
/// both on background threads, so nothing blocks on a full pipe.
class ChildProcess {
 public:
  ChildProcess(const std::string& executable, const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next stdout line, or nullopt if none arrives within `timeout` (or the
  /// process closed stdout).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  /// Sends `signal` and waits up to `timeout` for the exit; kills it if needed.
  /// Returns the exit status, or 128 + signal number if a signal ended it.
  int stop(int signal, std::chrono::milliseconds timeout);
  /// Waits for the process to exit on its own (up to `timeout`); exit status or
  /// nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  /// Everything written to stderr so far.
  std::string stderr_text() const;
  int pid() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// mcp-reference-server started on a free loopback port.
class ReferenceServer {
 public:
  /// Starts the server with `args` (plus --port 0) and waits for its
  /// "listening on" line. Fails the current test (and throws) if it does not come.
  explicit ReferenceServer(std::vector<std::string> args = {});

  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT/mcp
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  /// SIGTERM and wait; returns the exit status.
  int stop(std::chrono::milliseconds timeout = 10s);
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
  std::string host_;
  int port_ = 0;
};

}  // namespace mcp::testing
