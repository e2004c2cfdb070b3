// A minimal 2024-11-05 HTTP+SSE server for tests: GET /sse sends `endpoint`,
// POST /messages answers 202 and puts the response on the stream. POST /mcp
// answers 405, as a server without Streamable HTTP does.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

#include "testing/test_http_server.hpp"

namespace mcp::testing {

class LegacyServer {
 public:
  LegacyServer();
  std::string url() const { return server_.url("/sse"); }
  std::string base() const { return server_.url(""); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  // Last, so it is destroyed first: its stream threads wait on cv_ until it stops.
  TestHttpServer server_;
};

}  // namespace mcp::testing
