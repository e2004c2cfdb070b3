#include "reference_server/stdio_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "protocol/request_metadata.hpp"
#include "protocol/toolkit_version.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/log.hpp"

namespace mcp::server {
namespace {

/// Whether a message read from stdin is served by the 2026-07-28 rules: all of
/// them on a modern-only server, those carrying the envelope on a dual-era one.
bool serves_modern(const Options& options, const Json& message) {
  if (options.era == Era::kLegacy || message.is_array()) return false;
  return options.era == Era::kModern || modern::has_envelope(message);
}

/// Why a batch read from stdin is refused, or "" when it is served (a
/// 2025-03-26 session's). 2026-07-28 has no batches: a member with the
/// envelope makes the batch one of that revision, as over Streamable HTTP.
std::string batch_refusal(const Options& options, const Json& batch,
                          ProtocolVersion session_version) {
  if (batch.empty()) return "Invalid Request: empty batch";
  const bool modern =
      options.era == Era::kModern ||
      (options.era == Era::kDual && std::any_of(batch.begin(), batch.end(), [](const Json& m) {
         return modern::has_envelope(m);
       }));
  if (modern) return "Invalid Request: protocol 2026-07-28 has no JSON-RPC batches";
  if (!allows_batches(session_version)) return "Invalid Request: batches exist only in 2025-03-26";
  return "";
}

/// The 2026-07-28 requests of a stdio connection: each runs in a session of
/// its own, made from its envelope; notifications/cancelled ends one by id
/// (on stdio that is how a client closes a listen stream or stops a call).
class ModernRequests {
 public:
  ModernRequests(const Options& options, Dispatcher& dispatcher, const Emit& write)
      : options_(options), dispatcher_(dispatcher), write_(write) {}

  void serve(Json message, httplib::ThreadPool& workers) {
    const auto classified = jsonrpc::classify(message);
    if (classified.kind == jsonrpc::Kind::kInvalid) {
      write_(jsonrpc::make_error(classified.id, jsonrpc::kInvalidRequest,
                                 "Invalid Request: " + classified.problem));
      return;
    }
    if (classified.kind == jsonrpc::Kind::kResponse) return;  // no server requests: nothing waits
    if (classified.kind == jsonrpc::Kind::kNotification) {
      cancel(message);
      return;
    }
    const Json& id = message["id"];
    if (options_.era == Era::kModern && !modern::has_envelope(message) &&
        message["method"] == "initialize") {
      const auto params = message.value("params", Json::object());
      const auto requested = params.is_object() ? params.value("protocolVersion", Json()) : Json();
      write_(Dispatcher::unsupported_version(
          id, requested.is_string() ? requested.get<std::string>() : ""));
      return;
    }
    auto admitted = dispatcher_.admit_modern(message);
    if (!admitted.session) {
      write_(admitted.error);
      return;
    }
    const auto key = id.dump();
    {
      const std::lock_guard lock(mutex_);
      running_[key] = admitted.session;
    }
    workers.enqueue([this, key, request = std::move(message), session = admitted.session] {
      if (auto response = dispatcher_.handle_request(request, *session, write_)) write_(*response);
      const std::lock_guard lock(mutex_);
      if (const auto it = running_.find(key); it != running_.end() && it->second == session)
        running_.erase(it);
    });
  }

  /// Ends the modern request a notifications/cancelled names, if it runs.
  void cancel(const Json& notification) {
    if (!notification.is_object() ||
        notification.value("method", Json()) != "notifications/cancelled")
      return;
    const auto params = notification.value("params", Json::object());
    if (!params.is_object() || !params.contains("requestId")) return;
    std::shared_ptr<Session> session;
    {
      const std::lock_guard lock(mutex_);
      const auto it = running_.find(params["requestId"].dump());
      if (it == running_.end()) return;
      session = it->second;
    }
    session->terminate();  // cancels what it runs; a listen ends without a result
  }

 private:
  const Options& options_;
  Dispatcher& dispatcher_;
  const Emit& write_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>> running_;  // key: serialised id
};

}  // namespace

int serve_stdio(const Options& options, std::istream& in, std::ostream& out, McpHooks hooks) {
  auto catalog = make_reference_catalog(options.trap_tool);
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
  // A 2026-07-28 client gets notifications only on the listen streams it
  // opens; a legacy one (it has sent something without the envelope) gets
  // them on stdout as before.
  std::atomic<bool> legacy_client{false};
  dispatcher.set_notifier([&](const Json& notification, const std::string& uri) {
    if (!legacy_client) return;
    if (uri.empty() || session.subscribed(uri)) write(notification);
  });
  // Tools may block (sleep): run requests off the reading thread.
  httplib::ThreadPool workers(options.max_streams);
  ModernRequests modern{options, dispatcher, write};

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
      if (const auto refusal = batch_refusal(options, body, session.protocol_version());
          !refusal.empty()) {
        write(jsonrpc::make_error(nullptr, jsonrpc::kInvalidRequest, refusal));
        continue;
      }
      workers.enqueue([&, batch = std::move(body)] {
        if (auto responses = dispatcher.route_batch(batch, session, write)) write(*responses);
      });
      continue;
    }
    if (serves_modern(options, body)) {
      modern.serve(std::move(body), workers);
      continue;
    }
    // A cancellation carries no envelope: it may be for a modern request.
    modern.cancel(body);
    if (body.is_object() && body.contains("id") && body.contains("method")) legacy_client = true;
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
