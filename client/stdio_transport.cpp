#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "client/transport.hpp"

namespace bp = boost::process;

namespace mcp::client {

struct StdioTransport::Process {
  bp::opstream in;
  bp::ipstream out;
  bp::ipstream err;
  bp::child child;
  std::thread out_reader;
  std::thread err_reader;
  std::mutex mutex;
  std::string err_text;
  std::optional<int> exit_status;
  bool stdin_closed = false;
  bool shut_down = false;
};

namespace {
constexpr std::size_t kMaxStderr = 1u << 20;
/// A stdout line (one message) longer than this is consumed but not kept: a
/// server that never ends its line cannot make us hold it all.
constexpr std::size_t kMaxLine = 16u << 20;

/// Reads one line, keeping at most `limit` bytes of it (`too_long` says when
/// more came); false at the end of the stream.
bool read_line_bounded(std::istream& in, std::string& line, std::size_t limit, bool& too_long) {
  line.clear();
  too_long = false;
  auto* buffer = in.rdbuf();
  for (;;) {
    const auto c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) return !line.empty() || too_long;
    if (c == '\n') return true;
    if (line.size() < limit)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
}

/// Reaps `pid` if it exits within `timeout`; its exit status (128 + signal when
/// a signal ended it). Checks every 10 ms: a child's exit has no waitable handle here.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t reaped = ::waitpid(pid, &status, WNOHANG);
    if (reaped == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (reaped < 0 || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}
/// Runs in the child between fork and exec. Pipes Boost.Process makes for other
/// children are inherited without close-on-exec; a server holding another
/// server's stdin open keeps that one from seeing EOF, and its shutdown then
/// waits out the grace period. Only 0, 1 and 2 should survive the exec.
struct InheritOnlyStdio : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor& /*executor*/) const {
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    // Kernels before 5.11: mark them one by one (fcntl is async-signal-safe).
    const long open_max = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < std::min(open_max, 65536L); ++fd) {
      const int flags = ::fcntl(fd, F_GETFD);
      if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
  }
};
}  // namespace

StdioTransport::StdioTransport(std::string command, Deadlines deadlines, Transcript* transcript)
    : command_(std::move(command)), deadlines_(deadlines), transcript_(transcript) {}

StdioTransport::~StdioTransport() {
  shutdown();
}

bool StdioTransport::start() {
  auto process = std::make_unique<Process>();
  try {
    // exec: the shell becomes the server, so signals and the exit status are its own.
    process->child = bp::child(bp::exe = "/bin/sh", bp::args = {"-c", "exec " + command_},
                               bp::std_in<process->in, bp::std_out> process->out,
                               bp::std_err > process->err, InheritOnlyStdio{});
  } catch (const std::exception& e) {
    error_ = std::string("cannot start '") + command_ + "': " + e.what();
    return false;
  }
  Process* p = process.get();
  process->out_reader = std::thread([this, p] {
    std::string line;
    const auto replier = [this](const Json& answer) {
      write_line(answer, "reply to server request");
    };
    bool too_long = false;
    while (read_line_bounded(p->out, line, kMaxLine, too_long)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      Exchange exchange;
      exchange.transport = "stdio";
      exchange.method = "receive";
      exchange.url = "stdout";
      exchange.label = "server message";
      exchange.response_body = line;
      exchange.started_ms = exchange.completed_ms = transcript_ ? transcript_->now_ms() : 0;
      auto parsed = too_long ? jsonrpc::ParseOutcome{} : jsonrpc::parse(line);
      if (too_long)
        exchange.error = "stdout line longer than " + std::to_string(kMaxLine) + " bytes";
      else if (!parsed.value)
        exchange.error = "stdout line is not JSON: " + parsed.error;
      if (transcript_) transcript_->add(std::move(exchange));
      if (parsed.value) router_.deliver(*parsed.value, "stdout", replier);
    }
    router_.close("the server closed its stdout");
  });
  process->err_reader = std::thread([p] {
    std::string line;
    bool too_long = false;
    while (read_line_bounded(p->err, line, kMaxStderr, too_long)) {
      const std::lock_guard lock(p->mutex);
      if (p->err_text.size() < kMaxStderr) p->err_text += line + "\n";
    }
  });
  process_ = std::move(process);
  return true;
}

