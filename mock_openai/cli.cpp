#include "mock_openai/cli.hpp"

#include <functional>
#include <map>

#include "protocol/jsonrpc.hpp"

namespace mcp::mock {

std::string usage_text() {
  return R"(usage: mock-openai replay (--url URL | --stdio "CMD ARGS") [options]
       mock-openai profiles [--json]
       mock-openai --help | --version

Behaves on the wire like OpenAI's MCP client (one of its observed profiles),
replays its initialize / list / call / DELETE flow against a server, times each
step, and shows the result as the Responses API would: mcp_list_tools,
mcp_approval_request and mcp_call items, or the HTTP 424 error body.

replay options:
  --url URL                 the MCP server URL (as the mcp tool's server_url)
  --stdio "CMD ARGS"        run a stdio server instead (a local check; OpenAI cannot reach one)
  --profile NAME            client profile (default responses-2025; see `mock-openai profiles`)
  --option NAME             a profile option, e.g. stale-session (repeatable)
  --profile-file PATH       a profile of your own (JSON, the format of fixtures/flows/)
  --transport T             auto (default: Streamable HTTP, then HTTP+SSE on a 4xx),
                            streamable-http or sse
  --protocol-version V      offer V instead of the profile's version
  --call TOOL               the tool to call (default: the first imported tool)
  --arguments JSON          its arguments (default: generated from its inputSchema)
  --header "K: V"           the mcp tool's `headers`, sent on every request (repeatable)
  --authorization TOKEN     the mcp tool's `authorization`: sent as "Authorization: Bearer TOKEN"
  --authorization-raw       send it without the "Bearer " prefix (how OpenAI formats it is inferred)
  --allowed-tools SPEC      names a,b,c or JSON: ["a","b"] or {"tool_names":[..],"read_only":true}
  --require-approval SPEC   never (the mock's default, so the call runs), always, or the JSON
                            object form; OpenAI's API default is always
  --approve                 run calls that need approval, as the next turn would
  --server-label LABEL      the mcp tool's server_label (default mcp_server)
  --budget STEP=MS          a timing budget (repeatable). STEP: request, total, server/discover,
                            initialize, initialized, GET stream, tools/list, tools/call, DELETE.
                            Defaults: request = the profile's deadline (30000 ms: the community
                            guide's figure; OpenAI documents no deadline, so it is unconfirmed;
                            agents-sdk uses its own 5000), initialize = 1000, tools/list = 1000
  --json FILE               write the result as JSON (format mock-openai-result, version 1)
  --junit FILE              write the result as JUnit XML (one test case per step and budget)
  --transcript FILE         write every HTTP exchange (headers, bodies, SSE events, timings)
  --quiet                   print only the verdict

exit status: 0 the flow succeeded within its budgets; 1 it failed (the step and the reason
an OpenAI user would see are printed); 2 usage error; 3 the server could not be reached.
)";
}

namespace {

std::optional<std::string> parse_header(std::string_view text, client::Headers& out) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return "--header expects \"Name: value\", got '" + std::string(text) + "'";
  std::string name(text.substr(0, colon));
  std::string value(text.substr(colon + 1));
  while (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  out.emplace_back(std::move(name), std::move(value));
  return std::nullopt;
}

std::optional<std::string> parse_json_or_names(std::string_view text, Json& out, const char* flag) {
  const auto trimmed = text.substr(text.find_first_not_of(' ') == std::string_view::npos
                                       ? text.size()
                                       : text.find_first_not_of(' '));
  if (!trimmed.empty() &&
      (trimmed.front() == '[' || trimmed.front() == '{' || trimmed.front() == '"')) {
    auto parsed = jsonrpc::parse(trimmed);
    if (!parsed.value) return std::string(flag) + ": not valid JSON: " + parsed.error;
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

}  // namespace

Command parse_command_line(int argc, const char* const* argv) {
  if (argc < 2) return UsageError{"missing command (replay or profiles)"};
  const std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") return HelpCommand{usage_text()};
  if (command == "--version") return VersionCommand{};
  if (command == "profiles") {
    ProfilesCommand out;
    for (int i = 2; i < argc; ++i) {
      if (std::string_view(argv[i]) == "--json") {
        out.json = true;
      } else if (std::string_view(argv[i]) == "--help") {
        return HelpCommand{usage_text()};
      } else {
        return UsageError{"profiles: unknown option '" + std::string(argv[i]) + "'"};
      }
    }
    return out;
  }
  if (command != "replay")
    return UsageError{"unknown command '" + std::string(command) + "' (replay or profiles)"};

  ReplayCommand out;
  using Setter = std::function<std::optional<std::string>(std::string_view)>;
  const std::map<std::string_view, Setter> with_value{
      {"--url",
       [&](std::string_view v) -> std::optional<std::string> {
         if (!v.starts_with("http://") && !v.starts_with("https://"))
           return "--url must start with http:// or https://, got '" + std::string(v) + "'";
         out.flow.url = std::string(v);
         return std::nullopt;
       }},
      {"--stdio",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return "--stdio needs a command";
         out.flow.stdio_command = std::string(v);
         return std::nullopt;
       }},
      {"--profile",
       [&](std::string_view v) -> std::optional<std::string> {
         out.profile = std::string(v);
         return std::nullopt;
       }},
      {"--profile-file",
       [&](std::string_view v) -> std::optional<std::string> {
         out.profile_file = std::string(v);
         return std::nullopt;
       }},
      {"--option",
       [&](std::string_view v) -> std::optional<std::string> {
         out.options.emplace_back(v);
         return std::nullopt;
       }},
      {"--transport",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v == "auto")
           out.flow.transport = TransportChoice::kAuto;
         else if (v == "streamable-http")
           out.flow.transport = TransportChoice::kStreamableHttp;
         else if (v == "sse")
           out.flow.transport = TransportChoice::kSse;
         else
           return "--transport expects auto, streamable-http or sse, got '" + std::string(v) + "'";
         return std::nullopt;
       }},
      {"--protocol-version",
       [&](std::string_view v) -> std::optional<std::string> {
         out.flow.protocol_version = std::string(v);
         return std::nullopt;
       }},
      {"--call",
       [&](std::string_view v) -> std::optional<std::string> {
         out.flow.call_tool = std::string(v);
         return std::nullopt;
       }},
      {"--arguments",
       [&](std::string_view v) -> std::optional<std::string> {
         auto parsed = jsonrpc::parse(v);
         if (!parsed.value || !parsed.value->is_object())
           return "--arguments expects a JSON object" +
                  (parsed.value ? std::string() : ": " + parsed.error);
         out.flow.call_arguments = *parsed.value;
         return std::nullopt;
       }},
      {"--header", [&](std::string_view v) { return parse_header(v, out.flow.headers); }},
      {"--authorization",
       [&](std::string_view v) -> std::optional<std::string> {
         out.flow.authorization = std::string(v);
         return std::nullopt;
       }},
      {"--allowed-tools",
       [&](std::string_view v) {
         return parse_json_or_names(v, out.flow.allowed_tools, "--allowed-tools");
       }},
      {"--require-approval",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v == "always" || v == "never") {
           out.flow.require_approval = std::string(v);
           return std::nullopt;
         }
         auto parsed = jsonrpc::parse(v);
         if (!parsed.value) return "--require-approval expects always, never or a JSON object";
         out.flow.require_approval = *parsed.value;
         return std::nullopt;
       }},
      {"--server-label",
       [&](std::string_view v) -> std::optional<std::string> {
         if (v.empty()) return "--server-label needs a value";
         out.flow.server_label = std::string(v);
         return std::nullopt;
       }},
      {"--budget",
       [&](std::string_view v) -> std::optional<std::string> {
         std::string error;
         Budgets probe;
         if (!probe.set(v, &error)) return error;
         out.budget_specs.emplace_back(v);
         return std::nullopt;
       }},
      {"--json",
       [&](std::string_view v) -> std::optional<std::string> {
         out.json_path = std::string(v);
         return std::nullopt;
       }},
      {"--junit",
       [&](std::string_view v) -> std::optional<std::string> {
         out.junit_path = std::string(v);
         return std::nullopt;
       }},
      {"--transcript",
       [&](std::string_view v) -> std::optional<std::string> {
         out.transcript_path = std::string(v);
         return std::nullopt;
       }},
  };
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return HelpCommand{usage_text()};
    if (arg == "--approve") {
      out.flow.approve = true;
      continue;
    }
    if (arg == "--authorization-raw") {
      out.flow.authorization_raw = true;
      continue;
    }
    if (arg == "--quiet") {
      out.quiet = true;
      continue;
    }
    std::optional<std::string_view> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    const auto it = with_value.find(arg);
    if (it == with_value.end())
      return UsageError{"replay: unknown option '" + std::string(arg) + "'"};
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
  if (out.flow.url.empty() == out.flow.stdio_command.empty()) {
    return UsageError{"replay needs exactly one of --url and --stdio"};
  }
  if (!out.flow.stdio_command.empty() && out.flow.transport == TransportChoice::kSse) {
    return UsageError{"--transport sse needs --url, not --stdio"};
  }
  return out;
}

Budgets budgets_for(const Profile& profile, const std::vector<std::string>& specs) {
  auto budgets = Budgets::defaults(profile.request_deadline_ms, "profile " + profile.name);
  for (const auto& spec : specs)
    budgets.set(spec, nullptr);  // checked when parsed
  return budgets;
}

}  // namespace mcp::mock
