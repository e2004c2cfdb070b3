#include "conformance/cli.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <thread>

#include "conformance/check.hpp"

namespace mcp::conformance {

std::string usage_text() {
  return R"(usage: mcp-conformance run (--url URL | --stdio "CMD ARGS") [options]
       mcp-conformance list [--json] [--profile spec|openai|all]
       mcp-conformance --help | --version

Runs a spec-referenced catalogue of checks against an MCP server and writes
reports for CI. Every check carries its requirement id, level (MUST, SHOULD,
MAY) and spec section; `list` prints the catalogue in spec order.

run options:
  --url URL                  the server's MCP endpoint (Streamable HTTP, or HTTP+SSE)
  --stdio "CMD ARGS"         or a command that speaks MCP over stdio
  --transport T              auto (default: Streamable HTTP, HTTP+SSE on a 4xx),
                             streamable-http or sse
  --protocol-version V|all   the version to test (default: the latest the server
                             speaks); all: every version it speaks, each its own suite
  --profile P                spec (default), openai (what OpenAI's client needs) or all
  --strict                   warnings (broken SHOULDs) fail the run
  --only GLOB                run only checks whose id matches (repeatable)
  --skip GLOB                leave out checks whose id matches (repeatable)
  --expected-failures FILE   YAML or JSON list of {id, reason[, version]}: those
                             failures do not fail the run; a listed check that
                             passes everywhere it ran does (stale)
  --header "K: V"            sent on every request (repeatable)
  --bearer TOKEN             sent as Authorization: Bearer TOKEN; enables the
                             authorization checks
  --timeout SECONDS          deadline for each request (default 30)
  --jobs N                   checks run in parallel (default: the number of cores)
  --call-tool NAME           the tool checks may call (default: the first tool annotated
                             readOnlyHint; a run must not change your data)
  --call-arguments JSON      its arguments (default: generated from its input schema)
  --junit FILE               JUnit XML (valid against the Ant and Jenkins schemas)
  --junit-extras             add the testcase `file` attribute and per-case system-out
                             that GitLab/GitHub reporters read (not schema-valid)
  --json FILE                JSON report (format mcp-conformance-report, version 1)
  --markdown FILE            Markdown summary (fits $GITHUB_STEP_SUMMARY)
  --html FILE                one self-contained HTML page
  --quiet                    print only the summary
  --verbose                  print every check's message and exchange count

exit status: 0 nothing failed (warnings allowed unless --strict); 1 a check failed or
errored, or an expected failure went stale; 2 usage error; 3 the server could not be
reached (or refused the harness: pass --bearer/--header).
)";
}

namespace {

std::optional<std::string> parse_header(std::string_view text, client::Headers& out) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return "--header expects \"Name: value\", got '" + std::string(text) + "'";
  std::string value(text.substr(colon + 1));
  while (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  out.emplace_back(std::string(text.substr(0, colon)), std::move(value));
  return std::nullopt;
}

}  // namespace

Command parse_command_line(int argc, const char* const* argv) {
  if (argc < 2) return UsageError{"missing command (run or list)"};
  const std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") return HelpCommand{};
  if (command == "--version") return VersionCommand{};
  if (command == "list") {
    ListCommand out;
    for (int i = 2; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--json") {
        out.json = true;
      } else if (arg == "--profile" && i + 1 < argc) {
        out.profile = argv[++i];
        if (out.profile != "spec" && out.profile != "openai" && out.profile != "all") {
          return UsageError{"--profile expects spec, openai or all"};
        }
      } else if (arg == "--help") {
        return HelpCommand{};
      } else {
        return UsageError{"list: unknown option '" + std::string(arg) + "'"};
      }
    }
    return out;
  }
  if (command != "run")
    return UsageError{"unknown command '" + std::string(command) + "' (run or list)"};

