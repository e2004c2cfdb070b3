#include "reports/junit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "reports/tests/hostile_strings.hpp"

namespace mcp::reports {
namespace {

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t found = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++found;
  return found;
}

TestCase make_case(std::string name, Outcome outcome, double seconds = 0.25) {
  TestCase test_case;
  test_case.classname = "mcp.basic.lifecycle.v2025_11_25";
  test_case.name = std::move(name);
  test_case.outcome = outcome;
  test_case.seconds = seconds;
  return test_case;
}

TestSuite make_suite(std::vector<TestCase> cases) {
  TestSuite suite;
  suite.name = "mcp.basic";
  suite.timestamp = "2026-11-24T05:00:00";
  suite.hostname = "ci-runner";
  suite.cases = std::move(cases);
  return suite;
}

std::string suite_timestamp(std::string given) {
  TestSuite suite = make_suite({});
  suite.timestamp = std::move(given);
  const std::string xml = to_junit_xml({suite});
  std::smatch match;
  if (!std::regex_search(xml, match, std::regex("timestamp=\"([^\"]*)\""))) return {};
  return match[1].str();
}

// libxml2 refuses a text node over 10,000,000 bytes (xmllint without --huge):
// what a server made long is cut well below that, with a note.
TEST(JunitText, StaysWithinTheLimitOfLibxml2) {
  TestCase big = make_case("huge", Outcome::kFail);
  big.message = std::string(200000, 'm');
  big.detail = std::string(12000000, 'd');
  big.system_out = std::string(12000000, 'o');
  const std::string xml = to_junit_xml({make_suite({big})});
  std::size_t longest_run = 0;
  std::size_t run = 0;
  for (const char c : xml) {
    run = (c == '<' || c == '>' || c == '"') ? 0 : run + 1;
    longest_run = std::max(longest_run, run);
  }
  EXPECT_LT(longest_run, 10000000u);
  EXPECT_NE(xml.find("[cut: 12000000 bytes in all"), std::string::npos);
  EXPECT_NE(xml.find("[cut: 200000 bytes in all"), std::string::npos);
}

TEST(JunitTotals, CountsEachOutcome) {
  const TestSuite suite = make_suite({
      make_case("p1", Outcome::kPass, 0.5),
      make_case("p2", Outcome::kPass, 0.25),
      make_case("f1", Outcome::kFail),
      make_case("f2", Outcome::kFail),
      make_case("f3", Outcome::kFail),
      make_case("e1", Outcome::kError),
      make_case("s1", Outcome::kSkip, 0),
      make_case("s2", Outcome::kSkip, 0),
      make_case("s3", Outcome::kSkip, 0),
      make_case("s4", Outcome::kSkip, 0),
  });
  const SuiteTotals sums = totals(suite);
  EXPECT_EQ(sums.tests, 10);
  EXPECT_EQ(sums.failures, 3);
  EXPECT_EQ(sums.errors, 1);
  EXPECT_EQ(sums.skipped, 4);
  EXPECT_DOUBLE_EQ(sums.seconds, 1.75);

  const std::string xml = to_junit_xml({suite});
  EXPECT_NE(xml.find(R"(tests="10" failures="3" errors="1" skipped="4" time="1.750")"),
            std::string::npos)
      << xml;
}

TEST(JunitTotals, IgnoreTimesNoSchemaAccepts) {
  const TestSuite suite =
      make_suite({make_case("a", Outcome::kPass, -3), make_case("b", Outcome::kPass, std::nan("")),
                  make_case("c", Outcome::kPass, 0.125)});
  EXPECT_DOUBLE_EQ(totals(suite).seconds, 0.125);
  const std::string xml = to_junit_xml({suite});
  EXPECT_EQ(count(xml, "time=\"0.000\""), 2u) << xml;
  EXPECT_EQ(count(xml, "time=\"0.125\""), 2u) << xml;  // case c and the suite
}

TEST(JunitTotals, EmptySuiteIsAllZero) {
  const std::string xml = to_junit_xml({make_suite({})});
  EXPECT_NE(xml.find(R"(tests="0" failures="0" errors="0" skipped="0" time="0.000")"),
            std::string::npos);
}

TEST(JunitXml, EmptyReportIsAnEmptyTestsuitesRoot) {
  EXPECT_EQ(to_junit_xml({}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n</testsuites>\n");
}

TEST(JunitXml, SuiteCarriesEveryAttributeTheAntSchemaRequires) {
  TestSuite first = make_suite({});
  TestSuite second = make_suite({});
  second.name = "mcp.tools";
  const std::string xml = to_junit_xml({first, second});
  EXPECT_NE(xml.find(R"(<testsuite name="mcp.basic" package="mcp.basic" id="0" )"
                     R"(timestamp="2026-11-24T05:00:00" hostname="ci-runner" )"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="mcp.tools" package="mcp.tools" id="1" )"),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<properties/>"), 2u);
  EXPECT_EQ(count(xml, "<system-out/>"), 2u);
  EXPECT_EQ(count(xml, "<system-err/>"), 2u);
  EXPECT_EQ(xml.find("<testsuites "), std::string::npos) << "the Ant schema allows no attributes";
}

TEST(JunitXml, PassingCaseIsOneEmptyElementWithoutMessageOrDetail) {
  TestCase passing = make_case("lifecycle.version.echo [MUST] Server echoes", Outcome::kPass);
  passing.message = "not written";
  passing.detail = "not written either";
  const std::string xml = to_junit_xml({make_suite({passing})});
  EXPECT_NE(xml.find(R"(<testcase classname="mcp.basic.lifecycle.v2025_11_25" )"
                     R"(name="lifecycle.version.echo [MUST] Server echoes" time="0.250"/>)"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("not written"), std::string::npos);
}

TEST(JunitXml, FailureHasMessageTypeAndDetailBody) {
  TestCase failing = make_case("f", Outcome::kFail);
  failing.message = "expected \"2025-11-25\" got \"1999-01-01\"";
  failing.detail = "line one\nline <two>";
  const std::string xml = to_junit_xml({make_suite({failing})});
  EXPECT_NE(
      xml.find(R"(<failure message="expected &quot;2025-11-25&quot; got &quot;1999-01-01&quot;" )"
               R"(type="failure">line one)"
               "\n"
               R"(line &lt;two&gt;</failure>)"),
      std::string::npos)
      << xml;
}

TEST(JunitXml, ErrorWithoutDetailIsAnEmptyElement) {
  TestCase broken = make_case("e", Outcome::kError);
  broken.message = "connection refused";
  const std::string xml = to_junit_xml({make_suite({broken})});
  EXPECT_NE(xml.find(R"(<error message="connection refused" type="error"/>)"), std::string::npos)
      << xml;
}

TEST(JunitXml, SkippedHasMessageButNoType) {
  TestCase skipped = make_case("s", Outcome::kSkip);
  skipped.message = "server does not offer tools";
  const std::string xml = to_junit_xml({make_suite({skipped})});
  EXPECT_NE(xml.find(R"(<skipped message="server does not offer tools"/>)"), std::string::npos)
      << xml;
}

TEST(JunitXml, ClassnameIsWrittenAsGiven) {
  TestCase test_case = make_case("n", Outcome::kPass);
  test_case.classname = "mcp.basic.lifecycle.v2025_11_25";
  const std::string xml = to_junit_xml({make_suite({test_case})});
  EXPECT_NE(xml.find(R"(classname="mcp.basic.lifecycle.v2025_11_25")"), std::string::npos);
}

TEST(JunitXml, ChildElementsComeInTheAntSchemaOrder) {
  TestSuite suite = make_suite({make_case("a", Outcome::kFail)});
  suite.properties = {{"server", "reference"}};
  suite.cases[0].system_out = "exchange";
  const std::string xml = to_junit_xml({suite});
  const std::size_t properties = xml.find("<properties>");
  const std::size_t testcase = xml.find("<testcase ");
  const std::size_t system_out = xml.find("<system-out>");
  const std::size_t system_err = xml.find("<system-err/>");
  ASSERT_NE(system_err, std::string::npos);
  EXPECT_LT(properties, testcase);
  EXPECT_LT(testcase, system_out);
  EXPECT_LT(system_out, system_err);
}

TEST(JunitXml, SuitePropertiesAreWrittenInOrder) {
  TestSuite suite = make_suite({});
  suite.properties = {{"server", "mcp-reference-server 0.1.0"}, {"transport", "streamable-http"}};
  const std::string xml = to_junit_xml({suite});
  EXPECT_NE(xml.find("    <properties>\n"
                     "      <property name=\"server\" value=\"mcp-reference-server 0.1.0\"/>\n"
                     "      <property name=\"transport\" value=\"streamable-http\"/>\n"
                     "    </properties>\n"),
            std::string::npos)
      << xml;
}

TEST(JunitXml, DefaultFormFoldsCaseNotesIntoTheSuiteSystemOut) {
  TestCase warned = make_case("lifecycle.ping [SHOULD] Ping answers quickly", Outcome::kPass);
  warned.system_out = "WARNING: answered in 900 ms";
  warned.properties = {{"requirement", "lifecycle.ping"}, {"level", "SHOULD"}};
  TestCase quiet = make_case("quiet", Outcome::kPass);
  TestCase skipped = make_case("tools.list", Outcome::kSkip);
  skipped.properties = {{"requirement", "tools.list"}};
  const std::string xml = to_junit_xml({make_suite({warned, quiet, skipped})});

  EXPECT_EQ(xml.find("<property name=\"requirement\""), std::string::npos)
      << "case properties must not reach the suite's <properties>";
  EXPECT_EQ(count(xml, "<system-out"), 1u) << "no testcase-level <system-out> by default";
  EXPECT_NE(xml.find("<system-out>"
                     "== mcp.basic.lifecycle.v2025_11_25 :: "
                     "lifecycle.ping [SHOULD] Ping answers quickly (passed)\n"
                     "WARNING: answered in 900 ms\n"
                     "property requirement: lifecycle.ping\n"
                     "property level: SHOULD\n"
                     "\n"
                     "== mcp.basic.lifecycle.v2025_11_25 :: tools.list (skipped)\n"
                     "property requirement: tools.list\n"
                     "</system-out>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find(":: quiet"), std::string::npos) << "a case with no notes gets no heading";
}

TEST(JunitXml, ExtrasPutNotesAndFileOnTheCase) {
  TestCase warned = make_case("w", Outcome::kPass);
  warned.system_out = "WARNING: slow";
  warned.properties = {{"level", "SHOULD"}};
  warned.file = "checks/lifecycle.cpp";
  TestCase failing = make_case("f", Outcome::kFail);
  failing.message = "expected a got b";
  TestCase plain = make_case("p", Outcome::kPass);
  const std::string xml = to_junit_xml({make_suite({warned, failing, plain})}, {.extras = true});

  EXPECT_NE(xml.find(R"(name="w" time="0.250" file="checks/lifecycle.cpp">)"
                     "\n      <system-out>WARNING: slow\nproperty level: SHOULD\n</system-out>\n"
                     "    </testcase>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(name="p" time="0.250"/>)"), std::string::npos)
      << "no file attribute when the case has none";
  EXPECT_EQ(count(xml, "file="), 1u);
  EXPECT_EQ(count(xml, "<system-out/>"), 1u) << "the suite's own system-out is left empty";
}

TEST(JunitXml, FileIsOnlyWrittenWithExtras) {
  TestCase test_case = make_case("n", Outcome::kPass);
  test_case.file = "checks/lifecycle.cpp";
  EXPECT_EQ(to_junit_xml({make_suite({test_case})}).find("file="), std::string::npos);
}

TEST(JunitXml, BlankRequiredTokensGetTheSchemaDefaults) {
  TestSuite suite = make_suite({});
  suite.name = " \t";
  suite.hostname = std::string("\0", 1);
  suite.properties = {{"", "value"}};
  const std::string xml = to_junit_xml({suite});
  EXPECT_NE(xml.find(R"(<testsuite name="unnamed" package="unnamed" )"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(hostname="localhost")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<property name="unnamed" value="value"/>)"), std::string::npos) << xml;
}

TEST(JunitXml, HostileTextIsEscapedEverywhere) {
  TestSuite suite = make_suite({});
  for (const auto& hostile : test_data::kHostileStrings) {
    TestCase test_case = make_case(std::string(hostile.bytes), Outcome::kFail);
    test_case.classname = std::string(hostile.bytes);
    test_case.message = std::string(hostile.bytes);
    test_case.detail = std::string(hostile.bytes);
    test_case.system_out = std::string(hostile.bytes);
    test_case.properties = {{std::string(hostile.bytes), std::string(hostile.bytes)}};
    suite.cases.push_back(test_case);
  }
  for (const bool extras : {false, true}) {
    SCOPED_TRACE(extras);
    const std::string xml = to_junit_xml({suite}, {.extras = extras});
    EXPECT_EQ(xml.find('\0'), std::string::npos);
    EXPECT_EQ(xml.find('\x1B'), std::string::npos);
    EXPECT_EQ(xml.find("]]>"), std::string::npos);
    EXPECT_EQ(xml.find("\xED\xA0\x80"), std::string::npos);
    EXPECT_EQ(xml.find("\xC0\xAF"), std::string::npos);
    EXPECT_EQ(xml.find("\xEF\xBF\xBE"), std::string::npos);
    EXPECT_EQ(xml.find('\r'), std::string::npos);
    EXPECT_EQ(xml.find("<a href"), std::string::npos);
  }
}

TEST(JunitTimestamp, ValidOneIsKept) {
  EXPECT_EQ(suite_timestamp("2026-11-24T05:00:00"), "2026-11-24T05:00:00");
  EXPECT_EQ(suite_timestamp("2024-02-29T23:59:59"), "2024-02-29T23:59:59");
}

TEST(JunitTimestamp, UtcSuffixAndFractionAreDropped) {
  EXPECT_EQ(suite_timestamp("2026-11-24T05:00:00Z"), "2026-11-24T05:00:00");
  EXPECT_EQ(suite_timestamp("2026-11-24T05:00:00.123456Z"), "2026-11-24T05:00:00");
  EXPECT_EQ(suite_timestamp("2026-11-24T05:00:00+00:00"), "2026-11-24T05:00:00");
}

TEST(JunitTimestamp, AnythingElseBecomesTheTimeOfWriting) {
  const std::regex shape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
  for (const std::string given :
       {"", "yesterday", "2026-11-24 05:00:00", "2026-11-24T05:00:00+02:00", "2025-02-29T00:00:00",
        "2026-13-01T00:00:00", "2026-11-24T24:00:00", "0000-01-01T00:00:00", "2026-11-24T05:00"}) {
    SCOPED_TRACE(given);
    const std::string written = suite_timestamp(given);
    EXPECT_TRUE(std::regex_match(written, shape)) << written;
    EXPECT_NE(written, given.substr(0, 19));
  }
}

}  // namespace
}  // namespace mcp::reports
