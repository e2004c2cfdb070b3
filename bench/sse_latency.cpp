// bench-sse-latency URL [EVENTS] [SPACING_MS] | --version: opens an MCP session, calls the
// reference server's sleep tool with a progress token and timestamps on, and
// measures, for each progress notification, the time from the server producing
// it (steady clock, in its _meta) to this client having decoded it off the SSE
// stream. Both run on one machine, so both read the same monotonic clock.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "protocol/sse.hpp"
#include "protocol/toolkit_version.hpp"

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Reader {
  mcp::sse::Decoder decoder;
  std::vector<mcp::sse::Event> events;
  std::vector<double> latencies_us;
  std::string body;
  std::string session;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  const std::size_t n = size * count;
  reader->body.append(data, n);
  reader->events.clear();
  reader->decoder.feed(std::string_view(data, n), reader->events);
  const auto received = now_ns();
  for (const auto& event : reader->events) {
    auto parsed = mcp::jsonrpc::parse(event.data);
    if (!parsed.value || parsed.value->value("method", "") != "notifications/progress") continue;
    const auto& meta = (*parsed.value)["params"]["_meta"];
    if (!meta.contains("dev.mcp-conformance/monotonic-ns")) continue;
    const auto produced = meta["dev.mcp-conformance/monotonic-ns"].get<std::int64_t>();
    reader->latencies_us.push_back(static_cast<double>(received - produced) / 1000.0);
  }
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  const std::string line(data, size * count);
  constexpr std::string_view kName = "mcp-session-id:";
  if (line.size() > kName.size() &&
      std::equal(kName.begin(), kName.end(), line.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    auto value = line.substr(kName.size());
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n ") + 1);
    static_cast<Reader*>(user)->session = value;
  }
  return size * count;
}

bool post(CURL* curl, const std::string& url, const std::string& body, Reader& reader) {
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: application/json, text/event-stream");
  std::string session_header;
  if (!reader.session.empty()) {
    session_header = "Mcp-Session-Id: " + reader.session;
    headers = curl_slist_append(headers, session_header.c_str());
    headers = curl_slist_append(headers, "MCP-Protocol-Version: 2025-11-25");
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reader);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reader);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    std::fprintf(stderr, "bench-sse-latency: %s\n", curl_easy_strerror(rc));
    return false;
  }
  return true;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(index, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::printf("bench-sse-latency %s\n", mcp::kToolkitVersion);
    return 0;
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench-sse-latency URL [EVENTS=1000] [SPACING_MS=1]\n");
    return 2;
  }
  const std::string url = argv[1];
  const int events = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int spacing_ms = argc > 3 ? std::atoi(argv[3]) : 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  Reader reader;
  const bool ok =
      post(
          curl, url,
          R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
          R"("capabilities":{},"clientInfo":{"name":"bench-sse-latency","version":"1"}}})",
          reader) &&
      post(
          curl, url,
          R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sleep","arguments":{"ms":)" +
              std::to_string(events * spacing_ms) + R"(,"steps":)" + std::to_string(events) +
              R"(,"timestamps":true},"_meta":{"progressToken":"bench"}}})",
          reader);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  if (!ok || reader.latencies_us.empty()) {
    std::fprintf(stderr, "bench-sse-latency: no timed progress events received\n");
    return 1;
  }
  std::printf("sse delivery: %zu events, p50 %.1f us, p99 %.1f us, max %.1f us\n",
              reader.latencies_us.size(), percentile(reader.latencies_us, 0.50),
              percentile(reader.latencies_us, 0.99),
              *std::max_element(reader.latencies_us.begin(), reader.latencies_us.end()));
  return 0;
}
