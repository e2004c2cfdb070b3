#include "protocol/redaction.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <streambuf>

namespace mcp::redaction {
namespace {

std::string json_escaped(std::string_view value, bool ascii) {
  const std::string quoted = nlohmann::json(std::string(value))
                                 .dump(-1, ' ', ascii, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string xml_escaped(std::string_view value, std::string_view quot, std::string_view apos) {
  std::string out;
  for (const char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += quot;
        break;
      case '\'':
        out += apos;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string percent_encoded(std::string_view value, bool lower_hex, bool plus_for_space) {
  static constexpr char kUpper[] = "0123456789ABCDEF";
  static constexpr char kLower[] = "0123456789abcdef";
  const char* hex = lower_hex ? kLower : kUpper;
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else if (c == ' ' && plus_for_space) {
      out += '+';
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void replace_all(std::string& text, std::string_view needle) {
  std::size_t at = text.find(needle);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (; at != std::string::npos; at = text.find(needle, from)) {
    out.append(text, from, at - from);
    out += kMarker;
    from = at + needle.size();
  }
  out.append(text, from, std::string::npos);
  text = std::move(out);
}

}  // namespace

void Secrets::add(std::string_view value) {
  if (value.size() < kMinSearchedLength) return;
  std::vector<std::string> spellings{std::string(value),
                                     json_escaped(value, false),
                                     json_escaped(value, true),
                                     xml_escaped(value, "&quot;", "&apos;"),
                                     xml_escaped(value, "&quot;", "&#39;"),
                                     xml_escaped(value, "\"", "'"),
                                     percent_encoded(value, false, false),
                                     percent_encoded(value, true, false),
                                     percent_encoded(value, false, true)};
  const std::unique_lock lock(mutex_);
  for (auto& spelling : spellings) {
    if (std::find(needles_.begin(), needles_.end(), spelling) == needles_.end())
      needles_.push_back(std::move(spelling));
  }
  std::stable_sort(needles_.begin(), needles_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Secrets::redact(std::string_view text) const {
  std::string out(text);
  const std::shared_lock lock(mutex_);
  for (const auto& needle : needles_)
    replace_all(out, needle);
  return out;
}

bool Secrets::contains_secret(std::string_view text) const {
  const std::shared_lock lock(mutex_);
  return std::any_of(needles_.begin(), needles_.end(), [&](const std::string& needle) {
    return text.find(needle) != std::string_view::npos;
  });
}

bool Secrets::empty() const {
  const std::shared_lock lock(mutex_);
  return needles_.empty();
}

void Secrets::clear() {
  const std::unique_lock lock(mutex_);
  needles_.clear();
}

Secrets& run_secrets() {
  static Secrets secrets;
  return secrets;
}

void add_header_secret(Secrets& secrets, std::string_view value) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  secrets.add(value);
  // "Bearer abc": the credentials also travel alone (in a query string, say).
  if (const auto space = value.find(' '); space != std::string_view::npos)
    secrets.add(value.substr(space + 1));
}

std::vector<std::string> url_query_secrets(std::string_view url) {
  static const std::vector<std::string_view> kCredentialWords{
      "token", "key", "secret", "password",   "passwd",
      "auth",  "sig", "code",   "credential", "session"};
  std::vector<std::string> out;
  const auto query = url.find('?');
  if (query == std::string_view::npos) return out;
  std::string_view rest = url.substr(query + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string name = lowered(pair.substr(0, eq));
    const bool credential =
        std::any_of(kCredentialWords.begin(), kCredentialWords.end(),
                    [&](std::string_view w) { return name.find(w) != std::string::npos; });
    if (credential && eq + 1 < pair.size()) out.emplace_back(pair.substr(eq + 1));
  }
  return out;
}

std::string cut(std::string_view text, std::size_t limit, std::string_view why,
                std::size_t whole_size) {
  if (text.size() <= limit) return std::string(text);
  std::size_t keep = limit;
  // Never split a UTF-8 sequence: back off over continuation bytes.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80)
    --keep;
  return std::string(text.substr(0, keep)) +
         "\n[cut: " + std::to_string(std::max(whole_size, text.size())) +
         " bytes in all, the first " + std::to_string(keep) + " kept; " + std::string(why) + "]";
}

namespace {

/// A stream buffer that holds text until a newline or a flush, then passes it
/// on with the run's secrets redacted. A secret cannot be split across two
/// writes of ours, since every secret is written as part of one string.
class RedactingBuffer : public std::streambuf {
 public:
  explicit RedactingBuffer(std::streambuf* target) : target_(target) {}
  std::streambuf* target() const { return target_; }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
  }

  std::streamsize xsputn(const char* data, std::streamsize count) override {
    const std::lock_guard lock(mutex_);
    pending_.append(data, static_cast<std::size_t>(count));
    const auto newline = pending_.rfind('\n');
    if (newline != std::string::npos || pending_.size() > (1u << 16))
      pass_on(newline == std::string::npos ? pending_.size() : newline + 1);
    return count;
  }

  int sync() override {
    const std::lock_guard lock(mutex_);
    pass_on(pending_.size());
    return target_->pubsync();
  }

 private:
  void pass_on(std::size_t bytes) {
    const std::string text = run_secrets().redact(std::string_view(pending_).substr(0, bytes));
    pending_.erase(0, bytes);
    target_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
  }

  std::streambuf* target_;
  std::mutex mutex_;
  std::string pending_;
};

}  // namespace

struct RedactedStandardStreams::Impl {
  RedactingBuffer out{std::cout.rdbuf()};
  RedactingBuffer err{std::cerr.rdbuf()};
};

RedactedStandardStreams::RedactedStandardStreams() : impl_(std::make_unique<Impl>()) {
  std::cout.rdbuf(&impl_->out);
  std::cerr.rdbuf(&impl_->err);
}

RedactedStandardStreams::~RedactedStandardStreams() {
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(impl_->out.target());
  std::cerr.rdbuf(impl_->err.target());
}

}  // namespace mcp::redaction
