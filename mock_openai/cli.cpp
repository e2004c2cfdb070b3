#include "mock_openai/cli.hpp"

#include <array>
#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

#include "protocol/jsonrpc.hpp"

namespace mcp::mock {
namespace {

constexpr const char* kReplaySynopsis =
    R"(mock-openai replay (--url URL | --stdio "CMD ARGS") [options])";
constexpr const char* kProfilesSynopsis = "mock-openai profiles [--json]";
constexpr const char* kServeSynopsis =
    "mock-openai serve [--host H] [--port P] [--profile NAME] [--script FILE]\n"
    "                         [--transcript-dir DIR] [options]";

constexpr const char* kServeAbout = R"(
Serves the Responses API offline: POST /v1/responses with tools of type "mcp" runs the
profile's MCP flow against each server_url and answers as OpenAI does (mcp_list_tools,
mcp_approval_request, mcp_call, a final message; stream: true gives the event stream).
Point an OpenAI SDK's base URL at the printed http://HOST:PORT/v1; any API key works.
No language model: the call comes from the first --script rule the input matches, else
a directive line in the input (@call TOOL {"arg": 1}, @call LABEL/TOOL, @reply TEXT,
@nocall), else the first imported tool with arguments made from its input schema.
Prints "listening on http://HOST:PORT/v1" once ready; SIGINT or SIGTERM stops it.
)";

constexpr const char* kAbout = R"(
Behaves on the wire like OpenAI's MCP client (one of its observed profiles),
replays its initialize / list / call / DELETE flow against a server, times each
step, and shows the result as the Responses API would: mcp_list_tools,
mcp_approval_request and mcp_call items, or the HTTP 424 error body.
)";

constexpr const char* kServeExitStatus = R"(
serve exit status: 0 stopped by SIGINT or SIGTERM; 1 it could not listen; 2 usage error
(a bad option, profile or --script, an unwritable --transcript-dir).
)";

constexpr const char* kProfilesAbout = R"(
Lists the built-in client profiles: name, summary and options.
)";

constexpr const char* kExitStatus = R"(
exit status: 0 the flow succeeded within its binding budgets (a skipped call and a missed
inferred budget are said, not failed); 1 it failed (the step and the reason an OpenAI user
would see are printed); 2 usage error; 3 no MCP server answered at all (no connection, or
only silence and answers that are not JSON-RPC).
)";

/// What is wrong with an option's value, if anything (the flag is named in front of it).
using Problem = std::optional<std::string>;
using cli::add_value;
using cli::Apply;

template <class Target>
Apply store(Target& target) {
  return [&target](const std::string& value) -> Problem {
    target = value;
    return std::nullopt;
  };
}

Apply append(std::vector<std::string>& target) {
  return [&target](const std::string& value) -> Problem {
    target.push_back(value);
    return std::nullopt;
  };
}

/// Stores a value that must not be empty; `problem` says what an empty one lacks.
Apply store_non_empty(std::string& target, std::string problem) {
  return [&target, problem = std::move(problem)](const std::string& value) -> Problem {
    if (value.empty()) return problem;
    target = value;
    return std::nullopt;
  };
}

Problem parse_url(const std::string& text, std::string& out) {
  if (!text.starts_with("http://") && !text.starts_with("https://"))
    return "must start with http:// or https://, got '" + text + "'";
  out = text;
  return std::nullopt;
}

Problem parse_transport(const std::string& text, TransportChoice& out) {
  if (text == "auto")
    out = TransportChoice::kAuto;
  else if (text == "streamable-http")
    out = TransportChoice::kStreamableHttp;
  else if (text == "sse")
    out = TransportChoice::kSse;
  else
    return "expects auto, streamable-http or sse, got '" + text + "'";
  return std::nullopt;
}

Problem parse_arguments(const std::string& text, std::optional<Json>& out) {
  auto parsed = jsonrpc::parse(text);
  if (!parsed.value || !parsed.value->is_object())
    return "expects a JSON object" + (parsed.value ? std::string() : ": " + parsed.error);
  out = *parsed.value;
  return std::nullopt;
}

