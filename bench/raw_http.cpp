#include "bench/raw_http.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace bench {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

long count_entries(const std::string& directory) {
  DIR* dir = opendir(directory.c_str());
  if (!dir) return -1;
  long count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

}  // namespace

Connection::Connection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

Connection::Connection(Connection&& other) noexcept
    : fd_(other.fd_), received_(std::move(other.received_)) {
  other.fd_ = -1;
}

bool Connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return fd_ >= 0;
}

bool Connection::read_some(Clock::time_point deadline) {
  if (fd_ < 0) return false;
  pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
  if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
  char buffer[16384];
  const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) return false;
  received_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

bool Connection::closed_by_peer(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (read_some(deadline)) {
  }
  if (fd_ < 0) return true;
  pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char byte = 0;
  return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

void Connection::reset() {
  if (fd_ < 0) return;
  const linger abort{.l_onoff = 1, .l_linger = 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  ::close(fd_);
  fd_ = -1;
}

int complete_response_status(const std::string& bytes) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos || bytes.size() < 12) return 0;
  int status = 0;
  std::from_chars(bytes.data() + 9, bytes.data() + 12, status);
  const auto body = head_end + 4;
  if (lower(header_value(bytes, "Transfer-Encoding")) == "chunked") {
    return bytes.find("\r\n0\r\n\r\n", head_end) != std::string::npos ? status : 0;
  }
  std::size_t length = 0;
  const auto text = header_value(bytes, "Content-Length");
  std::from_chars(text.data(), text.data() + text.size(), length);
  return bytes.size() >= body + length ? status : 0;
}

bool has_first_sse_event(const std::string& bytes) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  // An event ends with a blank line; the server writes each event in one chunk.
  return bytes.find("\n\n", head_end + 4) != std::string::npos;
}

std::string header_value(const std::string& bytes, const std::string& name) {
  const auto head = lower(bytes.substr(0, bytes.find("\r\n\r\n")));
  const auto at = head.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return "";
  const auto start = bytes.find_first_not_of(' ', at + name.size() + 3);
  const auto end = bytes.find("\r\n", start);
  return bytes.substr(start, end - start);
}

std::string post_request(const std::string& path, const std::string& body,
                         const std::vector<std::string>& headers) {
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& header : headers)
    request += header + "\r\n";
  return request + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

ServerProcess::ServerProcess(const std::string& executable, const std::vector<std::string>& args,
                             const std::vector<std::string>& command) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<std::string> words{executable};
  words.insert(words.end(), command.begin(), command.end());
  words.insert(words.end(), {"--port", "0"});
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const int spawned =
      posix_spawn(&pid_, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    throw std::runtime_error("cannot start " + executable + ": " + std::strerror(spawned));
  }
  // The server prints exactly one line when ready: "listening on http://HOST:PORT/mcp".
  std::string line;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  char c = 0;
  while (line.find('\n') == std::string::npos) {
    pollfd p{.fd = out[0], .events = POLLIN, .revents = 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0 || ::read(out[0], &c, 1) != 1) break;
    line += c;
  }
  ::close(out[0]);
  const auto colon = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    throw std::runtime_error("the server did not start: '" + line + "'");
  }
  std::from_chars(line.data() + colon + 1, line.data() + line.size(), port_);
  url_ = line.substr(std::strlen("listening on "));
  url_.erase(url_.find_last_not_of("\r\n") + 1);
}

ServerProcess::~ServerProcess() {
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

Usage sample(pid_t pid) {
  const auto proc = "/proc/" + std::to_string(pid);
  Usage usage{.fds = count_entries(proc + "/fd"), .threads = count_entries(proc + "/task")};
  std::ifstream status(proc + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) usage.rss_kib = std::stol(line.substr(6));
  }
  return usage;
}

}  // namespace bench
