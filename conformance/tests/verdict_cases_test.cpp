// Each check judged on scripted exchanges: it passes where the server is right,
// and fails, naming its rule, where one exchange breaks it.
#include <gtest/gtest.h>

#include "conformance/checks/check_util.hpp"
#include "conformance/tests/scripted_server.hpp"

namespace mcp::conformance {
namespace {

using client::TransportKind;
using reports::Verdict;
using scripted::Server;

constexpr auto kLatest = kLatestLegacyVersion;

TEST(Debug, ToolsCallResult) {
  Server server(kLatest);
  const auto v = server.run("tools.call.result");
  EXPECT_EQ(v.verdict, Verdict::kPass) << v;
}

}  // namespace
}  // namespace mcp::conformance