Problem parse_header(std::string_view text, client::Headers& out) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return "expects \"Name: value\", got '" + std::string(text) + "'";
  std::string name(text.substr(0, colon));
  std::string value(text.substr(colon + 1));
  while (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  out.emplace_back(std::move(name), std::move(value));
  return std::nullopt;
}

/// allowed_tools as JSON (an array, object or string) or as names "a, b, c".
Problem parse_json_or_names(std::string_view text, Json& out) {
  const auto start = text.find_first_not_of(' ');
  const auto trimmed = text.substr(start == std::string_view::npos ? text.size() : start);
  if (!trimmed.empty() &&
      (trimmed.front() == '[' || trimmed.front() == '{' || trimmed.front() == '"')) {
    auto parsed = jsonrpc::parse(trimmed);
    if (!parsed.value) return "not valid JSON: " + parsed.error;
    out = *parsed.value;
    return std::nullopt;
  }
  out = Json::array();
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto name = rest.substr(0, comma);
    while (!name.empty() && name.front() == ' ')
      name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ')
      name.remove_suffix(1);
    if (!name.empty()) out.push_back(std::string(name));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

Problem parse_require_approval(const std::string& text, Json& out) {
  if (text == "always" || text == "never") {
    out = text;
    return std::nullopt;
  }
  auto parsed = jsonrpc::parse(text);
  if (!parsed.value) return "expects always, never or a JSON object";
  out = *parsed.value;
  return std::nullopt;
}

/// Checks STEP=MS now, so a replay never starts with a budget it cannot apply.
Problem check_budget(const std::string& spec, std::vector<std::string>& specs) {
  std::string error;
  Budgets probe;
  if (!probe.set(spec, &error)) return error;
  specs.push_back(spec);
  return std::nullopt;
}

std::string budget_help() {
  std::string text = "a timing budget (repeatable). STEP:";
  std::size_t line_start = 0;
  const auto& steps = Budgets::step_names();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (text.size() - line_start + steps[i].size() > 66) {
      line_start = text.size() + 1;
      text += "\n";
    } else {
      text += " ";
    }
    text += steps[i] + (i + 1 < steps.size() ? "," : ".");
  }
  return text +
         "\nDefaults: request = the profile's deadline (30000 ms: the community\n"
         "guide's figure; OpenAI documents no deadline, so it is unconfirmed;\n"
         "agents-sdk uses its own 5000), initialize = 1000, tools/list = 1000.\n"
         "Each budget has an evidence level (shown in every output):\n"
         "documented or reported, or user (--budget, a --profile-file's\n"
         "request_deadline_ms): a miss fails the run; inferred (every default):\n"
         "a miss is a warning, since OpenAI's client would most likely still\n"
         "answer. A request with no answer by the request deadline ends the\n"
         "flow: a failure whatever the level";
}