bool StdioTransport::write_line(const Json& message, const std::string& label) {
  return write_text(jsonrpc::serialize(message), label);
}

bool StdioTransport::write_text(const std::string& text, const std::string& label) {
  Exchange exchange;
  exchange.transport = "stdio";
  exchange.method = "send";
  exchange.url = "stdin";
  exchange.label = label;
  exchange.request_body = text;
  exchange.started_ms = exchange.completed_ms = transcript_ ? transcript_->now_ms() : 0;
  bool ok = false;
  {
    const std::lock_guard lock(process_->mutex);
    if (!process_->stdin_closed) {
      // A server that exited turns the write into SIGPIPE, which would kill the
      // caller: block it on this thread and discard it, keeping the EPIPE error.
      sigset_t pipe_only;
      sigset_t previous;
      sigemptyset(&pipe_only);
      sigaddset(&pipe_only, SIGPIPE);
      pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
      process_->in << exchange.request_body << '\n' << std::flush;
      ok = static_cast<bool>(process_->in);
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_only, nullptr, &no_wait) > 0) {
      }
      pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    }
  }
  if (!ok) exchange.error = "cannot write to the server's stdin (it exited?)";
  if (transcript_) transcript_->add(std::move(exchange));
  return ok;
}

CallResult StdioTransport::request(const Json& message, const std::string& label) {
  CallResult out;
  if (!process_) {
    out.error = "the server process is not running";
    return out;
  }
  const Json id = message["id"];
  router_.expect(id);
  const auto start = std::chrono::steady_clock::now();
  if (!write_line(message, label)) {
    router_.take(id);
    out.error = "cannot write to the server's stdin (it exited?)";
    return out;
  }
  out.response = router_.wait(id, start + deadlines_.total);
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!out.response) {
    const auto closed = router_.closed_reason();
    out.error = closed.empty() ? "no response on stdout within " +
                                     std::to_string(deadlines_.total.count()) + " ms"
                               : "no response: " + closed;
  }
  return out;
}

CallResult StdioTransport::notify(const Json& message, const std::string& label) {
  CallResult out;
  if (!process_ || !write_line(message, label)) out.error = "cannot write to the server's stdin";
  return out;
}

CallResult StdioTransport::send_raw(const std::string& text, const std::string& label) {
  CallResult out;
  if (text.find('\n') != std::string::npos)
    out.error = "a raw line must not hold a newline";
  else if (!process_ || !write_text(text, label))
    out.error = "cannot write to the server's stdin";
  return out;
}

void StdioTransport::shutdown() {
  if (!process_ || process_->shut_down) return;
  process_->shut_down = true;
  {
    const std::lock_guard lock(process_->mutex);
    if (!process_->stdin_closed) {
      process_->stdin_closed = true;
      process_->in.pipe().close();  // EOF on stdin asks a stdio server to exit
    }
  }
  // EOF first, then SIGTERM, then SIGKILL, each with a grace period.
  const pid_t pid = process_->child.id();
  for (const int signal : {0, SIGTERM, SIGKILL}) {
    if (signal != 0) ::kill(pid, signal);
    if ((process_->exit_status = wait_exit(pid, std::chrono::seconds(2)))) break;
  }
  process_->child.detach();  // reaped above
  if (process_->out_reader.joinable()) process_->out_reader.join();
  if (process_->err_reader.joinable()) process_->err_reader.join();
  router_.close("transport shut down");
}

std::string StdioTransport::stderr_text() const {
  if (!process_) return {};
  const std::lock_guard lock(process_->mutex);
  return process_->err_text;
}

std::optional<int> StdioTransport::exit_status() const {
  return process_ ? process_->exit_status : std::nullopt;
}

}  // namespace mcp::client