  RunCommand out;
  auto& o = out.options;
  o.jobs = std::max(1u, std::thread::hardware_concurrency());
  o.target.deadlines.connect = std::chrono::seconds(10);
  o.target.deadlines.first_byte = o.target.deadlines.idle = o.target.deadlines.total =
      std::chrono::seconds(30);
  using Setter = std::function<std::optional<std::string>(std::string_view)>;
  const auto store = [](std::string& field) -> Setter {
    return [&field](std::string_view v) -> std::optional<std::string> {
      field = std::string(v);
      return std::nullopt;
    };
  };
  const std::map<std::string_view, Setter> with_value{
      {"--url",
       [&](std::string_view v) -> std::optional<std::string> {
         if (!v.starts_with("http://") && !v.starts_with("https://"))
           return "--url must start with http:// or https://";
         o.target.url = std::string(v);
         return std::nullopt;
       }},
      {"--stdio",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return "--stdio needs a command";
         o.target.stdio_command = std::string(v);
         return std::nullopt;
       }},
      {"--transport",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v == "auto")
           o.target.transport = TransportChoice::kAuto;
         else if (v == "streamable-http")
           o.target.transport = TransportChoice::kStreamableHttp;
         else if (v == "sse")
           o.target.transport = TransportChoice::kSse;
         else
           return "--transport expects auto, streamable-http or sse, got '" + std::string(v) + "'";
         return std::nullopt;
       }},
      {"--protocol-version",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v != "all" && !parse_protocol_version(v))
           return "--protocol-version expects all or one of 2024-11-05, 2025-03-26, 2025-06-18, "
                  "2025-11-25";
         o.protocol_version = std::string(v);
         return std::nullopt;
       }},
      {"--profile",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v != "spec" && v != "openai" && v != "all")
           return "--profile expects spec, openai or all";
         o.profile = std::string(v);
         return std::nullopt;
       }},
      {"--only",
       [&](std::string_view v) -> std::optional<std::string> {
         o.only.emplace_back(v);
         return std::nullopt;
       }},
      {"--skip",
       [&](std::string_view v) -> std::optional<std::string> {
         o.skip.emplace_back(v);
         return std::nullopt;
       }},
      {"--expected-failures", store(out.expected_failures_path)},
      {"--header", [&](std::string_view v) { return parse_header(v, o.target.headers); }},
      {"--bearer",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return "--bearer needs a token";
         o.target.headers.emplace_back("Authorization", "Bearer " + std::string(v));
         o.target.has_bearer = true;
         return std::nullopt;
       }},
      {"--timeout",
       [&](std::string_view v) -> std::optional<std::string> {
         unsigned seconds = 0;
         const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
         if (ec != std::errc{} || ptr != v.data() + v.size() || seconds == 0 || seconds > 3600) {
           return "--timeout expects seconds between 1 and 3600";
         }
         o.target.deadlines.first_byte = o.target.deadlines.idle = o.target.deadlines.total =
             std::chrono::seconds(seconds);
         o.target.deadlines.connect = std::min<std::chrono::milliseconds>(
             std::chrono::seconds(seconds), std::chrono::seconds(10));
         return std::nullopt;
       }},
      {"--jobs",
       [&](std::string_view v) -> std::optional<std::string> {
         unsigned n = 0;
         const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
         if (ec != std::errc{} || ptr != v.data() + v.size() || n == 0 || n > 256)
           return "--jobs expects 1 to 256";
         o.jobs = n;
         return std::nullopt;
       }},
      {"--call-tool",
       [&](std::string_view v) -> std::optional<std::string> {
         o.call_tool = std::string(v);
         return std::nullopt;
       }},
      {"--call-arguments",
       [&](std::string_view v) -> std::optional<std::string> {
         auto parsed = jsonrpc::parse(v);
         if (!parsed.value || !parsed.value->is_object())
           return "--call-arguments expects a JSON object";
         o.call_arguments = *parsed.value;
         return std::nullopt;
       }},
      {"--junit", store(out.junit_path)},
      {"--json", store(out.json_path)},
      {"--markdown", store(out.markdown_path)},
      {"--html", store(out.html_path)},
  };
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return HelpCommand{};
    if (arg == "--strict") {
      o.strict = true;
      continue;
    }
    if (arg == "--junit-extras") {
      out.junit_extras = true;
      continue;
    }
    if (arg == "--quiet") {
      out.quiet = true;
      continue;
    }
    if (arg == "--verbose") {
      out.verbose = true;
      continue;
    }
    std::optional<std::string_view> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    const auto it = with_value.find(arg);
    if (it == with_value.end()) return UsageError{"run: unknown option '" + std::string(arg) + "'"};
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return UsageError{"option '" + std::string(arg) + "' needs a value"};
    }
    if (auto problem = it->second(value)) return UsageError{*problem};
  }
  if (o.target.url.empty() == o.target.stdio_command.empty())
    return UsageError{"run needs exactly one of --url and --stdio"};
  if (out.quiet && out.verbose) return UsageError{"--quiet and --verbose exclude each other"};
  if (!o.call_arguments.is_null() && o.call_tool.empty())
    return UsageError{"--call-arguments needs --call-tool"};
  // A pattern that selects nothing is a typo, and would silently test nothing.
  for (const auto* patterns : {&o.only, &o.skip}) {
    for (const auto& pattern : *patterns) {
      const auto checks = catalogue().checks();
      if (std::none_of(checks.begin(), checks.end(),
                       [&](const Check* c) { return glob_match(pattern, c->info.id); })) {
        return UsageError{(patterns == &o.only ? "--only '" : "--skip '") + pattern +
                          "' matches no check (see mcp-conformance list)"};
      }
    }
  }
  if (!out.expected_failures_path.empty()) {
    std::string error;
    auto expected = load_expected_failures(out.expected_failures_path, &error);
    if (!expected) return UsageError{error};
    o.expected_failures = std::move(*expected);
  }
  return out;
}

}  // namespace mcp::conformance
