// Spec page server/tools: the listing rules 2026-07-28 adds (a list does not
// depend on the connection or the caller's capabilities, and keeps its order),
// and how a failing tool answers, at every version. Registered with the tools
// area (check.cpp's catalogue calls register_tools_v26_checks; tools.cpp is full).
#include <algorithm>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kToolsV26Area = "tools";
/// Capabilities unlike the harness's usual none, for a second listing.
const Json kOtherCapabilities{
    {"elicitation", Json::object()}, {"sampling", Json::object()}, {"roots", Json::object()}};
/// Listings to take before a list that keeps changing (another client at
/// work) is left unjudged.
constexpr int kAttempts = 3;

struct ListKind {
  std::string capability;  // "tools"
  std::string method;      // "tools/list"
  std::string key;         // "tools"
  std::string identity;    // the member naming an item: "name", or "uri"
};

const std::vector<ListKind> kLists{{"tools", "tools/list", "tools", "name"},
                                   {"prompts", "prompts/list", "prompts", "name"},
                                   {"resources", "resources/list", "resources", "uri"}};

/// Every item of a list, by what names it, in the order listed; `problem` says
/// why a page was not reached.
struct Listing {
  std::vector<std::string> items;
  std::string problem;

  std::vector<std::string> sorted() const {
    auto out = items;
    std::ranges::sort(out);
    return out;
  }
};

Listing list_once(McpSession& s, const ListKind& kind) {
  const auto walk = walk_list(s, kind.method, kind.key);
  Listing out{.items = {}, .problem = walk.problem};
  for (const auto& item : walk.items)
    out.items.push_back(brief(member(item, kind.identity)));
  return out;
}

std::string names(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

const CheckInfo kListStable{
    .id = "tools.v26.list-stable",
    .title = "A list is the same whatever the connection and capabilities",
    .area = kToolsV26Area,
    .section = "server/tools#listing-tools",
    .rule =
        "A list answers the same items whatever the connection or earlier requests, varying at "
        "most with the caller's authorization.",
    .versions = kModernVersions,
    .description =
        "For tools/list, prompts/list and resources/list (those declared): lists every page on "
        "one connection declaring no capabilities, on a second declaring elicitation, sampling "
        "and roots, then on the first again. The second must hold the same items as the first "
        "(by name, or uri); when the first connection's two listings differ the list changed "
        "meanwhile, and the check tries again (three times, then skips)."};

Outcome list_stable(CheckContext& c) {
  std::size_t judged = 0;
  for (const auto& kind : kLists) {
    if (!c.facts().has_capability(kind.capability)) continue;
    bool settled = false;
    for (int attempt = 0; attempt < kAttempts && !settled; ++attempt) {
      auto first = session(c);
      auto second = session(c, kOtherCapabilities);
      const auto before = list_once(*first, kind);
      const auto other = list_once(*second, kind);
      const auto after = list_once(*first, kind);
      for (const auto* l : {&before, &other, &after}) {
        if (!l->problem.empty()) return Outcome::fail("every page of " + kind.method, l->problem);
      }
      if (before.sorted() != after.sorted()) continue;
      if (other.sorted() != before.sorted()) {
        return Outcome::fail(
            kind.method + " listing " + names(before.sorted()) + " on every connection",
            names(other.sorted()) +
                " on a connection declaring elicitation, "
                "sampling and roots");
      }
      settled = true;
    }
    if (!settled) return Outcome::skip(kind.method + " kept changing during the check");
    ++judged;
  }
  if (judged == 0) return Outcome::skip("the server declares no tools, prompts or resources");
  return Outcome::pass();
}

const CheckInfo kListOrder{
    .id = "tools.v26.list-order",
    .title = "tools/list keeps its order",
    .area = kToolsV26Area,
    .section = "server/tools#listing-tools",
    .rule = "While the set of tools does not change, tools/list keeps them in the same order.",
    .level = Level::kShould,
    .versions = kModernVersions,
    .needs = {.capability = "tools"},
    .description =
        "Lists every page of tools/list twice on one connection: when both hold the same tools, "
        "they must come in the same order. Two listings of different sets mean the set changed "
        "meanwhile: the check tries again (three times, then skips)."};

Outcome list_order(CheckContext& c) {
  const ListKind& tools = kLists.front();
  auto s = session(c);
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto first = list_once(*s, tools);
    const auto second = list_once(*s, tools);
    for (const auto* l : {&first, &second}) {
      if (!l->problem.empty()) return Outcome::fail("every page of tools/list", l->problem);
    }
    if (first.sorted() != second.sorted()) continue;
    if (first.items != second.items) {
      return Outcome::fail("the same order twice: " + names(first.items), names(second.items));
    }
    return Outcome::pass();
  }
  return Outcome::skip("tools/list kept changing during the check");
}

const CheckInfo kExecError{
    .id = "tools.call.exec-error",
    .title = "A tool that fails answers a result with isError, not a JSON-RPC error",
    .area = kToolsV26Area,
    .section = "server/tools#error-handling",
    .rule =
        "An error raised by the tool itself comes back as a tool result with isError true, not "
        "as a JSON-RPC error.",
    .level = Level::kShould,
    .versions = kEveryVersion,
    .needs = {.tool = true},
    .description =
        "Calls the official suite's test_error_handling, a tool that always fails: the answer "
        "must be a result with isError true and a content array, so the model sees the error. "
        "Skipped when the server lists no such tool (a general server has none that fails on "
        "purpose)."};

Outcome exec_error(CheckContext& c) {
  constexpr const char* kFailingTool = "test_error_handling";
  const bool listed = std::any_of(c.facts().tools.begin(), c.facts().tools.end(),
                                  [](const Json& tool) { return name_of(tool) == kFailingTool; });
  if (!listed) return Outcome::skip("the server lists no test_error_handling");
  const auto r = session(c)->request("tools/call", tool_call(kFailingTool, Json::object()));
  if (!has_result(r))
    return Outcome::fail("a result with isError true from " + std::string(kFailingTool),
                         describe(r));
  const auto& result = result_of(r);
  if (!is_tool_error(result) || !member(result, "content").is_array())
    return Outcome::fail("isError true and a content array", brief(result));
  return Outcome::pass();
}

}  // namespace

void register_tools_v26_checks(Registry& registry) {
  registry.add(kExecError, exec_error);
  registry.add(kListStable, list_stable);
  registry.add(kListOrder, list_order);
}

}  // namespace mcp::conformance
