// Spec page server/utilities/caching (2026-07-28): the hints list and read
// results carry about how long a client may keep them, and for whom.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kCachingArea = "caching";

/// Why a result breaks the cache hints, or "".
std::string hint_problem(const Json& result) {
  const auto ttl = member(result, "ttlMs");
  if (!ttl.is_number_integer() || ttl.get<std::int64_t>() < 0)
    return "ttlMs " + brief(ttl) + " in " + brief(result);
  const auto scope = member(result, "cacheScope");
  if (scope != "public" && scope != "private")
    return "cacheScope " + brief(scope) + " in " + brief(result);
  return {};
}

/// Why the pages of one list break the hints (each page's, and one scope for
/// all), or "".
std::string pages_problem(const std::string& method, const std::vector<Json>& pages) {
  Json first_scope;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const auto& result = member(pages[i], "result");
    const auto where = method + " page " + std::to_string(i + 1) + ": ";
    if (const auto problem = hint_problem(result); !problem.empty()) return where + problem;
    if (i == 0) first_scope = result["cacheScope"];
    if (result["cacheScope"] != first_scope) {
      return where + "cacheScope " + result["cacheScope"].dump() + " after " + first_scope.dump() +
             " on page 1";
    }
  }
  return {};
}

const CheckInfo kFields{
    .id = "cache.v26.fields",
    .title = "List and read results carry ttlMs and one cacheScope",
    .area = kCachingArea,
    .section = "server/utilities/caching",
    .rule =
        "List and read results carry a non-negative ttlMs and a cacheScope of public or "
        "private, the same on every page of a list.",
    .versions = kModernVersions,
    .description =
        "Walks every page of each declared list (tools, resources, resource templates, "
        "prompts) and reads the first listed resource: each result must carry ttlMs, an "
        "integer of 0 or more, and cacheScope, public or private, with one scope on every "
        "page of a list. server/discover's hints are version.v26.discover's business."};

Outcome fields(CheckContext& c) {
  struct List {
    const char* capability;
    const char* method;
    const char* key;
  };
  static constexpr List kCachedLists[]{
      {"tools", "tools/list", "tools"},
      {"resources", "resources/list", "resources"},
      {"resources", "resources/templates/list", "resourceTemplates"},
      {"prompts", "prompts/list", "prompts"}};
  auto s = session(c);
  std::size_t judged = 0;
  for (const auto& list : kCachedLists) {
    if (!c.facts().has_capability(list.capability)) continue;
    const auto walk = walk_list(*s, list.method, list.key);
    if (walk.unanswered) throw HarnessError("no answer: " + walk.problem);
    if (walk.pages.empty()) continue;  // a refused list is its own check's finding
    ++judged;
    if (const auto problem = pages_problem(list.method, walk.pages); !problem.empty())
      return Outcome::fail("ttlMs (an integer, 0 or more) and one cacheScope (public or private)",
                           problem);
  }
  if (!c.facts().resources.empty()) {
    const auto uri = member(c.facts().resources.front(), "uri");
    const auto r = s->request("resources/read", {{"uri", uri}});
    if (has_result(r)) {
      ++judged;
      if (const auto problem = hint_problem(result_of(r)); !problem.empty())
        return Outcome::fail("ttlMs and cacheScope on resources/read", problem);
    }
  }
  if (judged == 0) return Outcome::skip("no list or read result to judge");
  return Outcome::pass();
}

}  // namespace

void register_caching_checks(Registry& registry) {
  registry.add(kFields, fields);
}

}  // namespace mcp::conformance
