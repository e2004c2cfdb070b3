#include "testing/legacy_sse_server.hpp"

#include "protocol/jsonrpc.hpp"

namespace mcp::testing {

using namespace std::chrono_literals;

LegacyServer::LegacyServer() {
  server_.http().Get("/sse", [this](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider(
        "text/event-stream", [this](std::size_t offset, httplib::DataSink& sink) {
          if (offset == 0) {
            const std::string endpoint = "event: endpoint\ndata: /messages?sessionId=abc\n\n";
            return sink.write(endpoint.data(), endpoint.size());
          }
          std::unique_lock lock(mutex_);
          // Woken by a queued message; the timeout only lets the writer notice a gone client.
          cv_.wait_for(lock, 100ms, [&] { return !queue_.empty(); });
          while (!queue_.empty()) {
            const auto event = "event: message\ndata: " + queue_.front() + "\n\n";
            queue_.pop_front();
            if (!sink.write(event.data(), event.size())) return false;
          }
          return sink.is_writable();
        });
  });
  server_.http().Post("/messages", [this](const httplib::Request& req, httplib::Response& res) {
    auto parsed = jsonrpc::parse(req.body);
    if (!parsed.value) {
      res.status = 400;
      return;
    }
    const Json& message = *parsed.value;
    if (message.contains("id") && message.contains("method")) {
      const auto& method = message["method"];
      Json result = Json::object();
      if (method == "initialize") {
        result = {{"protocolVersion", "2024-11-05"},
                  {"capabilities", {{"tools", Json::object()}}},
                  {"serverInfo", {{"name", "legacy-test-server"}, {"version", "1"}}}};
      } else if (method == "tools/list") {
        result = {{"tools", Json::array({{{"name", "echo"},
                                          {"inputSchema",
                                           {{"type", "object"},
                                            {"properties", {{"text", {{"type", "string"}}}}},
                                            {"required", {"text"}}}}}})}};
      } else if (method == "tools/call") {
        result = {{"content",
                   Json::array({{{"type", "text"},
                                 {"text", message["params"]["arguments"].value("text", "")}}})}};
      }
      const std::lock_guard lock(mutex_);
      queue_.push_back(jsonrpc::serialize(jsonrpc::make_result(message["id"], result)));
      cv_.notify_all();
    }
    res.status = 202;
  });
  server_.http().Post("/mcp",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
  server_.start();
}

}  // namespace mcp::testing
