// The JSON-RPC parser and classifier, fed whole bodies: parse_messages() must
// never throw, whatever parses must serialise and read back as the same value,
// and classify() must agree with what it returns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "protocol/jsonrpc.hpp"

namespace {

using mcp::Json;
namespace jsonrpc = mcp::jsonrpc;

void check_classification(const Json& message) {
  const auto c = jsonrpc::classify(message);
  switch (c.kind) {
    case jsonrpc::Kind::kRequest:
      FUZZ_CHECK(message.at("method").is_string());
      FUZZ_CHECK(jsonrpc::is_valid_id(message.at("id")));
      break;
    case jsonrpc::Kind::kNotification:
      FUZZ_CHECK(message.at("method").is_string());
      FUZZ_CHECK(!message.contains("id"));
      break;
    case jsonrpc::Kind::kResponse:
      FUZZ_CHECK(message.contains("result") != message.contains("error"));
      break;
    case jsonrpc::Kind::kInvalid:
      FUZZ_CHECK(!c.problem.empty());
      FUZZ_CHECK(c.id.is_null() || jsonrpc::is_valid_id(c.id));
      // The error response to an invalid message must itself serialise.
      FUZZ_CHECK(!jsonrpc::serialize(jsonrpc::make_error(c.id, jsonrpc::kInvalidRequest, c.problem))
                      .empty());
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string error;
  const auto messages = jsonrpc::parse_messages(text, &error);
  const auto parsed = jsonrpc::parse(text);
  FUZZ_CHECK(parsed.value.has_value() == error.empty());
  if (parsed.value) {
    // What was accepted is within the depth limit and reads back unchanged.
    FUZZ_CHECK(jsonrpc::nesting_depth(text, 64) <= 64);
    const auto again = jsonrpc::parse(jsonrpc::serialize(*parsed.value));
    FUZZ_CHECK(again.value && *again.value == *parsed.value);
    const auto indented = jsonrpc::parse(jsonrpc::serialize_indented(*parsed.value));
    FUZZ_CHECK(indented.value && *indented.value == *parsed.value);
  } else {
    FUZZ_CHECK(messages.empty() && !parsed.error.empty());
  }
  for (const auto& message : messages)
    check_classification(message);

  // Bytes a server sends end up in JSON strings unparsed (tool output, error
  // text): serialising them never throws and always yields JSON.
  const Json raw{{"text", std::string(text)}};
  const auto lenient = jsonrpc::parse(jsonrpc::serialize(raw), 1000);
  FUZZ_CHECK(lenient.value && lenient.value->at("text").is_string());
  return 0;
}
