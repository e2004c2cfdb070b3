// Command-line options of mcp-reference-server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "reference_server/faults.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port, read back after binding
  bool stateless = false;
  bool stdio = false;      // serve newline-delimited JSON-RPC on stdin/stdout instead of HTTP
  std::string auth_token;  // empty: no authentication
  std::vector<std::string> allowed_origins;  // besides loopback origins; "*" allows any
  std::vector<std::string> allowed_hosts;    // Host values accepted on a loopback bind
  std::size_t max_sessions = 1000;
  std::uint32_t session_idle_timeout_s = 1800;  // 0: sessions never expire
  std::size_t max_body_bytes = 4u << 20;
  std::size_t max_streams = 64;  // concurrent SSE streams (GET and POST)
  std::size_t workers = 64;      // HTTP workers kept for plain requests
  std::size_t page_size = 0;     // tools/list page size; 0: one page
  std::uint32_t sse_keepalive_s = 15;
  LogLevel log_level = LogLevel::kWarn;
  Faults faults;  // deliberate rule breaking, for testing the testers
};

struct ShowHelp {};
struct ShowVersion {};
struct ListFaults {};
struct UsageError {
  std::string message;
};

using ParseResult = std::variant<Options, ShowHelp, ShowVersion, ListFaults, UsageError>;

/// Parses argv (both "--flag value" and "--flag=value" forms).
ParseResult parse_options(int argc, const char* const* argv);

/// The --help text.
std::string usage_text();

}  // namespace mcp::server
