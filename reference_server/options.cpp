#include "reference_server/options.hpp"

#include <charconv>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

#include "reference_server/faults.hpp"

namespace mcp::server {
namespace {

constexpr const char* kAbout = R"(Usage: mcp-reference-server [options]

A complete, correct MCP server: Streamable HTTP at /mcp (protocol versions
2025-03-26 to 2025-11-25 after initialize, and 2026-07-28, stateless) or stdio
(2024-11-05 too). When ready it prints exactly one line,
"listening on http://HOST:PORT/mcp", and serves until SIGINT or SIGTERM.
)";

constexpr const char* kExitStatus =
    "\nexit status: 0 after a clean shutdown, 1 if the server could not start, 2 on a usage "
    "error.\n";

/// What is wrong with a value, if anything (CLI11 puts the flag in front of it).
using Problem = std::optional<std::string>;
using cli::Apply;

template <typename T>
std::optional<T> parse_unsigned(std::string_view text, T max) {
  T value{};
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

Apply non_empty(std::string& field, std::string problem) {
  return [&field, problem = std::move(problem)](const std::string& v) -> Problem {
    if (v.empty()) return problem;
    field = v;
    return std::nullopt;
  };
}

Apply count_at_least(std::size_t& field, std::size_t min) {
  return [&field, min](const std::string& v) -> Problem {
    const auto n = parse_unsigned<std::size_t>(v, std::numeric_limits<std::size_t>::max());
    if (!n || *n < min) return "expects an integer >= " + std::to_string(min) + ", got '" + v + "'";
    field = *n;
    return std::nullopt;
  };
}

/// Up to a year of seconds; `min` 1 refuses zero.
Apply seconds(std::uint32_t& field, std::uint32_t min) {
  return [&field, min](const std::string& v) -> Problem {
    const auto n = parse_unsigned<std::uint32_t>(v, 365u * 24 * 3600);
    if (!n) return "expects a number of seconds, got '" + v + "'";
    if (*n < min) return "must be > 0";
    field = *n;
    return std::nullopt;
  };
}

/// The command line: CLI11 with every option bound to `options`.
struct CommandLine {
  CLI::App app{"A complete, correct MCP server", "mcp-reference-server"};
  Options options;
  bool help = false;
  bool version = false;
  bool list_faults = false;

  CommandLine() {
    cli::configure(app);
    app.allow_extras();  // unknown words are reported in our words (see parse())
    add_value("--host", "HOST",
              "address to bind (default 127.0.0.1; a loopback bind\nalso checks the Host header "
              "against DNS rebinding)",
              non_empty(options.host, "expects a host name or address"));
    add_value("--port", "N", "port to bind; 0 picks a free port (default 0)",
              [this](const std::string& v) -> Problem {
                const auto n = parse_unsigned<int>(v, 65535);
                if (!n) return "expects a port number 0-65535, got '" + v + "'";
                options.port = *n;
                return std::nullopt;
              });
    app.add_flag("--stateless", options.stateless,
                 "issue no session ids; serve every POST on its own\n(what ChatGPT's current "
                 "client needs); no GET stream");
    add_value("--era", "ERA",
              "dual (default): 2026-07-28 for requests carrying its _meta\nenvelope, initialize "
              "for the rest; modern: 2026-07-28 only;\nlegacy: up to 2025-11-25 only",
              [this](const std::string& v) -> Problem {
                if (v == "dual") {
                  options.era = Era::kDual;
                } else if (v == "modern") {
                  options.era = Era::kModern;
                } else if (v == "legacy") {
                  options.era = Era::kLegacy;
                } else {
                  return "expects dual, modern or legacy, got '" + v + "'";
                }
                return std::nullopt;
              });
    app.add_flag("--stdio", options.stdio,
                 "serve the stdio transport instead of HTTP: newline-delimited\nJSON-RPC on "
                 "stdin/stdout, logs on stderr; exits at EOF");
    app.add_flag("--trap-tool", options.trap_tool,
                 "list first a tool annotated destructiveHint (delete_all_data) that\nno test "
                 "client may call; each call is written to stderr");
    add_value("--auth-token", "TOKEN", "require \"Authorization: Bearer TOKEN\" on /mcp",
              non_empty(options.auth_token, "expects a non-empty token"));
    add_value("--allowed-origin", "ORIGIN",
              "also accept this Origin (repeatable; \"*\" accepts any);\nloopback origins are "
              "always accepted",
              [this](const std::string& v) -> Problem {
                if (v != "*" && v.find("://") == std::string::npos)
                  return "expects an origin such as https://example.com (or *), got '" + v + "'";
                options.allowed_origins.push_back(v);
                return std::nullopt;
              });
    add_value("--allowed-host", "HOST",
              "also accept this Host header on a loopback bind (repeatable)",
              [this](const std::string& v) -> Problem {
                if (v.empty()) return std::string("expects a host name");
                options.allowed_hosts.push_back(v);
                return std::nullopt;
              });
    add_limits();
    add_value("--log-level", "LEVEL",
              "debug, info, warn, error or off (default warn); logs go to stderr",
              [this](const std::string& v) -> Problem {
                const auto level = parse_log_level(v);
                if (!level) return "expects debug, info, warn, error or off, got '" + v + "'";
                options.log_level = *level;
                return std::nullopt;
              });
    add_value("--fault", "NAME", "break one rule on purpose, to test a tester (repeatable)",
              [this](const std::string& v) -> Problem {
                if (!find_fault(v)) return "unknown fault '" + v + "' (see --list-faults)";
                options.faults.push_back(v);
                return std::nullopt;
              });
    app.add_flag("--list-faults", list_faults, "list the faults, one per line, and exit");
    cli::add_help_and_version(app, help, version);
    app.add_flag("-h", help)->group("");  // the short spelling, not listed
  }

  void add_limits() {
    add_value("--max-sessions", "N", "live sessions before initialize gets 503 (default 1000)",
              count_at_least(options.max_sessions, 1));
    add_value("--session-idle-timeout", "S",
              "seconds of inactivity before a session expires;\n0 = never (default 1800)",
              seconds(options.session_idle_timeout_s, 0));
    struct Count {
      const char* flag;
      const char* description;
      std::size_t Options::*field;
      std::size_t min;
    };
    for (const auto& count : {
             Count{"--max-body-bytes", "largest request body; larger gets 413 (default 4194304)",
                   &Options::max_body_bytes, 64},
             Count{"--max-streams", "concurrent SSE streams, GET and POST (default 64)",
                   &Options::max_streams, 1},
             Count{"--workers",
                   "HTTP workers kept for plain requests, on top of one per\nSSE stream (default "
                   "64)",
                   &Options::workers, 1},
             Count{"--page-size", "tools per tools/list page; 0 = one page (default 0)",
                   &Options::page_size, 0},
             Count{"--max-connections",
                   "connections waiting for a request, idle or still\narriving; at the limit the "
                   "longest idle one is closed\n(default 1024)",
                   &Options::max_connections, 1},
         })
      add_value(count.flag, "N", count.description,
                count_at_least(options.*count.field, count.min));
    add_value("--sse-keepalive-seconds", "S", "comment sent on idle SSE streams (default 15)",
              seconds(options.sse_keepalive_s, 1));
    add_value("--request-timeout", "S",
              "seconds a client has to send a whole request (head and\nbody) once it has begun; "
              "then 408 and the connection is\nclosed (default 5)",
              seconds(options.request_timeout_s, 1));
    add_value("--keep-alive-timeout", "S",
              "seconds a connection may stay open with no request in\nprogress (default 5)",
              seconds(options.keep_alive_timeout_s, 1));
  }

  void add_value(const std::string& flag, const std::string& value_name,
                 const std::string& description, cli::Apply apply) {
    cli::add_value(app, flag, value_name, description, std::move(apply));
  }

  ParseResult parse(int argc, const char* const* argv) {
    if (auto error = cli::parse(app, argc, argv)) return std::move(*error);
    if (help) return ShowHelp{};
    if (version) return ShowVersion{};
    if (list_faults) return ListFaults{};
    if (auto error = cli::unknown_option(app)) return std::move(*error);
    return options;
  }
};

}  // namespace

std::string_view to_string(Era era) {
  switch (era) {
    case Era::kDual:
      return "dual";
    case Era::kModern:
      return "modern";
    case Era::kLegacy:
      return "legacy";
  }
  return "dual";
}

ParseResult parse_options(int argc, const char* const* argv) {
  return CommandLine().parse(argc, argv);
}

std::string usage_text() {
  const CommandLine command_line;
  const auto formatter =
      std::dynamic_pointer_cast<CLI::Formatter>(command_line.app.get_formatter());
  auto options = formatter ? formatter->make_groups(&command_line.app, CLI::AppFormatMode::Normal)
                           : std::string();
  while (options.ends_with("\n\n"))
    options.pop_back();
  return kAbout + options + kExitStatus;
}

std::vector<std::string> option_names() {
  const CommandLine command_line;
  std::vector<std::string> names;
  for (const auto* option : command_line.app.get_options()) {
    for (const auto& name : option->get_lnames())
      names.push_back("--" + name);
    for (const auto& name : option->get_snames())
      names.push_back("-" + name);
  }
  return names;
}

}  // namespace mcp::server
