// Secrets never reach an output. The values a user gives to authenticate
// (--bearer, --header, --authorization, a profile's auth headers, credential
// query parameters of --url) are registered once; every report file, every
// line of stdout and stderr and every transcript is passed through redact(),
// which replaces each secret in its raw, JSON-, XML- and percent-escaped
// spellings. A server that echoes a token back cannot make us publish it.
#pragma once

#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::redaction {

/// What replaces a secret: plain text, safe in JSON, XML, HTML, Markdown and URLs.
inline constexpr std::string_view kMarker = "[redacted]";

/// Secrets shorter than this are not searched for in free text (a two-letter
/// header value would blank every "en" of a report); they are still redacted as
/// the header values they were given as.
inline constexpr std::size_t kMinSearchedLength = 4;

class Secrets {
 public:
  /// Registers `value` (and its escaped spellings). Empty and short values are ignored.
  void add(std::string_view value);
  /// `text` with every registered secret replaced by kMarker.
  std::string redact(std::string_view text) const;
  /// True when `text` holds a registered secret in any spelling.
  bool contains_secret(std::string_view text) const;
  bool empty() const;
  /// Forgets every secret (tests).
  void clear();

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::string> needles_;  // longest first, so a secret's prefix never wins
};

/// The secrets of this process's run.
Secrets& run_secrets();

/// Registers, from one header given on the command line ("Name: value"), its
/// value and, for "Authorization: Scheme credentials", the credentials alone.
void add_header_secret(Secrets& secrets, std::string_view value);

/// The values of `url`'s query parameters whose names look like credentials
/// (access_token, api_key, key, token, secret, password, sig, code, auth...).
std::vector<std::string> url_query_secrets(std::string_view url);

/// `text` cut to at most `limit` bytes (at a UTF-8 character boundary), with a
/// note of the original size (`whole_size`, when `text` is itself a part of
/// something larger); unchanged when it fits. The note is under kCutNoteBytes.
std::string cut(std::string_view text, std::size_t limit, std::string_view why,
                std::size_t whole_size = 0);
inline constexpr std::size_t kCutNoteBytes = 256;

/// While alive, everything written to std::cout and std::cerr goes out with
/// run_secrets() redacted, a line at a time (or at each flush).
class RedactedStandardStreams {
 public:
  RedactedStandardStreams();
  ~RedactedStandardStreams();
  RedactedStandardStreams(const RedactedStandardStreams&) = delete;
  RedactedStandardStreams& operator=(const RedactedStandardStreams&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcp::redaction