void add_replay_options(CLI::App& app, ReplayCommand& r) {
  add_value(app, "--url", "URL", "the MCP server URL (as the mcp tool's server_url)",
            [&r](const std::string& v) { return parse_url(v, r.flow.url); });
  add_value(app, "--stdio", "\"CMD ARGS\"",
            "run a stdio server instead (a local check; OpenAI cannot reach one)",
            store_non_empty(r.flow.stdio_command, "needs a command"));
  add_value(app, "--profile", "NAME",
            "client profile (default responses-2025; see `mock-openai profiles`)",
            store(r.profile));
  add_value(app, "--option", "NAME", "a profile option, e.g. stale-session (repeatable)",
            append(r.options));
  add_value(app, "--profile-file", "PATH",
            "a profile of your own (JSON, the format of fixtures/flows/)", store(r.profile_file));
  add_value(app, "--transport", "T",
            "auto (default: Streamable HTTP, then HTTP+SSE on a 4xx where\nthe profile's client "
            "has that fallback; agents-sdk and codex\ndo not), streamable-http or sse",
            [&r](const std::string& v) { return parse_transport(v, r.flow.transport); });
  add_value(app, "--protocol-version", "V", "offer V instead of the profile's version",
            store(r.flow.protocol_version));
  add_value(app, "--call", "TOOL",
            "the tool to call (default: the first imported tool annotated\nreadOnlyHint: true; "
            "no other is called unless named here; without\none the call is skipped, saying why)",
            store(r.flow.call_tool));
  add_value(app, "--arguments", "JSON", "its arguments (default: generated from its inputSchema)",
            [&r](const std::string& v) { return parse_arguments(v, r.flow.call_arguments); });
  add_value(app, "--header", "\"K: V\"",
            "the mcp tool's `headers`, sent on every request (repeatable)",
            [&r](const std::string& v) { return parse_header(v, r.flow.headers); });
  add_value(app, "--authorization", "TOKEN",
            "the mcp tool's `authorization`: sent as \"Authorization: Bearer TOKEN\"",
            store(r.flow.authorization));
  app.add_flag("--authorization-raw", r.flow.authorization_raw,
               "send it without the \"Bearer \" prefix (how OpenAI formats it is inferred)");
  add_value(app, "--allowed-tools", "SPEC",
            "names a,b,c or JSON: [\"a\",\"b\"] or {\"tool_names\":[..],\"read_only\":true}",
            [&r](const std::string& v) { return parse_json_or_names(v, r.flow.allowed_tools); });
  add_value(
      app, "--require-approval", "SPEC",
      "never (the mock's default, so the call runs), always, or the JSON\n"
      "object form; OpenAI's API default is always",
      [&r](const std::string& v) { return parse_require_approval(v, r.flow.require_approval); });
  app.add_flag("--approve", r.flow.approve, "run calls that need approval, as the next turn would");
  add_value(app, "--server-label", "LABEL", "the mcp tool's server_label (default mcp_server)",
            store_non_empty(r.flow.server_label, "needs a value"));
  add_value(app, "--budget", "STEP=MS", budget_help(),
            [&r](const std::string& v) { return check_budget(v, r.budget_specs); });
  add_value(app, "--max-response-bytes", "SIZE",
            "the most read of one response, a body or a whole SSE stream\n(default 16M; K, M, G "
            "allowed); past it the step fails",
            [&r](const std::string& v) -> Problem {
              const auto size = cli::parse_byte_size(v, 1024, std::size_t{1} << 30);
              if (!size) return "expects a size from 1K to 1G";
              auto& limits = r.flow.limits;
              limits.max_body_bytes = *size;
              limits.sse.max_event_bytes = std::min(limits.sse.max_event_bytes, *size);
              limits.sse.max_line_bytes = std::min(limits.sse.max_line_bytes, *size);
              return std::nullopt;
            });
  add_value(app, "--max-report-body", "SIZE",
            "the most the JSON, JUnit and transcript keep of each body or\nSSE event (default "
            "64K); the rest is cut, with a note",
            [&r](const std::string& v) -> Problem {
              const auto size = cli::parse_byte_size(v, 256, std::size_t{1} << 30);
              if (!size) return "expects a size from 256 to 1G";
              r.flow.report_body_limit = *size;
              return std::nullopt;
            });
  add_value(app, "--json", "FILE",
            "write the result as JSON (format mock-openai-result, version 1)", store(r.json_path));
  add_value(app, "--junit", "FILE",
            "write the result as JUnit XML (one test case per step and budget)",
            store(r.junit_path));
  add_value(app, "--transcript", "FILE",
            "write every HTTP exchange (headers, bodies, SSE events, timings)",
            store(r.transcript_path));
  app.add_flag("--quiet", r.quiet, "print only the verdict");
  app.add_flag("--verbose", r.verbose,
               "also print the Responses API output items (--json always has them)");
}

Problem parse_count(const std::string& text, std::size_t min, std::size_t max, std::size_t& out) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || text.front() == '-' || value < min || value > max)
    return "expects a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
           ", got '" + text + "'";
  out = static_cast<std::size_t>(value);
  return std::nullopt;
}

