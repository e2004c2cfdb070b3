#include "reports/atomic_file.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace mcp::reports {
namespace {

namespace fs = std::filesystem;

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "mcpc-atomic-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    // Traversable by the unprivileged child in the read-only test.
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    for (const auto& entry : fs::recursive_directory_iterator(path_, ignored))
      fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory))
    names.push_back(entry.path().filename().string());
  return names;
}

struct ChildOutcome {
  bool written = false;
  std::string error;
};

// Calls write_file_atomically in a child process that runs as `nobody` when we are
// root: root ignores directory permissions (CAP_DAC_OVERRIDE), so a read-only
// directory only refuses writes to an unprivileged process.
ChildOutcome write_unprivileged(const std::string& path, std::string_view content) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return {false, "pipe failed"};
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    constexpr uid_t kNobody = 65534;
    if (::geteuid() == 0 &&
        (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) {
      ::_exit(2);
    }
    std::string error;
    const bool written = write_file_atomically(path, content, &error);
    if (::write(pipe_fds[1], error.data(), error.size()) < 0) ::_exit(3);
    ::_exit(written ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  ChildOutcome outcome;
  char buffer[512];
  for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    outcome.error.append(buffer, static_cast<std::size_t>(got));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    outcome.error = "child could not run the write (status " + std::to_string(status) + ")";
    return outcome;
  }
  outcome.written = WEXITSTATUS(status) == 0;
  return outcome;
}

TEST(WriteFileAtomically, CreatesTheFile) {
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "report.xml";
  std::string error;
  ASSERT_TRUE(write_file_atomically(target.string(), "<testsuites/>\n", &error)) << error;
  EXPECT_EQ(read_file(target), "<testsuites/>\n");
  EXPECT_EQ(entries(directory.path()), std::vector<std::string>{"report.xml"});
  const fs::perms perms = fs::status(target).permissions();
  EXPECT_NE(perms & fs::perms::owner_read, fs::perms::none);
  EXPECT_NE(perms & fs::perms::owner_write, fs::perms::none);
}

TEST(WriteFileAtomically, ReplacesAnExistingFile) {
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "report.xml";
  std::string error;
  ASSERT_TRUE(write_file_atomically(target.string(), std::string(10000, 'o'), &error)) << error;
  ASSERT_TRUE(write_file_atomically(target.string(), "new", &error)) << error;
  EXPECT_EQ(read_file(target), "new");
  EXPECT_EQ(entries(directory.path()), std::vector<std::string>{"report.xml"});
}

TEST(WriteFileAtomically, WritesEmptyAndLargeContent) {
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "report.xml";
  std::string error;
  ASSERT_TRUE(write_file_atomically(target.string(), "", &error)) << error;
  EXPECT_EQ(fs::file_size(target), 0u);
  std::string large(8 << 20, '\0');
  for (std::size_t i = 0; i < large.size(); ++i)
    large[i] = static_cast<char>(i * 7919 % 251);
  ASSERT_TRUE(write_file_atomically(target.string(), large, &error)) << error;
  EXPECT_EQ(read_file(target), large);
}

TEST(WriteFileAtomically, ReadOnlyDirectoryFailsCleanlyAndKeepsTheOldFile) {
  TemporaryDirectory directory;
  const fs::path read_only = directory.path() / "read-only";
  fs::create_directory(read_only);
  const fs::path target = read_only / "report.xml";
  { std::ofstream(target) << "old"; }
  fs::permissions(read_only, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                 fs::perms::group_exec | fs::perms::others_read |
                                 fs::perms::others_exec);

  const ChildOutcome outcome = write_unprivileged(target.string(), "new");
  EXPECT_FALSE(outcome.written);
  EXPECT_NE(outcome.error.find("cannot create a temporary file in '" + read_only.string() + "'"),
            std::string::npos)
      << outcome.error;
  EXPECT_NE(outcome.error.find("Permission denied"), std::string::npos) << outcome.error;
  EXPECT_EQ(read_file(target), "old");
  EXPECT_EQ(entries(read_only), std::vector<std::string>{"report.xml"});
}

TEST(WriteFileAtomically, MissingDirectoryFailsWithAReason) {
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "no-such-directory" / "report.xml";
  std::string error;
  EXPECT_FALSE(write_file_atomically(target.string(), "x", &error));
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(target));
}

TEST(WriteFileAtomically, FailedRenameLeavesNoTemporaryFile) {
  TemporaryDirectory directory;
  // A non-empty directory where the file should go: everything succeeds up to rename.
  const fs::path target = directory.path() / "report.xml";
  fs::create_directories(target / "inside");
  std::string error;
  EXPECT_FALSE(write_file_atomically(target.string(), "x", &error));
  EXPECT_NE(error.find("cannot replace '" + target.string() + "'"), std::string::npos) << error;
  EXPECT_EQ(entries(directory.path()), std::vector<std::string>{"report.xml"});
  EXPECT_TRUE(fs::is_directory(target / "inside"));
}

TEST(WriteFileAtomically, PathWithoutFileNameIsRefused) {
  TemporaryDirectory directory;
  std::string error;
  EXPECT_FALSE(write_file_atomically(directory.path().string() + "/", "x", &error));
  EXPECT_NE(error.find("not a file name"), std::string::npos) << error;
  EXPECT_TRUE(entries(directory.path()).empty());
}

TEST(WriteFileAtomically, ErrorPointerMayBeNull) {
  TemporaryDirectory directory;
  EXPECT_FALSE(
      write_file_atomically((directory.path() / "missing" / "r.xml").string(), "x", nullptr));
}

TEST(WriteFileAtomically, ReaderNeverSeesAPartialFile) {
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "report.xml";
  const std::string first(256 << 10, 'a');
  const std::string second(256 << 10, 'b');
  std::string error;
  ASSERT_TRUE(write_file_atomically(target.string(), first, &error)) << error;

  std::atomic<bool> done{false};
  std::atomic<int> torn_reads{0};
  std::atomic<int> reads{0};
  std::thread reader([&] {
    while (!done.load()) {
      const std::string seen = read_file(target);
      if (seen != first && seen != second) ++torn_reads;
      ++reads;
    }
  });
  for (int round = 0; round < 20; ++round) {
    EXPECT_TRUE(write_file_atomically(target.string(), round % 2 == 0 ? second : first, &error))
        << error;
  }
  done = true;
  reader.join();
  EXPECT_EQ(torn_reads.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(entries(directory.path()), std::vector<std::string>{"report.xml"});
}

TEST(WhyUnwritable, AWritablePathInAnExistingDirectoryIsFineAndLeftUntouched) {
  const TemporaryDirectory directory;
  EXPECT_EQ(why_unwritable((directory.path() / "report.xml").string()), "");
  EXPECT_TRUE(entries(directory.path()).empty()) << "the probe file was left behind";
}

TEST(WhyUnwritable, NamesAMissingDirectory) {
  const TemporaryDirectory directory;
  const auto why = why_unwritable((directory.path() / "no" / "such" / "r.html").string());
  EXPECT_NE(why.find("does not exist"), std::string::npos) << why;
}

TEST(WhyUnwritable, NamesAPathThatIsADirectory) {
  const TemporaryDirectory directory;
  const auto why = why_unwritable(directory.path().string());
  EXPECT_NE(why.find("is a directory"), std::string::npos) << why;
}

}  // namespace
}  // namespace mcp::reports
