// Spec page basic/patterns/mrtr (2026-07-28): multi round-trip requests, where
// a result says the server needs the client's input before it can answer.
#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kMrtrArea = "mrtr";

const CheckInfo kScope{
    .id = "mrtr.v26.scope",
    .title = "Only tools/call, prompts/get and resources/read ask for input",
    .area = kMrtrArea,
    .section = "basic/patterns/mrtr",
    .rule =
        "Only tools/call, prompts/get and resources/read may answer that they need more "
        "input.",
    .versions = kModernVersions,
    .description =
        "Calls server/discover and each declared list (tools, resources, resource templates, "
        "prompts): none may answer with resultType input_required. Whether the three methods "
        "that may ask do so rightly needs a fixture tool (mrtr.v26.content)."};

Outcome scope(CheckContext& c) {
  std::vector<std::string> methods{"server/discover"};
  if (c.facts().has_capability("tools")) methods.emplace_back("tools/list");
  if (c.facts().has_capability("resources")) {
    methods.emplace_back("resources/list");
    methods.emplace_back("resources/templates/list");
  }
  if (c.facts().has_capability("prompts")) methods.emplace_back("prompts/list");
  auto s = session(c);
  std::size_t results = 0;
  for (const auto& method : methods) {
    const auto& r = answered(s->request(method), method);
    if (!has_result(r)) continue;  // an error is its own check's finding
    ++results;
    if (member(result_of(r), "resultType") == "input_required")
      return Outcome::fail(method + " answered with a final result", brief(result_of(r)));
  }
  if (results == 0) return Outcome::fail("a result to server/discover", "none");
  return Outcome::pass();
}

}  // namespace

// mrtr_fixtures.cpp: the checks driven by the official suite's fixtures.
void register_mrtr_fixture_checks(Registry& registry);

void register_mrtr_checks(Registry& registry) {
  registry.add(kScope, scope);
  register_mrtr_fixture_checks(registry);
}

}  // namespace mcp::conformance
