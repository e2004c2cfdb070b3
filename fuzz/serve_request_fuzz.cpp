// POST /v1/responses bodies for mock-openai serve, and its --script files: read into a
// request (and checked against an empty store) or refused with a 400 that names what is
// wrong; a script parses or says why; a directive line never throws.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz/fuzz_check.hpp"
#include "mock_openai/serve_model.hpp"
#include "mock_openai/serve_service.hpp"

namespace {

mcp::mock::serve::ResponsesService& service() {
  static mcp::mock::serve::ResponsesService instance([] {
    mcp::mock::serve::ServiceOptions options;
    options.profile = *mcp::mock::find_builtin_profile("responses-2025");
    return options;
  }());
  return instance;
}

void read_request(const mcp::Json& body) {
  mcp::mock::serve::ApiError error;
  const auto request = mcp::mock::serve::parse_create_request(body, &error);
  if (!request) {
    FUZZ_CHECK(error.status == 400 && !error.message.empty());
    FUZZ_CHECK(error.body()["error"]["type"] == "invalid_request_error");
    return;
  }
  FUZZ_CHECK(!request->model.empty());
  for (const auto& binding : request->bindings)
    FUZZ_CHECK(!binding.server_label.empty() && binding.echoed()["headers"].is_null());
  (void)mcp::mock::serve::latest_user_text(request->input);
  // Against an empty store: a previous_response_id or an approval answer is refused.
  const auto prepared = service().prepare(body);
  if (const auto* refused = std::get_if<mcp::mock::serve::ApiError>(&prepared)) {
    FUZZ_CHECK(refused->status == 400 && refused->param.has_value());
  } else {
    FUZZ_CHECK(!request->previous_response_id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto directive = mcp::mock::serve::directive(std::string(text));
  if (directive) FUZZ_CHECK(!directive->tool.empty() || !directive->reply.empty());
  const auto parsed = mcp::jsonrpc::parse(text);
  if (!parsed.value) return 0;
  read_request(*parsed.value);
  std::string why;
  const auto script = mcp::mock::serve::Script::parse(*parsed.value, &why);
  FUZZ_CHECK(script.has_value() == why.empty());
  if (script) (void)script->decide(std::string(text));
  return 0;
}
