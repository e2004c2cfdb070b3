// The three transports against real servers: the reference server over
// Streamable HTTP and stdio, and a small legacy HTTP+SSE server written here.
#include "client/transport.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>

#include "protocol/headers.hpp"
#include "testing/child_process.hpp"
#include "testing/legacy_sse_server.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::client {
namespace {

using mcp::testing::LegacyServer;
using mcp::testing::ReferenceServer;
using mcp::testing::TestHttpServer;

Json init_request(Json id, const std::string& version) {
  return jsonrpc::make_request(std::move(id), "initialize",
                               {{"protocolVersion", version},
                                {"capabilities", Json::object()},
                                {"clientInfo", {{"name", "transport-test"}, {"version", "1"}}}});
}

HttpSettings settings_for(const std::string& url) {
  HttpSettings s;
  s.url = url;
  s.headers = {{"User-Agent", "mcp-conformance-tests/1"}};
  s.deadlines.total = 20s;
  return s;
}

TEST(StreamableHttpTransport, RunsASessionAgainstTheReferenceServer) {
  ReferenceServer server;
  Transcript transcript;
  StreamableHttpTransport transport(settings_for(server.url()), &transcript);

  const auto init = transport.request(init_request(0, "2025-11-25"), "initialize");
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ((*init.response)["result"]["protocolVersion"], "2025-11-25");
  EXPECT_EQ(init.content_type, "application/json");
  const auto session = transport.session_id();
  EXPECT_EQ(session.size(), 32u);
  transport.set_protocol_version("2025-11-25");

  const auto initialized = transport.notify(
      jsonrpc::make_notification("notifications/initialized", nullptr), "initialized");
  EXPECT_TRUE(initialized.ok()) << initialized.error;
  EXPECT_EQ(initialized.http_status, 202);

  const auto stream = transport.open_get_stream("GET stream");
  EXPECT_TRUE(stream.ok()) << stream.error;
  EXPECT_EQ(stream.http_status, 200);
  EXPECT_TRUE(transport.get_stream_open());

  const auto list = transport.request(jsonrpc::make_request(1, "tools/list"), "tools/list");
  ASSERT_TRUE(list.ok()) << list.error;
  EXPECT_GE((*list.response)["result"]["tools"].size(), 5u);
  EXPECT_EQ((*list.response)["result"]["tools"][0]["name"], "echo");

  const auto call =
      transport.request(jsonrpc::make_request(2, "tools/call",
                                              {{"name", "sleep"},
                                               {"arguments", {{"ms", 0}, {"steps", 2}}},
                                               {"_meta", {{"progressToken", "p"}}}}),
                        "tools/call");
  ASSERT_TRUE(call.ok()) << call.error;
  EXPECT_EQ(call.content_type, "text/event-stream");
  ASSERT_EQ(call.related.size(), 2u);
  EXPECT_EQ(call.related[0]["method"], "notifications/progress");

  const auto deleted = transport.delete_session("DELETE", /*keep_id=*/true);
  EXPECT_TRUE(deleted.ok()) << deleted.error;
  EXPECT_EQ(deleted.http_status, 204);
  EXPECT_FALSE(transport.get_stream_open());

  // OpenAI's 2025 bug: reusing the deleted session.
  const auto stale = transport.request(jsonrpc::make_request(3, "tools/list"), "stale session");
  EXPECT_FALSE(stale.ok());
  EXPECT_TRUE(stale.session_terminated);
  EXPECT_EQ(stale.http_status, 404);

  // Every exchange is in the transcript, in order, with the session id sent.
  const auto exchanges = transcript.exchanges();
  ASSERT_GE(exchanges.size(), 7u);
  EXPECT_EQ(exchanges[0].label, "initialize");
  EXPECT_EQ(find_header(exchanges[1].request_headers, headers::kSessionId), session);
  EXPECT_EQ(find_header(exchanges[1].request_headers, headers::kProtocolVersion), "2025-11-25");
  transport.shutdown();
}

TEST(StreamableHttpTransport, WithoutSessionEchoAServerThatRequiresSessionsRefuses) {
  ReferenceServer server({"--fault", "session-required"});
  StreamableHttpTransport transport(settings_for(server.url()), nullptr);
  ASSERT_TRUE(transport.request(init_request(0, "2025-06-18"), "initialize").ok());
  transport.set_echo_session_id(false);
  const auto list = transport.request(jsonrpc::make_request(1, "tools/list"), "tools/list");
  EXPECT_FALSE(list.ok());
  EXPECT_EQ(list.http_status, 400);
  EXPECT_FALSE(list.session_terminated);
}

TEST(StreamableHttpTransport, UnreachableServerIsAConnectError) {
  int port = 0;
  {
    TestHttpServer gone;
    gone.start();
    port = gone.port();
  }
  StreamableHttpTransport transport(
      settings_for("http://127.0.0.1:" + std::to_string(port) + "/mcp"), nullptr);
  const auto init = transport.request(init_request(0, "2025-06-18"), "initialize");
  EXPECT_FALSE(init.ok());
  EXPECT_TRUE(is_connect_failure(init.http_error));
}

// Streamable HTTP answers in the POST itself: raw text goes through a raw HTTP
// exchange, not the transport.
TEST(StreamableHttpTransport, SendsNoRawText) {
  StreamableHttpTransport transport(settings_for("http://127.0.0.1:1/mcp"), nullptr);
  const auto sent = transport.send_raw("{", "unparsable");
  EXPECT_FALSE(sent.ok());
  EXPECT_EQ(sent.http_status, 0);
}

TEST(LegacySseTransport, FollowsTheEndpointEventAndReadsAnswersOffTheStream) {
  LegacyServer server;
  Transcript transcript;
  LegacySseTransport transport(settings_for(server.url()), &transcript);
  const auto connected = transport.connect("GET /sse");
  ASSERT_TRUE(connected.ok()) << connected.error;
  EXPECT_EQ(transport.endpoint(),
            server.url().substr(0, server.url().size() - 4) + "/messages?sessionId=abc");
  const auto init = transport.request(init_request(0, "2024-11-05"), "initialize");
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(init.http_status, 202);
  EXPECT_EQ((*init.response)["result"]["protocolVersion"], "2024-11-05");
  const auto ping = transport.request(jsonrpc::make_request("p", "ping"), "ping");
  ASSERT_TRUE(ping.ok()) << ping.error;
  EXPECT_EQ((*ping.response)["id"], "p");
  transport.shutdown();
}

// A raw POST (malformed on purpose) returns the POST's own answer; what the
// server says about it comes on the stream, where a capture sees it.
TEST(LegacySseTransport, PostsRawBodiesAndCapturesWhatTheStreamCarries) {
  LegacyServer server;
  LegacySseTransport transport(settings_for(server.url()), nullptr);
  ASSERT_TRUE(transport.connect("GET /sse").ok());
  EXPECT_EQ(transport.send_raw(R"({"jsonrpc":"2.0",)", "unparsable").http_status, 400);
  const MessageCapture capture(transport.router());
  const auto posted =
      transport.send_raw(R"({"jsonrpc":"2.0","id":"raw-1","method":"ping"})", "raw");
  EXPECT_EQ(posted.http_status, 202);
  EXPECT_FALSE(posted.response) << "the answer comes on the stream";
  const auto seen =
      capture.wait(std::chrono::steady_clock::now() + 10s,
                   [](const std::vector<Json>& messages) { return !messages.empty(); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["id"], "raw-1");
  transport.shutdown();
}

// cat echoes each line: a line that is not JSON comes back unparsed (only in
// the transcript), a batch answer comes back as its array.
TEST(StdioTransport, SendsRawLinesAndCapturesWhatComesBack) {
  Transcript transcript;
  StdioTransport transport("cat", Deadlines{}, &transcript);
  ASSERT_TRUE(transport.start());
  const MessageCapture capture(transport.router());
  EXPECT_TRUE(transport.send_raw(R"({"jsonrpc":"2.0",)", "unparsable").ok());
  EXPECT_TRUE(transport.send_raw(R"([{"jsonrpc":"2.0","id":"b1","result":{}}])", "batch").ok());
  EXPECT_FALSE(transport.send_raw("two\nlines", "two lines").ok());
  const auto seen =
      capture.wait(std::chrono::steady_clock::now() + 10s,
                   [](const std::vector<Json>& messages) { return !messages.empty(); });
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_TRUE(seen[0].is_array());
  EXPECT_EQ(seen[0][0]["id"], "b1");
  const auto sent = transcript.exchanges();
  EXPECT_TRUE(std::any_of(sent.begin(), sent.end(), [](const Exchange& e) {
    return e.method == "send" && e.request_body == R"({"jsonrpc":"2.0",)";
  }));
  transport.shutdown();
}

// What a capture keeps, and how long it waits: until its condition holds, else
// the deadline; one capture per router at a time.
TEST(MessageCapture, KeepsEveryDeliveredMessageUntilItEnds) {
  MessageRouter router;
  router.expect(Json(1));
  router.deliver(jsonrpc::make_result(0, Json::object()), "stdout", {});  // before: not kept
  std::optional<MessageCapture> capture(std::in_place, router);
  EXPECT_THROW(MessageCapture second(router), std::logic_error);
  router.deliver(jsonrpc::make_result(1, Json::object()), "stdout", {});  // a waited-for one too
  router.deliver(Json::array({jsonrpc::make_result(2, Json::object())}), "stdout", {});
  const auto start = std::chrono::steady_clock::now();
  const auto two = capture->wait(start + 10s, [](const auto& m) { return m.size() == 2; });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0]["id"], 1);
  EXPECT_TRUE(two[1].is_array());
  EXPECT_EQ(capture->wait(std::chrono::steady_clock::now() + 50ms).size(), 2u);  // the deadline
  capture.reset();
  router.deliver(jsonrpc::make_result(3, Json::object()), "stdout", {});
  EXPECT_NO_THROW(MessageCapture again(router));
}

