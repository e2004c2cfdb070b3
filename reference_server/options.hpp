// Command-line options of mcp-reference-server, on CLI11 with the shared
// conventions of protocol/command_line.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocol/command_line.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {

/// Which protocol eras the server speaks (docs/spec/2026-07-28.md#two-eras).
enum class Era {
  kDual,    // 2026-07-28 for requests with the modern envelope, initialize for the rest
  kModern,  // 2026-07-28 only: initialize is refused, GET and DELETE get 405
  kLegacy,  // up to 2025-11-25 only, as before 2026-07-28 existed
};
std::string_view to_string(Era era);

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port, read back after binding
  bool stateless = false;
  Era era = Era::kDual;
  bool stdio = false;      // serve newline-delimited JSON-RPC on stdin/stdout instead of HTTP
  bool trap_tool = false;  // list a destructive tool first (catalog.hpp trap_tool())
  std::string auth_token;  // empty: no authentication
  std::vector<std::string> allowed_origins;  // besides loopback origins; "*" allows any
  std::vector<std::string> allowed_hosts;    // Host values accepted on a loopback bind
  std::size_t max_sessions = 1000;
  std::uint32_t session_idle_timeout_s = 1800;  // 0: sessions never expire
  std::size_t max_body_bytes = 4u << 20;
  std::size_t max_streams = 64;  // concurrent SSE streams (GET and POST)
  std::size_t workers = 64;      // HTTP workers kept for plain requests
  std::size_t page_size = 0;     // tools/list page size; 0: one page
  // Hostile clients (http_connections.hpp): a connection gets a worker only once
  // a whole request has arrived; until then it waits under these limits.
  std::uint32_t request_timeout_s = 5;     // a request's first byte to its last; then 408
  std::uint32_t keep_alive_timeout_s = 5;  // a connection with no request in progress
  std::size_t max_connections = 1024;      // waiting for a request; the oldest idle is closed
  std::uint32_t sse_keepalive_s = 15;
  LogLevel log_level = LogLevel::kWarn;
  std::vector<std::string>
      faults;  // deliberate rule breaking, for testing the testers (faults.hpp)

  friend bool operator==(const Options&, const Options&) = default;
};

struct ShowHelp {};
struct ShowVersion {};
struct ListFaults {};
using UsageError = cli::UsageError;

using ParseResult = std::variant<Options, ShowHelp, ShowVersion, ListFaults, UsageError>;

/// Parses argv ("--flag value" and "--flag=value" alike).
ParseResult parse_options(int argc, const char* const* argv);

/// The --help text.
std::string usage_text();

/// Every option the command line knows, by name ("--port", "-h", ...).
std::vector<std::string> option_names();

}  // namespace mcp::server
