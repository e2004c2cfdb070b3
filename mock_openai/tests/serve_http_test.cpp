// `mock-openai serve` as a process, over HTTP: the listening line, the key check, OpenAI's
// error shape for bad input (never a crash), retrieval, the event stream on the wire, and
// requests served in parallel while one MCP server hangs.
#include <gtest/gtest.h>

#include <condition_variable>
#include <csignal>
#include <fstream>
#include <future>
#include <mutex>

#include "mock_openai/tests/serve_support.hpp"
#include "protocol/sse.hpp"
#include "testing/http_test_client.hpp"
#include "testing/test_http_server.hpp"

namespace mcp::testing {
namespace {

using namespace std::chrono_literals;

const httplib::Headers kKey{{"Authorization", "Bearer any-key"}};

/// mock-openai serve on a free port.
class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"serve", "--port", "0"});
    process_ = std::make_unique<ChildProcess>(MCPC_MOCK_OPENAI_EXE, args);
    const auto line = process_->read_line(20s);
    if (!line || !line->starts_with("listening on http://127.0.0.1:")) {
      ADD_FAILURE() << "no listening line: " << line.value_or("(none)") << "\n"
                    << process_->stderr_text();
      throw std::runtime_error("mock-openai serve did not start");
    }
    base_url_ = line->substr(std::string("listening on ").size());
    const auto port_start = base_url_.rfind(':') + 1;
    port_ = std::stoi(base_url_.substr(port_start, base_url_.find('/', port_start) - port_start));
  }
  const std::string& base_url() const { return base_url_; }
  int port() const { return port_; }
  ChildProcess& process() { return *process_; }
  HttpReply post(const Json& body, const httplib::Headers& headers = kKey) {
    return TestClient("127.0.0.1", port_).send("POST", "/v1/responses", headers, body.dump());
  }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string base_url_;
  int port_ = 0;
};

class ServeHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reference_ = new ReferenceServer();
    serve_ = new ServeProcess();
  }
  static void TearDownTestSuite() {
    delete serve_;
    delete reference_;
  }
  static ReferenceServer* reference_;
  static ServeProcess* serve_;
};
ReferenceServer* ServeHttp::reference_ = nullptr;
ServeProcess* ServeHttp::serve_ = nullptr;

void expect_openai_error(const HttpReply& reply, int status, const std::string& type) {
  EXPECT_EQ(reply.status, status) << reply.body;
  EXPECT_NE(reply.header("Content-Type").find("application/json"), std::string::npos);
  const auto body = reply.json();
  ASSERT_TRUE(body.is_object()) << reply.body;
  ASSERT_TRUE(body["error"].is_object()) << reply.body;
  EXPECT_EQ(body["error"]["type"], type) << reply.body;
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  EXPECT_TRUE(body["error"].contains("param"));
  EXPECT_TRUE(body["error"].contains("code"));
}

TEST_F(ServeHttp, ItPrintsTheBaseUrlAnSdkTakes) {
  EXPECT_TRUE(serve_->base_url().ends_with("/v1")) << serve_->base_url();
}

TEST_F(ServeHttp, ARequestWithoutABearerKeyIs401) {
  const auto body = responses_body(reference_->url(), "hi");
  expect_openai_error(serve_->post(body, {}), 401, "invalid_request_error");
  expect_openai_error(serve_->post(body, {{"Authorization", "Basic abc"}}), 401,
                      "invalid_request_error");
  expect_openai_error(serve_->post(body, {{"Authorization", "Bearer "}}), 401,
                      "invalid_request_error");
}

TEST_F(ServeHttp, ANonStreamingResponseIsJson) {
  const auto reply = serve_->post(responses_body(reference_->url(), "@call echo {\"text\": \"w\"}",
                                                 {{"require_approval", "never"}}));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto response = reply.json();
  EXPECT_EQ(items_of(response, "mcp_call").at(0)["output"], "w");
  // Kept for retrieval.
  const auto fetched = TestClient("127.0.0.1", serve_->port())
                           .send("GET", "/v1/responses/" + response["id"].get<std::string>(), kKey);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.json(), response);
  expect_openai_error(
      TestClient("127.0.0.1", serve_->port()).send("GET", "/v1/responses/resp_nothing", kKey), 404,
      "invalid_request_error");
}

TEST_F(ServeHttp, TheStreamFramesEveryEventUnderItsOwnName) {
  const auto reply =
      serve_->post(responses_body(reference_->url(), "@call echo {\"text\": \"s\"}",
                                  {{"require_approval", "never"}}, {{"stream", true}}));
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.header("Content-Type").find("text/event-stream"), std::string::npos);
  sse::Decoder decoder;
  std::vector<sse::Event> events;
  ASSERT_TRUE(decoder.feed(reply.body, events));
  ASSERT_GE(events.size(), 10u) << reply.body;
  for (const auto& event : events) {
    const auto data = jsonrpc::parse(event.data);
    ASSERT_TRUE(data.value) << event.data;
    EXPECT_EQ(event.type, (*data.value)["type"]);
  }
  EXPECT_EQ(events.front().type, "response.created");
  EXPECT_EQ(events.back().type, "response.completed");
}

