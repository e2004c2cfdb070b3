// mcp-conformance: runs the check catalogue against a server and writes reports.
#include <unistd.h>

#include <malloc.h>

#include <csignal>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <tuple>
#include <vector>

#include "conformance/cli.hpp"
#include "conformance/listing.hpp"
#include "conformance/merge.hpp"
#include "conformance/report_files.hpp"
#include "protocol/redaction.hpp"
#include "protocol/toolkit_version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/report_bounds.hpp"

namespace {

using namespace mcp::conformance;
using mcp::reports::Verdict;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

struct Style {
  bool color = false;
  std::string paint(Verdict v, const std::string& text) const {
    if (!color) return text;
    const char* code = v == Verdict::kPass    ? "32"
                       : v == Verdict::kFail  ? "31"
                       : v == Verdict::kWarn  ? "33"
                       : v == Verdict::kError ? "35"
                       : v == Verdict::kInfo  ? "36"
                                              : "90";
    return std::string("\033[") + code + "m" + text + "\033[0m";
  }
};

std::string label(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "PASS ";
    case Verdict::kFail:
      return "FAIL ";
    case Verdict::kWarn:
      return "WARN ";
    case Verdict::kSkip:
      return "SKIP ";
    case Verdict::kError:
      return "ERROR";
    case Verdict::kInfo:
      return "INFO ";
  }
  return "?";
}

int list(const ListCommand& command) {
  if (command.json) {
    std::cout << list_json(command.profile).dump(2) << "\n";
  } else if (command.markdown) {
    std::cout << checks_table(command.profile);
  } else {
    std::cout << list_text(command.profile);
  }
  return 0;
}

/// Writes what `render` makes to `path`; renders nothing when no path was asked for.
bool write(const std::string& path, const std::function<std::string()>& render,
           const std::string& what) {
  if (path.empty()) return true;
  std::string error;
  if (mcp::reports::write_file_atomically(path, render(), &error)) return true;
  std::cerr << "mcp-conformance: cannot write the " << what << " to " << path << ": " << error
            << "\n";
  return false;
}

/// Everything given to authenticate becomes a secret no output may show.
void register_secrets(const Target& target) {
  auto& secrets = mcp::redaction::run_secrets();
  for (const auto& [name, value] : target.headers)
    mcp::redaction::add_header_secret(secrets, value);
  for (const auto& value : mcp::redaction::url_query_secrets(target.url))
    secrets.add(value);
}

/// A report path that cannot be written is a usage error found before the run, not after
/// every check has run; so is one path given for two reports.
std::string report_path_problem(const RunCommand& command) {
  std::map<std::string, std::string> seen;
  for (const auto& [path, flag] :
       std::vector<std::pair<std::string, std::string>>{{command.junit_path, "--junit"},
                                                        {command.json_path, "--json"},
                                                        {command.markdown_path, "--markdown"},
                                                        {command.html_path, "--html"}}) {
    if (path.empty()) continue;
    if (const auto other = seen.find(path); other != seen.end())
      return other->second + " and " + flag + " both name " + path;
    seen.emplace(path, flag);
    if (auto why = mcp::reports::why_unwritable(path); !why.empty())
      return "cannot write the " + flag + " report: " + why;
  }
  return {};
}

