// The fault table: every fault is named once, says what it breaks, hooks into
// something, and is installed once however often it is asked for.
#include "reference_server/faults.hpp"

#include <gtest/gtest.h>

#include <set>

#include "reference_server/dispatcher.hpp"

namespace mcp::server {
namespace {

TEST(Faults, EachIsNamedOnceAndSaysWhatItBreaks) {
  std::set<std::string_view> names;
  for (const auto& fault : all_faults()) {
    EXPECT_TRUE(names.insert(fault.name).second) << fault.name;
    EXPECT_FALSE(fault.breaks.empty()) << fault.name;
    EXPECT_NE(fault.hooks_into, nullptr) << fault.name;
    EXPECT_EQ(find_fault(fault.name), &fault);
  }
  EXPECT_FALSE(names.empty());
  EXPECT_EQ(find_fault("no-such-fault"), nullptr);
}

Json progress_after(const Hooks& hooks, double progress) {
  Json message = jsonrpc::make_notification("notifications/progress",
                                            {{"progressToken", 1}, {"progress", progress}});
  hooks.mcp.message_out(jsonrpc::make_request(7, "tools/call"), message);
  return message["params"]["progress"];
}

TEST(Faults, ANamedFaultIsInstalledOnceAndOnlyNamedOnesAre) {
  EXPECT_EQ(progress_after(fault_hooks({}), 3), 3);
  EXPECT_EQ(progress_after(fault_hooks({"progress-decreasing"}), 3), 1000000 - 3);
  // Twice on the command line is still once (twice would undo it).
  EXPECT_EQ(progress_after(fault_hooks({"progress-decreasing", "progress-decreasing"}), 3),
            1000000 - 3);
}

TEST(Faults, TheCoreAnswersWithTheFaultsHooks) {
  Catalog catalog;
  Session session("s");
  Dispatcher dispatcher(ServerInfo{.version = "t"}, catalog, 0, fault_hooks({"ping-pong"}).mcp);
  EXPECT_EQ((*dispatcher.handle_request(jsonrpc::make_request(1, "ping"), session, {}))["result"],
            (Json{{"message", "pong"}}));
}

}  // namespace
}  // namespace mcp::server
