// The connection layer on raw sockets: what waits for a whole request, what a
// slow client gets, and what still arrives in one piece (pipelined requests,
// chunked bodies, Expect: 100-continue).
#include <gtest/gtest.h>

#include <sstream>

#include "bench/raw_http.hpp"
#include "http_fixture.hpp"

namespace mcp::testing {
namespace {

std::string post(const std::string& body, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> headers{"Content-Type: application/json",
                                   "Accept: application/json, text/event-stream"};
  headers.insert(headers.end(), extra.begin(), extra.end());
  return bench::post_request("/mcp", body, headers);
}

/// Reads complete responses off `connection` until `count` have arrived (or 10 s pass).
int responses_within(bench::Connection& connection, int count) {
  int seen = 0;
  connection.read_until(
      [&](const std::string& bytes) {
        seen = 0;
        for (auto at = bytes.find("HTTP/1.1 "); at != std::string::npos;
             at = bytes.find("HTTP/1.1 ", at + 1))
          ++seen;
        return seen >= count &&
               bench::complete_response_status(bytes.substr(bytes.rfind("HTTP/1.1 ")));
      },
      bench::Clock::now() + std::chrono::seconds(10));
  return seen;
}

TEST_F(HttpTest, PipelinedRequestsOnOneConnectionAreEachAnswered) {
  start();
  bench::Connection connection(server().port());
  const auto request = post(init_request("2025-11-25").dump());
  ASSERT_TRUE(connection.send(request + request));
  EXPECT_EQ(responses_within(connection, 2), 2) << connection.received();
}

TEST_F(HttpTest, AChunkedBodyAndExpectContinueAreReadByTheWorker) {
  start();
  const auto body = init_request("2025-11-25").dump();
  bench::Connection chunked(server().port());
  std::ostringstream size;
  size << std::hex << body.size();
  ASSERT_TRUE(chunked.send(
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
      size.str() + "\r\n" + body + "\r\n0\r\n\r\n"));
  ASSERT_TRUE(chunked.read_until(bench::complete_response_status,
                                 bench::Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(bench::complete_response_status(chunked.received()), 200) << chunked.received();

  bench::Connection expecting(server().port());
  const auto request = post(body, {"Expect: 100-continue"});
  const auto head_end = request.find("\r\n\r\n") + 4;
  ASSERT_TRUE(expecting.send(request.substr(0, head_end)));
  ASSERT_TRUE(expecting.read_until(
      [](const std::string& r) { return r.find("100 Continue\r\n\r\n") != std::string::npos; },
      bench::Clock::now() + std::chrono::seconds(10)));
  ASSERT_TRUE(expecting.send(request.substr(head_end)));
  EXPECT_EQ(responses_within(expecting, 2), 2) << expecting.received();
  EXPECT_NE(expecting.received().find("HTTP/1.1 200"), std::string::npos) << expecting.received();
}

TEST_F(HttpTest, ARequestNotFinishedInTimeGets408AndIsClosed) {
  start({"--request-timeout", "1"});
  bench::Connection stalled(server().port());
  ASSERT_TRUE(stalled.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
  EXPECT_TRUE(stalled.closed_by_peer(std::chrono::seconds(5)));
  EXPECT_EQ(stalled.received().rfind("HTTP/1.1 408", 0), 0u) << stalled.received();
}

TEST_F(HttpTest, AtTheConnectionLimitTheLongestIdleConnectionMakesRoom) {
  start({"--max-connections", "3"});
  std::vector<bench::Connection> idle;
  for (int i = 0; i < 3; ++i)
    idle.emplace_back(server().port());
  // The fourth is admitted: the first, idle the longest, is closed for it.
  bench::Connection fourth(server().port());
  EXPECT_TRUE(idle.front().closed_by_peer(std::chrono::seconds(5)));
  ASSERT_TRUE(fourth.send(post(init_request("2025-11-25").dump())));
  ASSERT_TRUE(fourth.read_until(bench::complete_response_status,
                                bench::Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(bench::complete_response_status(fourth.received()), 200) << fourth.received();
}

}  // namespace
}  // namespace mcp::testing
