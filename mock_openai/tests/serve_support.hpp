// Test support for mock-openai serve: a service in front of a reference server, request
// bodies, and what the transcript files say reached the MCP server.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mock_openai/serve_service.hpp"
#include "testing/child_process.hpp"

namespace mcp::testing {

/// A fresh directory under the system's temporary one, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A request body with one mcp tool (label "ref") for `url`; `tool` and `body` add fields.
Json responses_body(const std::string& url, const std::string& input, Json tool = Json::object(),
                    Json body = Json::object());

/// ServiceOptions with the named built-in profile and transcripts into `dir`.
mock::serve::ServiceOptions service_options(const std::filesystem::path& dir,
                                            const std::string& profile = "responses-2025");

/// Runs a body through prepare and run; fails the test unless a Response comes back.
Json create_ok(mock::serve::ResponsesService& service, const Json& body);
/// Runs a body; fails the test unless an error comes back (from prepare or run).
mock::serve::ApiError create_error(mock::serve::ResponsesService& service, const Json& body);

/// The transcript file of a response.
Json transcript_of(const std::filesystem::path& dir, const std::string& response_id);
/// The JSON-RPC methods every flow of a transcript file sent, in order.
std::vector<std::string> methods_sent(const Json& transcript_file);
/// The output items of `response` of `type`.
std::vector<Json> items_of(const Json& response, const std::string& type);
/// The text of the final message, or "".
std::string message_text(const Json& response);

}  // namespace mcp::testing
