#include "protocol/sse.hpp"

#include <algorithm>
#include <charconv>

namespace mcp::sse {
namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string strip_line_breaks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}
}  // namespace

bool Decoder::feed(std::string_view chunk, std::vector<Event>& out) {
  if (failed()) return false;
  if (!bom_done_) {
    // The BOM may arrive split across chunks: hold back bytes while they still match it.
    std::size_t used = 0;
    while (used < chunk.size() && bom_prefix_.size() < kBom.size() &&
           chunk[used] == kBom[bom_prefix_.size()]) {
      bom_prefix_.push_back(chunk[used++]);
    }
    if (bom_prefix_.size() == kBom.size()) {
      bom_done_ = true;
      bom_prefix_.clear();
    } else if (used < chunk.size()) {
      bom_done_ = true;  // mismatch: what was held back is ordinary input
      std::string held;
      held.swap(bom_prefix_);
      process(held, out);
    } else {
      return true;  // the whole chunk is a BOM prefix so far
    }
    chunk.remove_prefix(used);
  }
  process(chunk, out);
  return !failed();
}

void Decoder::process(std::string_view data, std::vector<Event>& out) {
  std::size_t i = 0;
  while (i < data.size() && !failed()) {
    if (pending_cr_) {
      pending_cr_ = false;
      if (data[i] == '\n') {  // the LF of a CRLF split across chunks
        ++i;
        continue;
      }
    }
    std::size_t j = i;
    while (j < data.size() && data[j] != '\n' && data[j] != '\r')
      ++j;
    if (line_.size() + (j - i) > limits_.max_line_bytes) {
      fail("SSE line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
      return;
    }
    line_.append(data.data() + i, j - i);
    if (j == data.size()) return;  // no line end yet
    if (data[j] == '\r') {
      if (j + 1 < data.size()) {
        if (data[j + 1] == '\n') ++j;
      } else {
        pending_cr_ = true;
      }
    }
    i = j + 1;
    handle_line(out);
    line_.clear();
  }
}

void Decoder::handle_line(std::vector<Event>& out) {
  if (line_.empty()) {
    // Blank line: dispatch. A block without data lines only updates id / retry.
    if (!data_.empty()) {
      Event event;
      data_.pop_back();  // the newline appended after the last data line
      event.data = std::move(data_);
      event.type = event_type_.empty() ? "message" : std::move(event_type_);
      event.id = last_event_id_;
      event.retry_ms = block_retry_;
      out.push_back(std::move(event));
    }
    data_.clear();
    event_type_.clear();
    block_retry_.reset();
    has_fields_ = false;
    return;
  }
  if (line_.front() == ':') {
    ++comments_;
    return;
  }
  has_fields_ = true;
  std::string_view field = line_;
  std::string_view value;
  if (const auto colon = field.find(':'); colon != std::string_view::npos) {
    value = field.substr(colon + 1);
    field = field.substr(0, colon);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (data_.size() + value.size() + 1 > limits_.max_event_bytes) {
      fail("SSE event larger than " + std::to_string(limits_.max_event_bytes) + " bytes");
      return;
    }
    data_.append(value);
    data_.push_back('\n');
  } else if (field == "event") {
    event_type_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
  } else if (field == "retry") {
    std::uint64_t ms = 0;
    if (all_digits(value)) {
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec == std::errc{} && ptr == value.data() + value.size()) {
        retry_ms_ = ms;
        block_retry_ = ms;
      }
    }
  }
  // Other field names are ignored, as the standard requires.
}

std::string encode(const Event& event) {
  std::string out;
  out.reserve(event.data.size() + event.id.size() + 32);
  if (!event.id.empty()) {
    out += "id: ";
    out += strip_line_breaks(event.id);
    out += '\n';
  }
  if (event.retry_ms) {
    out += "retry: ";
    out += std::to_string(*event.retry_ms);
    out += '\n';
  }
  if (!event.type.empty()) {
    out += "event: ";
    out += strip_line_breaks(event.type);
    out += '\n';
  }
  std::string_view rest = event.data;
  while (true) {
    const auto brk = rest.find_first_of("\r\n");
    out += "data: ";
    out.append(rest.substr(0, brk));
    out += '\n';
    if (brk == std::string_view::npos) break;
    std::size_t skip = 1;
    if (rest[brk] == '\r' && brk + 1 < rest.size() && rest[brk + 1] == '\n') skip = 2;
    rest.remove_prefix(brk + skip);
  }
  out += '\n';
  return out;
}

std::string encode_comment(std::string_view text) {
  return ": " + strip_line_breaks(text) + "\n\n";
}

}  // namespace mcp::sse
