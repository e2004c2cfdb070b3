#include "protocol/command_line.hpp"

#include <ostream>

#include <CLI/CLI.hpp>

namespace mcp::cli {

void configure(CLI::App& app) {
  app.set_help_flag();  // ours is an ordinary flag, so help text stays each program's own
  app.allow_windows_style_options(false);
  app.get_formatter()->column_width(32);
}

void add_help_and_version(CLI::App& app, bool& help, bool& version) {
  app.add_flag("--help", help, "show this text and exit");
  app.add_flag("--version", version, "show the version and exit");
}

std::optional<UsageError> parse(CLI::App& app, int argc, const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return UsageError{e.what()};
  }
  return std::nullopt;
}

std::string help_text(const CLI::App& app) {
  return app.help();
}

int report(std::string_view program, const UsageError& error, std::ostream& err) {
  err << program << ": " << error.message << "\n"
      << "run '" << program << " --help' for usage\n";
  return kUsageExitCode;
}

}  // namespace mcp::cli
