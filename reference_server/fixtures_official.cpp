// The tools, resources and prompts the official MCP conformance suite calls,
// under the names it uses, returning what its checks look for. Kept apart from
// the server's machinery; the images and sounds are our own (a 2x2 PNG, a
// four-sample WAV).
#include <chrono>

#include "reference_server/catalog.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAE0lEQVR42mNgaGj438PAAMINDQAkpgUXP48eKQAAAABJRU"
    "5ErkJggg==";
constexpr const char* kWav =
    "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQgAAAAAAOgDAAAY/A==";

/// An input schema with one required string argument.
Json one_string_argument(const char* name, const char* description) {
  return Json{{"type", "object"},
              {"properties", {{name, {{"type", "string"}, {"description", description}}}}},
              {"required", {name}}};
}

Json content(Json items) {
  return Json{{"content", std::move(items)}};
}

Json image(const char* data) {
  return Json{{"type", "image"}, {"data", data}, {"mimeType", "image/png"}};
}

Json embedded(const std::string& uri, const std::string& mime, const std::string& text) {
  return Json{{"type", "resource"},
              {"resource", {{"uri", uri}, {"mimeType", mime}, {"text", text}}}};
}

std::string text_of(const Json& client_result) {
  const auto& c = client_result.value("content", Json::object());
  if (c.is_object() && c.value("type", "") == "text") return c.value("text", "");
  return client_result.dump();
}

/// Asks the client and turns any failure into a tool error result.
Json ask(ToolContext& ctx, std::string_view method, Json params,
         const std::function<Json(const Json&)>& on_result) {
  std::string error;
  const auto answer = ctx.ask_client(method, std::move(params), 60s, &error);
  if (!answer) return Json{{"content", Json::array({text_content(error)})}, {"isError", true}};
  if (answer->contains("error")) {
    return Json{{"content",
                 Json::array({text_content("the client answered with an error: " +
                                           (*answer)["error"].value("message", std::string()))})},
                {"isError", true}};
  }
  return on_result((*answer)["result"]);
}

Json elicitation_result(const std::string& label, const Json& result) {
  return content(
      Json::array({text_content(label + ": action=" + result.value("action", std::string("?")) +
                                ", content=" + result.value("content", Json::object()).dump())}));
}

/// The requested schema's properties of test_elicitation_sep1330_enums: single
/// and multi selects, titled and untitled, and a legacy enumNames field.
Json sep1330_properties() {
  const auto titled = [](std::initializer_list<std::pair<const char*, const char*>> options) {
    Json out = Json::array();
    for (const auto& [value, title] : options)
      out.push_back({{"const", value}, {"title", title}});
    return out;
  };
  return Json{{"untitledSingle", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}},
              {"titledSingle",
               {{"type", "string"},
                {"oneOf", titled({{"value1", "First Option"},
                                  {"value2", "Second Option"},
                                  {"value3", "Third Option"}})}}},
              {"legacyEnum",
               {{"type", "string"},
                {"enum", {"opt1", "opt2", "opt3"}},
                {"enumNames", {"Option One", "Option Two", "Option Three"}}}},
              {"untitledMulti",
               {{"type", "array"},
                {"minItems", 1},
                {"maxItems", 3},
                {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}}},
              {"titledMulti",
               {{"type", "array"},
                {"minItems", 1},
                {"maxItems", 3},
                {"items",
                 {{"anyOf", titled({{"value1", "First Choice"},
                                    {"value2", "Second Choice"},
                                    {"value3", "Third Choice"}})}}}}}};
}

