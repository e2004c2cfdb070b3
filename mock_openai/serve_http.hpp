// mock-openai serve over HTTP: POST /v1/responses (JSON or, with stream: true, server-sent
// events) and GET /v1/responses/{id}, answered with OpenAI's error shape for anything else.
// Requests run on a pool of workers, so one slow MCP server holds one worker, not the rest.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "mock_openai/serve_service.hpp"

namespace httplib {
class Server;
}

namespace mcp::mock::serve {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::size_t max_body_bytes = 8u << 20;
  std::size_t workers = 32;
};

class ResponsesHttpServer {
 public:
  ResponsesHttpServer(HttpOptions http, ServiceOptions service);
  ~ResponsesHttpServer();
  ResponsesHttpServer(const ResponsesHttpServer&) = delete;
  ResponsesHttpServer& operator=(const ResponsesHttpServer&) = delete;

  /// Binds; the port chosen. Throws std::runtime_error when it cannot listen.
  int bind();
  /// Serves until stop(); false when the accept loop failed.
  bool serve();
  void stop();
  /// "http://HOST:PORT/v1", the base URL an OpenAI SDK takes.
  std::string base_url() const;

 private:
  void install_routes();

  HttpOptions http_options_;
  ResponsesService service_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  int listening_socket_ = -1;
  std::mutex lifecycle_mutex_;
  bool serving_ = false;
  bool stopped_ = false;
};

}  // namespace mcp::mock::serve
