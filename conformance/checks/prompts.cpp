// Spec page server/prompts: listing, getting, errors.
#include <regex>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

using namespace std::string_literals;

const std::string kPromptsArea = "prompts";
const Needs kPrompts{.capability = "prompts"};
/// For the checks that judge listed prompts: nothing to judge when none is listed.
const Needs kListedPrompts{.capability = "prompts", .listed = "prompts/list"};

/// True when the prompt argument `a` is marked required. A `required` that is not
/// a boolean is the server's mistake, and fails the check that reads it.
bool is_required(const Json& a) {
  const auto required = a.value("required", Json(false));
  if (!required.is_boolean())
    throw ServerValueError("a prompt argument whose required is not a boolean: " + brief(a));
  return required.get<bool>();
}

/// The prompt's required arguments, in order.
std::vector<Json> required_arguments(const Json& prompt) {
  std::vector<Json> out;
  const auto arguments = member(prompt, "arguments");
  if (!arguments.is_array()) return out;
  for (const auto& a : arguments) {
    if (member(a, "name").is_string() && is_required(a)) out.push_back(a);
  }
  return out;
}

/// A plausible value for a prompt argument, from its name and description.
std::string example_value(const Json& argument) {
  std::string words =
      string_member(argument, "name") + " " + string_member(argument, "description");
  for (auto& ch : words)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (words.find("uri") != std::string::npos || words.find("url") != std::string::npos)
    return "https://example.com/conformance";
  for (const char* numeric : {"id", "number", "count", "temperature", "index", "size", "limit"}) {
    if (std::regex_search(words, std::regex("\\b"s + numeric + "\\b"))) return "1";
  }
  return "conformance";
}

/// Arguments for `prompt`: a value for each required argument.
Json example_arguments(const Json& prompt) {
  Json out = Json::object();
  for (const auto& a : required_arguments(prompt))
    out[a["name"].get<std::string>()] = example_value(a);
  return out;
}

const CheckInfo kPromptsCapability{
    .id = "prompts.capability",
    .title = "A server with prompts declares the prompts capability",
    .area = kPromptsArea,
    .section = "server/prompts#capabilities",
    .rule =
        "A server that offers prompts declares the prompts capability, with listChanged as "
        "a boolean when given.",
    .versions = kEveryVersion,
    .description =
        "Declared: capabilities.prompts is an object (listChanged a boolean when "
        "present) and prompts/list answers. Not declared: prompts/list must not list "
        "any prompts."};

const CheckInfo kPromptsListSchema{
    .id = "prompts.list.schema",
    .title = "prompts/list answers a valid ListPromptsResult",
    .area = kPromptsArea,
    .section = "server/prompts#listing-prompts",
    .rule =
        "prompts/list answers a list of prompts, each with a string name and, when it takes "
        "arguments, a list of named arguments.",
    .versions = kEveryVersion,
    .needs = kPrompts,
    .description =
        "Every page validates against the version's ListPromptsResult; every prompt has a string "
        "name (title and description strings when present) and arguments, when present, is an "
        "array of {name: string, description?: string, required?: boolean}."};

/// Why a listed prompt breaks the Prompt type, or "".
std::string prompt_problem(const Json& p) {
  if (!member(p, "name").is_string()) return "a prompt without a string name: " + brief(p);
  for (const char* key : {"title", "description"}) {
    if (p.contains(key) && !p[key].is_string())
      return std::string(key) + " that is not a string (" + name_of(p) + "): " + brief(p[key]);
  }
  if (!p.contains("arguments")) return "";
  if (!p["arguments"].is_array())
    return "arguments that are not an array (" + name_of(p) + "): " + brief(p["arguments"]);
  for (const auto& a : p["arguments"]) {
    if (!member(a, "name").is_string() ||
        (a.contains("description") && !a["description"].is_string()) ||
        (a.contains("required") && !a["required"].is_boolean()))
      return "an argument that is not {name: string, description?: string, required?: boolean} (" +
             name_of(p) + "): " + brief(a);
  }
  return "";
}

const ListShape kPromptList{.method = "prompts/list",
                            .key = "prompts",
                            .result_type = "ListPromptsResult",
                            .noun = "prompt",
                            .item_problem = prompt_problem};

const CheckInfo kGetSchema{
    .id = "prompts.get.schema",
    .title = "prompts/get answers messages with a role and valid content",
    .area = kPromptsArea,
    .section = "server/prompts#getting-a-prompt",
    .rule =
        "prompts/get answers messages, each from the user or the assistant, whose content is "
        "of a kind the version defines and correctly encoded.",
    .versions = kEveryVersion,
    .needs = kListedPrompts,
    .description =
        "Gets every listed prompt (at most 20) with a made-up string for each required argument: "
        "the result must validate against the version's GetPromptResult; every message has role "
        "user or assistant and content the version defines (image/audio with base64 data and a "
        "media type; embedded resources with uri and text or base64 blob). A prompt that refuses "
        "the made-up arguments with an error is only noted."};

/// Why a prompts/get result is not a valid GetPromptResult, or "".
std::string get_result_problem(const Json& result, ProtocolVersion version) {
  const auto messages = member(result, "messages");
  if (!messages.is_array()) return "no messages array: " + brief(result);
  for (const auto& m : messages) {
    const auto role = member(m, "role");
    if (role != "user" && role != "assistant")
      return "a message whose role is not user or assistant: " + brief(m);
    if (const auto problem = content_problem(member(m, "content"), version); !problem.empty())
      return problem;
  }
  if (result.contains("description") && !result["description"].is_string())
    return "description that is not a string: " + brief(result["description"]);
  return "";
}