int run(const RunCommand& command) {
  if (const auto problem = report_path_problem(command); !problem.empty()) {
    std::cerr << "mcp-conformance: " << problem << "\n";
    return 2;
  }
  register_secrets(command.options.target);
  const mcp::redaction::RedactedStandardStreams redacted_output;
  const bool tty = isatty(STDOUT_FILENO) != 0;
  const Style style{tty && std::getenv("NO_COLOR") == nullptr};
  Runner runner(command.options);
  std::cout << "mcp-conformance " << mcp::kToolkitVersion << ": "
            << (command.options.target.is_stdio() ? command.options.target.stdio_command
                                                  : command.options.target.url)
            << " (profile " << command.options.profile << (command.options.strict ? ", strict" : "")
            << ")" << std::endl;
  auto result = runner.run([&](const Progress& p) {
    if (command.quiet) return;
    const bool notable = p.verdict != Verdict::kPass && p.verdict != Verdict::kSkip;
    if (tty && !command.verbose && !notable) {
      std::cout << "\r\033[K[" << p.done << "/" << p.total << "] " << p.check << std::flush;
      return;
    }
    if (tty) std::cout << "\r\033[K";
    std::cout << style.paint(p.verdict, label(p.verdict)) << " " << p.check << " (" << p.version
              << ")";
    if (!p.message.empty() && (notable || command.verbose)) {
      std::string first_line = p.message.substr(0, p.message.find('\n'));
      if (first_line.size() > 300) first_line = first_line.substr(0, 300) + "...";
      std::cout << ": " << first_line;
    }
    std::cout << std::endl;
  });
  if (tty && !command.quiet) std::cout << "\r\033[K";
  if (!result.aborted_reason.empty())
    std::cerr << "mcp-conformance: " << result.aborted_reason << "\n";
  if (!result.server_gone.empty()) std::cerr << "mcp-conformance: " << result.server_gone << "\n";
  if (!result.usage_error.empty()) {
    std::cerr << "mcp-conformance: " << result.usage_error << "\n";
    return 2;
  }
  mcp::reports::apply_bounds(result.report, command.bounds);
  const auto& report = result.report;
  // Summary table: one row per suite.
  const auto row = [](const std::string& name, const mcp::reports::Counts& n) {
    std::cout << std::left << std::setw(34) << name << std::right << std::setw(6) << n.pass
              << std::setw(6) << n.fail << std::setw(6) << n.warn << std::setw(6) << n.skip
              << std::setw(7) << n.error << std::setw(6) << n.info << "\n";
  };
  std::cout << "\n"
            << std::left << std::setw(34) << "suite" << std::right << std::setw(6) << "pass"
            << std::setw(6) << "fail" << std::setw(6) << "warn" << std::setw(6) << "skip"
            << std::setw(7) << "error" << std::setw(6) << "info"
            << "\n";
  for (const auto& suite : report.suites)
    row(suite.name, mcp::reports::count(suite));
  row("total", mcp::reports::count(report));
  std::cout << "transport " << report.transport << ", " << std::fixed << std::setprecision(1)
            << report.seconds << " s\n";

  const std::vector<std::tuple<std::string, std::string, std::function<std::string()>>> outputs{
      {command.junit_path, "JUnit", [&] { return junit_xml(report, command.junit_extras); }},
      {command.json_path, "JSON", [&] { return mcp::reports::to_json_text(report); }},
      {command.markdown_path, "Markdown", [&] { return mcp::reports::to_markdown(report); }},
      {command.html_path, "HTML", [&] { return mcp::reports::to_html(report); }}};
  bool written = true;
  for (const auto& [path, kind, render] : outputs)
    written = write(path, render, kind + " report") && written;
  for (const auto& [path, kind] :
       std::map<std::string, std::string>{{command.junit_path, "JUnit"},
                                          {command.json_path, "JSON"},
                                          {command.markdown_path, "Markdown"},
                                          {command.html_path, "HTML"}}) {
    if (!path.empty()) std::cout << kind << " report: " << path << "\n";
  }
  const int code = exit_code(result);
  std::cout << (code == 0 ? "result: passed" : "result: FAILED") << " (exit " << code << ")\n";
  return written ? code : std::max(code, 1);
}

}  // namespace

int main(int argc, char** argv) {
  // Large buffers (a server's megabyte answers) straight from and back to the
  // system: glibc would otherwise raise this threshold after the first free and
  // keep every later one in a heap it rarely gives back.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  std::signal(SIGPIPE, SIG_IGN);  // a server closing mid-write is a finding, not a crash
  return std::visit(Overloaded{
                        [](const RunCommand& c) { return run(c); },
                        [](const ListCommand& c) { return list(c); },
                        [](const MergeCommand& c) { return merge(c, std::cout, std::cerr); },
                        [](const HelpCommand& c) {
                          std::cout << c.text;
                          return 0;
                        },
                        [](const VersionCommand&) {
                          std::cout << "mcp-conformance " << mcp::kToolkitVersion << "\n";
                          return 0;
                        },
                        [](const mcp::cli::UsageError& e) {
                          return mcp::cli::report("mcp-conformance", e, std::cerr);
                        },
                    },
                    parse_command_line(argc, argv));
}
