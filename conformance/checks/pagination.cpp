// Spec page server/utilities/pagination.
#include <set>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kPaginationArea = "pagination";

struct ListMethod {
  std::string method;
  std::string key;       // the array in the result
  std::string item_key;  // what identifies an item
};

/// The list methods of the features the server declares.
std::vector<ListMethod> declared_lists(const ServerFacts& facts) {
  std::vector<ListMethod> out;
  if (facts.has_capability("tools")) out.push_back({"tools/list", "tools", "name"});
  if (facts.has_capability("resources")) {
    out.push_back({"resources/list", "resources", "uri"});
    out.push_back({"resources/templates/list", "resourceTemplates", "uriTemplate"});
  }
  if (facts.has_capability("prompts")) out.push_back({"prompts/list", "prompts", "name"});
  return out;
}

const CheckInfo kCursor{
    .id = "util.pagination.cursor",
    .title = "Every page of every list can be walked with its nextCursor",
    .area = kPaginationArea,
    .section = "server/utilities/pagination",
    .rule =
        "A list that hands out a nextCursor serves the next page for it, and the pages "
        "together list every item once.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .description =
        "Walks tools/list, resources/list, resources/templates/list and prompts/list (those "
        "declared) to the end, up to 100 pages: every nextCursor handed out must be accepted, no "
        "cursor may repeat (a loop), and no item (name, uri, uriTemplate) may appear twice."};

Outcome cursor(CheckContext& c) {
  const auto lists = declared_lists(c.facts());
  if (lists.empty()) return Outcome::skip("the server declares no tools, resources or prompts");
  auto s = session(c);
  std::string note;
  std::size_t walked = 0;
  for (const auto& list : lists) {
    // A list that fails or is malformed on a page is its own check's business
    // here; one left unanswered leaves its cursors unjudged.
    const auto walk = walk_list(*s, list.method, list.key);
    if (walk.unanswered) throw HarnessError("no answer: " + walk.problem);
    if (walk.pages.empty()) continue;
    ++walked;
    std::set<std::string> items;
    for (const auto& item : walk.items) {
      const auto key = member(item, list.item_key);
      if (key.is_string() && !items.insert(key.get<std::string>()).second)
        return Outcome::fail("each item once across the pages of " + list.method,
                             list.item_key + " " + key.dump() + " twice");
    }
    if (walk.cursor_problem)
      return Outcome::fail(list.method + " to serve a page for every nextCursor it hands out",
                           walk.problem);
    note += (note.empty() ? "" : "; ") + list.method + ": " + std::to_string(walk.pages.size()) +
            " page(s), " + std::to_string(walk.items.size()) + " item(s)";
  }
  if (walked == 0) return Outcome::error("no list served a first page: no cursor to walk");
  return Outcome::pass(note);
}

const CheckInfo kInvalidCursor{
    .id = "util.pagination.invalid-cursor",
    .title = "An invalid cursor gets -32602",
    .area = kPaginationArea,
    .section = "server/utilities/pagination#error-handling",
    .rule = "A list request with a cursor the server never handed out gets error -32602.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .description =
        "Sends cursor \"!!not-a-cursor!!\" to the first declared list (tools/list, "
        "prompts/list or resources/list): expects error -32602; a page of results is "
        "a warning."};

Outcome invalid_cursor(CheckContext& c) {
  std::string method;
  if (c.facts().has_capability("tools"))
    method = "tools/list";
  else if (c.facts().has_capability("prompts"))
    method = "prompts/list";
  else if (c.facts().has_capability("resources"))
    method = "resources/list";
  else
    return Outcome::skip("the server declares no tools, resources or prompts");
  auto s = session(c);
  const auto r = s->request(method, {{"cursor", "!!not-a-cursor!!"}});
  if (error_code(r) == jsonrpc::kInvalidParams) return Outcome::pass();
  return Outcome::fail("error -32602 for " + method + " with cursor \"!!not-a-cursor!!\"",
                       describe(r));
}

}  // namespace

void register_pagination_checks(Registry& registry) {
  registry.add(kCursor, cursor);
  registry.add(kInvalidCursor, invalid_cursor);
}

}  // namespace mcp::conformance
