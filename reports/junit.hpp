// A generic test-result model and its JUnit XML form, for CI systems (GitLab, GitHub
// reporters, Jenkins) to show conformance results next to the build.
//
// The default output validates against both schemas in fixtures/junit/: the Ant schema
// (windyroad-JUnit.xsd) and Jenkins xUnit's (jenkins-xunit-junit-10.xsd). Where they
// disagree the writer uses the form both accept:
//   - root <testsuites> without attributes (the Ant schema declares none);
//   - each <testsuite> carries name, package (= name), id (0, 1, ...), timestamp,
//     hostname, tests, failures, errors, skipped and time, and holds, in this order,
//     <properties> (always, even empty), the <testcase>s, <system-out>, <system-err>;
//   - <testcase> carries classname, name and time, and at most one of <failure>,
//     <error> (both with the `type` the Ant schema requires) or <skipped> (`message`
//     only: the Ant schema has no `type` there);
//   - neither schema has <properties> inside <testcase>, and the Ant schema has no
//     testcase-level <system-out>, so a case's properties and system_out are written as
//     text: into the suite's <system-out> by default, into the case's own <system-out>
//     with JunitOptions::extras.
//
// Warnings: JUnit has no status for "passed with a warning". Such a case is kPass with
// system_out beginning "WARNING: "; the writer puts system_out first in the case's text
// so that line stays first. The writer writes what it is given and interprets nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/atomic_file.hpp"

namespace mcp::reports {

enum class Outcome { kPass, kFail, kError, kSkip };

struct Property {
  /// Empty or blank becomes "unnamed" (the Ant schema requires a non-empty token).
  std::string name;
  std::string value;
};

struct TestCase {
  /// Written as given (only escaped), e.g. "mcp.basic.lifecycle.v2025_11_25". CI tools split it at
  /// dots into packages, so callers keep dots out of versions.
  std::string classname;
  /// e.g. "lifecycle.version.echo [MUST] Server echoes a supported version".
  std::string name;
  /// Negative, NaN or infinite is written as 0.000.
  double seconds = 0;
  Outcome outcome = Outcome::kPass;
  /// One line. kFail: "expected ... got ..."; kSkip: the reason; kError: what broke.
  /// Not written for kPass (JUnit has no place for it); use system_out.
  std::string message;
  /// Longer text: the body of <failure>, <error> or <skipped>. Not written for kPass.
  std::string detail;
  /// Requirement id, level, spec section, timings...
  std::vector<Property> properties;
  /// The wire exchange, warnings.
  std::string system_out;
  /// Source of the check; written only with JunitOptions::extras, and only when set.
  std::string file;
};

struct TestSuite {
  /// Empty or blank becomes "unnamed" (the Ant schema requires a non-empty token).
  std::string name;
  /// ISO 8601 UTC without zone suffix, e.g. "2026-11-24T05:00:00". A trailing "Z",
  /// "+00:00" or fraction of a second is dropped; anything else that is not a valid
  /// date and time is replaced by the time of writing, as the Ant schema requires one.
  std::string timestamp;
  /// Empty or blank becomes "localhost", as the Ant schema asks.
  std::string hostname;
  std::vector<Property> properties;
  std::vector<TestCase> cases;
};

struct JunitOptions {
  /// GitLab/GitHub reporter extras: the testcase `file` attribute and a testcase-level
  /// <system-out>. Off by default because the Ant schema allows neither and Jenkins's
  /// allows no `file` on <testcase>.
  bool extras = false;
};

struct SuiteTotals {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  /// Sum of the cases' times: the model has no wall-clock time per suite.
  double seconds = 0;
};

/// What the <testsuite> attributes say about `suite`.
SuiteTotals totals(const TestSuite& suite);

/// The whole report: a UTF-8 document with a <testsuites> root. Any text, however
/// hostile (NUL bytes, invalid UTF-8, "]]>", quotes), is made safe by xml_text.hpp.
std::string to_junit_xml(const std::vector<TestSuite>& suites, const JunitOptions& options = {});

}  // namespace mcp::reports
