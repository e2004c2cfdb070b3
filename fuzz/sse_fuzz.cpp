// The SSE decoder, fed a stream in arbitrary chunk splits and with small limits:
// the events must not depend on where the chunks were cut, and an event the
// encoder writes must decode to itself.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "protocol/sse.hpp"

namespace {

namespace sse = mcp::sse;

bool same_events(const std::vector<sse::Event>& a, const std::vector<sse::Event>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id ||
        a[i].retry_ms != b[i].retry_ms)
      return false;
  }
  return true;
}

std::string without_line_breaks(const std::string& text) {
  std::string out;
  for (const char c : text)
    if (c != '\r' && c != '\n') out.push_back(c);
  return out;
}

/// CRLF, CR and LF all end a data line; the decoder joins the lines with LF.
std::string normalised_data(const std::string& data) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
    } else {
      out.push_back(data[i]);
    }
  }
  return out;
}

void check_round_trip(FuzzedDataProvider& input) {
  sse::Event event;
  event.type = input.ConsumeRandomLengthString(64);
  event.id = input.ConsumeRandomLengthString(64);
  event.data = input.ConsumeRandomLengthString(512);
  if (input.ConsumeBool()) event.retry_ms = input.ConsumeIntegral<std::uint64_t>();
  sse::Decoder decoder;
  std::vector<sse::Event> events;
  FUZZ_CHECK(decoder.feed(sse::encode(event), events));
  FUZZ_CHECK(events.size() == 1);
  const auto type = without_line_breaks(event.type);
  FUZZ_CHECK(events[0].type == (type.empty() ? "message" : type));
  FUZZ_CHECK(events[0].data == normalised_data(event.data));
  const auto id = without_line_breaks(event.id);
  FUZZ_CHECK(events[0].id == (id.find('\0') == std::string::npos ? id : ""));
  FUZZ_CHECK(events[0].retry_ms == event.retry_ms);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const sse::Limits limits{.max_line_bytes = input.ConsumeIntegralInRange<std::size_t>(1, 4096),
                           .max_event_bytes = input.ConsumeIntegralInRange<std::size_t>(1, 8192)};
  std::vector<std::size_t> cuts;
  for (auto n = input.ConsumeIntegralInRange<int>(0, 16); n > 0; --n)
    cuts.push_back(input.ConsumeIntegralInRange<std::size_t>(1, 64));
  if (input.ConsumeBool()) check_round_trip(input);
  const std::string stream = input.ConsumeRemainingBytesAsString();

  sse::Decoder whole(limits);
  std::vector<sse::Event> whole_events;
  const bool whole_ok = whole.feed(stream, whole_events);
  FUZZ_CHECK(whole_ok == !whole.failed());

  sse::Decoder split(limits);
  std::vector<sse::Event> split_events;
  std::string_view rest = stream;
  for (std::size_t i = 0; !rest.empty(); ++i) {
    const std::size_t n = cuts.empty() ? 1 : cuts[i % cuts.size()];
    split.feed(rest.substr(0, n), split_events);
    rest.remove_prefix(std::min(n, rest.size()));
  }
  FUZZ_CHECK(split.failed() == whole.failed());
  FUZZ_CHECK(same_events(split_events, whole_events));
  FUZZ_CHECK(split.last_event_id() == whole.last_event_id());
  FUZZ_CHECK(split.retry_ms() == whole.retry_ms());
  FUZZ_CHECK(split.comments_seen() == whole.comments_seen());
  for (const auto& event : whole_events) {
    FUZZ_CHECK(event.data.size() < limits.max_event_bytes);
    FUZZ_CHECK(!event.type.empty());
  }
  return 0;
}
