// Fixtures of our own tests: a tool that changes the tool, resource and prompt
// lists, so the list_changed notifications the server declares can be observed.
#include "reference_server/catalog.hpp"

namespace mcp::server {

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

std::unique_ptr<Catalog> make_reference_catalog() {
  auto catalog = std::make_unique<Catalog>();
  add_basic_tools(catalog->tools);
  add_official_fixtures(*catalog);
  add_list_change_fixtures(*catalog);
  return catalog;
}

}  // namespace mcp::server
