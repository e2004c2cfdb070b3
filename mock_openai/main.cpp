// mock-openai: replays OpenAI's MCP client profiles against a server.
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "mock_openai/cli.hpp"
#include "mock_openai/report.hpp"
#include "mock_openai/serve_http.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/redaction.hpp"
#include "protocol/toolkit_version.hpp"
#include "reports/atomic_file.hpp"

namespace {

using namespace mcp::mock;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

std::string fixed(double value, int decimals = 1) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

void print_step(const StepRecord& step, int index) {
  std::ostringstream line;
  line << "  " << std::left << std::setw(5) << step.phase << std::right << std::setw(3) << index
       << ". " << std::left << std::setw(7) << step.method << std::setw(17) << step.name
       << std::right << std::setw(4) << (step.http_status ? std::to_string(step.http_status) : "-")
       << "  " << std::left << std::setw(18) << step.content_type << std::right << std::setw(9)
       << (step.outcome == StepOutcome::kSkipped ? "-" : fixed(step.total_ms) + " ms") << "  "
       << (step.outcome == StepOutcome::kOk ? "" : std::string(to_string(step.outcome)) + ": ")
       << step.note;
  std::cout << line.str() << std::endl;
}

bool write_output(const std::string& path, const std::string& content, const char* what) {
  if (path.empty()) return true;
  std::string error;
  if (!mcp::reports::write_file_atomically(path, content, &error)) {
    std::cerr << "mock-openai: cannot write the " << what << " to " << path << ": " << error
              << "\n";
    return false;
  }
  return true;
}

/// Everything given to authenticate becomes a secret no output may show: the
/// mcp tool's authorization and headers, credentials in its server_url, and
/// the secret-looking headers of a profile.
void register_secrets(const FlowOptions& flow, const Profile& profile) {
  auto& secrets = mcp::redaction::run_secrets();
  if (flow.authorization) secrets.add(*flow.authorization);
  for (const auto& [name, value] : flow.headers)
    mcp::redaction::add_header_secret(secrets, value);
  for (const auto& value : mcp::redaction::url_query_secrets(flow.url))
    secrets.add(value);
  const auto add_secret_headers = [&](const mcp::client::Headers& headers) {
    const auto shown = mcp::client::redact(headers);
    for (std::size_t i = 0; i < headers.size(); ++i) {
      if (shown[i].second != headers[i].second)
        mcp::redaction::add_header_secret(secrets, headers[i].second);
    }
  };
  add_secret_headers(profile.client.headers);
  for (const auto& phase : profile.phases) {
    for (const auto& step : phase.steps)
      add_secret_headers(step.headers);
  }
}

/// What a person reads under the steps: the deadline and budgets, then (--verbose) the
/// Responses API items, which run to hundreds of lines and are always in --json.
void print_details(const FlowResult& result, bool verbose) {
  const auto& deadline = result.request_deadline;
  std::cout << "  request deadline: " << fixed(deadline.limit_ms, 0) << " ms (" << deadline.origin
            << ", " << to_string(deadline.evidence) << ")\n";
  for (const auto& budget : result.budgets) {
    std::cout << "  budget " << budget.step << ": " << fixed(budget.actual_ms) << " of "
              << fixed(budget.limit_ms, 0) << " ms (" << budget.origin << ", "
              << to_string(budget.evidence) << ")"
              << (budget.verdict() == "failed"    ? "  EXCEEDED: failed"
                  : budget.verdict() == "warning" ? "  exceeded: warning"
                                                  : "")
              << "\n";
  }
  if (verbose) {
    std::cout << "Responses API output items:\n"
              << mcp::jsonrpc::serialize_indented(result.items) << "\n";
  }
}

/// The verdict, always last so it is what stays on screen; with its warnings and, for a
/// failure, what OpenAI would have shown.
void print_verdict(const FlowResult& result, int exit_code) {
  if (result.ok) {
    for (const auto& warning : result.warnings)
      std::cout << "  warning: " << warning << "\n";
    // A flow whose call was skipped proved only the steps before it: say so.
    std::cout << "result: "
              << (result.call_skipped.empty()
                      ? "ok, "
                      : "ok up to tools/call, which was skipped (" + result.call_skipped + "); ")
              << result.steps.size() << " steps in " << fixed(result.total_ms) << " ms over "
              << result.transport
              << (result.warnings.empty()
                      ? ""
                      : ", " + std::to_string(result.warnings.size()) + " warning(s)")
              << " (exit " << exit_code << ")\n";
    return;
  }
  if (!result.openai_view.is_null()) {
    std::cout << "what OpenAI would show:\n"
              << mcp::jsonrpc::serialize_indented(result.openai_view) << "\n";
  }
  std::cout << "result: FAILED at " << result.failed_step << ": " << result.failure << " (exit "
            << exit_code << ")\n";
}

/// The profile a command names (built in or from a file), with its options applied; nullopt
/// after saying why on stderr.
std::optional<Profile> resolve_profile(const std::string& name, const std::string& file,
                                       const std::vector<std::string>& options) {
  std::string error;
  std::optional<Profile> profile;
  if (!file.empty()) {
    profile = load_profile_file(file, &error);
  } else if (const auto* builtin = find_builtin_profile(name)) {
    profile = *builtin;
  } else {
    std::string known;
    for (const auto& p : builtin_profiles())
      known += (known.empty() ? "" : ", ") + p.name;
    error = "unknown profile '" + name + "' (profiles: " + known + ")";
  }
  if (profile) profile = with_options(std::move(*profile), options, &error);
  if (!profile) std::cerr << "mock-openai: " << error << "\n";
  return profile;
}

int replay(const ReplayCommand& command) {
  auto profile = resolve_profile(command.profile, command.profile_file, command.options);
  if (!profile) return mcp::cli::kUsageExitCode;
  // A client without an HTTP+SSE transport cannot be asked to use one; saying
  // so beats a run that ends in "no MCP server answered".
  if (command.flow.transport == TransportChoice::kSse && !profile->http_sse_fallback.enabled) {
    std::cerr << "mock-openai: --transport sse: the " << profile->name
              << " client has no HTTP+SSE transport (" << profile->http_sse_fallback.evidence
              << "); drop --transport sse, or pick a profile that has one\n";
    return mcp::cli::kUsageExitCode;
  }
  // An output that cannot be written is a usage error before the replay, not after it.
  for (const auto& [path, flag] :
       {std::pair{command.json_path, "--json"}, std::pair{command.junit_path, "--junit"},
        std::pair{command.transcript_path, "--transcript"}}) {
    if (path.empty()) continue;
    if (const auto why = mcp::reports::why_unwritable(path); !why.empty()) {
      std::cerr << "mock-openai: cannot write " << flag << " " << path << ": " << why << "\n";
      return mcp::cli::kUsageExitCode;
    }
  }
  FlowOptions flow = command.flow;
  flow.budgets = budgets_for(*profile, command.budget_specs);
  register_secrets(flow, *profile);
  const mcp::redaction::RedactedStandardStreams redacted_output;
  if (!command.quiet) {
    std::cout << "mock-openai: profile " << profile->name;
    for (const auto& option : command.options)
      std::cout << " +" << option;
    std::cout << " -> " << (flow.stdio_command.empty() ? flow.url : "stdio: " + flow.stdio_command)
              << "\n"
              << "  " << profile->summary << "\n";
  }
  int index = 0;
  FlowRunner runner(*profile, command.options, flow);
  const auto result = runner.run([&](const StepRecord& step) {
    ++index;
    if (!command.quiet) print_step(step, index);
  });

  if (!command.quiet) print_details(result, command.verbose);
  // Each output is rendered only when asked for.
  bool written =
      command.json_path.empty() ||
      write_output(command.json_path, mcp::jsonrpc::serialize_indented(to_json(result)) + "\n",
                   "JSON result");
  written =
      (command.junit_path.empty() || write_output(command.junit_path,
                                                  mcp::reports::to_junit_xml(to_junit_suites(
                                                      result, command.flow.report_body_limit)),
                                                  "JUnit report")) &&
      written;
  written = (command.transcript_path.empty() ||
             write_output(command.transcript_path,
                          mcp::jsonrpc::serialize_indented(
                              result.transcript->to_json(command.flow.report_body_limit)) +
                              "\n",
                          "transcript")) &&
            written;
  const int code = !written && result.ok ? 1 : result.exit_code();
  print_verdict(result, code);
  return code;
}

int run_serve(const ServeCommand& command) {
  auto profile = resolve_profile(command.profile, command.profile_file, command.options);
  if (!profile) return mcp::cli::kUsageExitCode;
  serve::ServiceOptions service;
  service.profile = std::move(*profile);
  service.budget_specs = command.budget_specs;
  service.authorization_raw = command.authorization_raw;
  service.max_stored_responses = command.max_stored_responses;
  if (!command.script_path.empty()) {
    std::string error;
    service.script = serve::Script::load(command.script_path, &error);
    if (!service.script) {
      std::cerr << "mock-openai: --script: " << error << "\n";
      return mcp::cli::kUsageExitCode;
    }
  }
  if (!command.transcript_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(command.transcript_dir, ec);
    const auto probe = (std::filesystem::path(command.transcript_dir) / "probe.json").string();
    if (const auto why = mcp::reports::why_unwritable(probe); ec || !why.empty()) {
      std::cerr << "mock-openai: cannot write --transcript-dir " << command.transcript_dir << ": "
                << (ec ? ec.message() : why) << "\n";
      return mcp::cli::kUsageExitCode;
    }
    service.transcript_dir = command.transcript_dir;
  }
  // Signals are taken by sigwait on this thread: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // the server thread's "I stopped on my own"
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  serve::HttpOptions http{.host = command.host,
                          .port = command.port,
                          .max_body_bytes = command.max_body_bytes,
                          .workers = command.workers};
  const auto profile_name = service.profile.name;
  serve::ResponsesHttpServer server(http, std::move(service));
  try {
    server.bind();
  } catch (const std::exception& e) {
    std::cerr << "mock-openai: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "mock-openai serve: profile " << profile_name
            << "; any API key is accepted; Ctrl-C stops\n";
  std::cout << "listening on " << server.base_url() << std::endl;  // endl: readers wait for it
  bool serve_ok = true;
  std::thread serving([&] {
    serve_ok = server.serve();
    kill(getpid(), SIGUSR1);
  });
  int signal = 0;
  sigwait(&signals, &signal);
  server.stop();
  serving.join();
  if (signal == SIGUSR1 && !serve_ok) {
    std::cerr << "mock-openai: the accept loop failed\n";
    return 1;
  }
  return 0;
}

int list_profiles(const ProfilesCommand& command) {
  if (command.json) {
    mcp::Json out = mcp::Json::array();
    for (const auto& p : builtin_profiles()) {
      mcp::Json options = mcp::Json::object();
      for (const auto& [name, option] : p.options)
        options[name] = option.summary;
      out.push_back({{"name", p.name},
                     {"summary", p.summary},
                     {"evidence", p.evidence},
                     {"options", options}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& p : builtin_profiles()) {
    std::string options;
    for (const auto& [name, unused] : p.options)
      options += (options.empty() ? " [options: " : ", ") + name;
    if (!options.empty()) options += "]";
    std::cout << std::left << std::setw(16) << p.name << p.summary << options << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Large buffers (a server's megabyte answers) straight from and back to the
  // system: glibc would otherwise raise this threshold after the first free and
  // keep every later one in a heap it rarely gives back.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  std::signal(SIGPIPE, SIG_IGN);  // a server closing mid-write is an error to report, not a crash
  return std::visit(
      Overloaded{
          [](const ReplayCommand& c) { return replay(c); },
          [](const ServeCommand& c) { return run_serve(c); },
          [](const ProfilesCommand& c) { return list_profiles(c); },
          [](const HelpCommand& c) {
            std::cout << c.text;
            return 0;
          },
          [](const VersionCommand&) {
            std::cout << "mock-openai " << mcp::kToolkitVersion << "\n";
            return 0;
          },
          [](const UsageError& e) { return mcp::cli::report("mock-openai", e, std::cerr); },
      },
      parse_command_line(argc, argv));
}
