#include "testing/http_test_client.hpp"
#include "protocol/headers.hpp"

#include <gtest/gtest.h>

namespace mcp::testing {

std::string HttpReply::header(const std::string& name) const {
  const auto it = headers.find(name);  // httplib::Headers compares names case-insensitively
  return it == headers.end() ? std::string() : it->second;
}

bool HttpReply::has_header(const std::string& name) const {
  return headers.find(name) != headers.end();
}

Json HttpReply::json() const {
  auto parsed = jsonrpc::parse(body);
  return parsed.value ? std::move(*parsed.value) : Json();
}

httplib::Headers mcp_headers(const std::string& session_id, const std::string& protocol_version) {
  httplib::Headers headers{{"Content-Type", "application/json"},
                           {"Accept", "application/json, text/event-stream"}};
  if (!session_id.empty()) headers.emplace(headers::kSessionId, session_id);
  if (!protocol_version.empty()) headers.emplace(headers::kProtocolVersion, protocol_version);
  return headers;
}

TestClient::TestClient(std::string host, int port)
    : host_(std::move(host)), port_(port), client_(host_, port_) {
  client_.set_read_timeout(30, 0);
  client_.set_keep_alive(true);
}

HttpReply TestClient::send(const std::string& method, const std::string& path,
                           const httplib::Headers& headers, const std::string& body) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  req.body = body;
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  HttpReply reply;
  if (!client_.send(req, res, error)) {
    reply.error = httplib::to_string(error);
    return reply;
  }
  reply.status = res.status;
  reply.headers = res.headers;
  reply.body = res.body;
  return reply;
}

HttpReply TestClient::post(const std::string& body, const httplib::Headers& headers) {
  return send("POST", "/mcp", headers, body);
}

std::string TestClient::open_session(const std::string& version) {
  const Json init = jsonrpc::make_request(
      0, "initialize",
      {{"protocolVersion", version},
       {"capabilities", Json::object()},
       {"clientInfo", {{"name", "mcp-conformance-tests"}, {"version", "1.0"}}}});
  const auto reply = post(init, mcp_headers());
  EXPECT_EQ(reply.status, 200) << reply.body;
  const auto session = reply.header(headers::kSessionId);
  const auto done = post(jsonrpc::make_notification("notifications/initialized", nullptr),
                         mcp_headers(session, version));
  EXPECT_EQ(done.status, 202) << done.body;
  return session;
}

HttpReply TestClient::request(const std::string& session_id, const std::string& version,
                              const Json& id, const std::string& method, const Json& params) {
  return post(jsonrpc::make_request(id, method, params), mcp_headers(session_id, version));
}

SseStream::SseStream(const std::string& host, int port, const std::string& method,
                     const std::string& path, const httplib::Headers& headers,
                     const std::string& body)
    : client_(host, port) {
  client_.set_read_timeout(120, 0);
  auto req = std::make_shared<httplib::Request>();
  req->method = method;
  req->path = path;
  req->headers = headers;
  req->body = body;
  req->response_handler = [this](const httplib::Response& res) {
    const std::lock_guard lock(mutex_);
    status_ = res.status;
    headers_ = res.headers;
    cv_.notify_all();
    return true;
  };
  req->content_receiver = [this](const char* data, std::size_t length, std::uint64_t,
                                 std::uint64_t) {
    const std::lock_guard lock(mutex_);
    raw_.append(data, length);
    decoder_.feed(std::string_view(data, length), events_);
    cv_.notify_all();
    return !stop_;
  };
  thread_ = std::thread([this, req] {
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const bool ok = client_.send(*req, res, error);
    const std::lock_guard lock(mutex_);
    if (ok && status_ == 0) {
      status_ = res.status;
      headers_ = res.headers;
      raw_ = res.body;
    }
    closed_ = true;
    cv_.notify_all();
  });
}

SseStream::~SseStream() {
  disconnect();
  if (thread_.joinable()) thread_.join();
}

int SseStream::wait_status(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return status_ != 0 || closed_; });
  return status_;
}

std::string SseStream::header(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto it = headers_.find(name);
  return it == headers_.end() ? std::string() : it->second;
}

std::optional<sse::Event> SseStream::next_event(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return next_index_ < events_.size() || closed_; });
  if (next_index_ >= events_.size()) return std::nullopt;
  return events_[next_index_++];
}

bool SseStream::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return closed_; });
}

std::vector<sse::Event> SseStream::all_events() const {
  const std::lock_guard lock(mutex_);
  return events_;
}

std::string SseStream::raw() const {
  const std::lock_guard lock(mutex_);
  return raw_;
}

void SseStream::disconnect() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  client_.stop();
}

}  // namespace mcp::testing
