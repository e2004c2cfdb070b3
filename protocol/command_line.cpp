#include "protocol/command_line.hpp"

#include <memory>
#include <ostream>
#include <vector>

#include <CLI/CLI.hpp>

namespace mcp::cli {

namespace {

/// CLI11's layout, shaped so that help2man makes a readable man page of it:
/// help2man takes the synopsis from "Usage:" lines and makes a subsection only
/// of a heading at the left margin. So a program that writes its own "Usage:"
/// lines gets no generic one, and the whole help lists the subcommands, then
/// each one's options under "run options:" and "run options, GROUP:" headings,
/// rather than CLI11's nested, indented blocks.
class Formatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    if (app->get_description().starts_with("Usage:")) return {};
    return CLI::Formatter::make_usage(app, std::move(name));
  }

  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override {
    auto out = CLI::Formatter::make_subcommands(app, CLI::AppFormatMode::Normal);
    if (mode != CLI::AppFormatMode::All) return out;
    for (const auto* sub : app->get_subcommands(
             [](const CLI::App* s) { return !s->get_name().empty() && !s->get_group().empty(); }))
      out += make_expanded(sub);
    return out;
  }

  std::string make_expanded(const CLI::App* sub) const override {
    std::string out;
    for (const auto& group : sub->get_groups()) {
      const auto options = sub->get_options([&group](const CLI::Option* option) {
        return option->get_group() == group && option->nonpositional();
      });
      if (group.empty() || options.empty()) continue;
      const auto heading = sub->get_name() + " options" + (group == "Options" ? "" : ", " + group);
      out += make_group(heading, false, options);
    }
    return out;
  }
};

}  // namespace

void configure(CLI::App& app) {
  app.set_help_flag();  // ours is an ordinary flag, so help text stays each program's own
  app.allow_windows_style_options(false);
  app.formatter(std::make_shared<Formatter>());
  app.get_formatter()->column_width(32);
}

CLI::Option* add_value(CLI::App& app, const std::string& flag, const std::string& value_name,
                       const std::string& description, Apply apply) {
  const auto callback = [flag, apply = std::move(apply)](const std::string& value) {
    auto problem = apply(value);
    if (!problem) return;
    if (problem->starts_with(flag + " ")) throw CLI::ValidationError(*problem);
    throw CLI::ValidationError(flag, *problem);
  };
  return app.add_option_function<std::string>(flag, callback, description)
      ->type_name(value_name)
      ->trigger_on_parse();
}

void add_help_and_version(CLI::App& app, bool& help, bool& version) {
  app.add_flag("--help", help, "show this text and exit");
  app.add_flag("--version", version, "show the version and exit");
}

namespace {

/// `app` and its subcommands, at every depth.
std::vector<const CLI::App*> all_commands(const CLI::App& app) {
  std::vector<const CLI::App*> out{&app};
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto* sub : out[i]->get_subcommands({}))
      out.push_back(sub);
  }
  return out;
}

bool takes_value(const CLI::App& app, const std::string& name) {
  for (const auto* command : all_commands(app)) {
    if (const auto* option = command->get_option_no_throw(name);
        option && option->get_type_size() != 0)
      return true;
  }
  return false;
}

/// CLI11's message for an option given without its value, or a value on a
/// flag, said the way all three programs say it.
UsageError in_our_words(const CLI::App& app, UsageError error) {
  for (const auto* command : all_commands(app)) {
    for (const auto* option : command->get_options()) {
      const auto name = option->get_name();
      if (error.message.starts_with(name + ": ") && error.message.ends_with(" missing"))
        return UsageError{name + ": needs a value"};
      for (const auto& word : option->get_lnames()) {  // CLI11 names it without its dashes
        if (error.message == CLI::ArgumentMismatch::FlagOverride(word).what())
          return UsageError{name + ": takes no value"};
      }
    }
  }
  return error;
}

}  // namespace

std::optional<UsageError> parse(CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> words;
  for (int i = 0; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (i > 0 && word.starts_with("--") && word.ends_with('=') &&
        takes_value(app, std::string(word.substr(0, word.size() - 1)))) {
      words.emplace_back(word.substr(0, word.size() - 1));
      words.emplace_back();
    } else {
      words.emplace_back(word);
    }
  }
  std::vector<const char*> pointers;
  for (const auto& word : words)
    pointers.push_back(word.c_str());
  try {
    app.parse(static_cast<int>(pointers.size()), pointers.data());
  } catch (const CLI::ParseError& e) {
    return in_our_words(app, UsageError{e.what()});
  }
  return std::nullopt;
}

std::optional<UsageError> unknown_option(const CLI::App& command, std::string_view prefix) {
  const auto extra = command.remaining();
  if (extra.empty()) return std::nullopt;
  const auto& word = extra.front();
  return UsageError{std::string(prefix) + "unknown option '" + word.substr(0, word.find('=')) +
                    "'"};
}

std::string help_text(const CLI::App& app) {
  return app.help();
}

int report(std::string_view program, const UsageError& error, std::ostream& err) {
  err << program << ": " << error.message << "\n"
      << "run '" << program << " --help' for usage\n";
  return kUsageExitCode;
}

std::optional<std::size_t> parse_byte_size(std::string_view text, std::size_t min,
                                           std::size_t max) {
  if (text.empty()) return std::nullopt;
  std::size_t shift = 0;
  switch (text.back()) {
    case 'K':
    case 'k':
      shift = 10;
      break;
    case 'M':
    case 'm':
      shift = 20;
      break;
    case 'G':
    case 'g':
      shift = 30;
      break;
    default:
      break;
  }
  if (shift) text.remove_suffix(1);
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  value <<= shift;
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace mcp::cli
