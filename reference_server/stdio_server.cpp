#include "reference_server/stdio_server.hpp"

#include <httplib.h>

#include <mutex>
#include <string>

#include "protocol/toolkit_version.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {

int serve_stdio(const Options& options, std::istream& in, std::ostream& out, McpHooks hooks) {
  auto catalog = make_reference_catalog();
  Dispatcher dispatcher(ServerInfo{.version = kToolkitVersion}, *catalog, options.page_size,
                        std::move(hooks));
  Session session("stdio");
  session.set_served_versions(legacy_protocol_versions());
  std::mutex out_mutex;
  const Emit write = [&](const Json& message) {
    const std::lock_guard lock(out_mutex);
    out << jsonrpc::serialize(message) << '\n' << std::flush;
  };
  // List changes and resource updates go to the one client (its subscriptions permitting).
  dispatcher.set_notifier([&](const Json& notification, const std::string& uri) {
    if (uri.empty() || session.subscribed(uri)) write(notification);
  });
  // Tools may block (sleep): run requests off the reading thread.
  httplib::ThreadPool workers(options.max_streams);

  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto parsed = jsonrpc::parse(line);
    if (!parsed.value) {
      write(jsonrpc::make_error(nullptr, jsonrpc::kParseError, "Parse error: " + parsed.error));
      continue;
    }
    Json body = std::move(*parsed.value);
    if (body.is_array()) {
      if (body.empty() || !allows_batches(session.protocol_version())) {
        write(jsonrpc::make_error(nullptr, jsonrpc::kInvalidRequest,
                                  body.empty()
                                      ? "Invalid Request: empty batch"
                                      : "Invalid Request: batches exist only in 2025-03-26"));
        continue;
      }
      workers.enqueue([&, batch = std::move(body)] {
        if (auto responses = dispatcher.route_batch(batch, session, write)) write(*responses);
      });
      continue;
    }
    auto routed = dispatcher.route(body, session);
    if (routed.kind == Routed::Kind::kInvalid) {
      write(routed.error);
    } else if (routed.kind == Routed::Kind::kRequest) {
      workers.enqueue([&, request = std::move(body)] {
        if (auto response = dispatcher.handle_request(request, session, write)) write(*response);
      });
    }
  }
  // EOF: the client is gone. Stop running tools so the process exits promptly.
  log_line(LogLevel::kInfo, "stdin closed, shutting down");
  dispatcher.cancel_all();
  workers.shutdown();
  return 0;
}

}  // namespace mcp::server
