// The files a user hands the programs: mcp-conformance --expected-failures
// (YAML or JSON) and mock-openai --profile-file (JSON). A file that cannot be
// honoured is refused with a reason; it never throws or crashes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "conformance/runner.hpp"
#include "fuzz/fuzz_check.hpp"
#include "mock_openai/profile.hpp"

namespace {

/// The loaders read paths: the input goes through a file of this process's own.
const std::string& scratch_path() {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("mcpc-loaders-fuzz-" + std::to_string(::getpid())))
          .string();
  return path;
}

void write_scratch(const std::uint8_t* data, std::size_t size) {
  std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

void load_expected_failures() {
  std::string error;
  const auto loaded = mcp::conformance::load_expected_failures(scratch_path(), &error);
  FUZZ_CHECK(loaded.has_value() == error.empty());
  if (!loaded) return;
  for (const auto& entry : *loaded)
    FUZZ_CHECK(!entry.id.empty() && !entry.reason.empty());
}

void load_profile() {
  std::string error;
  const auto profile = mcp::mock::load_profile_file(scratch_path(), &error);
  FUZZ_CHECK(profile.has_value() == error.empty());
  if (!profile) return;
  // Every option it declares applies; a name it does not declare is refused.
  std::vector<std::string> names;
  for (const auto& [name, option] : profile->options)
    names.push_back(name);
  FUZZ_CHECK(mcp::mock::with_options(*profile, names, &error).has_value());
  FUZZ_CHECK(!mcp::mock::with_options(*profile, {"no such option \x01"}, &error).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte says which loader reads the rest.
  if (size == 0) return 0;
  write_scratch(data + 1, size - 1);
  if (data[0] & 1) {
    load_profile();
  } else {
    load_expected_failures();
  }
  return 0;
}
