#include "testing/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/process.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

namespace bp = boost::process;

namespace mcp::testing {

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = 5ms;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::milliseconds>(pause * 2, 100ms);
  }
  return true;
}

struct ChildProcess::Impl {
  bp::ipstream out;
  bp::ipstream err;
  bp::child child;
  std::thread out_reader;
  std::thread err_reader;

  mutable std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::string> lines;
  bool out_closed = false;
  std::string err_text;
  std::optional<int> exit_status;
};

ChildProcess::ChildProcess(const std::string& executable, const std::vector<std::string>& args)
    : impl_(std::make_unique<Impl>()) {
  impl_->child = bp::child(bp::exe = executable, bp::args = args, bp::std_out > impl_->out,
                           bp::std_err > impl_->err, bp::std_in < bp::null);
  impl_->out_reader = std::thread([impl = impl_.get()] {
    std::string line;
    while (std::getline(impl->out, line)) {
      const std::lock_guard lock(impl->mutex);
      impl->lines.push_back(line);
      impl->cv.notify_all();
    }
    const std::lock_guard lock(impl->mutex);
    impl->out_closed = true;
    impl->cv.notify_all();
  });
  impl_->err_reader = std::thread([impl = impl_.get()] {
    std::string line;
    while (std::getline(impl->err, line)) {
      const std::lock_guard lock(impl->mutex);
      impl->err_text += line + "\n";
    }
  });
}

ChildProcess::~ChildProcess() {
  if (!impl_->exit_status) stop(SIGKILL, 5s);
  if (impl_->out_reader.joinable()) impl_->out_reader.join();
  if (impl_->err_reader.joinable()) impl_->err_reader.join();
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->cv.wait_for(lock, timeout, [&] { return !impl_->lines.empty() || impl_->out_closed; });
  if (impl_->lines.empty()) return std::nullopt;
  auto line = std::move(impl_->lines.front());
  impl_->lines.pop_front();
  return line;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (impl_->exit_status) return impl_->exit_status;
  {
    // stdout reaching EOF means the process has exited (or closed it on purpose).
    std::unique_lock lock(impl_->mutex);
    if (!impl_->cv.wait_for(lock, timeout, [&] { return impl_->out_closed; })) return std::nullopt;
  }
  int status = 0;
  if (waitpid(impl_->child.id(), &status, 0) < 0) return std::nullopt;
  impl_->child.detach();  // reaped above; keep boost from waiting again
  impl_->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (impl_->out_reader.joinable()) impl_->out_reader.join();
  if (impl_->err_reader.joinable()) impl_->err_reader.join();
  return impl_->exit_status;
}

int ChildProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (impl_->exit_status) return *impl_->exit_status;
  ::kill(impl_->child.id(), signal);
  if (auto status = wait(timeout)) return *status;
  ::kill(impl_->child.id(), SIGKILL);
  return wait(10s).value_or(-1);
}

std::string ChildProcess::stderr_text() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->err_text;
}

int ChildProcess::pid() const {
  return impl_->child.id();
}

ReferenceServer::ReferenceServer(std::vector<std::string> args) {
  args.insert(args.begin(), {"--port", "0"});
  process_ = std::make_unique<ChildProcess>(MCPC_REFERENCE_SERVER_EXE, args);
  const auto line = process_->read_line(20s);
  static const std::regex kListening(R"(^listening on (http://([^/]+):(\d+)/mcp)$)");
  std::smatch match;
  if (!line || !std::regex_match(*line, match, kListening)) {
    ADD_FAILURE() << "reference server did not report listening; got '"
                  << line.value_or("<nothing>") << "', stderr: " << process_->stderr_text();
    throw std::runtime_error("reference server did not start");
  }
  url_ = match[1];
  host_ = match[2];
  port_ = std::stoi(match[3]);
}

int ReferenceServer::stop(std::chrono::milliseconds timeout) {
  return process_->stop(SIGTERM, timeout);
}

}  // namespace mcp::testing
