// No evidence, no pass: every check of the catalogue, at every version it runs
// at and over every transport, against a scripted server that answers the
// handshake and then nothing. Only the checks whose rule the handshake itself
// proves may pass; every other one must be skipped or err (or fail), never pass.
#include <gtest/gtest.h>

#include <map>

#include "conformance/checks/check_util.hpp"
#include "conformance/tests/handshake_proven.hpp"
#include "conformance/tests/scripted_server.hpp"

namespace mcp::conformance {
namespace {

using client::TransportKind;
using reports::Verdict;

/// Checks whose evidence the facts hold before the silence: the tools the probe
/// listed, or the session ids on the initialize answers of the handshake.
const std::map<std::string, std::string> kProvenByTheFacts{
    {"tools.annotations.schema", "judges the annotations of the tools the probe listed"},
    {"tools.name.rules", "judges the names of the tools the probe listed"},
    {"tools.inputSchema.valid", "judges the input schemas of the tools the probe listed"},
    {"base.jsonschema.valid", "judges the schemas of the tools the probe listed"},
    {"transport.http.session.secure", "judges the session ids of initialize answers"},
};

std::vector<std::string> every_check() {
  std::vector<std::string> ids;
  for (const auto* check : catalogue().checks())
    ids.push_back(check->info.id);
  return ids;
}

class NoEvidence : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    previous_ = set_observe_wait([](std::chrono::milliseconds) {});
  }
  void TearDown() override { set_observe_wait(previous_); }

 private:
  ObserveWait previous_;
};

TEST_P(NoEvidence, NothingPassesOnSilenceButWhatTheHandshakeProves) {
  const auto& info = catalogue().find(GetParam())->info;
  int ran = 0;
  for (const auto version : all_protocol_versions()) {
    if (!info.versions.contains(version)) continue;
    const auto& proven = is_modern(version) ? proven_by_discover() : proven_by_initialize();
    for (const auto kind :
         {TransportKind::kStreamableHttp, TransportKind::kLegacySse, TransportKind::kStdio}) {
      if (kind == TransportKind::kLegacySse && is_modern(version)) continue;
      for (const auto offer : {scripted::everything, scripted::nothing}) {
        scripted::Server server(offer(version, kind));
        server.go_silent();
        const auto verdict = server.run(info.id);
        ++ran;
        if (proven.count(info.id) || kProvenByTheFacts.count(info.id)) continue;
        EXPECT_NE(verdict.verdict, Verdict::kPass)
            << info.id << " at " << to_string(version) << " over " << client::to_string(kind)
            << (offer == scripted::nothing ? " (nothing offered)" : "")
            << " passed without an answer: " << verdict.message;
      }
    }
  }
  EXPECT_GT(ran, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryCheck, NoEvidence, ::testing::ValuesIn(every_check()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (auto& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace mcp::conformance