Outcome get_schema(CheckContext& c) {
  if (c.facts().prompts.empty()) return Outcome::skip("the server lists no prompts");
  auto s = session(c);
  std::size_t judged = 0;
  std::size_t tried = 0;
  std::string refused;
  for (const auto& prompt : c.facts().prompts) {
    if (tried >= 20) break;
    if (name_of(prompt) == "?") continue;
    ++tried;
    const auto r = s->request("prompts/get",
                              {{"name", prompt["name"]}, {"arguments", example_arguments(prompt)}});
    if (!has_result(r)) {
      if (!r.response) return Outcome::fail("an answer to prompts/get", describe(r));
      refused += (refused.empty() ? "" : ", ") + name_of(prompt);
      continue;
    }
    if (const auto problem = get_result_problem(result_of(r), c.version()); !problem.empty())
      return Outcome::fail("a valid GetPromptResult (" + name_of(prompt) + ")", problem);
    if (const auto problem = schema_problem(c, {*r.response}, "prompts/get"); !problem.empty())
      return Outcome::fail("a GetPromptResult for " + name_of(prompt) + " valid against the " +
                               c.version_text() + " schema",
                           problem);
    ++judged;
  }
  if (judged == 0) return Outcome::skip("every prompt refused the made-up arguments: " + refused);
  return Outcome::pass(std::to_string(judged) + " prompt(s) checked" +
                       (refused.empty() ? "" : "; refused the made-up arguments: " + refused));
}

const CheckInfo kGetErrors{
    .id = "prompts.get.errors",
    .title = "Unknown prompts and missing required arguments get -32602",
    .area = kPromptsArea,
    .section = "server/prompts#error-handling",
    .rule =
        "prompts/get for an unknown prompt, or without a required argument, gets error "
        "-32602.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = kPrompts,
    .description =
        "prompts/get for a random name, and for the first prompt with a required "
        "argument without its arguments: each should get -32602."};

Outcome get_errors(CheckContext& c) {
  auto s = session(c);
  const auto r =
      s->request("prompts/get", {{"name", "x-conformance-no-such-prompt-" + random_suffix()}});
  if (error_code(r) != jsonrpc::kInvalidParams)
    return Outcome::fail("error -32602 for an unknown prompt", describe(r));
  for (const auto& prompt : c.facts().prompts) {
    const auto required = required_arguments(prompt);
    if (required.empty()) continue;
    const auto missing = s->request(
        "prompts/get", {{"name", member(prompt, "name")}, {"arguments", Json::object()}});
    if (error_code(missing) != jsonrpc::kInvalidParams)
      return Outcome::fail("error -32602 for " + name_of(prompt) +
                               " without its required argument " + required.front()["name"].dump(),
                           describe(missing));
    return Outcome::pass();
  }
  return Outcome::pass("no prompt has a required argument: checked an unknown name only");
}

const CheckInfo kValidate{
    .id = "prompts.validate",
    .title = "Prompt arguments are validated; hostile ones do no harm",
    .area = kPromptsArea,
    .section = "server/prompts#security",
    .rule =
        "The server validates prompt arguments, refusing ones of the wrong type, and "
        "hostile text does it no harm.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = kListedPrompts,
    .description =
        "For the first listed prompt with arguments (else the first prompt): a non-string "
        "argument value should be refused with an error (arguments are strings); a 100 KB value "
        "and template/injection text must get an answer (never a 5xx or silence), and ping "
        "(server/discover at "
        "2026-07-28) must work afterwards. Injection resistance itself is not observable."};

Outcome validate(CheckContext& c) {
  if (c.facts().prompts.empty()) return Outcome::skip("the server lists no prompts");
  Json prompt = c.facts().prompts.front();
  std::string argument = "x-conformance";
  for (const auto& p : c.facts().prompts) {
    const auto arguments = member(p, "arguments");
    if (arguments.is_array() && !arguments.empty() && member(arguments[0], "name").is_string()) {
      prompt = p;
      argument = arguments[0]["name"].get<std::string>();
      break;
    }
  }
  if (name_of(prompt) == "?") return Outcome::skip("the first prompt has no name");
  auto s = session(c);
  const auto with = [&](const Json& value) {
    Json arguments = example_arguments(prompt);
    arguments[argument] = value;
    return s->request("prompts/get", {{"name", prompt["name"]}, {"arguments", arguments}});
  };
  for (const Json& value :
       {Json(std::string(100 * 1024, 'A')),
        Json("{{7*7}} ${7*7} <script>alert(1)</script> '; DROP TABLE x;-- \0 \xF0\x9F\x99\x82"s)}) {
    if (const auto problem = unhealthy(with(value), over_http(c)); !problem.empty())
      return Outcome::fail("an answer (result or error) to prompts/get " + name_of(prompt) +
                               " with " + brief(value, 40),
                           problem);
  }
  const auto after = s->request(answered_method(c));
  if (!has_result(after))
    return Outcome::fail(answered_method(c) + " answered after the hostile prompts/get calls",
                         describe(after));
  const auto typed = with(Json{{"not", "a string"}});
  if (const auto problem = unhealthy(typed, over_http(c)); !problem.empty())
    return Outcome::fail("an answer to prompts/get with an object argument", problem);
  if (has_result(typed))
    return Outcome::fail(
        "an error for argument \"" + argument + "\" given an object (" + name_of(prompt) + ")",
        describe(typed));
  return Outcome::pass();
}

}  // namespace

void register_prompts_checks(Registry& registry) {
  registry.add(kPromptsCapability, capability_check("prompts", {"listChanged"}));
  registry.add(kPromptsListSchema, list_check(kPromptList));
  registry.add(kGetSchema, get_schema);
  registry.add(kGetErrors, get_errors);
  registry.add(kValidate, validate);
}

}  // namespace mcp::conformance