TEST(StdioTransport, RunsTheReferenceServerAsAChildProcess) {
  Transcript transcript;
  StdioTransport transport(std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio --log-level info",
                           Deadlines{}, &transcript);
  ASSERT_TRUE(transport.start()) << transport.error();
  const auto init = transport.request(init_request(0, "2025-06-18"), "initialize");
  ASSERT_TRUE(init.ok()) << init.error << transport.stderr_text();
  EXPECT_EQ((*init.response)["result"]["protocolVersion"], "2025-06-18");
  EXPECT_TRUE(
      transport
          .notify(jsonrpc::make_notification("notifications/initialized", nullptr), "initialized")
          .ok());
  const auto call = transport.request(
      jsonrpc::make_request(1, "tools/call",
                            {{"name", "echo"}, {"arguments", {{"text", "über stdio"}}}}),
      "tools/call");
  ASSERT_TRUE(call.ok()) << call.error;
  EXPECT_EQ((*call.response)["result"]["content"][0]["text"], "über stdio");
  transport.shutdown();
  EXPECT_EQ(transport.exit_status(), 0);
  EXPECT_NE(transport.stderr_text().find("stdin closed"), std::string::npos)
      << transport.stderr_text();
  EXPECT_GE(transcript.size(), 4u);
}

TEST(StdioTransport, ACommandThatDiesGivesAClearError) {
  StdioTransport transport("/nonexistent/mcp-server", Deadlines{}, nullptr);
  ASSERT_TRUE(transport.start());
  const auto init = transport.request(init_request(0, "2025-06-18"), "initialize");
  EXPECT_FALSE(init.ok());
  // Either the write or the wait notices, depending on how fast the shell exits.
  EXPECT_TRUE(init.error.find("stdout") != std::string::npos ||
              init.error.find("stdin") != std::string::npos)
      << init.error;
  transport.shutdown();
  EXPECT_EQ(transport.exit_status(), 127);
  EXPECT_FALSE(transport.stderr_text().empty());
}

