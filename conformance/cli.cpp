#include "conformance/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <functional>
#include <thread>

#include "conformance/check.hpp"

namespace mcp::conformance {
namespace {

using cli::UsageError;

constexpr const char* kProgram = "mcp-conformance";

constexpr const char* kDescription =
    R"(Usage: mcp-conformance run (--url URL | --stdio "CMD ARGS") [options]
  or:  mcp-conformance list [--json | --markdown] [--profile spec|openai|all]
  or:  mcp-conformance merge [--json F] [--junit F] [--markdown F] [--html F] REPORT.json...
  or:  mcp-conformance --help | --version

Runs a spec-referenced catalogue of checks against an MCP server and writes
reports for CI. Every check carries its requirement id, level (MUST, SHOULD,
MAY) and spec section; `list` prints the catalogue in spec order. `run --shard
I/N` runs part I of N (one CI job each) and `merge` puts the JSON reports of all
N parts together into the reports, and exit status, of one whole run.)";

constexpr const char* kExitStatus =
    R"(exit status: 0 nothing failed (warnings allowed unless --strict); 1 a check failed or
errored, an expected failure went stale, or the server answered as MCP but could not be
initialized; 2 usage error; 3 no MCP server answers: no connection, a refusal of the
harness (pass --bearer/--header), or nothing but silence and answers that are not
JSON-RPC (the message says which).)";

/// Checks run at once by default over HTTP: they mostly wait on the network, and
/// some wait on purpose to see that nothing comes, so more of them are in flight
/// than there are cores. Over stdio each check starts the server and then waits
/// for it (real servers take 0.5-2 s to answer their first initialize, mostly
/// idle), so several per core: on real servers 8 at once took 30-50% less time
/// than one per core.
constexpr unsigned kHttpJobs = 16;
constexpr unsigned kStdioJobsPerCore = 4;
constexpr unsigned kStdioJobsAtLeast = 8;

unsigned default_jobs(const Target& target) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (target.is_stdio())
    return std::min(kHttpJobs, std::max(kStdioJobsAtLeast, kStdioJobsPerCore * cores));
  return std::max(kHttpJobs, cores);
}

/// The short -h this program has always taken, not advertised.
void add_short_help(CLI::App& app, bool& help) {
  app.add_flag("-h", help)->group("");
}

std::optional<unsigned> number_between(std::string_view text, unsigned low, unsigned high) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < low || n > high)
    return std::nullopt;
  return n;
}

std::optional<std::string> check_profile(const std::string& profile) {
  if (profile == "spec" || profile == "openai" || profile == "all") return std::nullopt;
  return "--profile expects spec, openai or all";
}

std::optional<std::string> add_header(std::string_view text, client::Headers& out) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return "--header expects \"Name: value\", got '" + std::string(text) + "'";
  std::string value(text.substr(colon + 1));
  while (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  out.emplace_back(std::string(text.substr(0, colon)), std::move(value));
  return std::nullopt;
}

/// A --only or --skip pattern that selects nothing is a typo, and would
/// silently test nothing.
std::optional<std::string> unmatched_pattern(const RunOptions& o) {
  const auto checks = catalogue().checks();
  for (const auto* patterns : {&o.only, &o.skip}) {
    for (const auto& pattern : *patterns) {
      if (std::none_of(checks.begin(), checks.end(),
                       [&](const Check* c) { return glob_match(pattern, c->info.id); })) {
        return (patterns == &o.only ? "--only '" : "--skip '") + pattern +
               "' matches no check (see mcp-conformance list)";
      }
    }
  }
  return std::nullopt;
}

/// The program's command line as CLI11 sees it, and what it parsed into.
class CommandLine {
 public:
  CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  Command parse(int argc, const char* const* argv);
  std::string help() const;
  const CLI::App* subcommand(std::string_view name) const;

 private:
  void add_server_options();
  void add_selection_options();
  void add_report_options();
  void add_list_options();
  void add_merge_options();
  Command finish_run();
  Command finish_merge();

  CLI::App app_{kDescription, kProgram};
  CLI::App* run_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* merge_ = nullptr;
  CLI::App* help_command_ = nullptr;  // `mcp-conformance help`, as ever (not advertised)
  bool help_ = false;
  bool version_ = false;
  RunCommand run_command_;
  ListCommand list_command_;
  MergeCommand merge_command_;
};

