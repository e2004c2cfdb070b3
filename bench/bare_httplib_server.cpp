// bench-bare-httplib [--threads N | --version]: the throughput floor for any server built on
// this cpp-httplib. Same socket and keep-alive settings as mcp-reference-server;
// no MCP work at all.
#include <httplib.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

#include "protocol/toolkit_version.hpp"

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "bench-bare-httplib " << mcp::kToolkitVersion << "\n";
    return 0;
  }
  std::size_t threads = 128;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::strtoul(argv[i + 1], nullptr, 10);
  }
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(5);
  static const std::string kBody =
      R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}]}})";
  server.Post("/mcp", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kBody, "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "bench-bare-httplib: cannot bind\n";
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << port << "/mcp" << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
