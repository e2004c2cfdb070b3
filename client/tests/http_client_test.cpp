// The HTTP client against servers that misbehave on purpose: every wait ends
// at its deadline with a clear error, and memory stays bounded.
#include "client/http_client.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "protocol/headers.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::client {
namespace {

using mcp::testing::TestHttpServer;

Deadlines short_deadlines() {
  Deadlines d;
  d.connect = 2s;
  d.first_byte = 300ms;
  d.idle = 300ms;
  d.total = 2s;
  return d;
}

TEST(HttpClient, ReusesTheConnectionAcrossRequests) {
  TestHttpServer server;
  std::vector<int> ports;
  std::mutex m;
  server.http().Post("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    const std::lock_guard lock(m);
    ports.push_back(req.remote_port);
    res.set_content(R"({"ok":true})", "application/json");
  });
  server.start();
  Transcript transcript;
  HttpClient client(&transcript);
  for (int i = 0; i < 3; ++i) {
    const auto r = client.send({"POST", server.url(), {{"Content-Type", "application/json"}}, "{}"},
                               short_deadlines(), "req");
    ASSERT_TRUE(r.ok()) << r.error_message;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"ok":true})");
  }
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_EQ(ports[0], ports[1]);
  EXPECT_EQ(ports[1], ports[2]);
  EXPECT_EQ(transcript.size(), 3u);
}

TEST(HttpClient, RecordsHeadersBodyAndTimings) {
  TestHttpServer server;
  server.http().Post("/mcp", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header(headers::kSessionId, "s-1");
    res.set_content(req.body, "application/json");
  });
  server.start();
  Transcript transcript;
  HttpClient client(&transcript);
  const auto r =
      client.send({"POST",
                   server.url(),
                   {{"Content-Type", "application/json"}, {"Authorization", "Bearer secret"}},
                   "[1]"},
                  short_deadlines(), "echo");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.header("mcp-session-id"), "s-1");
  const auto e = transcript.exchanges().at(0);
  EXPECT_EQ(e.label, "echo");
  EXPECT_EQ(e.request_body, "[1]");
  EXPECT_EQ(e.response_body, "[1]");
  EXPECT_EQ(find_header(e.request_headers, "Authorization"), "Bearer [redacted]");
  EXPECT_LE(e.started_ms, e.first_byte_ms);
  EXPECT_LE(e.first_byte_ms, e.completed_ms);
  EXPECT_GE(r.ttfb_ms, 0);
}

TEST(HttpClient, ConnectionRefusedIsAConnectFailure) {
  int closed_port = 0;
  {
    TestHttpServer gone;
    gone.start();
    closed_port = gone.port();
  }
  HttpClient client(nullptr);
  const auto r =
      client.send({"POST", "http://127.0.0.1:" + std::to_string(closed_port) + "/mcp", {}, "{}"},
                  short_deadlines(), "refused");
  EXPECT_EQ(r.error, HttpError::kConnect);
  EXPECT_TRUE(is_connect_failure(r.error));
  EXPECT_NE(r.error_message.find("connect"), std::string::npos) << r.error_message;
}

TEST(HttpClient, ServerThatNeverAnswersHitsTheFirstByteDeadline) {
  TestHttpServer server;
  server.http().Post("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    server.hold(60s);
    res.set_content("late", "text/plain");
  });
  server.start();
  HttpClient client(nullptr);
  const auto r = client.send({"POST", server.url(), {}, "{}"}, short_deadlines(), "silent");
  EXPECT_EQ(r.error, HttpError::kFirstByteTimeout);
  EXPECT_LT(r.elapsed_ms, 1500);
  EXPECT_NE(r.error_message.find("300 ms"), std::string::npos) << r.error_message;
}

TEST(HttpClient, TricklingServerHitsTheTotalDeadline) {
  TestHttpServer server;
  server.http().Post("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [&](std::size_t, httplib::DataSink& sink) {
      sink.write("{", 1);  // one byte, then a pause shorter than the idle deadline
      return server.hold(50ms);
    });
  });
  server.start();
  HttpClient client(nullptr);
  auto d = short_deadlines();
  d.total = 600ms;
  const auto r = client.send({"POST", server.url(), {}, "{}"}, d, "trickle");
  EXPECT_EQ(r.error, HttpError::kTotalTimeout);
  EXPECT_LT(r.elapsed_ms, 2000);
}