void add_serve_options(CLI::App& app, ServeCommand& s) {
  add_value(app, "--host", "H", "the address to listen on (default 127.0.0.1)",
            store_non_empty(s.host, "needs an address"));
  add_value(app, "--port", "P", "the port (default 0: any free port, printed when ready)",
            [&s](const std::string& v) -> Problem {
              std::size_t port = 0;
              if (auto problem = parse_count(v, 0, 65535, port)) return problem;
              s.port = static_cast<int>(port);
              return std::nullopt;
            });
  add_value(app, "--profile", "NAME",
            "the MCP client profile each response runs (default responses-2025)", store(s.profile));
  add_value(app, "--option", "NAME", "a profile option (repeatable)", append(s.options));
  add_value(app, "--profile-file", "PATH", "a profile of your own (JSON)", store(s.profile_file));
  add_value(app, "--script", "FILE",
            "the model's rules, JSON: {\"rules\": [{\"match\": TEXT, \"tool\": NAME,\n"
            "\"arguments\": {...}} or {\"match\": TEXT, \"reply\": TEXT}]}; the first\n"
            "rule whose match the input contains (any case) wins",
            store_non_empty(s.script_path, "needs a file"));
  add_value(app, "--transcript-dir", "DIR",
            "write every MCP exchange of each response to DIR/RESPONSE_ID.json\n(secrets "
            "redacted); DIR is created if missing",
            store_non_empty(s.transcript_dir, "needs a directory"));
  add_value(app, "--budget", "STEP=MS",
            "a timing budget, as in replay (repeatable); a binding one exceeded\nshows as "
            "OpenAI's timeout error (424 while listing, mcp_call.error\nwhile calling)",
            [&s](const std::string& v) { return check_budget(v, s.budget_specs); });
  app.add_flag("--authorization-raw", s.authorization_raw,
               "send the mcp tool's authorization without the \"Bearer \" prefix");
  add_value(app, "--max-body", "SIZE", "the largest request body taken (default 8M)",
            [&s](const std::string& v) -> Problem {
              const auto size = cli::parse_byte_size(v, 1024, std::size_t{1} << 30);
              if (!size) return "expects a size from 1K to 1G";
              s.max_body_bytes = *size;
              return std::nullopt;
            });
  add_value(app, "--workers", "N", "requests served at once (default 32)",
            [&s](const std::string& v) { return parse_count(v, 1, 1024, s.workers); });
  add_value(
      app, "--max-stored", "N",
      "responses kept for previous_response_id (default 10000; oldest go)",
      [&s](const std::string& v) { return parse_count(v, 1, 10000000, s.max_stored_responses); });
}

/// The grammar of the command line, bound to what it fills in.
struct CommandLine {
  ReplayCommand replay;
  ServeCommand serve;
  ProfilesCommand profiles;
  bool help = false;
  bool replay_help = false;
  bool serve_help = false;
  bool profiles_help = false;
  bool version = false;
  CLI::App app{"", "mock-openai"};
  CLI::App* help_command = nullptr;
  CLI::App* replay_command = nullptr;
  CLI::App* serve_command = nullptr;
  CLI::App* profiles_command = nullptr;

  CommandLine() {
    cli::configure(app);
    app.allow_extras();  // unknown words are reported below, in our words
    app.require_subcommand(0, 1);
    cli::add_help_and_version(app, help, version);
    app.add_flag("-h", help)->group("");
    help_command = app.add_subcommand("help", "show this text and exit");

    replay_command = app.add_subcommand("replay", "replay a profile's flow against a server");
    replay_command->option_defaults()->group("replay options");
    cli::add_help_and_version(*replay_command, replay_help, version);
    replay_command->add_flag("-h", replay_help)->group("");
    add_replay_options(*replay_command, replay);

    serve_command =
        app.add_subcommand("serve", "serve the Responses API offline in front of MCP servers");
    serve_command->option_defaults()->group("serve options");
    cli::add_help_and_version(*serve_command, serve_help, version);
    serve_command->add_flag("-h", serve_help)->group("");
    add_serve_options(*serve_command, serve);

    profiles_command = app.add_subcommand("profiles", "list the built-in client profiles");
    profiles_command->option_defaults()->group("profiles options");
    cli::add_help_and_version(*profiles_command, profiles_help, version);
    profiles_command->add_flag("-h", profiles_help)->group("");
    profiles_command->add_flag("--json", profiles.json,
                               "print them as JSON (name, summary, evidence, options)");
  }

