// The base checks that send malformed messages, over stdio and HTTP+SSE: they
// pass on the reference server, fail on a server that breaks their rule (a
// --fault of the reference server, or a scripted stdio server that drops
// malformed input without a word), and err, never fail, on a server that
// stops answering altogether.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "conformance/runner.hpp"
#include "testing/child_process.hpp"

namespace mcp::conformance {
namespace {

const std::vector<std::string> kRawChecks{"base.error.id",
                                          "base.error.parse",
                                          "base.error.invalid-request",
                                          "base.request.id-not-null",
                                          "base.notification.no-response",
                                          "base.batch.receive",
                                          "base.batch.removed"};

using Verdicts = std::map<std::string, std::set<std::string>>;  // check id -> over all versions

/// Runs the seven checks at every version against `target`, waiting at most
/// `deadline` for an answer.
Verdicts run_raw_checks(Target target, std::string* details,
                        std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  RunOptions options;
  options.target = std::move(target);
  options.target.deadlines.connect = std::chrono::seconds(10);
  options.target.deadlines.first_byte = options.target.deadlines.idle =
      options.target.deadlines.total = deadline;
  options.protocol_version = "all";
  options.only = kRawChecks;
  options.jobs = 4;
  const auto result = Runner(options).run();
  Verdicts out;
  for (const auto& suite : result.report.suites) {
    for (const auto& c : suite.cases) {
      out[c.id].insert(std::string(reports::to_string(c.verdict)));
      *details += c.id + " (" + suite.protocol_version + ") " +
                  std::string(reports::to_string(c.verdict)) + ": " + c.message.substr(0, 300) +
                  "\n";
    }
  }
  return out;
}

Target stdio(const std::string& command) {
  Target target;
  target.stdio_command = command;
  return target;
}

Target legacy_sse(const testing::ReferenceServer& server) {
  Target target;
  target.url = "http://" + server.host() + ":" + std::to_string(server.port()) + "/sse";
  target.transport = TransportChoice::kSse;
  return target;
}

const std::string kReferenceStdio = std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio";
const std::string kScripted = MCPC_SCRIPTED_STDIO_SERVER_EXE;

void expect_all_pass(const Target& target) {
  std::string details;
  const auto verdicts = run_raw_checks(target, &details);
  for (const auto& id : kRawChecks) {
    const auto it = verdicts.find(id);
    ASSERT_NE(it, verdicts.end()) << id << " did not run\n" << details;
    EXPECT_EQ(it->second, std::set<std::string>{"pass"}) << id << "\n" << details;
  }
}

TEST(BaseChecksOverStdio, PassOnTheReferenceServerAtEveryVersion) {
  expect_all_pass(stdio(kReferenceStdio));
}

TEST(BaseChecksOverLegacySse, PassOnTheReferenceServerAtEveryVersion) {
  testing::ReferenceServer server;
  expect_all_pass(legacy_sse(server));
}

// As @modelcontextprotocol/server-filesystem: an unparsable line, a batch and
// an invalid request are dropped without a word, while the session answers on.
TEST(BaseChecksOverStdio, FailOnAServerThatIgnoresMalformedInput) {
  std::string details;
  const auto verdicts = run_raw_checks(stdio(kScripted), &details);
  const Verdicts expected{
      {"base.error.parse", {"fail"}},
      {"base.error.invalid-request", {"fail"}},
      {"base.request.id-not-null", {"warn"}},
      {"base.batch.receive", {"fail"}},
      {"base.batch.removed", {"warn"}},
      {"base.error.id", {"skip"}},  // no error response: nothing to judge
      {"base.notification.no-response", {"pass"}},
  };
  for (const auto& [id, verdict] : expected) {
    const auto it = verdicts.find(id);
    ASSERT_NE(it, verdicts.end()) << id << " did not run\n" << details;
    EXPECT_EQ(it->second, verdict) << id << "\n" << details;
  }
  EXPECT_NE(details.find("no answer on the stream, though the session answered a request"),
            std::string::npos)
      << details;
}

TEST(BaseChecksOverStdio, ErrorIdFailsOnAParseErrorWithIdZero) {
  std::string details;
  auto verdicts = run_raw_checks(stdio(kScripted + " --parse-error-id-zero"), &details);
  EXPECT_EQ(verdicts["base.error.id"], std::set<std::string>{"fail"}) << details;
  EXPECT_EQ(verdicts["base.error.parse"], std::set<std::string>{"pass"}) << details;
}

// Silence is evidence only from a session that still answers: one that answers
// nothing after initialize leaves every check without it.
TEST(BaseChecksOverStdio, ErrOnAServerThatStopsAnsweringAltogether) {
  std::string details;
  // A short deadline: every request after initialize waits it out.
  const auto verdicts = run_raw_checks(stdio(kScripted + " --silent-after-initialize"), &details,
                                       std::chrono::seconds(2));
  for (const auto& id : kRawChecks) {
    const auto it = verdicts.find(id);
    ASSERT_NE(it, verdicts.end()) << id << " did not run\n" << details;
    EXPECT_EQ(it->second, std::set<std::string>{"error"}) << id << "\n" << details;
  }
}

TEST(BaseChecksOverStdio, NoResponseFailsWhenAnUnknownNotificationIsAnswered) {
  std::string details;
  auto verdicts =
      run_raw_checks(stdio(kReferenceStdio + " --fault unknown-notification-answered"), &details);
  EXPECT_EQ(verdicts["base.notification.no-response"], std::set<std::string>{"fail"}) << details;
  EXPECT_EQ(verdicts["base.error.parse"], std::set<std::string>{"pass"}) << details;
}

/// A fault of the reference server, the check it breaks over HTTP+SSE, and how.
struct SseFault {
  std::string fault;
  std::string check;
  std::string verdict;
};

void PrintTo(const SseFault& f, std::ostream* out) {
  *out << f.fault << " -> " << f.check << " " << f.verdict;
}

class BaseChecksOverLegacySseFault : public ::testing::TestWithParam<SseFault> {};

TEST_P(BaseChecksOverLegacySseFault, BreaksItsCheck) {
  const auto& [fault, check, verdict] = GetParam();
  testing::ReferenceServer server({"--fault", fault});
  std::string details;
  auto verdicts = run_raw_checks(legacy_sse(server), &details);
  EXPECT_TRUE(verdicts[check].contains(verdict)) << fault << " " << check << "\n" << details;
}

INSTANTIATE_TEST_SUITE_P(
    Faults, BaseChecksOverLegacySseFault,
    ::testing::Values(SseFault{"parse-error-500", "base.error.parse", "fail"},
                      SseFault{"error-id-zero", "base.error.id", "fail"},
                      SseFault{"jsonrpc-version-unchecked", "base.error.invalid-request", "fail"},
                      SseFault{"null-id-accepted", "base.request.id-not-null", "warn"},
                      SseFault{"batches-refused", "base.batch.receive", "fail"},
                      SseFault{"batches-always", "base.batch.removed", "warn"},
                      SseFault{"unknown-notification-answered", "base.notification.no-response",
                               "fail"}),
    [](const ::testing::TestParamInfo<SseFault>& param) {
      std::string name = param.param.fault;
      for (auto& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace mcp::conformance
