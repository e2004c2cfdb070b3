#include "conformance/tests/silent_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>

#include "protocol/headers.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/request_metadata.hpp"
#include "protocol/versions.hpp"

namespace mcp::conformance {
namespace {

/// Everything a server can offer, so that every check that needs a capability
/// runs; or nothing, so that the checks of undeclared features run.
Json capabilities(SilentServer::Offer offer) {
  if (offer == SilentServer::Offer::kNothing) return Json::object();
  return Json{{"tools", {{"listChanged", true}}},
              {"resources", {{"subscribe", true}, {"listChanged", true}}},
              {"prompts", {{"listChanged", true}}},
              {"logging", Json::object()},
              {"completions", Json::object()}};
}

Json initialize_result(const Json& request, SilentServer::Offer offer) {
  auto version = request["params"].value("protocolVersion", std::string());
  if (!parse_protocol_version(version) || is_modern(*parse_protocol_version(version)))
    version = std::string(to_string(kLatestLegacyVersion));
  return Json{{"protocolVersion", version},
              {"capabilities", capabilities(offer)},
              {"serverInfo", {{"name", "silent-after-handshake"}, {"version", "1.0.0"}}}};
}

Json discover_result(SilentServer::Offer offer) {
  return Json{
      {"supportedVersions", {std::string(to_string(kLatestModernVersion))}},
      {"capabilities", capabilities(offer)},
      {"resultType", "complete"},
      {"_meta",
       {{modern::kServerInfoKey, {{"name", "silent-after-handshake"}, {"version", "1.0.0"}}}}}};
}

/// Shuts down the socket that `request` came on (found among this process's
/// descriptors by its two ends), so its client gets no response at all.
void drop_connection(const httplib::Request& request, int server_port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    sockaddr_in peer{};
    sockaddr_in local{};
    socklen_t peer_size = sizeof peer;
    socklen_t local_size = sizeof local;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        peer.sin_family != AF_INET) {
      continue;
    }
    if (ntohs(peer.sin_port) == request.remote_port && ntohs(local.sin_port) == server_port) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
  }
}

}  // namespace

SilentServer::SilentServer(Era era, Silence silence, Offer offer, std::chrono::milliseconds hold)
    : era_(era), silence_(silence), offer_(offer), hold_(hold) {
  // Held requests each take a thread: enough for every check in flight.
  server_.http().new_task_queue = [] { return new httplib::ThreadPool(64); };
  server_.http().Post("/mcp", [this](const httplib::Request& req, httplib::Response& res) {
    const auto message = jsonrpc::parse(req.body).value.value_or(Json::object());
    const auto method = message.is_object() ? message.value("method", std::string()) : "";
    if (era_ == Era::kInitialize && method == "initialize") {
      if (offer_ == Offer::kEverything) res.set_header(headers::kSessionId, "silent-session");
      res.set_content(
          jsonrpc::make_result(message["id"], initialize_result(message, offer_)).dump(),
          "application/json");
      return;
    }
    if (era_ == Era::kInitialize && method == "notifications/initialized") {
      res.status = 202;
      return;
    }
    if (era_ == Era::kDiscover && method == "server/discover") {
      res.set_content(jsonrpc::make_result(message["id"], discover_result(offer_)).dump(),
                      "application/json");
      return;
    }
    go_silent(req);
  });
  server_.http().Get("/mcp",
                     [this](const httplib::Request& req, httplib::Response&) { go_silent(req); });
  server_.http().Delete(
      "/mcp", [this](const httplib::Request& req, httplib::Response&) { go_silent(req); });
  server_.start();
}

void SilentServer::go_silent(const httplib::Request& request) {
  if (silence_ == Silence::kHold && !server_.hold(hold_)) return;
  drop_connection(request, server_.port());
}

}  // namespace mcp::conformance