CommandLine::CommandLine() {
  cli::configure(app_);
  app_.allow_extras();  // an unknown command is ours to name
  app_.require_subcommand(0, 1);
  // A repeated option takes its last value, and a flag takes no value, as ever.
  app_.option_defaults()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->disable_flag_override();
  cli::add_help_and_version(app_, help_, version_);
  add_short_help(app_, help_);
  help_command_ = app_.add_subcommand("help", "show this text and exit")->group("");
  help_command_->allow_extras();
  app_.footer(kExitStatus);
  run_ = app_.add_subcommand("run", "run the checks against a server");
  list_ = app_.add_subcommand("list", "print the catalogue of checks in spec order");
  list_->footer("");
  merge_ = app_.add_subcommand(
      "merge",
      "combine the JSON reports of every shard of a run (run --shard I/N)\ninto the "
      "reports and exit status of the whole run");
  for (auto* command : {run_, list_, merge_}) {
    command->allow_extras();  // an unknown option is ours to name
    cli::add_help_and_version(*command, help_, version_);
    add_short_help(*command, help_);
  }
  add_server_options();
  add_selection_options();
  add_report_options();
  add_list_options();
  add_merge_options();
}

void CommandLine::add_server_options() {
  auto& o = run_command_.options;
  auto& target = o.target;
  target.deadlines.connect = std::chrono::seconds(10);
  target.deadlines.first_byte = target.deadlines.idle = target.deadlines.total =
      std::chrono::seconds(30);
  const auto group = "the server";
  cli::add_value(*run_, "--url", "URL", "the server's MCP endpoint (Streamable HTTP, or HTTP+SSE)",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (!v.starts_with("http://") && !v.starts_with("https://"))
                     return "--url must start with http:// or https://";
                   target.url = v;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--stdio", "\"CMD ARGS\"", "or a command that speaks MCP over stdio",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (v.empty()) return "--stdio needs a command";
                   target.stdio_command = v;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--transport", "T",
                 "auto (default: Streamable HTTP, HTTP+SSE on a 4xx),\nstreamable-http or sse",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (v == "auto")
                     target.transport = TransportChoice::kAuto;
                   else if (v == "streamable-http")
                     target.transport = TransportChoice::kStreamableHttp;
                   else if (v == "sse")
                     target.transport = TransportChoice::kSse;
                   else
                     return "--transport expects auto, streamable-http or sse, got '" + v + "'";
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--header", "\"K: V\"", "sent on every request (repeatable)",
                 [&](const std::string& v) { return add_header(v, target.headers); })
      ->group(group);
  cli::add_value(*run_, "--bearer", "TOKEN",
                 "sent as Authorization: Bearer TOKEN; enables the\nauthorization checks",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (v.empty()) return "--bearer needs a token";
                   target.headers.emplace_back("Authorization", "Bearer " + v);
                   target.has_bearer = true;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--timeout", "SECONDS", "deadline for each request (default 30)",
                 [&](const std::string& v) -> std::optional<std::string> {
                   const auto seconds = number_between(v, 1, 3600);
                   if (!seconds) return "--timeout expects seconds between 1 and 3600";
                   auto& d = target.deadlines;
                   d.first_byte = d.idle = d.total = std::chrono::seconds(*seconds);
                   d.connect = std::min<std::chrono::milliseconds>(std::chrono::seconds(*seconds),
                                                                   std::chrono::seconds(10));
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(
      *run_, "--max-response-bytes", "SIZE",
      "the most read of one response, a body or a whole SSE\nstream (default 16M; "
      "K, M, G allowed); past it the\nrequest fails",
      [&](const std::string& v) -> std::optional<std::string> {
        const auto size = cli::parse_byte_size(v, 1024, std::size_t{1} << 30);
        if (!size) return "--max-response-bytes expects a size from 1K to 1G";
        target.limits.max_body_bytes = *size;
        target.limits.sse.max_event_bytes = std::min(target.limits.sse.max_event_bytes, *size);
        target.limits.sse.max_line_bytes = std::min(target.limits.sse.max_line_bytes, *size);
        return std::nullopt;
      })
      ->group(group);
}

void CommandLine::add_selection_options() {
  auto& o = run_command_.options;
  const auto group = "what to check";
  cli::add_value(*run_, "--protocol-version", "V|all",
                 "the version to test (default: the latest the server\nspeaks); all: every version "
                 "it speaks, each its own suite",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (v != "all" && !parse_protocol_version(v))
                     return "--protocol-version expects all or one of 2024-11-05, 2025-03-26, "
                            "2025-06-18, 2025-11-25";
                   o.protocol_version = v;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--profile", "P",
                 "spec (default), openai (what OpenAI's client needs) or all",
                 [&](const std::string& v) {
                   auto problem = check_profile(v);
                   if (!problem) o.profile = v;
                   return problem;
                 })
      ->group(group);
  run_->add_flag("--strict", o.strict, "warnings (broken SHOULDs) fail the run")->group(group);
  cli::add_value(*run_, "--only", "GLOB", "run only checks whose id matches (repeatable)",
                 [&](const std::string& v) {
                   o.only.push_back(v);
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--skip", "GLOB", "leave out checks whose id matches (repeatable)",
                 [&](const std::string& v) {
                   o.skip.push_back(v);
                   return std::nullopt;
                 })
      ->group(group);
  run_->add_option("--expected-failures", run_command_.expected_failures_path,
                   "YAML or JSON list of {id, reason[, version]}: those\nfailures do not fail "
                   "the run; a listed check that\npasses everywhere it ran does (stale)")
      ->type_name("FILE")
      ->group(group);
  cli::add_value(*run_, "--shard", "I/N",
                 "run part I of N of the checks (each check, at every version,\nin exactly one "
                 "part); merge combines the parts' --json reports",
                 [&](const std::string& v) -> std::optional<std::string> {
                   const auto shard = parse_shard(v);
                   if (!shard)
                     return "--shard expects I/N with 1 <= I <= N <= " +
                            std::to_string(kMaxShards) + ", got '" + v + "'";
                   o.shard = *shard;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--jobs", "N",
                 "checks run in parallel (default: 16 over HTTP, where checks\nmostly wait; "
                 "4 per core over stdio, 8 to 16)",
                 [&](const std::string& v) -> std::optional<std::string> {
                   const auto n = number_between(v, 1, 256);
                   if (!n) return "--jobs expects 1 to 256";
                   o.jobs = *n;
                   return std::nullopt;
                 })
      ->group(group);
  run_->add_option("--call-tool", o.call_tool,
                   "the tool checks may call (default: the first tool annotated\nreadOnlyHint; a "
                   "run must not change your data)")
      ->type_name("NAME")
      ->group(group);
  cli::add_value(*run_, "--allow-tool", "NAME",
                 "another tool the checks may call though it is not annotated\nreadOnlyHint "
                 "(repeatable; e.g. a conformance fixture that\nchanges a list). Without it no "
                 "such tool is ever called",
                 [&](const std::string& v) -> std::optional<std::string> {
                   if (v.empty()) return "--allow-tool expects a tool name";
                   o.allow_tools.push_back(v);
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--call-arguments", "JSON",
                 "its arguments (default: generated from its input schema)",
                 [&](const std::string& v) -> std::optional<std::string> {
                   auto parsed = jsonrpc::parse(v);
                   if (!parsed.value || !parsed.value->is_object())
                     return "--call-arguments expects a JSON object";
                   o.call_arguments = *parsed.value;
                   return std::nullopt;
                 })
      ->group(group);
}

void CommandLine::add_report_options() {
  auto& r = run_command_;
  const auto group = "reports and output";
  const auto add_file = [&](const std::string& flag, std::string& path, const std::string& what) {
    run_->add_option(flag, path, what)->type_name("FILE")->group(group);
  };
  add_file("--junit", r.junit_path, "JUnit XML (valid against the Ant and Jenkins schemas)");
  run_->add_flag("--junit-extras", r.junit_extras,
                 "add the testcase `file` attribute and per-case system-out\nthat GitLab/GitHub "
                 "reporters read (not schema-valid)")
      ->group(group);
  add_file("--json", r.json_path, "JSON report (format mcp-conformance-report, version 1)");
  add_file("--markdown", r.markdown_path, "Markdown summary (fits $GITHUB_STEP_SUMMARY)");
  add_file("--html", r.html_path, "one self-contained HTML page");
  cli::add_value(*run_, "--max-report-body", "SIZE",
                 "the most a report keeps of each body or SSE event\n(default 64K); the rest is "
                 "cut, with a note",
                 [&](const std::string& v) -> std::optional<std::string> {
                   const auto size = cli::parse_byte_size(v, 256, std::size_t{1} << 30);
                   if (!size) return "--max-report-body expects a size from 256 to 1G";
                   r.options.report_body_limit = *size;
                   return std::nullopt;
                 })
      ->group(group);
  cli::add_value(*run_, "--max-report-exchanges", "SIZE",
                 "the most a report keeps of wire exchanges in all\n(default 6M; failures "
                 "first); past it, bodies are left out",
                 [&](const std::string& v) -> std::optional<std::string> {
                   const auto size = cli::parse_byte_size(v, 0, std::size_t{1} << 32);
                   if (!size) return "--max-report-exchanges expects a size up to 4G";
                   r.bounds.exchanges = *size;
                   return std::nullopt;
                 })
      ->group(group);
  run_->add_flag_callback(
          "--full-exchanges", [&r] { r.bounds.summarize_passing = false; },
          "passing and skipped checks keep their whole exchanges in\nthe reports (default: one "
          "line per exchange; failures,\nwarnings, errors and info always keep them whole)")
      ->group(group);
  run_->add_flag("--quiet", r.quiet, "print only the summary")->group(group);
  run_->add_flag("--verbose", r.verbose, "print every check's message and exchange count")
      ->group(group);
}

void CommandLine::add_list_options() {
  auto& l = list_command_;
  list_->add_flag("--json", l.json, "the catalogue as JSON, every field of every check");
  list_->add_flag("--markdown", l.markdown, "the table of checks per area and level (README.md)");
  cli::add_value(*list_, "--profile", "P", "spec, openai or all (default)",
                 [&](const std::string& v) {
                   auto problem = check_profile(v);
                   if (!problem) l.profile = v;
                   return problem;
                 });
}

void CommandLine::add_merge_options() {
  auto& m = merge_command_;
  merge_
      ->add_option("REPORT.json", m.reports,
                   "the JSON report of each shard (run --shard I/N --json)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("");
  const auto add_file = [&](const std::string& flag, std::string& path, const std::string& what) {
    merge_->add_option(flag, path, what)->type_name("FILE");
  };
  add_file("--junit", m.junit_path, "JUnit XML, as run writes it");
  merge_->add_flag("--junit-extras", m.junit_extras, "as run --junit-extras");
  add_file("--json", m.json_path, "the whole run's JSON report");
  add_file("--markdown", m.markdown_path, "Markdown summary (fits $GITHUB_STEP_SUMMARY)");
  add_file("--html", m.html_path, "one self-contained HTML page");
  merge_->footer(
      "exit status: what the whole run would have exited (0, 1 or 3, as run); 2 when a file\n"
      "cannot be read, is not a shard's report, or the reports are not every shard of one run.");
}

Command CommandLine::parse(int argc, const char* const* argv) {
  if (auto error = cli::parse(app_, argc, argv)) return std::move(*error);
  if (help_ || help_command_->parsed()) {
    if (run_->parsed()) return HelpCommand{run_->help(kProgram)};
    if (list_->parsed()) return HelpCommand{list_->help(kProgram)};
    if (merge_->parsed()) return HelpCommand{merge_->help(kProgram)};
    return HelpCommand{help()};
  }
  if (version_) return VersionCommand{};
  if (!app_.remaining().empty())
    return UsageError{"unknown command '" + app_.remaining().front() + "' (run, list or merge)"};
  for (auto* command : {run_, list_, merge_}) {
    if (!command->parsed()) continue;
    if (auto error = cli::unknown_option(*command, command->get_name() + ": ")) return *error;
  }
  if (run_->parsed()) return finish_run();
  if (list_->parsed() && list_command_.json && list_command_.markdown)
    return UsageError{"--json and --markdown exclude each other"};
  if (list_->parsed()) return list_command_;
  if (merge_->parsed()) return finish_merge();
  return UsageError{"missing command (run, list or merge)"};
}

/// What needs every option of `run` seen: one target, no contradictions, and
/// the expected-failures file read.
Command CommandLine::finish_run() {
  auto& o = run_command_.options;
  if (o.target.url.empty() == o.target.stdio_command.empty())
    return UsageError{"run needs exactly one of --url and --stdio"};
  if (run_command_.quiet && run_command_.verbose)
    return UsageError{"--quiet and --verbose exclude each other"};
  if (!o.call_arguments.is_null() && o.call_tool.empty())
    return UsageError{"--call-arguments needs --call-tool"};
  if (run_->count("--jobs") == 0) o.jobs = default_jobs(o.target);
  if (auto problem = unmatched_pattern(o)) return UsageError{*problem};
  if (!run_command_.expected_failures_path.empty()) {
    std::string error;
    auto expected = load_expected_failures(run_command_.expected_failures_path, &error);
    if (!expected) return UsageError{error};
    o.expected_failures = std::move(*expected);
  }
  return run_command_;
}

Command CommandLine::finish_merge() {
  if (merge_command_.reports.empty())
    return UsageError{"merge needs the JSON report of every shard (run --shard I/N --json F)"};
  return merge_command_;
}

std::string CommandLine::help() const {
  // Not app_.help(), which shows only the subcommand given (`help` among them).
  return app_.get_formatter()->make_help(&app_, app_.get_name(), CLI::AppFormatMode::All);
}

const CLI::App* CommandLine::subcommand(std::string_view name) const {
  if (name == "merge") return merge_;
  return name == "run" ? run_ : name == "list" ? list_ : nullptr;
}

}  // namespace

Command parse_command_line(int argc, const char* const* argv) {
  CommandLine command_line;
  return command_line.parse(argc, argv);
}

std::string usage_text() {
  return CommandLine().help();
}

std::vector<std::string> option_names(std::string_view subcommand) {
  const CommandLine command_line;
  std::vector<std::string> names;
  if (const auto* command = command_line.subcommand(subcommand)) {
    for (const auto* option : command->get_options()) {
      for (const auto& name : option->get_lnames())
        names.push_back("--" + name);
      for (const auto& name : option->get_snames())
        names.push_back("-" + name);
    }
  }
  return names;
}

}  // namespace mcp::conformance
