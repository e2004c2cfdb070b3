// A server that dies or hangs mid-run would otherwise turn every later check into
// an error that says "cannot connect". The watch notices the first check whose
// requests went unanswered, asks the server once whether it is still there,
// and, when it is not, records where the run lost it so the runner can stop.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/transcript.hpp"
#include "conformance/context.hpp"

namespace mcp::conformance {

/// Where the server went away: the check, its version, and what its request met.
struct ServerGone {
  std::string check;
  std::string version;
  std::string why;
};

class ServerWatch {
 public:
  explicit ServerWatch(const Target& target);

  /// Called after each check with its exchanges (from any thread). True when the
  /// server is gone: found now (a request went unanswered and the endpoint no
  /// longer accepts connections) or found before. A check that merely got no
  /// answer from a server that is still there returns false.
  bool after(const std::string& check, const std::string& version,
             const std::vector<client::Exchange>& exchanges);

  std::optional<ServerGone> gone() const;
  /// "not run: the server stopped answering during CHECK (VERSION)", or "".
  std::string not_run_reason() const;

 private:
  const Target& target_;
  mutable std::mutex mutex_;
  std::optional<ServerGone> gone_;
};

}  // namespace mcp::conformance