TEST(HttpClient, StalledStreamHitsTheIdleDeadline) {
  TestHttpServer server;
  server.http().Get("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/event-stream",
                                     [&](std::size_t offset, httplib::DataSink& sink) {
                                       if (offset == 0) {
                                         const std::string event = "data: {}\n\n";
                                         sink.write(event.data(), event.size());
                                         return true;
                                       }
                                       return server.hold(60s);
                                     });
  });
  server.start();
  HttpClient client(nullptr);
  const auto r = client.send({"GET", server.url(), {{"Accept", "text/event-stream"}}, {}},
                             short_deadlines(), "stall");
  EXPECT_EQ(r.error, HttpError::kIdleTimeout);
  EXPECT_TRUE(r.sse);
  EXPECT_EQ(r.events.size(), 1u);
}

TEST(HttpClient, GiganticBodyStopsAtTheLimit) {
  TestHttpServer server;
  const std::string chunk(64 * 1024, 'x');
  server.http().Post("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [&](std::size_t, httplib::DataSink& sink) {
      return sink.write(chunk.data(), chunk.size());  // forever
    });
  });
  server.start();
  Limits limits;
  limits.max_body_bytes = 1u << 20;
  HttpClient client(nullptr, limits);
  const auto r = client.send({"POST", server.url(), {}, "{}"}, short_deadlines(), "flood");
  EXPECT_EQ(r.error, HttpError::kBodyTooLarge);
  EXPECT_LE(r.body.size(), limits.max_body_bytes);
}

TEST(HttpClient, EndlessSseLineStopsAtTheSseLimit) {
  TestHttpServer server;
  const std::string chunk(64 * 1024, 'y');
  server.http().Get("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider(
        "text/event-stream", [&](std::size_t offset, httplib::DataSink& sink) {
          if (offset == 0) sink.write("data: ", 6);
          return sink.write(chunk.data(), chunk.size());  // a line that never ends
        });
  });
  server.start();
  Limits limits;
  limits.sse.max_line_bytes = 512 * 1024;
  HttpClient client(nullptr, limits);
  const auto r = client.send({"GET", server.url(), {}, {}}, short_deadlines(), "endless line");
  EXPECT_EQ(r.error, HttpError::kSseLimit);
  EXPECT_NE(r.error_message.find("line"), std::string::npos);
}

TEST(HttpClient, DecodesSseAndStopsWhenTheHandlerSaysSo) {
  TestHttpServer server;
  server.http().Post("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider(
        "text/event-stream", [&](std::size_t offset, httplib::DataSink& sink) {
          if (offset == 0) {
            const std::string events = "id: 1\ndata: first\n\nid: 2\ndata: second\n\n";
            sink.write(events.data(), events.size());
            return true;
          }
          return server.hold(60s);  // never ends on its own
        });
  });
  server.start();
  Transcript transcript;
  HttpClient client(&transcript);
  StreamHandlers handlers;
  int seen = 0;
  handlers.on_event = [&](const sse::Event& e) { return ++seen < 2 || e.data != "second"; };
  const auto r = client.send({"POST", server.url(), {}, "{}"}, short_deadlines(), "sse", handlers);
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(seen, 2);
  const auto e = transcript.exchanges().at(0);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.events[1].id, "2");
  EXPECT_LE(e.events[0].at_ms, e.events[1].at_ms);
}

TEST(HttpClient, AbortFromAnotherThreadEndsAWait) {
  TestHttpServer server;
  server.http().Get("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/event-stream",
                                     [&](std::size_t, httplib::DataSink& sink) {
                                       sink.write(": hi\n\n", 6);
                                       return server.hold(60s);
                                     });
  });
  server.start();
  HttpClient client(nullptr);
  Deadlines long_wait;
  long_wait.idle = long_wait.total = 60s;
  std::promise<void> headers_seen;
  StreamHandlers handlers;
  handlers.on_headers = [&](int, const Headers&) { headers_seen.set_value(); };
  std::thread aborter([&] {
    headers_seen.get_future().wait();
    client.abort();
  });
  const auto r = client.send({"GET", server.url(), {}, {}}, long_wait, "abort", handlers);
  aborter.join();
  EXPECT_EQ(r.error, HttpError::kAborted);
  EXPECT_LT(r.elapsed_ms, 30000);
}

}  // namespace
}  // namespace mcp::client