/// Tools whose results show each kind of content.
void add_content_tools(ToolRegistry& tools) {
  tools.add(Tool{.name = "test_simple_text",
                 .title = "Simple text",
                 .description = "Returns one text block (official suite: tools-call-simple-text).",
                 .input_schema = no_arguments(),
                 .run = [](const Json&, ToolContext&) {
                   return content(
                       Json::array({text_content("This is a simple text response for testing.")}));
                 }});
  tools.add(
      Tool{.name = "test_image_content",
           .title = "Image content",
           .description = "Returns a PNG image block (official suite: tools-call-image).",
           .input_schema = no_arguments(),
           .run = [](const Json&, ToolContext&) { return content(Json::array({image(kPng)})); }});
  tools.add(Tool{.name = "test_audio_content",
                 .title = "Audio content",
                 .description = "Returns a WAV audio block (official suite: tools-call-audio).",
                 .input_schema = no_arguments(),
                 .run = [](const Json&, ToolContext& ctx) {
                   // Audio blocks arrived in 2025-03-26; an older client could not read one.
                   if (ctx.version() < ProtocolVersion::k2025_03_26) {
                     return content(Json::array({{{"type", "text"},
                                                  {"text",
                                                   "audio content needs protocol "
                                                   "2025-03-26 or later"}}}));
                   }
                   return content(Json::array(
                       {{{"type", "audio"}, {"data", kWav}, {"mimeType", "audio/wav"}}}));
                 }});
  tools.add(
      Tool{.name = "test_embedded_resource",
           .title = "Embedded resource",
           .description =
               "Returns an embedded text resource (official suite: tools-call-embedded-resource).",
           .input_schema = no_arguments(),
           .run = [](const Json&, ToolContext&) {
             return content(Json::array({embedded("test://embedded-resource", "text/plain",
                                                  "This is an embedded resource content.")}));
           }});
  tools.add(Tool{
      .name = "test_multiple_content_types",
      .title = "Mixed content",
      .description =
          "Returns text, image and resource blocks (official suite: tools-call-mixed-content).",
      .input_schema = no_arguments(),
      .run = [](const Json&, ToolContext&) {
        return content(Json::array({text_content("Multiple content types test:"), image(kPng),
                                    embedded("test://mixed-content-resource", "application/json",
                                             R"({"test":"data","value":123})")}));
      }});
}

/// Tools that log, report progress, or fail.
void add_reporting_tools(ToolRegistry& tools) {
  tools.add(
      Tool{.name = "test_tool_with_logging",
           .title = "Tool that logs",
           .description = "Sends three notifications/message on its stream, then answers.",
           .input_schema = no_arguments(),
           .streaming = Streaming::kAlways,
           .long_running = true,
           .run = [](const Json&, ToolContext& ctx) {
             for (const char* step :
                  {"Tool execution started", "Tool processing data", "Tool execution completed"}) {
               ctx.log(LogSeverity::kInfo, step, "test_tool_with_logging");
               if (!ctx.sleep_until(Clock::now() + 50ms)) return Json::object();
             }
             return content(Json::array({text_content("Tool with logging executed successfully")}));
           }});
  tools.add(Tool{
      .name = "test_tool_with_progress",
      .title = "Tool that reports progress",
      .description =
          "Sends progress 0, 50 and 100 of 100 when given a progress token, then answers.",
      .input_schema = no_arguments(),
      .streaming = Streaming::kWithProgressToken,
      .long_running = true,
      .run = [](const Json&, ToolContext& ctx) {
        for (const double p : {0.0, 50.0, 100.0}) {
          ctx.progress(p, 100.0, "progress " + std::to_string(static_cast<int>(p)) + "%");
          if (!ctx.sleep_until(Clock::now() + 50ms)) return Json::object();
        }
        return content(Json::array({text_content("Tool with progress executed successfully")}));
      }});
  tools.add(Tool{
      .name = "test_error_handling",
      .title = "Tool error",
      .description = "Always returns a tool execution error (isError: true).",
      .input_schema = no_arguments(),
      .run = [](const Json&, ToolContext&) {
        return Json{
            {"content",
             Json::array({text_content("This tool intentionally returns an error for testing")})},
            {"isError", true}};
      }});
}