  /// "\nreplay options:\n" and a line an option, as CLI11 formats them.
  static std::string options_of(const CLI::App& command) {
    const auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(command.get_formatter());
    if (!formatter) return "";
    auto text = formatter->make_groups(&command, CLI::AppFormatMode::Normal);
    while (text.ends_with("\n\n"))
      text.pop_back();
    return text;
  }

  std::string usage() const {
    return std::string("Usage: ") + kReplaySynopsis + "\n  or:  " + kServeSynopsis +
           "\n  or:  " + kProfilesSynopsis + "\n  or:  mock-openai --help | --version\n" + kAbout +
           options_of(*replay_command) + kServeAbout + options_of(*serve_command) +
           options_of(*profiles_command) + kExitStatus + kServeExitStatus;
  }
  std::string serve_usage() const {
    return std::string("Usage: ") + kServeSynopsis + "\n" + kServeAbout +
           options_of(*serve_command) + kServeExitStatus;
  }
  std::string replay_usage() const {
    return std::string("Usage: ") + kReplaySynopsis + "\n" + kAbout + options_of(*replay_command) +
           kExitStatus;
  }
  std::string profiles_usage() const {
    return std::string("Usage: ") + kProfilesSynopsis + "\n" + kProfilesAbout +
           options_of(*profiles_command);
  }

  /// What the parsed words ask for: help before anything else, then the command.
  Command command() {
    if (help || help_command->parsed()) return HelpCommand{usage()};
    if (replay_help) return HelpCommand{replay_usage()};
    if (serve_help) return HelpCommand{serve_usage()};
    if (profiles_help) return HelpCommand{profiles_usage()};
    if (version) return VersionCommand{};
    if (const auto extra = app.remaining(); !extra.empty())
      return UsageError{"unknown command '" + extra.front() + "' (replay, serve or profiles)"};
    if (profiles_command->parsed()) {
      if (auto error = cli::unknown_option(*profiles_command, "profiles: ")) return *error;
      return profiles;
    }
    if (serve_command->parsed()) {
      if (auto error = cli::unknown_option(*serve_command, "serve: ")) return *error;
      return serve;
    }
    if (!replay_command->parsed()) return UsageError{"missing command (replay, serve or profiles)"};
    if (auto error = cli::unknown_option(*replay_command, "replay: ")) return *error;
    if (replay.flow.url.empty() == replay.flow.stdio_command.empty())
      return UsageError{"replay needs exactly one of --url and --stdio"};
    if (!replay.flow.stdio_command.empty() && replay.flow.transport == TransportChoice::kSse)
      return UsageError{"--transport sse needs --url, not --stdio"};
    return replay;
  }
};

}  // namespace

std::string usage_text() {
  return CommandLine().usage();
}

Command parse_command_line(int argc, const char* const* argv) {
  CommandLine line;
  if (auto error = cli::parse(line.app, argc, argv)) return std::move(*error);
  return line.command();
}

std::vector<std::string> option_names(const std::string& command) {
  CommandLine line;
  const CLI::App* app = command.empty() ? &line.app : line.app.get_subcommand(command);
  std::vector<std::string> names;
  for (const auto* option : app->get_options()) {
    for (const auto& name : option->get_lnames())
      names.push_back("--" + name);
    for (const auto& name : option->get_snames())
      names.push_back("-" + name);
  }
  return names;
}

Budgets budgets_for(const Profile& profile, const std::vector<std::string>& specs) {
  const bool own = profile.request_deadline_evidence == Evidence::kUser;
  auto budgets = Budgets::defaults(profile.request_deadline_ms,
                                   own ? "--profile-file" : "profile " + profile.name,
                                   profile.request_deadline_evidence);
  for (const auto& spec : specs)
    budgets.set(spec, nullptr);  // checked when parsed
  return budgets;
}

}  // namespace mcp::mock
