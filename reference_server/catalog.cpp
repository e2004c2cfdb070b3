// The reference server's own entries: the tools a person tries first against
// any MCP server, and a tool that changes the lists so the list_changed
// notifications the server declares can be observed. Schemas use only keywords
// that mean the same in draft-07 and 2020-12.
#include "reference_server/catalog.hpp"

#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>

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

Tool echo_tool() {
  return Tool{
      .name = "echo",
      .title = "Echo",
      .description =
          "Returns the given text unchanged (with a progress token, after one "
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
      }};
}

Tool add_tool() {
  return Tool{
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
      }};
}

Tool sleep_tool() {
  return Tool{
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
      }};
}

Tool fail_tool() {
  return Tool{.name = "fail",
              .title = "Always fail",
              .description =
                  "Always reports a tool execution error (isError: true), never a protocol error.",
              .input_schema = object_schema(
                  {{"message", {{"type", "string"}, {"description", "Error text to report"}}}},
                  Json::array()),
              .output_schema = nullptr,
              .annotations = read_only_annotations("Always fail"),

              .run = [](const Json& args, ToolContext&) {
                const auto message =
                    args.value("message", std::string("the fail tool always fails"));
                return Json{{"content", Json::array({text_content(message)})}, {"isError", true}};
              }};
}

Tool structured_tool() {
  const Json structured_output{{"type", "object"},
                               {"properties",
                                {{"text", {{"type", "string"}}},
                                 {"length", {{"type", "integer"}}},
                                 {"words", {{"type", "integer"}}},
                                 {"uppercase", {{"type", "string"}}}}},
                               {"required", {"text", "length", "words", "uppercase"}},
                               {"additionalProperties", false}};
  return Tool{
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
      }};
}

/// A resource whose contents come from the client: its roots. In 2026-07-28
/// reading it is a multi round-trip request; in the legacy era a read cannot
/// ask the client (it has no stream), so the contents say why.
Resource client_roots_resource() {
  return Resource{
      .uri = "test://client-roots",
      .name = "client-roots",
      .title = "The client's roots",
      .description = "The roots the client shares, asked with roots/list when it is read.",
      .mime_type = "application/json",
      .read_asking = [](ToolContext& ctx) {
        std::string error;
        const auto answer =
            ctx.ask_client("roots/list", Json::object(), std::chrono::seconds(30), &error);
        Json body;
        if (answer && answer->contains("result")) {
          body = (*answer)["result"];
        } else {
          body = Json{{"error", answer ? (*answer)["error"] : Json(error)}};
        }
        return std::vector<ResourceContent>{
            {"test://client-roots", "application/json", body.dump(), std::nullopt}};
      }};
}

/// The official suite's fixtures carry no annotations in its own server. Here
/// they say what they do, so a client that calls only read-only tools unless
/// told otherwise (mcp-conformance, mock-openai) may call those that change
/// nothing; the list and resource triggers stay callable by name only.
void annotate_fixtures(ToolRegistry& tools) {
  static constexpr std::string_view kReadOnly[] = {"test_simple_text",
                                                   "test_image_content",
                                                   "test_audio_content",
                                                   "test_embedded_resource",
                                                   "test_multiple_content_types",
                                                   "test_tool_with_logging",
                                                   "test_tool_with_progress",
                                                   "test_error_handling",
                                                   "test_sampling",
                                                   "test_elicitation",
                                                   "test_elicitation_sep1034_defaults",
                                                   "test_elicitation_sep1330_enums",
                                                   "json_schema_2020_12_tool",
                                                   "test_reconnection",
                                                   "test_missing_capability",
                                                   "test_streaming_elicitation",
                                                   "test_logging_tool",
                                                   "test_input_required_result_elicitation",
                                                   "test_input_required_result_sampling",
                                                   "test_input_required_result_list_roots",
                                                   "test_input_required_result_request_state",
                                                   "test_input_required_result_tampered_state",
                                                   "test_input_required_result_multiple_inputs",
                                                   "test_input_required_result_multi_round",
                                                   "test_input_required_result_capabilities",
                                                   "test_custom_headers",
                                                   "test_custom_headers_null"};
  for (const auto name : kReadOnly)
    tools.set_annotations(name, {{"readOnlyHint", true}, {"destructiveHint", false}});
  tools.set_annotations("update_watched_resource",
                        {{"readOnlyHint", false}, {"destructiveHint", false}});
}

}  // namespace

