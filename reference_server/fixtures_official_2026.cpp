// The tools and the prompt the official MCP conformance suite calls in its
// 2026-07-28 scenarios (server-stateless, input-required-result-*,
// http-custom-header-server-validation), under the names it uses. Each is
// written once for both eras: where one needs the client, it asks through
// ToolContext::ask_client, which up to 2025-11-25 sends a request on the
// call's stream and in 2026-07-28 makes an InputRequiredResult (or -32021 for
// a capability the client did not declare); the tool then runs again from the
// start on the retry, with every answer given so far.
#include <chrono>

#include "reference_server/catalog.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

/// How long a legacy-era ask waits for the client (a person may be answering).
constexpr auto kAnswerTimeout = 60s;

Json text_result(const std::string& text) {
  return Json{{"content", Json::array({text_content(text)})}};
}

/// A member of an object that must be a string; empty when it is not there.
std::string string_member(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// elicitation/create params asking for one field of `type`.
Json elicitation(const std::string& message, const char* field, const char* type = "string") {
  return Json{
      {"message", message},
      {"requestedSchema",
       {{"type", "object"}, {"properties", {{field, {{"type", type}}}}}, {"required", {field}}}}};
}

/// sampling/createMessage params with one user message.
Json sampling(const std::string& prompt, int max_tokens) {
  return Json{{"messages", Json::array({{{"role", "user"}, {"content", text_content(prompt)}}})},
              {"maxTokens", max_tokens}};
}

/// The client's result from an ask, or why there is none: the ask failed
/// (legacy era: no such capability, no stream, no answer in time) or the
/// client answered with an error.
struct Reply {
  Json result;  // null: none, see `problem`
  std::string problem;
};

Reply reply_of(const std::optional<Json>& answer, const std::string& error) {
  if (!answer) return {nullptr, error};
  if (const auto e = answer->find("error"); e != answer->end()) {
    return {nullptr, "the client answered with an error: " + string_member(*e, "message")};
  }
  const auto result = answer->find("result");
  if (result == answer->end() || !result->is_object())
    return {nullptr, "the client's answer holds no result object"};
  return {*result, {}};
}

/// An elicitation's field when the user accepted; nullopt otherwise.
std::optional<std::string> accepted_field(const Json& result, const char* field) {
  if (string_member(result, "action") != "accept") return std::nullopt;
  const auto content = result.find("content");
  if (content == result.end() || !content->is_object() || !content->contains(field))
    return std::nullopt;
  const auto& value = (*content)[field];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// What an elicitation result says, for a tool's reply.
std::string elicitation_summary(const Json& result, const char* field) {
  if (const auto value = accepted_field(result, field)) return *value;
  const auto action = string_member(result, "action");
  return "(no " + std::string(field) + ": the user chose " + (action.empty() ? "?" : action) + ")";
}

std::string sampled_text(const Json& result) {
  const auto content = result.find("content");
  if (content == result.end()) return "(no content)";
  if (content->is_object() && string_member(*content, "type") == "text")
    return string_member(*content, "text");
  return content->dump();
}

std::string root_uris(const Json& result) {
  const auto roots = result.find("roots");
  if (roots == result.end() || !roots->is_array() || roots->empty()) return "(no roots)";
  std::string out;
  for (const auto& root : *roots) {
    if (!out.empty()) out += ", ";
    out += string_member(root, "uri");
  }
  return out;
}

/// One question to the client and what the tool makes of the answer.
Json ask_one(ToolContext& ctx, const char* key, const char* method, Json params,
             const std::function<std::string(const Json& result)>& summary) {
  std::string error;
  const auto reply =
      reply_of(ctx.ask_client(method, std::move(params), kAnswerTimeout, &error, key), error);
  if (reply.result.is_null()) return tool_error(reply.problem);
  return text_result(summary(reply.result));
}

/// A tool with no arguments that asks the client before it answers.
Tool asking_tool(std::string name, std::string description,
                 std::function<Json(const Json&, ToolContext&)> run) {
  return Tool{.name = std::move(name),
              .title = {},
              .description = std::move(description),
              .input_schema = no_arguments(),
              .output_schema = nullptr,
              .annotations = nullptr,
              .streaming = Streaming::kAsksClient,
              .long_running = true,
              .run = std::move(run)};
}

/// Shows `entry` (of add_list_change_fixtures) if hidden, hides it if shown:
/// either way a real change of its list.
bool flip(Catalog& catalog, std::string_view list, const char* entry) {
  if (list == "tools")
    return catalog.tools.set_hidden(entry, true) || catalog.tools.set_hidden(entry, false);
  return catalog.prompts.set_hidden(entry, true) || catalog.prompts.set_hidden(entry, false);
}

/// The diagnostic tools of the server-stateless scenario.
void add_stateless_diagnostics(Catalog& catalog) {
  catalog.tools.add(asking_tool(
      "test_missing_capability",
      "Needs the client's sampling capability: asks the model for one word. Without sampling "
      "declared, 2026-07-28 refuses the call with -32021 (data.requiredCapabilities.sampling); "
      "earlier revisions answer a tool error.",
      [](const Json&, ToolContext& ctx) {
        return ask_one(ctx, "readiness", "sampling/createMessage",
                       sampling("Reply with one word: ready", 10), [](const Json& result) {
                         return "Sampling works; the model said: " + sampled_text(result);
                       });
      }));
  catalog.tools.add(asking_tool(
      "test_streaming_elicitation",
      "Asks the user to confirm (elicitation). Up to 2025-11-25 the request travels on the "
      "call's SSE stream (after one progress notification when given a progress token); "
      "2026-07-28 answers an InputRequiredResult instead, so the server never puts a request "
      "of its own on a response stream.",
      [](const Json&, ToolContext& ctx) {
        ctx.progress(0, 1, "asking the user");
        return ask_one(ctx, "confirmation", "elicitation/create",
                       elicitation("Shall the streaming test go on?", "ok", "boolean"),
                       [](const Json& result) {
                         return "Confirmation: " + elicitation_summary(result, "ok");
                       });
      }));
  catalog.tools.add(
      Tool{.name = "test_logging_tool",
           .title = "Tool that logs when asked to",
           .description =
               "Logs two notifications/message (info) on its stream, then answers. A 2026-07-28 "
               "request gets them only when its _meta sets io.modelcontextprotocol/logLevel.",
           .input_schema = no_arguments(),
           .streaming = Streaming::kAlways,
           .run = [](const Json&, ToolContext& ctx) {
             ctx.log(LogSeverity::kInfo, "test_logging_tool started", "test_logging_tool");
             ctx.log(LogSeverity::kInfo, "test_logging_tool finished", "test_logging_tool");
             return text_result(
                 "test_logging_tool ran (its log messages go only to a client that "
                 "asked for them)");
           }});
  Catalog* c = &catalog;
  const auto trigger = [c](const char* name, const char* list, const char* entry) {
    return Tool{
        .name = name,
        .title = {},
        .description = std::string("Changes the ") + list + " list (shows or hides " + entry +
                       ") and sends notifications/" + list +
                       "/list_changed to every session and listen stream that asked for it.",
        .input_schema = no_arguments(),
        .output_schema = nullptr,
        .annotations = {{"readOnlyHint", false}, {"idempotentHint", false}},
        .run = [c, list, entry](const Json&, ToolContext&) {
          const bool changed = flip(*c, list, entry);
          if (changed && c->events) c->events->list_changed(list);
          return text_result(changed ? std::string("the ") + list + " list changed (" + entry + ")"
                                     : std::string("this server has no ") + entry + " to show");
        }};
  };
  catalog.tools.add(trigger("test_trigger_tool_change", "tools", "extra_echo"));
  catalog.tools.add(trigger("test_trigger_prompt_change", "prompts", "extra_prompt"));
}

/// The single-question tools of the input-required-result-* scenarios.
void add_single_input_tools(ToolRegistry& tools) {
  tools.add(asking_tool(
      "test_input_required_result_elicitation",
      "Asks the user's name (elicitation, key user_name) and greets them.",
      [](const Json&, ToolContext& ctx) {
        return ask_one(ctx, "user_name", "elicitation/create",
                       elicitation("What is your name?", "name"), [](const Json& result) {
                         const auto name = accepted_field(result, "name");
                         return name ? "Hello, " + *name + "!"
                                     : "Hello, stranger! " + elicitation_summary(result, "name");
                       });
      }));
  tools.add(asking_tool(
      "test_input_required_result_sampling",
      "Asks the model for the capital of France (sampling, key capital_question).",
      [](const Json&, ToolContext& ctx) {
        return ask_one(ctx, "capital_question", "sampling/createMessage",
                       sampling("What is the capital of France?", 100), [](const Json& result) {
                         return "The model answered: " + sampled_text(result);
                       });
      }));
  tools.add(asking_tool(
      "test_input_required_result_list_roots",
      "Asks the client for its roots (roots/list, key client_roots) and names them.",
      [](const Json&, ToolContext& ctx) {
        return ask_one(ctx, "client_roots", "roots/list", Json::object(), [](const Json& result) {
          return "The client's roots: " + root_uris(result);
        });
      }));
  tools.add(asking_tool(
      "test_input_required_result_request_state",
      "Asks for a confirmation (elicitation, key confirm). In 2026-07-28 the retry must echo "
      "the requestState, which the server seals and checks; the answer then says state-ok.",
      [](const Json&, ToolContext& ctx) {
        return ask_one(ctx, "confirm", "elicitation/create",
                       elicitation("Please confirm", "ok", "boolean"), [](const Json& result) {
                         // A retry whose requestState fails the server's check is refused
                         // before the tool runs, so any state that got here was sound.
                         return "state-ok: confirmation " + elicitation_summary(result, "ok");
                       });
      }));
  tools.add(asking_tool(
      "test_input_required_result_tampered_state",
      "Asks for an approval (elicitation, key approval). A retry whose requestState was "
      "changed is refused with -32602 before the tool runs again.",
      [](const Json&, ToolContext& ctx) {
        return ask_one(
            ctx, "approval", "elicitation/create", elicitation("Do you approve?", "ok", "boolean"),
            [](const Json& result) { return "Approval: " + elicitation_summary(result, "ok"); });
      }));
}

/// The tools of the input-required-result-* scenarios that ask more than once.
void add_multi_input_tools(ToolRegistry& tools) {
  tools.add(asking_tool(
      "test_input_required_result_multiple_inputs",
      "Asks three things at once: the user's name (elicitation, user_name), a greeting "
      "(sampling, greeting) and the client's roots (roots/list, client_roots).",
      [](const Json&, ToolContext& ctx) {
        std::string error;
        const auto answers = ctx.ask_all(
            {{"user_name", "elicitation/create", elicitation("What is your name?", "name")},
             {"greeting", "sampling/createMessage", sampling("Generate a greeting", 50)},
             {"client_roots", "roots/list", Json::object()}},
            kAnswerTimeout, &error);
        const auto name = reply_of(answers[0], error);
        const auto greeting = reply_of(answers[1], error);
        const auto roots = reply_of(answers[2], error);
        for (const auto* reply : {&name, &greeting, &roots}) {
          if (reply->result.is_null()) return tool_error(reply->problem);
        }
        return text_result(sampled_text(greeting.result) + " " +
                           elicitation_summary(name.result, "name") +
                           " (roots: " + root_uris(roots.result) + ")");
      }));
  tools.add(asking_tool(
      "test_input_required_result_multi_round",
      "Asks in two rounds: the user's name (step1), then their favourite colour (step2). In "
      "2026-07-28 that is two InputRequiredResults, each with its own requestState.",
      [](const Json&, ToolContext& ctx) {
        std::string error;
        const auto name = reply_of(
            ctx.ask_client("elicitation/create", elicitation("Step 1: What is your name?", "name"),
                           kAnswerTimeout, &error, "step1"),
            error);
        if (name.result.is_null()) return tool_error(name.problem);
        const auto colour =
            reply_of(ctx.ask_client("elicitation/create",
                                    elicitation("Step 2: What is your favorite color?", "color"),
                                    kAnswerTimeout, &error, "step2"),
                     error);
        if (colour.result.is_null()) return tool_error(colour.problem);
        return text_result(elicitation_summary(name.result, "name") + " likes " +
                           elicitation_summary(colour.result, "color"));
      }));
  tools.add(asking_tool(
      "test_input_required_result_capabilities",
      "Asks only through the capabilities the client declared: sampling (model_opinion), "
      "elicitation (user_choice), roots (client_roots); with none of them it asks nothing.",
      [](const Json&, ToolContext& ctx) {
        std::vector<ToolContext::Question> questions;
        if (ctx.client_declared("sampling")) {
          questions.push_back(
              {"model_opinion", "sampling/createMessage", sampling("Name a colour.", 20)});
        }
        if (ctx.client_declared("elicitation")) {
          questions.push_back(
              {"user_choice", "elicitation/create", elicitation("Pick a colour.", "color")});
        }
        if (ctx.client_declared("roots"))
          questions.push_back({"client_roots", "roots/list", Json::object()});
        if (questions.empty()) {
          return text_result(
              "The client declared none of sampling, elicitation and roots: nothing to ask.");
        }
        std::string error;
        const auto answers = ctx.ask_all(questions, kAnswerTimeout, &error);
        std::string text = "Asked";
        for (std::size_t i = 0; i < questions.size(); ++i) {
          const auto reply = reply_of(answers[i], error);
          text += " " + questions[i].key +
                  (reply.result.is_null() ? " (failed: " + reply.problem + ")" : " (answered)");
        }
        return text_result(text);
      }));
}

void add_input_required_prompt(PromptRegistry& prompts) {
  prompts.add(Prompt{
      .name = "test_input_required_result_prompt",
      .title = "Prompt that asks for its context",
      .description =
          "Asks the user what context to use (elicitation, key user_context) and builds its "
          "message from the answer. Up to 2025-11-25 prompts/get has no stream to ask on, so "
          "the message says no context was given.",
      .arguments = {},
      .messages = {},
      .messages_asking = [](const Json&, ToolContext& ctx) {
        std::string error;
        const auto reply =
            reply_of(ctx.ask_client("elicitation/create",
                                    elicitation("What context should the prompt use?", "context"),
                                    kAnswerTimeout, &error, "user_context"),
                     error);
        const auto context = reply.result.is_null() ? "(none: " + reply.problem + ")"
                                                    : elicitation_summary(reply.result, "context");
        return Json::array(
            {{{"role", "user"},
              {"content", text_content("Answer with this context in mind: " + context)}}});
      }});
}

/// A string property its client mirrors into Mcp-Param-<header>.
Json header_string(const char* header, const char* description) {
  return Json{{"type", "string"}, {"description", description}, {"x-mcp-header", header}};
}

/// The arguments a custom-header tool got, as "name=value" pairs.
Json echo_arguments(const Json& arguments) {
  std::string text = "Received";
  for (const auto& [name, value] : arguments.items())
    text += " " + name + "=" + value.dump();
  return text_result(text);
}

/// Tools whose arguments travel in Mcp-Param-* headers too (x-mcp-header);
/// the HTTP layer checks each header against its argument before they run.
void add_custom_header_tools(ToolRegistry& tools) {
  const Json priority{{"type", "integer"},
                      {"description", "Compared with its header as a number"},
                      {"x-mcp-header", "Priority"}};
  const Json query{{"type", "string"}, {"description", "Not mirrored into a header"}};
  tools.add(
      Tool{.name = "test_custom_headers",
           .title = "Arguments mirrored into headers",
           .description =
               "Returns its arguments. region, priority, verbose, label and note are marked "
               "x-mcp-header: a 2026-07-28 call carries each in Mcp-Param-<name>, Base64-wrapped "
               "(=?base64?...?=) when the value is not plain ASCII, and a missing or different "
               "header is refused with 400 / -32020.",
           .input_schema = {{"type", "object"},
                            {"properties",
                             {{"region", header_string("Region", "A plain ASCII value")},
                              {"priority", priority},
                              {"verbose",
                               {{"type", "boolean"},
                                {"description", "Sent as true or false"},
                                {"x-mcp-header", "Verbose"}}},
                              {"label", header_string("Label", "Any text; non-ASCII needs Base64")},
                              {"note", header_string("Note", "Any text; edge spaces need Base64")},
                              {"ratio", {{"type", "number"}, {"description", "Not mirrored"}}},
                              {"query", query}}},
                            {"required", {"region", "priority", "query"}}},
           .output_schema = nullptr,
           .annotations = nullptr,
           .run = [](const Json& arguments, ToolContext&) { return echo_arguments(arguments); }});
  tools.add(
      Tool{.name = "test_custom_headers_null",
           .title = "Nullable argument mirrored into a header",
           .description = "Returns its arguments. verbose may be null or absent: then no "
                          "Mcp-Param-Verbose header is expected.",
           .input_schema = {{"type", "object"},
                            {"properties",
                             {{"region", header_string("Region", "A plain ASCII value")},
                              {"priority", priority},
                              {"verbose",
                               {{"type", {"boolean", "null"}},
                                {"description", "Null or absent: no header"},
                                {"x-mcp-header", "Verbose"}}},
                              {"query", query}}},
                            {"required", {"region", "priority", "query"}}},
           .output_schema = nullptr,
           .annotations = nullptr,
           .run = [](const Json& arguments, ToolContext&) { return echo_arguments(arguments); }});
}

}  // namespace

void add_official_fixtures_2026(Catalog& catalog) {
  add_stateless_diagnostics(catalog);
  add_single_input_tools(catalog.tools);
  add_multi_input_tools(catalog.tools);
  add_input_required_prompt(catalog.prompts);
  add_custom_header_tools(catalog.tools);
}

}  // namespace mcp::server
