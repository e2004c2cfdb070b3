#include "reports/tests/headless_chromium.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace mcp::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A descriptor above the ones the child is given (3 and 4), closed on exec.
int high_fd(int fd) {
  const int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  close(fd);
  if (moved < 0) throw std::runtime_error(std::string("fcntl: ") + std::strerror(errno));
  return moved;
}

std::array<int, 2> make_pipe() {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  return {high_fd(fds[0]), high_fd(fds[1])};
}

}  // namespace

HeadlessChromium::HeadlessChromium(const std::string& executable,
                                   const std::filesystem::path& profile_dir)
    : stderr_path_(profile_dir / "chromium.stderr") {
  std::signal(SIGPIPE, SIG_IGN);  // a browser that died is reported, not a crash
  std::filesystem::create_directories(profile_dir);
  const auto commands = make_pipe();  // we write [1]; it reads [0] as fd 3
  const auto answers = make_pipe();   // it writes [1] as fd 4; we read [0]
  const std::vector<std::string> args{executable,
                                      "--headless",
                                      "--no-sandbox",  // as root in a CI container it has none
                                      "--disable-gpu",
                                      "--no-first-run",
                                      "--no-default-browser-check",
                                      "--user-data-dir=" + profile_dir.string(),
                                      "--remote-debugging-pipe",
                                      "--window-size=1280,900",
                                      "about:blank"};
  std::vector<char*> argv;
  for (const auto& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, commands[0], 3);
  posix_spawn_file_actions_adddup2(&actions, answers[1], 4);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  const int spawned =
      posix_spawn(&pid_, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(commands[0]);
  close(answers[1]);
  to_browser_ = commands[1];
  from_browser_ = answers[0];
  if (spawned != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + executable + ": " + std::strerror(spawned));
  }
  const Json target = command("Target.createTarget", {{"url", "about:blank"}}, false);
  const Json attached = command("Target.attachToTarget",
                                {{"targetId", target.at("targetId")}, {"flatten", true}}, false);
  session_ = attached.at("sessionId").get<std::string>();
  command("Page.enable", Json::object());
  command("Runtime.enable", Json::object());  // for exceptions the page does not catch
}

HeadlessChromium::~HeadlessChromium() {
  if (pid_ > 0) {
    const std::string close_browser = R"({"id":0,"method":"Browser.close"})" + std::string(1, '\0');
    [[maybe_unused]] const auto written =
        write(to_browser_, close_browser.data(), close_browser.size());
    // It closes its end of the pipe as it exits: wait for that, a while at most.
    pollfd ready{from_browser_, POLLIN, 0};
    std::array<char, 4096> sink;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline && poll(&ready, 1, 1000) >= 0) {
      if ((ready.revents & (POLLIN | POLLHUP)) != 0 &&
          read(from_browser_, sink.data(), sink.size()) <= 0)
        break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  if (to_browser_ >= 0) close(to_browser_);
  if (from_browser_ >= 0) close(from_browser_);
}

std::string HeadlessChromium::diagnostics() const {
  std::ifstream in(stderr_path_);
  std::stringstream text;
  text << in.rdbuf();
  std::string err = text.str();
  if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
  return err.empty() ? std::string() : "\nchromium's stderr:\n" + err;
}

Json HeadlessChromium::next_message() {
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    if (const auto end = pending_.find('\0'); end != std::string::npos) {
      const std::string text = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      return Json::parse(text);
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd ready{from_browser_, POLLIN, 0};
    if (left <= 0 || poll(&ready, 1, static_cast<int>(left)) <= 0)
      throw std::runtime_error("chromium did not answer within the timeout" + diagnostics());
    std::array<char, 65536> buffer;
    const auto got = read(from_browser_, buffer.data(), buffer.size());
    if (got <= 0) throw std::runtime_error("chromium closed the pipe (it exited)" + diagnostics());
    pending_.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

Json HeadlessChromium::command(const std::string& method, const Json& params, bool in_page) {
  const long id = next_id_++;
  Json message{{"id", id}, {"method", method}, {"params", params}};
  if (in_page) message["sessionId"] = session_;
  const std::string text = message.dump() + std::string(1, '\0');
  for (std::size_t sent = 0; sent < text.size();) {
    const auto n = write(to_browser_, text.data() + sent, text.size() - sent);
    if (n <= 0) throw std::runtime_error("cannot write to chromium: " + method + diagnostics());
    sent += static_cast<std::size_t>(n);
  }
  for (;;) {
    Json answer = next_message();
    if (!answer.contains("id") || answer["id"] != id) {
      keep(std::move(answer));
      continue;
    }
    if (answer.contains("error")) throw std::runtime_error(method + ": " + answer["error"].dump());
    return answer.value("result", Json::object());
  }
}

void HeadlessChromium::wait_for_event(const std::string& method) {
  for (;;) {
    while (!events_.empty()) {
      const Json event = std::move(events_.front());
      events_.pop_front();
      if (event.value("method", "") == method && event.value("sessionId", "") == session_) return;
    }
    keep(next_message());
  }
}

void HeadlessChromium::keep(Json event) {
  if (event.value("method", "") == "Runtime.exceptionThrown") {
    const Json details = event["params"].value("exceptionDetails", Json::object());
    const Json exception = details.value("exception", Json::object());
    page_errors_.push_back(exception.value("description", details.value("text", details.dump())));
    return;
  }
  events_.push_back(std::move(event));
}

void HeadlessChromium::navigate(const std::string& url) {
  events_.clear();
  const Json result = command("Page.navigate", {{"url", url}});
  if (result.contains("errorText"))
    throw std::runtime_error("cannot open " + url + ": " + result["errorText"].dump());
  wait_for_event("Page.loadEventFired");
}

void HeadlessChromium::reload() {
  events_.clear();
  command("Page.reload", Json::object());
  wait_for_event("Page.loadEventFired");
}

Json HeadlessChromium::evaluate(const std::string& expression) {
  const Json result =
      command("Runtime.evaluate",
              {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
  if (result.contains("exceptionDetails")) {
    const Json& details = result["exceptionDetails"];
    const std::string what = details.contains("exception")
                                 ? details["exception"].value("description", details.dump())
                                 : details.dump();
    throw std::runtime_error("the page threw: " + what);
  }
  return result.contains("result") ? result["result"].value("value", Json()) : Json();
}

void HeadlessChromium::allow_clipboard() {
  command("Browser.grantPermissions",
          {{"permissions", {"clipboardReadWrite", "clipboardSanitizedWrite"}}}, false);
}

}  // namespace mcp::testing