/// Tools that ask the client: sampling and elicitation.
void add_client_request_tools(ToolRegistry& tools) {
  tools.add(Tool{
      .name = "test_sampling",
      .title = "Sampling round trip",
      .description =
          "Asks the client for an LLM completion (sampling/createMessage) and returns its text.",
      .input_schema = one_string_argument("prompt", "What to ask the model"),
      .streaming = Streaming::kAsksClient,
      .long_running = true,
      .run = [](const Json& args, ToolContext& ctx) {
        const Json params{
            {"messages",
             Json::array({{{"role", "user"},
                           {"content", text_content(args["prompt"].get<std::string>())}}})},
            {"maxTokens", 100}};
        return ask(ctx, "sampling/createMessage", params, [](const Json& result) {
          return content(Json::array({text_content("LLM response: " + text_of(result))}));
        });
      }});
  tools.add(Tool{
      .name = "test_elicitation",
      .title = "Elicitation round trip",
      .description =
          "Asks the user (elicitation/create) for a username and an email, and returns the answer.",
      .input_schema = one_string_argument("message", "What to ask the user"),
      .streaming = Streaming::kAsksClient,
      .long_running = true,
      .run = [](const Json& args, ToolContext& ctx) {
        const Json params{
            {"message", args["message"]},
            {"requestedSchema",
             {{"type", "object"},
              {"properties",
               {{"username", {{"type", "string"}, {"description", "User's response"}}},
                {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
              {"required", {"username", "email"}}}}};
        return ask(ctx, "elicitation/create", params,
                   [](const Json& result) { return elicitation_result("User response", result); });
      }});
  tools.add(Tool{
      .name = "test_elicitation_sep1034_defaults",
      .title = "Elicitation with defaults",
      .description = "Elicits a form whose fields carry default values (SEP-1034).",
      .input_schema = no_arguments(),
      .streaming = Streaming::kAsksClient,
      .long_running = true,
      .run = [](const Json&, ToolContext& ctx) {
        const Json properties{
            {"name", {{"type", "string"}, {"description", "User name"}, {"default", "John Doe"}}},
            {"age", {{"type", "integer"}, {"description", "User age"}, {"default", 30}}},
            {"score", {{"type", "number"}, {"description", "User score"}, {"default", 95.5}}},
            {"status",
             {{"type", "string"},
              {"description", "User status"},
              {"enum", {"active", "inactive", "pending"}},
              {"default", "active"}}},
            {"verified",
             {{"type", "boolean"}, {"description", "Verification status"}, {"default", true}}}};
        const Json params{
            {"message", "Please review the defaults and accept"},
            {"requestedSchema",
             {{"type", "object"}, {"properties", properties}, {"required", Json::array()}}}};
        return ask(ctx, "elicitation/create", params, [](const Json& result) {
          return elicitation_result("Elicitation completed", result);
        });
      }});
  tools.add(Tool{.name = "test_elicitation_sep1330_enums",
                 .title = "Elicitation with enums",
                 .description =
                     "Elicits single and multi selects, titled and untitled, and a legacy "
                     "enumNames field (SEP-1330).",
                 .input_schema = no_arguments(),
                 .streaming = Streaming::kAsksClient,
                 .long_running = true,
                 .run = [](const Json&, ToolContext& ctx) {
                   const Json params{{"message", "Please choose"},
                                     {"requestedSchema",
                                      {{"type", "object"},
                                       {"properties", sep1330_properties()},
                                       {"required", Json::array()}}}};
                   return ask(ctx, "elicitation/create", params, [](const Json& result) {
                     return elicitation_result("Elicitation completed", result);
                   });
                 }});
}

/// Tools for features of 2025-11-25: a JSON Schema 2020-12 input schema, SSE polling.
void add_2025_11_25_tools(ToolRegistry& tools) {
  tools.add(Tool{
      .name = "json_schema_2020_12_tool",
      .title = "JSON Schema 2020-12",
      .description =
          "Tool with JSON Schema 2020-12 features; its inputSchema is listed exactly as written.",
      .input_schema = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                       {"type", "object"},
                       {"$defs",
                        {{"address",
                          {{"$anchor", "addressDef"},
                           {"type", "object"},
                           {"properties",
                            {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}}}}}},
                       {"properties",
                        {{"name", {{"type", "string"}}},
                         {"address", {{"$ref", "#/$defs/address"}}},
                         {"contactMethod", {{"type", "string"}, {"enum", {"phone", "email"}}}},
                         {"phone", {{"type", "string"}}},
                         {"email", {{"type", "string"}}}}},
                       {"allOf",
                        Json::array({{{"anyOf", Json::array({{{"required", {"phone"}}},
                                                             {{"required", {"email"}}}})}}})},
                       {"if",
                        {{"properties", {{"contactMethod", {{"const", "phone"}}}}},
                         {"required", {"contactMethod"}}}},
                       {"then", {{"required", {"phone"}}}},
                       {"else", {{"required", {"email"}}}},
                       {"additionalProperties", false}},
      .run = [](const Json& args, ToolContext&) {
        return content(Json::array({text_content("received " + args.dump())}));
      }});
  tools.add(Tool{
      .name = "test_reconnection",
      .title = "Reconnection (SSE polling)",
      .description = "Answers over SSE, ends the HTTP response right after the priming event, and "
                     "delivers its result "
                     "when the client resumes with GET and Last-Event-ID (2025-11-25 polling).",
      .input_schema = no_arguments(),
      .streaming = Streaming::kAlways,
      .long_running = true,
      .run = [](const Json&, ToolContext& ctx) {
        ctx.end_connection();
        if (!ctx.sleep_until(Clock::now() + 100ms)) return Json::object();
        return content(Json::array({text_content("Reconnection test completed successfully")}));
      }});
}

std::vector<std::string> starting_with(const std::vector<std::string>& values,
                                       const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (v.starts_with(prefix)) out.push_back(v);
  }
  return out;
}

void add_resources(ResourceRegistry& resources) {
  resources.add(Resource{.uri = "test://static-text",
                         .name = "static-text",
                         .title = "Static text",
                         .description = "A plain text resource.",
                         .mime_type = "text/plain",
                         .read = [] {
                           return std::vector<ResourceContent>{
                               {"test://static-text", "text/plain",
                                "This is the content of the static text resource.", std::nullopt}};
                         }});
  resources.add(Resource{.uri = "test://static-binary",
                         .name = "static-binary",
                         .title = "Static binary",
                         .description = "A PNG image, served as a base64 blob.",
                         .mime_type = "image/png",
                         .read = [] {
                           return std::vector<ResourceContent>{
                               {"test://static-binary", "image/png", std::nullopt, kPng}};
                         }});
  resources.add(
      Resource{.uri = "test://watched-resource",
               .name = "watched-resource",
               .title = "Watched resource",
               .description = "A resource to subscribe to; update_watched_resource changes it.",
               .mime_type = "text/plain",
               .read = [] {
                 return std::vector<ResourceContent>{{"test://watched-resource", "text/plain",
                                                      "Watched resource content", std::nullopt}};
               }});
  resources.add_template(ResourceTemplate{
      .uri_template = "test://template/{id}/data",
      .name = "template-data",
      .title = "Data by id",
      .description = "JSON data for any id.",
      .mime_type = "application/json",
      .read =
          [](const std::string& uri, const std::vector<std::pair<std::string, std::string>>& vars) {
            const auto& id = vars.at(0).second;
            const Json data{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
            return std::vector<ResourceContent>{
                {uri, "application/json", data.dump(), std::nullopt}};
          },
      .complete =
          [](const std::string& variable, const std::string& prefix) {
            return variable == "id" ? starting_with({"1", "123", "2", "42"}, prefix)
                                    : std::vector<std::string>{};
          }});
}

void add_prompts(PromptRegistry& prompts) {
  prompts.add(Prompt{.name = "test_simple_prompt",
                     .title = "Simple prompt",
                     .description = "A prompt with one text message and no arguments.",
                     .arguments = {},
                     .messages = [](const Json&) {
                       return Json::array(
                           {{{"role", "user"},
                             {"content", text_content("This is a simple prompt for testing.")}}});
                     }});
  prompts.add(Prompt{
      .name = "test_prompt_with_arguments",
      .title = "Prompt with arguments",
      .description = "A prompt that uses its two arguments (arg1 completes from a fixed list).",
      .arguments = {{"arg1", "First argument", true,
                     [](const std::string& prefix) {
                       return starting_with({"test", "testing", "value1", "value2"}, prefix);
                     }},
                    {"arg2", "Second argument", true, {}}},
      .messages = [](const Json& args) {
        return Json::array(
            {{{"role", "user"},
              {"content", text_content("Prompt with arguments: arg1='" + args.value("arg1", "") +
                                       "', arg2='" + args.value("arg2", "") + "'")}}});
      }});
  prompts.add(Prompt{
      .name = "test_prompt_with_embedded_resource",
      .title = "Prompt with an embedded resource",
      .description = "A prompt whose first message embeds the resource named by resourceUri.",
      .arguments = {{"resourceUri", "URI of the resource to embed", true, {}}},
      .messages = [](const Json& args) {
        return Json::array(
            {{{"role", "user"},
              {"content", embedded(args.value("resourceUri", ""), "text/plain",
                                   "Embedded resource content for testing.")}},
             {{"role", "user"},
              {"content", text_content("Please process the embedded resource above.")}}});
      }});
  prompts.add(Prompt{
      .name = "test_prompt_with_image",
      .title = "Prompt with an image",
      .description = "A prompt with an image message and a text message.",
      .arguments = {},
      .messages = [](const Json&) {
        return Json::array(
            {{{"role", "user"}, {"content", image(kPng)}},
             {{"role", "user"}, {"content", text_content("Please analyze the image above.")}}});
      }});
}

}  // namespace

void add_official_fixtures(Catalog& catalog) {
  // In this order: tools/list lists them so.
  add_content_tools(catalog.tools);
  add_reporting_tools(catalog.tools);
  add_client_request_tools(catalog.tools);
  add_2025_11_25_tools(catalog.tools);
  add_resources(catalog.resources);
  add_prompts(catalog.prompts);
  Catalog* c = &catalog;
  catalog.tools.add(
      Tool{.name = "update_watched_resource",
           .title = "Update the watched resource",
           .description = "Signals that test://watched-resource changed: subscribers get "
                          "notifications/resources/updated.",
           .input_schema = no_arguments(),
           .run = [c](const Json&, ToolContext&) {
             if (c->events) c->events->resource_updated("test://watched-resource");
             return content(Json::array({text_content("test://watched-resource updated")}));
           }});
}

}  // namespace mcp::server
