#include "mock_openai/tests/serve_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

namespace mcp::testing {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("mcpc-serve-" + std::to_string(getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Json responses_body(const std::string& url, const std::string& input, Json tool, Json body) {
  Json mcp{{"type", "mcp"}, {"server_label", "ref"}, {"server_url", url}};
  if (tool.is_object()) mcp.update(tool);
  Json request{{"model", "gpt-test"}, {"input", input}, {"tools", Json::array({mcp})}};
  if (body.is_object()) request.update(body);
  return request;
}

mock::serve::ServiceOptions service_options(const std::filesystem::path& dir,
                                            const std::string& profile) {
  mock::serve::ServiceOptions options;
  options.profile = *mock::find_builtin_profile(profile);
  options.transcript_dir = dir.string();
  return options;
}

Json create_ok(mock::serve::ResponsesService& service, const Json& body) {
  auto prepared = service.prepare(body);
  if (const auto* error = std::get_if<mock::serve::ApiError>(&prepared)) {
    ADD_FAILURE() << "refused: " << error->body().dump();
    return Json();
  }
  auto turn = std::get<mock::serve::Turn>(std::move(prepared));
  auto outcome = service.run(turn);
  if (const auto* error = std::get_if<mock::serve::ApiError>(&outcome)) {
    ADD_FAILURE() << "failed: " << error->status << " " << error->body().dump();
    return Json();
  }
  return std::get<Json>(outcome);
}

mock::serve::ApiError create_error(mock::serve::ResponsesService& service, const Json& body) {
  auto prepared = service.prepare(body);
  if (const auto* error = std::get_if<mock::serve::ApiError>(&prepared)) return *error;
  auto turn = std::get<mock::serve::Turn>(std::move(prepared));
  auto outcome = service.run(turn);
  if (const auto* error = std::get_if<mock::serve::ApiError>(&outcome)) return *error;
  ADD_FAILURE() << "answered: " << std::get<Json>(outcome).dump();
  return {};
}

Json transcript_of(const std::filesystem::path& dir, const std::string& response_id) {
  std::ifstream in(dir / (response_id + ".json"));
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = jsonrpc::parse(text.str());
  EXPECT_TRUE(parsed.value) << "no transcript for " << response_id;
  return parsed.value ? *parsed.value : Json();
}

std::vector<std::string> methods_sent(const Json& transcript_file) {
  std::vector<std::string> methods;
  for (const auto& flow : transcript_file.value("flows", Json::array())) {
    for (const auto& e : flow["transcript"]["exchanges"]) {
      if (e.value("method", "") != "POST") {
        methods.push_back(e.value("method", ""));  // GET, DELETE
        continue;
      }
      for (const auto& m : jsonrpc::parse_messages(e["request"].value("body", std::string()))) {
        if (m.is_object() && m.contains("method")) methods.push_back(m["method"]);
      }
    }
  }
  return methods;
}

std::vector<Json> items_of(const Json& response, const std::string& type) {
  std::vector<Json> items;
  for (const auto& item : response.value("output", Json::array())) {
    if (item.value("type", "") == type) items.push_back(item);
  }
  return items;
}

std::string message_text(const Json& response) {
  const auto messages = items_of(response, "message");
  if (messages.empty()) return "";
  return messages.back()["content"][0].value("text", "");
}

}  // namespace mcp::testing
