// Spec page server/prompts: listing, getting, errors.
#include <random>
#include <regex>
#include <set>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

using namespace std::string_literals;

const Needs kPrompts{.capability = "prompts"};

bool has_result(const client::CallResult& r) {
  return r.ok() && r.response->contains("result");
}

std::string name_of(const Json& prompt) {
  return prompt.is_object() && prompt.value("name", Json()).is_string()
             ? prompt["name"].get<std::string>()
             : "?";
}

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

bool is_base64(const std::string& text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (padding || !(std::isalnum(ch) || ch == '+' || ch == '/')) {
      return false;
    }
  }
  return true;
}

bool is_media_type(const Json& value) {
  static const std::regex kType(R"(^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kType);
}

/// Why a prompt message's content is not valid under `version`, or "" when it is.
std::string content_problem(const Json& block, ProtocolVersion version) {
  if (!block.is_object()) return "content that is not an object: " + brief(block);
  const auto type = block.value("type", Json());
  if (!type.is_string()) return "content without a string type: " + brief(block, 120);
  const auto t = type.get<std::string>();
  const auto string = [](const Json& o, const char* key) {
    return o.contains(key) && o[key].is_string();
  };
  if (t == "text") return string(block, "text") ? "" : "text content without a string text";
  if (t == "image" || (t == "audio" && version >= ProtocolVersion::k2025_03_26)) {
    if (!is_media_type(block.value("mimeType", Json())))
      return t + " content without a valid mimeType: " + brief(block, 120);
    if (!string(block, "data") || !is_base64(block["data"].get<std::string>()))
      return t + " content whose data is not valid base64: " + brief(block, 120);
    return "";
  }
  if (t == "resource") {
    const auto resource = block.value("resource", Json());
    if (!resource.is_object() || !string(resource, "uri"))
      return "an embedded resource without resource.uri: " + brief(block, 120);
    const bool text = string(resource, "text");
    const bool blob = string(resource, "blob");
    if (!text && !blob) return "an embedded resource without text or blob: " + brief(block, 120);
    if (blob && !is_base64(resource["blob"].get<std::string>()))
      return "an embedded resource blob that is not valid base64: " + brief(block, 120);
    if (resource.contains("mimeType") && !resource["mimeType"].is_string())
      return "an embedded resource mimeType that is not a string: " + brief(block, 120);
    return "";
  }
  if (t == "resource_link" && version >= ProtocolVersion::k2025_06_18) {
    if (!string(block, "uri") || !string(block, "name"))
      return "a resource_link without string uri and name: " + brief(block, 120);
    return "";
  }
  return "content of type \"" + t + "\", which " + std::string(to_string(version)) +
         " does not define";
}

/// A plausible value for a prompt argument, from its name and description.
std::string example_value(const Json& argument) {
  std::string words = argument.value("name", "") + " " +
                      (argument.value("description", Json()).is_string()
                           ? argument["description"].get<std::string>()
                           : std::string());
  for (auto& ch : words)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (words.find("uri") != std::string::npos || words.find("url") != std::string::npos)
    return "https://example.com/conformance";
  for (const char* numeric : {"id", "number", "count", "temperature", "index", "size", "limit"}) {
    if (std::regex_search(words, std::regex("\\b"s + numeric + "\\b"))) return "1";
  }
  return "conformance";
}

/// True when the prompt argument `a` is marked required. A `required` that is not
/// a boolean is the server's mistake, and fails the check that reads it.
bool is_required(const Json& a) {
  const auto required = a.value("required", Json(false));
  if (!required.is_boolean())
    throw ServerValueError("a prompt argument whose required is not a boolean: " + brief(a));
  return required.get<bool>();
}

/// Arguments for `prompt`: a value for each required argument.
Json example_arguments(const Json& prompt) {
  Json out = Json::object();
  const auto arguments = prompt.value("arguments", Json::array());
  if (!arguments.is_array()) return out;
  for (const auto& a : arguments) {
    if (a.is_object() && a.value("name", Json()).is_string() && is_required(a))
      out[a["name"].get<std::string>()] = example_value(a);
  }
  return out;
}

/// The first required argument of `prompt`, or "".
std::string first_required(const Json& prompt) {
  const auto arguments = prompt.value("arguments", Json::array());
  if (!arguments.is_array()) return "";
  for (const auto& a : arguments) {
    if (a.is_object() && a.value("name", Json()).is_string() && is_required(a))
      return a["name"].get<std::string>();
  }
  return "";
}

struct Walk {
  std::vector<Json> pages;
  std::vector<Json> items;
  std::string problem;
};

/// Every page of prompts/list (at most 100), stopping at the first problem.
Walk walk_prompts(McpSession& s) {
  Walk out;
  Json params = Json::object();
  std::set<std::string> cursors;
  for (int page = 0; page < 100; ++page) {
    const auto r = s.request("prompts/list", params);
    if (!has_result(r)) {
      out.problem = "prompts/list" + (page ? " page " + std::to_string(page + 1) : std::string()) +
                    " answered " + describe(r);
      return out;
    }
    out.pages.push_back(*r.response);
    const auto& result = (*r.response)["result"];
    if (!result.is_object() || !result.value("prompts", Json()).is_array()) {
      out.problem = "a result without a prompts array: " + brief(result);
      return out;
    }
    for (const auto& item : result["prompts"])
      out.items.push_back(item);
    const auto next = result.value("nextCursor", Json());
    if (next.is_null()) return out;
    if (!next.is_string() || !cursors.insert(next.get<std::string>()).second) {
      out.problem = "nextCursor " + next.dump() + " (not a string, or handed out twice)";
      return out;
    }
    params["cursor"] = next;
  }
  out.problem = "more than 100 pages";
  return out;
}

/// What a call gave, for a tolerance check: an answer of any kind but a 5xx.
std::string unhealthy(const client::CallResult& r, bool http) {
  if (http && r.http_status >= 500) return "HTTP " + std::to_string(r.http_status);
  if (r.response) return "";
  if (http && is_4xx(r.http_status)) return "";
  return "no answer: " + describe(r);
}

}  // namespace

