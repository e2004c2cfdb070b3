// The command-line conventions the three programs share, on top of CLI11:
// "--flag value" and "--flag=value" alike, --help and --version as ordinary
// flags (so each program prints its own text), and one kind of usage error,
// reported the same way everywhere (two lines on stderr, exit status 2).
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace mcp::cli {

/// Exit status of a usage error, in every program.
inline constexpr int kUsageExitCode = 2;

struct UsageError {
  std::string message;  // one line, naming the flag: "--port: expects an integer ..."
};

/// A CLI11 app set up the common way: the program's name and description, no
/// built-in help flag (add_help_and_version adds ours), options case-sensitive.
void configure(CLI::App& app);

/// Adds --help and --version as plain flags bound to `help` and `version`.
void add_help_and_version(CLI::App& app, bool& help, bool& version);

/// Judges one value of an option and stores it; returns why it refuses it.
using Apply = std::function<std::optional<std::string>(const std::string&)>;

/// An option with a value, applied each time it is given, in command-line order
/// (so repeatable options keep their order among each other, and of a single
/// value given twice the last wins). A refusal ends the parse as "FLAG: why", or
/// as it is when it already starts with the flag ("--jobs expects 1 to 256").
CLI::Option* add_value(CLI::App& app, const std::string& flag, const std::string& value_name,
                       const std::string& description, Apply apply);

/// A size in bytes: a whole number, optionally with K, M or G (binary: 64K is
/// 65536), between `min` and `max`; nullopt otherwise.
std::optional<std::size_t> parse_byte_size(std::string_view text, std::size_t min, std::size_t max);

/// Parses argv. "--flag=" is an empty value, as "--flag ''" is (CLI11 alone
/// would take the next word as the value). A CLI11 parse error becomes a
/// UsageError, in our words for the common mistakes: "--port: needs a value",
/// "--strict: takes no value".
std::optional<UsageError> parse(CLI::App& app, int argc, const char* const* argv);

/// For a command that allows extras: the first word no option took, as
/// "<prefix>unknown option '--x'"; nullopt when every word was taken.
std::optional<UsageError> unknown_option(const CLI::App& command, std::string_view prefix = {});

/// The help text CLI11 generates for `app` (the options, with their descriptions).
std::string help_text(const CLI::App& app);

/// Prints "PROGRAM: MESSAGE" and "run 'PROGRAM --help' for usage" to `err`;
/// returns kUsageExitCode.
int report(std::string_view program, const UsageError& error, std::ostream& err);

}  // namespace mcp::cli
