#include "mock_openai/report.hpp"

#include <unistd.h>
#include <cmath>
#include <ctime>

#include "protocol/jsonrpc.hpp"
#include "reports/xml_text.hpp"

namespace mcp::mock {
namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
  return out;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("localhost");
}

std::string safe_class(std::string text) {
  // CI tools split classnames at dots: keep profile names and phases dot-free.
  for (auto& c : text) {
    if (c == '.' || c == '/') c = '_';
  }
  return text;
}

/// Whole milliseconds (truncated, as flow.cpp writes them), for any double: a
/// cast to an integer is undefined for values it cannot hold.
std::string whole_ms(double ms) {
  return reports::xml::format_fixed(std::trunc(ms), 0);
}

}  // namespace

std::vector<reports::TestSuite> to_junit_suites(const FlowResult& result,
                                                std::size_t max_exchange_text) {
  reports::TestSuite suite;
  suite.name = "mock-openai " + result.profile;
  suite.timestamp = utc_now();
  suite.hostname = host_name();
  suite.properties = {
      {"profile", result.profile},
      {"target", result.target},
      {"transport", result.transport},
      {"total_ms", std::to_string(result.total_ms)},
      {"request_deadline_ms", whole_ms(result.request_deadline.limit_ms)},
      {"request_deadline_evidence", std::string(to_string(result.request_deadline.evidence))}};
  for (const auto& option : result.options)
    suite.properties.push_back({"option", option});
  const auto exchanges =
      result.transcript ? result.transcript->exchanges() : std::vector<client::Exchange>{};
  int index = 0;
  for (const auto& step : result.steps) {
    reports::TestCase c;
    c.classname = "mock_openai." + safe_class(result.profile) + "." + safe_class(step.phase);
    c.name = std::to_string(++index) + ". " + step.name;
    c.seconds = step.total_ms / 1000.0;
    c.properties = {{"http_status", std::to_string(step.http_status)},
                    {"ttfb_ms", std::to_string(step.ttfb_ms)},
                    {"total_ms", std::to_string(step.total_ms)}};
    switch (step.outcome) {
      case StepOutcome::kOk:
        c.outcome = reports::Outcome::kPass;
        c.system_out = step.note;
        break;
      case StepOutcome::kWarning:
        c.outcome = reports::Outcome::kPass;
        c.system_out = "WARNING: " + step.note;
        break;
      case StepOutcome::kSkipped:
        c.outcome = reports::Outcome::kSkip;
        c.message = step.note;
        break;
      case StepOutcome::kFailed:
        // Unreachable is the network's fault, not the server's: a JUnit error.
        c.outcome = result.could_not_connect ? reports::Outcome::kError : reports::Outcome::kFail;
        c.message = step.note;
        c.detail = "OpenAI would show:\n" + jsonrpc::serialize_indented(result.openai_view);
        break;
    }
    for (const auto i : step.exchanges) {
      if (i < exchanges.size())
        c.system_out +=
            "\n" + jsonrpc::serialize_indented(client::to_json(exchanges[i], max_exchange_text));
    }
    suite.cases.push_back(std::move(c));
  }
  for (const auto& budget : result.budgets) {
    reports::TestCase c;
    c.classname = "mock_openai." + safe_class(result.profile) + ".budgets";
    c.name = "budget " + budget.step + " <= " + whole_ms(budget.limit_ms) + " ms";
    c.seconds = budget.actual_ms / 1000.0;
    const auto verdict = budget.verdict();
    const std::string missed = "expected at most " + whole_ms(budget.limit_ms) + " ms, got " +
                               whole_ms(budget.actual_ms) + " ms";
    // JUnit has no warning: a missed inferred budget passes, saying so in system-out
    // and in its verdict property (as warned steps do).
    c.outcome = verdict == "failed" ? reports::Outcome::kFail : reports::Outcome::kPass;
    if (verdict == "failed") c.message = missed;
    if (verdict == "warning")
      c.system_out = "WARNING: " + missed + " (an inferred budget: a warning, not a failure)";
    c.properties = {{"origin", budget.origin},
                    {"evidence", std::string(to_string(budget.evidence))},
                    {"verdict", std::string(verdict)}};
    suite.cases.push_back(std::move(c));
  }
  if (!result.ok && result.steps.empty()) {
    reports::TestCase c;
    c.classname = "mock_openai." + safe_class(result.profile);
    c.name = "setup";
    c.outcome = result.could_not_connect ? reports::Outcome::kError : reports::Outcome::kFail;
    c.message = result.failure;
    suite.cases.push_back(std::move(c));
  }
  return {suite};
}

}  // namespace mcp::mock
