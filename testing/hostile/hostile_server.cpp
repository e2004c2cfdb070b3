// mcpc-hostile-server: an MCP server that is broken on purpose, one way per
// --mode, for the hostile-peer tests of mcp-conformance and mock-openai. It
// speaks raw HTTP/1.1 over its own sockets (not a library) so it can send what
// no library would: half a response, a reset, bytes that are not HTTP.
//
// Modes that break from the first byte (no MCP server answers at all):
//   silent, trickling, garbage, slow-initialize
// Modes that answer initialize correctly, then misbehave on every other request:
//   silent-after-init, reset, endless-sse, huge-events, huge-body, deep-json,
//   huge-headers, invalid-utf8, echo-secrets (echoes from the first answer on), response-flood
//
// Prints "listening on http://127.0.0.1:PORT/mcp" once it accepts connections.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "protocol/toolkit_version.hpp"

namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

struct Options {
  std::string mode;
  std::size_t size = 15u << 20;  // huge-body: bytes of padding per answer (under a 16 MiB limit)
  std::chrono::milliseconds delay = 5000ms;  // slow-initialize
  int status = 401;                          // http-status
  int requests = 40;                         // exits-after
};

const std::map<std::string, std::string>& mode_help() {
  static const std::map<std::string, std::string> modes{
      {"silent", "accepts connections and never answers"},
      {"trickling", "answers everything one byte every 200 ms"},
      {"garbage", "answers every request with bytes that are not HTTP"},
      {"slow-initialize", "answers initialize after --delay-ms"},
      {"silent-after-init", "answers the handshake, then holds every request unanswered"},
      {"reset", "answers the handshake, then resets the connection on every request"},
      {"endless-sse", "answers the handshake, then streams small SSE events forever"},
      {"huge-events", "answers the handshake, then streams 1 MiB SSE events forever"},
      {"huge-body", "answers the handshake, then pads every answer to --size bytes"},
      {"deep-json", "answers the handshake, then nests every answer 100,000 arrays deep"},
      {"huge-headers", "answers the handshake, then sends 64 KiB header lines and 5,000 headers"},
      {"invalid-utf8",
       "answers the handshake, then with invalid UTF-8, NUL and control characters"},
      {"echo-secrets", "echoes the request line, headers and body in every answer"},
      {"response-flood",
       "answers the handshake, then 10,000 responses with random ids per request"},
      {"http-status", "answers every POST with HTTP --status and a text body, never JSON-RPC"},
      {"exits-after", "answers --requests POSTs well, then exits (a server dying mid-run)"},
      {"tools-list-array", "answers well, but tools/list with a bare array of tools"},
  };
  return modes;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct Request {
  std::string method;
  std::string target;
  std::string head;  // the request line and headers, as sent
  std::string body;
};

/// Reads one request; nullopt when the peer closed or sent something unreadable.
std::optional<Request> read_request(int fd, std::string& buffer) {
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0 || buffer.size() > (1u << 20)) return std::nullopt;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  Request request;
  request.head = buffer.substr(0, end);
  buffer.erase(0, end + 4);
  const auto space = request.head.find(' ');
  request.method = request.head.substr(0, space);
  request.target = request.head.substr(space + 1, request.head.find(' ', space + 1) - space - 1);
  std::size_t length = 0;
  std::string lower = request.head;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (const auto at = lower.find("\ncontent-length:"); at != std::string::npos)
    length = std::stoul(lower.substr(at + 16));
  if (length > (64u << 20)) return std::nullopt;
  while (buffer.size() < length) {
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  request.body = buffer.substr(0, length);
  buffer.erase(0, length);
  return request;
}

std::string http_response(int status, const std::string& type, const std::string& body,
                          const std::string& extra_headers = {}) {
  const char* reason = status == 200   ? "OK"
                       : status == 202 ? "Accepted"
                       : status == 405 ? "Method Not Allowed"
                                       : "Refused";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  if (!type.empty()) out += "Content-Type: " + type + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n";
  return out + body;
}

Json initialize_result(const Json& params) {
  static const std::set<std::string> known{"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};
  const std::string asked = params.value("protocolVersion", "");
  return {{"protocolVersion", known.contains(asked) ? asked : "2025-11-25"},
          {"capabilities", {{"tools", Json::object()}}},
          {"serverInfo", {{"name", "hostile"}, {"version", "1.0.0"}}}};
}

Json tools_list_result(const std::string& description) {
  return {{"tools", Json::array({{{"name", "echo"},
                                  {"description", description},
                                  {"inputSchema",
                                   {{"type", "object"},
                                    {"properties", {{"text", {{"type", "string"}}}}},
                                    {"required", Json::array({"text"})}}},
                                  {"annotations", {{"readOnlyHint", true}}}}})}};
}

/// What a well-behaved server answers; nullopt for a notification or response.
std::optional<Json> good_answer(const Json& message, const std::string& description) {
  if (!message.is_object() || !message.contains("id") || !message.contains("method"))
    return std::nullopt;
  const std::string method = message.value("method", "");
  Json out{{"jsonrpc", "2.0"}, {"id", message["id"]}};
  if (method == "initialize")
    out["result"] = initialize_result(message.value("params", Json::object()));
  else if (method == "tools/list")
    out["result"] = tools_list_result(description);
  else if (method == "tools/call")
    out["result"] = {{"content", Json::array({{{"type", "text"}, {"text", description}}})}};
  else if (method == "ping")
    out["result"] = Json::object();
  else
    out["error"] = {{"code", -32601}, {"message", "method not found: " + description}};
  return out;
}

class Connection {
 public:
  Connection(int fd, const Options& options) : fd_(fd), options_(options) {}

  void serve() {
    if (options_.mode == "silent") return hold();
    std::string buffer;
    while (auto request = read_request(fd_, buffer)) {
      if (!answer(*request)) return;
    }
  }

 private:
  /// Holds the connection open until the peer goes away.
  void hold() {
    char chunk[4096];
    while (::recv(fd_, chunk, sizeof chunk, 0) > 0) {
    }
  }

  bool answer(const Request& request) {
    const std::string& mode = options_.mode;
    if (mode == "garbage")
      return send_all(fd_, std::string("\x16\x03\x01\xff garbage \0\x7f\r\n", 19));
    if (request.method != "POST")
      return send_all(fd_, http_response(405, "", "", "Allow: POST\r\n"));
    if (mode == "http-status") {
      return send_all(fd_,
                      http_response(options_.status, "text/plain", "refused\n",
                                    options_.status == 401 ? "WWW-Authenticate: Bearer\r\n" : ""));
    }
    static std::atomic<int> posts{0};
    if (mode == "exits-after" && ++posts > options_.requests) std::_Exit(0);
    Json message = Json::parse(request.body, nullptr, false);
    const bool initialize = message.is_object() && message.value("method", "") == "initialize";
    const bool handshake = initialize || !message.contains("id") || !message.contains("method");
    const std::string description = mode == "echo-secrets" ? echo_of(request) : "echoes its text";
    std::optional<Json> answer = good_answer(message, description);
    if (mode == "tools-list-array" && answer && message.value("method", "") == "tools/list")
      (*answer)["result"] = Json((*answer)["result"]["tools"]);
    if (mode == "trickling") return trickle(reply_for(answer));
    if (mode == "slow-initialize" && initialize) std::this_thread::sleep_for(options_.delay);
    if (mode == "invalid-utf8" && answer && !initialize)
      return send_all(fd_, http_response(200, "application/json", spoil_utf8(*answer)));
    if (mode == "echo-secrets")
      return send_all(fd_, reply_for(answer, "X-Echo: " + description + "\r\n"));
    if (handshake || mode == "slow-initialize") return send_all(fd_, reply_for(answer));
    return misbehave(*answer);
  }

  static std::string echo_of(const Request& request) {
    std::string echo = request.head + "\n" + request.body;
    for (auto& c : echo)
      if (c == '\r' || c == '\n') c = ' ';
    return "you sent: " + echo;
  }

  static std::string reply_for(const std::optional<Json>& answer, const std::string& extra = {}) {
    if (!answer) return http_response(202, "", "", extra);
    return http_response(200, "application/json", answer->dump(), extra);
  }

  static std::string spoil_utf8(const Json& answer) {
    // Replace the serialised text of one string with bytes that are not UTF-8.
    std::string text = answer.dump();
    const std::string bad = std::string("\xff\xfe\xc3(\0\x01\x1b[31m", 10);
    if (const auto at = text.find("echoes its text"); at != std::string::npos)
      text.replace(at, 5, bad);
    if (const auto at = text.find("method not found"); at != std::string::npos)
      text.replace(at, 6, bad);
    return text;
  }

  bool trickle(const std::string& reply) {
    for (const char c : reply) {
      if (!send_all(fd_, std::string_view(&c, 1))) return false;
      std::this_thread::sleep_for(200ms);
    }
    return true;
  }

  bool misbehave(const Json& answer) {
    const std::string& mode = options_.mode;
    if (mode == "silent-after-init") {
      hold();
      return false;
    }
    if (mode == "reset") {
      const linger hard{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
      return false;
    }
    if (mode == "endless-sse" || mode == "huge-events")
      return stream_forever(answer, mode == "huge-events");
    if (mode == "huge-body")
      return send_all(fd_, http_response(200, "application/json", padded(answer)));
    if (mode == "deep-json") {
      const std::string deep = std::string(100000, '[') + std::string(100000, ']');
      return send_all(fd_, http_response(200, "application/json", deep));
    }
    if (mode == "huge-headers") return send_all(fd_, huge_header_reply(answer));
    if (mode == "response-flood") return flood(answer);
    return send_all(fd_, reply_for(answer));
  }

  std::string padded(Json answer) const {
    answer["result"]["_padding"] = std::string(options_.size, 'x');
    return answer.dump();
  }

  static std::string huge_header_reply(const Json& answer) {
    std::string extra = "X-Long: " + std::string(64u << 10, 'h') + "\r\n";
    for (int i = 0; i < 5000; ++i)
      extra += "X-Many-" + std::to_string(i) + ": v\r\n";
    return http_response(200, "application/json", answer.dump(), extra);
  }

  bool sse_head() {
    return send_all(
        fd_,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n\r\n");
  }

  bool stream_forever(const Json& answer, bool huge) {
    if (!sse_head()) return false;
    Json note{
        {"jsonrpc", "2.0"},
        {"method", "notifications/message"},
        {"params", {{"level", "info"}, {"data", huge ? std::string(1u << 20, 'e') : "tick"}}}};
    const std::string event = "event: message\ndata: " + note.dump() + "\n\n";
    (void)answer;  // never sent: the stream never ends
    while (send_all(fd_, event)) {
    }
    return false;
  }

  bool flood(const Json& answer) {
    if (!sse_head()) return false;
    std::mt19937_64 random(42);
    std::string batch;
    for (int i = 0; i < 10000; ++i) {
      Json stray{{"jsonrpc", "2.0"}, {"id", std::to_string(random())}, {"result", Json::object()}};
      batch += "event: message\ndata: " + stray.dump() + "\n\n";
      if (batch.size() > (1u << 16)) {
        if (!send_all(fd_, batch)) return false;
        batch.clear();
      }
    }
    batch += "event: message\ndata: " + answer.dump() + "\n\n";
    send_all(fd_, batch);
    return false;  // Connection: close ends the stream
  }

  int fd_;
  const Options& options_;
};

int usage(const char* problem) {
  std::cerr << (problem ? std::string("mcpc-hostile-server: ") + problem + "\n" : "")
            << "usage: mcpc-hostile-server --mode MODE [--size BYTES] [--delay-ms MS] "
               "[--status CODE] [--requests N] | --version\n"
            << "modes:\n";
  for (const auto& [name, what] : mode_help())
    std::cerr << "  " << name << ": " << what << "\n";
  return problem ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help") return usage(nullptr);
    if (arg == "--version") {
      std::cout << "mcpc-hostile-server " << mcp::kToolkitVersion << "\n";
      return 0;
    }
    if (i + 1 >= argc) return usage(("missing the value of " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--mode")
      options.mode = value;
    else if (arg == "--size")
      options.size = std::stoul(value);
    else if (arg == "--delay-ms")
      options.delay = std::chrono::milliseconds(std::stol(value));
    else if (arg == "--status")
      options.status = std::stoi(value);
    else if (arg == "--requests")
      options.requests = std::stoi(value);
    else
      return usage(("unknown option " + arg).c_str());
  }
  if (!mode_help().contains(options.mode)) return usage("--mode is missing or unknown");
  ::signal(SIGPIPE, SIG_IGN);

  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, 128) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::cerr << "mcpc-hostile-server: cannot listen: " << std::strerror(errno) << "\n";
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << ntohs(address.sin_port) << "/mcp" << std::endl;
  for (;;) {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    std::thread([fd, &options] {
      try {
        Connection(fd, options).serve();
      } catch (const std::exception&) {
        // A request it cannot read (a method that is not a string...): drop the connection.
      }
      ::close(fd);
    }).detach();
  }
}
