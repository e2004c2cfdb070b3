// Writes a rich sample JUnit report (every outcome, several suites, every hostile string
// in every field) so CTest can validate it with xmllint against both schemas.
//
//   junit_sample OUTPUT [--extras] [--without-files]
//
// --extras          the GitLab/GitHub form (JunitOptions::extras)
// --without-files   leave TestCase::file empty, to see what extras do without `file`
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/junit.hpp"
#include "reports/tests/hostile_strings.hpp"

namespace {

using mcp::reports::Outcome;
using mcp::reports::TestCase;
using mcp::reports::TestSuite;

TestCase check(std::string name, Outcome outcome, double seconds) {
  TestCase test_case;
  test_case.classname = "mcp.basic.lifecycle.v2025_11_25";
  test_case.name = std::move(name);
  test_case.outcome = outcome;
  test_case.seconds = seconds;
  test_case.file = "checks/lifecycle.cpp";
  return test_case;
}

TestSuite lifecycle_suite() {
  TestSuite suite;
  suite.name = "mcp.basic";
  suite.timestamp = "2026-11-24T05:00:00";
  suite.hostname = "ci-runner-7";
  suite.properties = {{"server", "mcp-reference-server 0.1.0"},
                      {"url", "http://127.0.0.1:41237/mcp?a=1&b=<2>"}};

  TestCase echo = check("lifecycle.version.echo [MUST] Server echoes a supported version",
                        Outcome::kPass, 0.012);
  echo.properties = {{"requirement", "lifecycle.version.echo"},
                     {"level", "MUST"},
                     {"spec", "basic/lifecycle#version-negotiation"}};
  echo.system_out =
      "> POST /mcp {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}\n"
      "< 200 {\"result\":{\"protocolVersion\":\"2025-11-25\"}}";

  TestCase ping =
      check("lifecycle.ping.latency [SHOULD] Ping answers within 500 ms", Outcome::kPass, 0.9);
  ping.system_out = "WARNING: answered in 900 ms\n";
  ping.properties = {{"level", "SHOULD"}, {"latency_ms", "900"}};

  TestCase mismatch = check("lifecycle.version.unsupported [MUST] Unsupported version answered",
                            Outcome::kFail, 0.125);
  mismatch.message = "expected protocolVersion \"2025-11-25\" got \"1999-01-01\"";
  mismatch.detail =
      "request:\n  {\"protocolVersion\":\"1999-01-01\"}\nresponse:\n"
      "  {\"protocolVersion\":\"1999-01-01\"}\r\n<end>";
  mismatch.properties = {{"requirement", "lifecycle.version.unsupported"}};

  TestCase broken = check("lifecycle.shutdown [MUST] Session ends on DELETE", Outcome::kError, 5);
  broken.message = "connection reset by peer";

  TestCase skipped = check("tools.list.pagination [MAY] Pages tools/list", Outcome::kSkip, 0);
  skipped.message = "server lists fewer tools than one page";
  skipped.detail = "tools/list returned 3 tools and no nextCursor";

  TestCase skipped_bare = check("resources.list [MAY] Lists resources", Outcome::kSkip, 0);
  skipped_bare.message = "server does not offer resources";

  suite.cases = {echo, ping, mismatch, broken, skipped, skipped_bare};
  return suite;
}

// One failing case per hostile string, with it in every field that takes text.
TestSuite hostile_suite() {
  TestSuite suite;
  suite.name = "mcp.hostile \x01<\"&'>";
  suite.timestamp = "2026-11-24T05:00:00.250Z";
  suite.hostname = "host\xC0\xAF";
  for (const auto& hostile : mcp::reports::test_data::kHostileStrings) {
    const std::string bytes(hostile.bytes);
    suite.properties.push_back({std::string(hostile.label) + " " + bytes, bytes});
    TestCase test_case = check(std::string(hostile.label) + ": " + bytes, Outcome::kFail, 0.001);
    test_case.classname = "mcp.hostile." + bytes;
    test_case.message = bytes;
    test_case.detail = bytes + "\n]]>\n" + bytes;
    test_case.system_out = bytes;
    test_case.properties = {{bytes, bytes}};
    test_case.file = "checks/" + bytes + ".cpp";
    suite.cases.push_back(test_case);
  }
  TestCase error = check(std::string("\0\0", 2), Outcome::kError, -1);
  error.message = std::string("\0", 1);
  suite.cases.push_back(error);
  return suite;
}

// Blank name, hostname and property name, no timestamp, no cases.
TestSuite degenerate_suite() {
  TestSuite suite;
  suite.name = "  ";
  suite.properties = {{"", ""}};
  return suite;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: junit_sample OUTPUT [--extras] [--without-files]\n";
    return 2;
  }
  mcp::reports::JunitOptions options;
  bool without_files = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--extras") {
      options.extras = true;
    } else if (flag == "--without-files") {
      without_files = true;
    } else {
      std::cerr << "junit_sample: unknown flag " << flag << "\n";
      return 2;
    }
  }

  std::vector<TestSuite> suites = {lifecycle_suite(), hostile_suite(), degenerate_suite()};
  if (without_files) {
    for (TestSuite& suite : suites) {
      for (TestCase& test_case : suite.cases)
        test_case.file.clear();
    }
  }
  std::string error;
  if (!mcp::reports::write_file_atomically(argv[1], mcp::reports::to_junit_xml(suites, options),
                                           &error)) {
    std::cerr << "junit_sample: " << error << "\n";
    return 1;
  }
  return 0;
}
