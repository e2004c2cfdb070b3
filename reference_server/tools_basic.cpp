// The tools a person tries first against any MCP server. Schemas use only
// keywords that mean the same in draft-07 and 2020-12.
#include <chrono>
#include <cstdint>
#include <limits>

#include "reference_server/tools.hpp"

namespace mcp::server {
namespace {

Json object_schema(Json properties, Json required) {
  return Json{{"type", "object"},
              {"properties", std::move(properties)},
              {"required", std::move(required)},
              {"additionalProperties", false}};
}

Json read_only_annotations(std::string_view title) {
  return Json{{"title", title},
              {"readOnlyHint", true},
              {"destructiveHint", false},
              {"idempotentHint", true},
              {"openWorldHint", false}};
}

Json add_numbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    // Exact integer arithmetic when both fit in int64 and the sum does too.
    const bool a_fits =
        !a.is_number_unsigned() ||
        a.get<std::uint64_t>() <= std::uint64_t{std::numeric_limits<int64_t>::max()};
    const bool b_fits =
        !b.is_number_unsigned() ||
        b.get<std::uint64_t>() <= std::uint64_t{std::numeric_limits<int64_t>::max()};
    std::int64_t sum = 0;
    if (a_fits && b_fits &&
        !__builtin_add_overflow(a.get<std::int64_t>(), b.get<std::int64_t>(), &sum)) {
      return sum;
    }
  }
  return a.get<double>() + b.get<double>();
}

std::size_t count_code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

void add_basic_tools(ToolRegistry& registry) {
  registry.add(
      Tool{.name = "echo",
           .title = "Echo",
           .description = "Returns the given text unchanged (with a progress token, after one "
                          "progress notification: 1 of 1).",
           .input_schema = object_schema(
               {{"text", {{"type", "string"}, {"description", "Text to send back"}}}}, {"text"}),
           .output_schema = nullptr,
           .annotations = read_only_annotations("Echo"),
           // The tool testers call by default: asked for progress, it shows how
           // the server streams (SSE answer, event ids, notifications).
           .streaming = Streaming::kWithProgressToken,
           .run = [](const Json& args, ToolContext& ctx) {
             ctx.progress(1, 1, "echoed", nullptr);
             return Json{{"content", Json::array({text_content(args["text"].get<std::string>())})}};
           }});

  registry.add(Tool{
      .name = "add",
      .title = "Add two numbers",
      .description = "Returns a + b (exact for integers that fit in 64 bits).",
      .input_schema = object_schema({{"a", {{"type", "number"}, {"description", "First addend"}}},
                                     {"b", {{"type", "number"}, {"description", "Second addend"}}}},
                                    {"a", "b"}),
      .output_schema = nullptr,
      .annotations = read_only_annotations("Add two numbers"),

      .run = [](const Json& args, ToolContext&) {
        return Json{
            {"content", Json::array({text_content(add_numbers(args["a"], args["b"]).dump())})}};
      }});

  registry.add(Tool{
      .name = "sleep",
      .title = "Sleep",
      .description =
          "Waits `ms` milliseconds, then answers. With a progress token it sends `steps` "
          "progress notifications (default 10) spread over the wait. For timing tests.",
      .input_schema = object_schema(
          {{"ms",
            {{"type", "integer"},
             {"minimum", 0},
             {"maximum", 600000},
             {"description", "How long to wait, in milliseconds"}}},
           {"steps",
            {{"type", "integer"},
             {"minimum", 1},
             {"maximum", 10000},
             {"description", "Progress notifications to send when given a progress token"}}},
           {"timestamps",
            {{"type", "boolean"},
             {"description",
              "Put the server's monotonic clock (ns) in each progress notification's _meta "
              "as dev.mcp-conformance/monotonic-ns (for latency benchmarks)"}}}},
          {"ms"}),
      .output_schema = nullptr,
      .annotations = read_only_annotations("Sleep"),
      .streaming = Streaming::kWithProgressToken,
      .long_running = true,
      .run = [](const Json& args, ToolContext& ctx) -> Json {
        const auto ms = args["ms"].get<std::int64_t>();
        const auto steps = ctx.has_progress_token() ? args.value("steps", std::int64_t{10}) : 0;
        const bool timestamps = args.value("timestamps", false);
        const auto start = Clock::now();
        const auto total = std::chrono::milliseconds(ms);
        for (std::int64_t i = 1; i <= steps; ++i) {
          if (!ctx.sleep_until(start + total * i / steps)) return Json::object();
          Json meta = nullptr;
          if (timestamps) {
            meta = Json{{"dev.mcp-conformance/monotonic-ns",
                         std::chrono::duration_cast<std::chrono::nanoseconds>(
                             Clock::now().time_since_epoch())
                             .count()}};
          }
          ctx.progress(
              static_cast<double>(i), static_cast<double>(steps),
              "slept " + std::to_string(ms * i / steps) + " of " + std::to_string(ms) + " ms",
              meta);
        }
        if (steps == 0 && !ctx.sleep_until(start + total)) return Json::object();
        return Json{
            {"content", Json::array({text_content("slept " + std::to_string(ms) + " ms")})}};
      }});

  registry.add(
      Tool{.name = "fail",
           .title = "Always fail",
           .description =
               "Always reports a tool execution error (isError: true), never a protocol error.",
           .input_schema = object_schema(
               {{"message", {{"type", "string"}, {"description", "Error text to report"}}}},
               Json::array()),
           .output_schema = nullptr,
           .annotations = read_only_annotations("Always fail"),

           .run = [](const Json& args, ToolContext&) {
             const auto message = args.value("message", std::string("the fail tool always fails"));
             return Json{{"content", Json::array({text_content(message)})}, {"isError", true}};
           }});

  const Json structured_output{{"type", "object"},
                               {"properties",
                                {{"text", {{"type", "string"}}},
                                 {"length", {{"type", "integer"}}},
                                 {"words", {{"type", "integer"}}},
                                 {"uppercase", {{"type", "string"}}}}},
                               {"required", {"text", "length", "words", "uppercase"}},
                               {"additionalProperties", false}};
  registry.add(Tool{
      .name = "structured",
      .title = "Analyse text (structured output)",
      .description =
          "Returns facts about `text` as structuredContent matching its outputSchema, plus the "
          "same JSON as a text block (protocol 2025-06-18 and later; earlier versions get the "
          "text block only).",
      .input_schema = object_schema(
          {{"text", {{"type", "string"}, {"description", "Text to analyse"}}}}, {"text"}),
      .output_schema = structured_output,
      .annotations = read_only_annotations("Analyse text"),

      .run = [](const Json& args, ToolContext& ctx) {
        const auto text = args["text"].get<std::string>();
        const Json facts{{"text", text},
                         {"length", count_code_points(text)},
                         {"words", count_words(text)},
                         {"uppercase", ascii_upper(text)}};
        Json result{{"content", Json::array({text_content(jsonrpc::serialize(facts))})}};
        if (has_structured_output(ctx.version())) result["structuredContent"] = facts;
        return result;
      }});
}

}  // namespace mcp::server
