#include "reports/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include "protocol/redaction.hpp"

namespace mcp::reports {
namespace {

std::string errno_text(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      if (written == 0) errno = EIO;  // no progress and no reason given; do not spin
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

bool write_file_atomically(const std::string& path, std::string_view content, std::string* error) {
  const auto fail = [error](std::string reason) {
    if (error != nullptr) *error = std::move(reason);
    return false;
  };
  const std::filesystem::path target(path);
  if (!target.has_filename()) return fail("cannot write '" + path + "': not a file name");
  const std::filesystem::path directory =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");

  // A hidden name, so globs such as *.xml in a CI artifact rule never pick it up; the pid
  // and counter keep concurrent writers apart, O_EXCL settles the rest (a stale file
  // left by a crashed process that had the same pid).
  static std::atomic<unsigned> counter{0};
  std::string temporary;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temporary = (directory / ("." + target.filename().string() + ".tmp-" +
                              std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                    .string();
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    return fail("cannot create a temporary file in '" + directory.string() +
                "': " + errno_text(errno));
  }

  const auto abandon = [&](const std::string& step) {
    const int saved = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(temporary.c_str());
    return fail("cannot " + step + ": " + errno_text(saved));
  };
  // Every report passes here: the last line of defence for the run's secrets.
  const auto& secrets = redaction::run_secrets();
  const std::string redacted = secrets.empty() ? std::string() : secrets.redact(content);
  if (!secrets.empty()) content = redacted;
  if (!write_all(fd, content)) return abandon("write '" + temporary + "'");
  if (::fsync(fd) != 0) return abandon("flush '" + temporary + "' to disk");
  const int close_result = ::close(fd);
  fd = -1;
  if (close_result != 0) return abandon("close '" + temporary + "'");
  if (::rename(temporary.c_str(), path.c_str()) != 0) return abandon("replace '" + path + "'");

  // Makes the rename itself durable. Some file systems refuse fsync on a directory; the
  // file is complete and in place by now, so that is not worth failing the write for.
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    ::fsync(directory_fd);
    ::close(directory_fd);
  }
  return true;
}

std::string why_unwritable(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return "'" + path + "' is a directory";
  const std::filesystem::path target(path);
  if (!target.has_filename()) return "'" + path + "' is not a file name";
  const std::filesystem::path directory =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(directory, ignored))
    return "the directory '" + directory.string() + "' does not exist";
  // Trying is the only sure test: permissions, a read-only mount, a full quota or an
  // ACL each refuse in their own way.
  const std::string probe =
      (directory / ("." + target.filename().string() + ".probe-" + std::to_string(::getpid())))
          .string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    return "cannot create a file in '" + directory.string() + "': " + errno_text(errno);
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
  return {};
}

}  // namespace mcp::reports
