// Debian's Chromium, headless, driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on its fd 3, answers and events on its fd 4,
// each a JSON message ended by a NUL byte), for tests of the HTML report in a
// real browser: load a page, run script in it (click, type), read the result.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::testing {

class HeadlessChromium {
 public:
  /// Starts `executable` with a fresh profile in `profile_dir` and attaches to its page.
  /// Throws std::runtime_error with what went wrong (and Chromium's stderr).
  HeadlessChromium(const std::string& executable, const std::filesystem::path& profile_dir);
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  /// Opens `url` and returns once its load event fired.
  void navigate(const std::string& url);
  /// Reloads the page and returns once its load event fired.
  void reload();
  /// The value of `expression` (awaited when it is a promise), run in the page.
  /// Throws with the page's exception if it threw.
  Json evaluate(const std::string& expression);
  /// The page may write to the clipboard and read it back.
  void allow_clipboard();
  /// What the page's script threw and did not catch, so far.
  const std::vector<std::string>& page_errors() const { return page_errors_; }

 private:
  Json command(const std::string& method, const Json& params, bool in_page = true);
  Json next_message();
  /// Keeps an event read while waiting for something else.
  void keep(Json event);
  void wait_for_event(const std::string& method);
  std::string diagnostics() const;

  pid_t pid_ = -1;
  int to_browser_ = -1;
  int from_browser_ = -1;
  std::filesystem::path stderr_path_;
  std::string session_;
  long next_id_ = 1;
  std::string pending_;      // bytes read past the last whole message
  std::deque<Json> events_;  // events read while waiting for an answer
  std::vector<std::string> page_errors_;
  std::chrono::seconds timeout_{30};
};

}  // namespace mcp::testing