std::unique_ptr<Catalog> make_reference_catalog(bool trap_tool_first) {
  auto catalog = std::make_unique<Catalog>();
  if (trap_tool_first) catalog->tools.add(trap_tool());
  add_basic_tools(catalog->tools);
  catalog->resources.add(client_roots_resource());
  add_official_fixtures(*catalog);
  add_official_fixtures_2026(*catalog);
  add_list_change_fixtures(*catalog);
  annotate_fixtures(catalog->tools);
  return catalog;
}

Tool trap_tool() {
  return Tool{.name = "delete_all_data",
              .title = "Delete all data",
              .description =
                  "Deletes every record the user has. (A trap for test clients: it deletes "
                  "nothing and reports each call on the server's stderr.)",
              .input_schema = object_schema(Json::object(), Json::array()),
              .output_schema = nullptr,
              .annotations = {{"title", "Delete all data"},
                              {"readOnlyHint", false},
                              {"destructiveHint", true},
                              {"idempotentHint", false},
                              {"openWorldHint", false}},
              .run = [](const Json&, ToolContext&) -> Json {
                std::cerr << "TRAP: delete_all_data was called" << std::endl;
                return Json{{"content", Json::array({text_content("all data deleted")})}};
              }};
}

void add_basic_tools(ToolRegistry& registry) {
  for (auto tool : {echo_tool(), add_tool(), sleep_tool(), fail_tool(), structured_tool()})
    registry.add(std::move(tool));
}

void add_list_change_fixtures(Catalog& catalog) {
  Catalog* c = &catalog;
  catalog.tools.add(
      Tool{.name = "extra_echo",
           .title = "Extra echo",
           .description = "Echo, shown only while toggle_list_entry has turned it on.",
           .input_schema = {{"type", "object"},
                            {"properties", {{"text", {{"type", "string"}}}}},
                            {"required", {"text"}}},
           .output_schema = nullptr,
           .annotations = nullptr,
           .run = [](const Json& args, ToolContext&) {
             return Json{{"content", Json::array({text_content(args["text"].get<std::string>())})}};
           }});
  catalog.tools.set_hidden("extra_echo", true);
  catalog.resources.add(
      Resource{.uri = "test://extra-resource",
               .name = "extra-resource",
               .title = "Extra resource",
               .description = "Listed only while toggle_list_entry has turned it on.",
               .mime_type = "text/plain",
               .read = [] {
                 return std::vector<ResourceContent>{
                     {"test://extra-resource", "text/plain", "extra", std::nullopt}};
               }});
  catalog.resources.set_hidden("test://extra-resource", true);
  catalog.prompts.add(
      Prompt{.name = "extra_prompt",
             .title = "Extra prompt",
             .description = "Listed only while toggle_list_entry has turned it on.",
             .arguments = {},
             .messages = [](const Json&) {
               return Json::array({{{"role", "user"}, {"content", text_content("extra")}}});
             }});
  catalog.prompts.set_hidden("extra_prompt", true);

  catalog.tools.add(Tool{
      .name = "toggle_list_entry",
      .title = "Change a list",
      .description =
          "Shows or hides the extra entry of the tools, resources or prompts list (extra_echo, "
          "test://extra-resource, extra_prompt) and notifies every session's GET stream with "
          "notifications/<list>/list_changed.",
      .input_schema = {{"type", "object"},
                       {"properties",
                        {{"list",
                          {{"type", "string"}, {"enum", {"tools", "resources", "prompts"}}}},
                         {"visible", {{"type", "boolean"}}}}},
                       {"required", {"list", "visible"}},
                       {"additionalProperties", false}},
      .output_schema = nullptr,
      .annotations = {{"readOnlyHint", false},
                      {"destructiveHint", false},
                      {"idempotentHint", true}},
      .run = [c](const Json& args, ToolContext&) {
        const auto list = args["list"].get<std::string>();
        const bool hidden = !args["visible"].get<bool>();
        const bool changed = list == "tools" ? c->tools.set_hidden("extra_echo", hidden)
                             : list == "resources"
                                 ? c->resources.set_hidden("test://extra-resource", hidden)
                                 : c->prompts.set_hidden("extra_prompt", hidden);
        if (changed && c->events) c->events->list_changed(list);
        return Json{{"content", Json::array({text_content(changed ? "the " + list + " list changed"
                                                                  : "the " + list +
                                                                        " list was already so")})}};
      }});
}

}  // namespace mcp::server