// A server whose stdout line is 20 MB (of NUL bytes) is read, not kept: the
// transcript shows the line was too long, and the process keeps its memory.
TEST(StdioTransport, AnOverlongLineIsConsumedNotKept) {
  Transcript transcript;
  StdioTransport transport("sh -c 'head -c 20000000 /dev/zero; echo; cat >/dev/null'", Deadlines{},
                           &transcript);
  ASSERT_TRUE(transport.start());
  ASSERT_TRUE(mcp::testing::eventually(
      [&] {
        for (const auto& e : transcript.exchanges()) {
          if (e.method == "receive") return true;
        }
        return false;
      },
      20s));
  const auto received = transcript.exchanges();
  const auto line = std::find_if(received.begin(), received.end(),
                                 [](const Exchange& e) { return e.method == "receive"; });
  EXPECT_NE(line->error.find("longer than"), std::string::npos) << line->error;
  EXPECT_LE(line->response_body.size(), (64u << 10) + 256);
  EXPECT_TRUE(line->cut);
  transport.shutdown();
}

// Servers run side by side (parallel checks over stdio): one server must not
// hold another's stdin open, or that one never sees EOF and is killed instead
// of exiting on its own.
TEST(StdioTransport, ASecondServerDoesNotKeepTheFirstOnesStdinOpen) {
  StdioTransport first("cat", Deadlines{}, nullptr);
  ASSERT_TRUE(first.start());
  StdioTransport second("sleep 30", Deadlines{}, nullptr);
  ASSERT_TRUE(second.start());
  first.shutdown();
  EXPECT_EQ(first.exit_status(), 0) << "128 + 15: cat got SIGTERM, it never saw EOF";
  second.shutdown();
}

TEST(ResolveUrl, HandlesAbsoluteRootedAndRelativeReferences) {
  EXPECT_EQ(resolve_url("http://h:1/sse", "/messages?x=1"), "http://h:1/messages?x=1");
  EXPECT_EQ(resolve_url("http://h:1/a/sse?q", "messages"), "http://h:1/a/messages");
  EXPECT_EQ(resolve_url("http://h:1/sse", "https://o/x"), "https://o/x");
}

}  // namespace
}  // namespace mcp::client