void register_prompts_checks(Registry& registry) {
  registry.add(
      {.id = "prompts.capability",
       .title = "A server with prompts declares the prompts capability",
       .area = "prompts",
       .section = "server/prompts#capabilities",
       .level = Level::kMust,
       .versions = kAllVersions,
       .requirement = "prompts.capability",
       .description =
           "Declared: capabilities.prompts is an object (listChanged a boolean when present) and "
           "prompts/list answers. Not declared: prompts/list must not list any prompts."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = s->request("prompts/list");
        if (c.facts().has_capability("prompts")) {
          const auto& capability = c.facts().capabilities["prompts"];
          if (!capability.is_object())
            return Outcome::fail("capabilities.prompts, an object", brief(capability));
          if (capability.contains("listChanged") && !capability["listChanged"].is_boolean())
            return Outcome::fail("listChanged, a boolean", brief(capability));
          if (!has_result(r))
            return Outcome::fail("prompts/list to answer (prompts is declared)", describe(r));
          return Outcome::pass();
        }
        if (has_result(r)) {
          const auto listed = (*r.response)["result"].value("prompts", Json::array());
          if (listed.is_array() && !listed.empty())
            return Outcome::fail(
                "the prompts capability declared",
                "prompts/list lists " + std::to_string(listed.size()) + " prompt(s) without it");
        }
        return Outcome::pass("no prompts capability, and no prompts listed");
      });

  registry.add(
      {.id = "prompts.list.schema",
       .title = "prompts/list answers a valid ListPromptsResult",
       .area = "prompts",
       .section = "server/prompts#listing-prompts",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kPrompts,
       .requirement = "prompts.list.schema",
       .description =
           "Every page validates against the version's ListPromptsResult; every prompt has a "
           "string name (title and description strings when present) and arguments, when "
           "present, is an array of {name: string, description?: string, required?: boolean}."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto w = walk_prompts(*s);
        if (w.pages.empty()) return Outcome::fail("a prompts/list result", w.problem);
        for (const auto& page : w.pages) {
          const auto problems = c.schemas().validate(c.version(), page, "prompts/list");
          if (!problems.empty())
            return Outcome::fail(
                "a ListPromptsResult valid against the " + c.version_text() + " schema",
                problems.front());
        }
        for (const auto& p : w.items) {
          if (!p.is_object() || !p.value("name", Json()).is_string())
            return Outcome::fail("every prompt with a string name", brief(p));
          for (const char* key : {"title", "description"}) {
            if (p.contains(key) && !p[key].is_string())
              return Outcome::fail(std::string(key) + ", a string (" + name_of(p) + ")",
                                   brief(p[key]));
          }
          if (!p.contains("arguments")) continue;
          if (!p["arguments"].is_array())
            return Outcome::fail("arguments, an array (" + name_of(p) + ")", brief(p["arguments"]));
          for (const auto& a : p["arguments"]) {
            if (!a.is_object() || !a.value("name", Json()).is_string() ||
                (a.contains("description") && !a["description"].is_string()) ||
                (a.contains("required") && !a["required"].is_boolean()))
              return Outcome::fail(
                  "arguments {name: string, description?: string, required?: "
                  "boolean} (" +
                      name_of(p) + ")",
                  brief(a));
          }
        }
        if (!w.problem.empty()) return Outcome::fail("every page of prompts/list", w.problem);
        return Outcome::pass(std::to_string(w.items.size()) + " prompt(s)");
      });

  registry.add(
      {.id = "prompts.get.schema",
       .title = "prompts/get answers messages with a role and valid content",
       .area = "prompts",
       .section = "server/prompts#getting-a-prompt",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kPrompts,
       .requirement = "prompts.get.schema",
       .description =
           "Gets every listed prompt (at most 20) with a made-up string for each required "
           "argument: the result must validate against the version's GetPromptResult; every "
           "message has role user or assistant and content the version defines (image/audio "
           "with base64 data and a media type; embedded resources with uri and text or base64 "
           "blob). A prompt that refuses the made-up arguments with an error is only noted."},
      [](CheckContext& c) {
        if (c.facts().prompts.empty()) return Outcome::skip("the server lists no prompts");
        auto s = session(c);
        std::size_t judged = 0;
        std::string refused;
        std::size_t tried = 0;
        for (const auto& prompt : c.facts().prompts) {
          if (tried >= 20) break;
          if (name_of(prompt) == "?") continue;
          ++tried;
          const auto r = s->request(
              "prompts/get", {{"name", prompt["name"]}, {"arguments", example_arguments(prompt)}});
          if (!has_result(r)) {
            if (!r.response) return Outcome::fail("an answer to prompts/get", describe(r));
            refused += (refused.empty() ? "" : ", ") + name_of(prompt);
            continue;
          }
          const auto& result = (*r.response)["result"];
          const auto messages = result.is_object() ? result.value("messages", Json()) : Json();
          if (!messages.is_array())
            return Outcome::fail("a messages array (" + name_of(prompt) + ")", brief(result));
          for (const auto& m : messages) {
            const auto role = m.is_object() ? m.value("role", Json()) : Json();
            if (role != "user" && role != "assistant")
              return Outcome::fail("role user or assistant (" + name_of(prompt) + ")", brief(m));
            if (const auto problem = content_problem(m.value("content", Json()), c.version());
                !problem.empty())
              return Outcome::fail("valid message content (" + name_of(prompt) + ")", problem);
          }
          if (result.contains("description") && !result["description"].is_string())
            return Outcome::fail("description, a string (" + name_of(prompt) + ")",
                                 brief(result["description"]));
          const auto problems = c.schemas().validate(c.version(), *r.response, "prompts/get");
          if (!problems.empty())
            return Outcome::fail("a GetPromptResult for " + name_of(prompt) +
                                     " valid against the " + c.version_text() + " schema",
                                 problems.front());
          ++judged;
        }
        if (judged == 0)
          return Outcome::skip("every prompt refused the made-up arguments: " + refused);
        return Outcome::pass(
            std::to_string(judged) + " prompt(s) checked" +
            (refused.empty() ? "" : "; refused the made-up arguments: " + refused));
      });

  registry.add(
      {.id = "prompts.get.errors",
       .title = "Unknown prompts and missing required arguments get -32602",
       .area = "prompts",
       .section = "server/prompts#error-handling",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = kPrompts,
       .requirement = "prompts.get.errors",
       .description = "prompts/get for a random name, and for the first prompt with a required "
                      "argument without its arguments: each should get -32602."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto unknown = "x-conformance-no-such-prompt-" + random_suffix();
        const auto r = s->request("prompts/get", {{"name", unknown}});
        if (error_code(r) != jsonrpc::kInvalidParams)
          return Outcome::fail("error -32602 for an unknown prompt", describe(r));
        for (const auto& prompt : c.facts().prompts) {
          const auto argument = first_required(prompt);
          if (argument.empty()) continue;
          const auto missing =
              s->request("prompts/get", {{"name", prompt["name"]}, {"arguments", Json::object()}});
          if (error_code(missing) != jsonrpc::kInvalidParams)
            return Outcome::fail("error -32602 for " + name_of(prompt) +
                                     " without its required argument \"" + argument + "\"",
                                 describe(missing));
          return Outcome::pass();
        }
        return Outcome::pass("no prompt has a required argument: checked an unknown name only");
      });

  registry.add(
      {.id = "prompts.validate",
       .title = "Prompt arguments are validated; hostile ones do no harm",
       .area = "prompts",
       .section = "server/prompts#security",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = kPrompts,
       .requirement = "prompts.validate",
       .description =
           "For the first listed prompt with arguments (else the first prompt): a non-string "
           "argument value should be refused with an error (arguments are strings); a 100 KB "
           "value and template/injection text must get an answer (never a 5xx or silence), and "
           "ping must work afterwards. Injection resistance itself is not observable."},
      [](CheckContext& c) {
        if (c.facts().prompts.empty()) return Outcome::skip("the server lists no prompts");
        Json prompt = c.facts().prompts.front();
        std::string argument = "x-conformance";
        for (const auto& p : c.facts().prompts) {
          const auto arguments = p.value("arguments", Json::array());
          if (arguments.is_array() && !arguments.empty() && arguments[0].is_object() &&
              arguments[0].value("name", Json()).is_string()) {
            prompt = p;
            argument = arguments[0]["name"].get<std::string>();
            break;
          }
        }
        if (name_of(prompt) == "?") return Outcome::skip("the first prompt has no name");
        auto s = session(c);
        const bool http = c.facts().transport != client::TransportKind::kStdio;
        const auto with = [&](const Json& value) {
          Json arguments = example_arguments(prompt);
          arguments[argument] = value;
          return s->request("prompts/get", {{"name", prompt["name"]}, {"arguments", arguments}});
        };
        for (
            const Json& value :
            {Json(std::string(100 * 1024, 'A')),
             Json(
                 "{{7*7}} ${7*7} <script>alert(1)</script> '; DROP TABLE x;-- \0 \xF0\x9F\x99\x82"s)}) {
          const auto r = with(value);
          if (const auto problem = unhealthy(r, http); !problem.empty())
            return Outcome::fail("an answer (result or error) to prompts/get " + name_of(prompt) +
                                     " with " + brief(value, 40),
                                 problem);
        }
        const auto ping = s->request("ping");
        if (!has_result(ping))
          return Outcome::fail("ping answered after the hostile prompts/get calls", describe(ping));
        const auto typed = with(Json{{"not", "a string"}});
        if (const auto problem = unhealthy(typed, http); !problem.empty())
          return Outcome::fail("an answer to prompts/get with an object argument", problem);
        if (has_result(typed))
          return Outcome::fail("an error for argument \"" + argument + "\" given an object (" +
                                   name_of(prompt) + ")",
                               describe(typed));
        return Outcome::pass();
      });
}

}  // namespace mcp::conformance