TEST_F(ServeHttp, AStoredResponseStreamsAgainFromAnyEvent) {
  const auto created = serve_->post(responses_body(
      reference_->url(), "@call echo {\"text\": \"again\"}", {{"require_approval", "never"}}));
  ASSERT_EQ(created.status, 200);
  const auto id = created.json()["id"].get<std::string>();
  TestClient client("127.0.0.1", serve_->port());
  const auto events_of = [](const HttpReply& reply) {
    sse::Decoder decoder;
    std::vector<sse::Event> events;
    EXPECT_TRUE(decoder.feed(reply.body, events));
    return events;
  };
  const auto all = events_of(client.send("GET", "/v1/responses/" + id + "?stream=true", kKey));
  ASSERT_GE(all.size(), 10u);
  EXPECT_EQ(all.front().type, "response.created");
  EXPECT_EQ((*jsonrpc::parse(all.back().data).value)["response"], created.json());
  const auto rest =
      events_of(client.send("GET", "/v1/responses/" + id + "?stream=true&starting_after=5", kKey));
  ASSERT_EQ(rest.size(), all.size() - 6);
  EXPECT_EQ((*jsonrpc::parse(rest.front().data).value)["sequence_number"], 6);
  expect_openai_error(
      client.send("GET", "/v1/responses/" + id + "?stream=true&starting_after=x", kKey), 400,
      "invalid_request_error");
}

TEST_F(ServeHttp, BadInputGetsA400AndNeverStopsTheServer) {
  const auto url = reference_->url();
  const std::vector<std::string> bodies{
      "",
      "{",
      "[]",
      "null",
      "\"text\"",
      "{\"model\": []}",
      "{\"model\": \"m\", \"input\": {\"role\": \"user\"}}",
      "{\"model\": \"m\", \"tools\": [{\"type\": \"mcp\"}]}",
      "{\"model\": \"m\", \"tools\": [{\"type\": \"mcp\", \"server_label\": 1, \"server_url\": "
      "2}]}",
      "{\"model\": \"m\", \"tools\": [null, 5]}",
      "{\"model\": \"m\", \"input\": [{\"type\": \"mcp_approval_response\", "
      "\"approval_request_id\": 7, \"approve\": true}]}",
      "{\"model\": \"m\", \"temperature\": \"hot\"}",
      "{\"model\": \"m\", \"unknown_field\": 1}",
      "{\"model\": \"m\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": "
      "\"input_text\", "
      "\"text\": 5}]}]}",
      std::string("{\"model\": \"m\", \"input\": \"") + std::string(1000, '\xff') + "\"}",
  };
  for (const auto& body : bodies) {
    SCOPED_TRACE(body.substr(0, 80));
    const auto reply =
        TestClient("127.0.0.1", serve_->port()).send("POST", "/v1/responses", kKey, body);
    expect_openai_error(reply, 400, "invalid_request_error");
  }
  const auto ok = serve_->post(responses_body(url, "@reply fine"));
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(ServeHttp, UnknownPathsAreOpenAis404) {
  const auto reply = TestClient("127.0.0.1", serve_->port()).send("POST", "/v1/chat", kKey, "{}");
  expect_openai_error(reply, 404, "invalid_request_error");
  EXPECT_NE(reply.json()["error"]["message"].get<std::string>().find("Invalid URL"),
            std::string::npos);
}

TEST(ServeHttpProcess, ABodyOverTheLimitIs413) {
  ServeProcess serve({"--max-body", "1K"});
  const auto reply =
      TestClient("127.0.0.1", serve.port())
          .send("POST", "/v1/responses", kKey, "{\"model\": \"" + std::string(4096, 'x') + "\"}");
  expect_openai_error(reply, 413, "invalid_request_error");
  EXPECT_EQ(serve.process().stop(SIGTERM, 10s), 0);  // and it stops cleanly
}

TEST(ServeHttpProcess, OneHangingServerDoesNotHoldUpOtherRequests) {
  ReferenceServer reference;
  // An MCP server that takes the initialize and holds it until the test lets go.
  TestHttpServer hanging;
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, released = false;
  hanging.http().Post("/mcp", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mutex);
    entered = true;
    changed.notify_all();
    changed.wait_for(lock, 20s, [&] { return released; });
    res.status = 503;
  });
  hanging.start();
  ServeProcess serve({"--workers", "4"});
  auto slow = std::async(std::launch::async,
                         [&] { return serve.post(responses_body(hanging.url(), "hi")); });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 20s, [&] { return entered; }));
  }
  const auto fast = serve.post(responses_body(reference.url(), "@reply quick"));
  EXPECT_EQ(fast.status, 200) << fast.body;
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout);  // still held by its server
  {
    const std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  const auto held = slow.get();
  EXPECT_EQ(held.status, 424) << held.body;
}

TEST(ServeHttpProcess, BadOptionsAreUsageErrors) {
  TempDir dir;
  const auto script = dir.path() / "script.json";
  { std::ofstream(script) << "{\"rules\": [{\"match\": 1}]}"; }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"serve", "--script", script.string()},
        {"serve", "--script", (dir.path() / "missing.json").string()},
        {"serve", "--transcript-dir", "/proc/no-such-dir"},
        {"serve", "--port", "70000"},
        {"serve", "--profile", "nobody"},
        {"serve", "--workers", "0"}}) {
    ChildProcess child(MCPC_MOCK_OPENAI_EXE, args);
    EXPECT_EQ(child.wait(20s), 2) << args.back() << "\n" << child.stderr_text();
    EXPECT_NE(child.stderr_text().find("mock-openai"), std::string::npos);
  }
}

}  // namespace
}  // namespace mcp::testing
