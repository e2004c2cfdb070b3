#include "reference_server/options.hpp"

#include <charconv>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

namespace mcp::server {
namespace {

template <typename T>
std::optional<T> parse_unsigned(std::string_view text, T max) {
  T value{};
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string usage_text() {
  return R"(usage: mcp-reference-server [options]

A complete, correct MCP server (Streamable HTTP at /mcp, protocol versions
2025-03-26, 2025-06-18 and 2025-11-25). When ready it prints exactly one line,
"listening on http://HOST:PORT/mcp", and serves until SIGINT or SIGTERM.

options:
  --host HOST                  address to bind (default 127.0.0.1; a loopback bind
                               also checks the Host header against DNS rebinding)
  --port N                     port to bind; 0 picks a free port (default 0)
  --stateless                  issue no session ids; serve every POST on its own
                               (what ChatGPT's current client needs); no GET stream
  --stdio                      serve the stdio transport instead of HTTP: newline-delimited
                               JSON-RPC on stdin/stdout, logs on stderr; exits at EOF
  --auth-token TOKEN           require "Authorization: Bearer TOKEN" on /mcp
  --allowed-origin ORIGIN      also accept this Origin (repeatable; "*" accepts any);
                               loopback origins are always accepted
  --allowed-host HOST          also accept this Host header on a loopback bind (repeatable)
  --max-sessions N             live sessions before initialize gets 503 (default 1000)
  --session-idle-timeout S     seconds of inactivity before a session expires;
                               0 = never (default 1800)
  --max-body-bytes N           largest request body; larger gets 413 (default 4194304)
  --max-streams N              concurrent SSE streams, GET and POST (default 64)
  --workers N                  HTTP workers kept for plain requests, on top of one per
                               SSE stream (default 64)
  --page-size N                tools per tools/list page; 0 = one page (default 0)
  --sse-keepalive-seconds S    comment sent on idle SSE streams (default 15)
  --log-level LEVEL            debug, info, warn, error or off (default warn); logs go to stderr
  --fault NAME                 break one rule on purpose, to test a tester (repeatable)
  --list-faults                list the faults, one per line, and exit
  --help                       show this text and exit
  --version                    show the version and exit

exit status: 0 after a clean shutdown, 1 if the server could not start, 2 on a usage error.
)";
}

ParseResult parse_options(int argc, const char* const* argv) {
  Options options;
  using Setter = std::function<std::optional<std::string>(std::string_view)>;
  const auto size_setter = [](std::size_t& field, std::size_t min) -> Setter {
    return [&field, min](std::string_view v) -> std::optional<std::string> {
      const auto n = parse_unsigned<std::size_t>(v, std::numeric_limits<std::size_t>::max());
      if (!n || *n < min) {
        return "expects an integer >= " + std::to_string(min) + ", got '" + std::string(v) + "'";
      }
      field = *n;
      return std::nullopt;
    };
  };
  const auto seconds_setter = [](std::uint32_t& field) -> Setter {
    return [&field](std::string_view v) -> std::optional<std::string> {
      const auto n = parse_unsigned<std::uint32_t>(v, 365u * 24 * 3600);
      if (!n) return "expects a number of seconds, got '" + std::string(v) + "'";
      field = *n;
      return std::nullopt;
    };
  };
  const std::map<std::string_view, Setter> with_value{
      {"--host",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return std::string("expects a host name or address");
         options.host = std::string(v);
         return std::nullopt;
       }},
      {"--port",
       [&](std::string_view v) -> std::optional<std::string> {
         const auto n = parse_unsigned<int>(v, 65535);
         if (!n) return "expects a port number 0-65535, got '" + std::string(v) + "'";
         options.port = *n;
         return std::nullopt;
       }},
      {"--auth-token",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return std::string("expects a non-empty token");
         options.auth_token = std::string(v);
         return std::nullopt;
       }},
      {"--allowed-origin",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v != "*" && v.find("://") == std::string_view::npos) {
           return "expects an origin such as https://example.com (or *), got '" + std::string(v) +
                  "'";
         }
         options.allowed_origins.emplace_back(v);
         return std::nullopt;
       }},
      {"--allowed-host",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return std::string("expects a host name");
         options.allowed_hosts.emplace_back(v);
         return std::nullopt;
       }},
      {"--max-sessions", size_setter(options.max_sessions, 1)},
      {"--session-idle-timeout", seconds_setter(options.session_idle_timeout_s)},
      {"--max-body-bytes", size_setter(options.max_body_bytes, 64)},
      {"--max-streams", size_setter(options.max_streams, 1)},
      {"--workers", size_setter(options.workers, 1)},
      {"--page-size", size_setter(options.page_size, 0)},
      {"--sse-keepalive-seconds", seconds_setter(options.sse_keepalive_s)},
      {"--fault",
       [&](std::string_view v) -> std::optional<std::string> {
         const auto* info = find_fault(v);
         if (!info) return "unknown fault '" + std::string(v) + "' (see --list-faults)";
         options.faults.add(info->fault);
         return std::nullopt;
       }},
      {"--log-level",
       [&](std::string_view v) -> std::optional<std::string> {
         const auto level = parse_log_level(v);
         if (!level) return "expects debug, info, warn, error or off, got '" + std::string(v) + "'";
         options.log_level = *level;
         return std::nullopt;
       }},
  };

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return ShowHelp{};
    if (arg == "--version") return ShowVersion{};
    if (arg == "--list-faults") return ListFaults{};
    if (arg == "--stateless") {
      options.stateless = true;
      continue;
    }
    if (arg == "--stdio") {
      options.stdio = true;
      continue;
    }
    std::optional<std::string_view> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    const auto it = with_value.find(arg);
    if (it == with_value.end()) {
      return UsageError{"unknown option '" + std::string(arg) + "'"};
    }
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return UsageError{"option '" + std::string(arg) + "' needs a value"};
    }
    if (auto problem = it->second(value)) {
      return UsageError{"option '" + std::string(arg) + "' " + *problem};
    }
  }
  if (options.sse_keepalive_s == 0)
    return UsageError{"option '--sse-keepalive-seconds' must be > 0"};
  return options;
}

}  // namespace mcp::server
