// Report files are read by CI jobs that may start while we are still writing, so a
// report either exists complete or not at all.
#pragma once

#include <string>
#include <string_view>

namespace mcp::reports {

/// Writes `content`, with the run's secrets redacted (redaction::run_secrets), to `path`
/// atomically: into a temporary file in the same directory (so the rename cannot cross file
/// systems), fsync, then rename over `path`, then fsync the directory. Readers see the old file or
/// the new one, never a prefix. An existing file is replaced; the new one gets mode 0666 less the
/// umask. Returns false and sets *error (when not null) to a one-line reason on failure, and leaves
/// no temporary file behind.
bool write_file_atomically(const std::string& path, std::string_view content, std::string* error);

/// Why write_file_atomically(path, ...) would fail, found before any work is done (the
/// directory is missing or not writable, the path names a directory...); "" when it would
/// not. It creates and removes a temporary file beside `path` and leaves `path` untouched.
std::string why_unwritable(const std::string& path);

}  // namespace mcp::reports
