// The report writers fed hostile strings (invalid UTF-8, NUL and other control
// characters, "]]>", "</script>", markup, long text) in every field a server
// can fill: the JUnit XML must stay well-formed (libxml2 reads it), the JSON
// must read back, the HTML page must keep its own scripts closed, for both
// mcp-conformance's run report and mock-openai's replay report.
#include <fuzzer/FuzzedDataProvider.h>
#include <libxml/parser.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/transcript.hpp"
#include "fuzz/fuzz_check.hpp"
#include "mock_openai/flow.hpp"
#include "mock_openai/report.hpp"
#include "protocol/jsonrpc.hpp"
#include "reports/junit.hpp"
#include "reports/run_report.hpp"

namespace {

using mcp::Json;
namespace jsonrpc = mcp::jsonrpc;
namespace reports = mcp::reports;
namespace mock = mcp::mock;

/// Well-formed XML, as a CI system's parser (libxml2, default limits) reads it.
void check_xml(const std::string& xml) {
  const std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      &xmlFreeDoc);
  FUZZ_CHECK(doc != nullptr);
}

void check_json(const Json& value) {
  const auto text = jsonrpc::serialize(value);
  FUZZ_CHECK(jsonrpc::parse(text, 1000).value.has_value());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

/// A hostile string: the fuzzer's bytes, now and then (rarely: each run has
/// dozens of fields) made 64 KiB long.
std::string text(FuzzedDataProvider& input) {
  auto s = input.ConsumeRandomLengthString(256);
  if (!s.empty() && input.ConsumeIntegral<std::uint8_t>() == 0) {
    const std::string unit = s;
    while (s.size() < (64u << 10))
      s += unit;
  }
  return s;
}

Json hostile_exchange(FuzzedDataProvider& input) {
  mcp::client::Exchange e;
  e.label = text(input);
  e.method = text(input);
  e.url = text(input);
  e.request_headers = {{text(input), text(input)}, {"Authorization", text(input)}};
  e.request_body = text(input);
  e.status = input.ConsumeIntegral<int>();
  e.response_headers = {{text(input), text(input)}};
  e.response_body = text(input);
  e.sse = input.ConsumeBool();
  e.events.push_back({.at_ms = input.ConsumeFloatingPoint<double>(),
                      .type = text(input),
                      .id = text(input),
                      .data = text(input),
                      .retry_ms = input.ConsumeIntegral<std::uint64_t>()});
  e.started_ms = input.ConsumeFloatingPoint<double>();
  e.completed_ms = input.ConsumeFloatingPoint<double>();
  e.error = text(input);
  return mcp::client::to_json(e);
}

reports::RunReport hostile_run(FuzzedDataProvider& input) {
  reports::RunReport run;
  run.tool_version = text(input);
  run.target = text(input);
  run.transport = text(input);
  run.profile = text(input);
  run.started_at = text(input);
  run.hostname = text(input);
  run.seconds = input.ConsumeFloatingPoint<double>();
  run.server = Json{{text(input), text(input)}, {"serverInfo", {{"name", text(input)}}}};
  for (int s = input.ConsumeIntegralInRange(0, 3); s > 0; --s) {
    reports::SuiteReport suite{
        .name = text(input), .area = text(input), .protocol_version = text(input), .cases = {}};
    for (int c = input.ConsumeIntegralInRange(0, 4); c > 0; --c) {
      reports::CaseReport check;
      check.id = text(input);
      check.title = text(input);
      check.area = text(input);
      check.section = text(input);
      check.spec_url = text(input);
      check.rule = text(input);
      check.level = text(input);
      check.description = text(input);
      check.verdict = input.PickValueInArray({reports::Verdict::kPass, reports::Verdict::kFail,
                                              reports::Verdict::kWarn, reports::Verdict::kSkip,
                                              reports::Verdict::kError});
      check.message = text(input);
      check.seconds = input.ConsumeFloatingPoint<double>();
      check.exchanges = Json::array({hostile_exchange(input)});
      check.expected_failure = input.ConsumeBool();
      check.expected_reason = text(input);
      check.stale = input.ConsumeBool();
      suite.cases.push_back(std::move(check));
    }
    run.suites.push_back(std::move(suite));
  }
  run.exit_code = input.ConsumeIntegral<int>();
  return run;
}

mock::FlowResult hostile_replay(FuzzedDataProvider& input) {
  mock::FlowResult result;
  result.profile = text(input);
  result.options = {text(input)};
  result.target = text(input);
  result.transport = text(input);
  result.ok = input.ConsumeBool();
  result.could_not_connect = input.ConsumeBool();
  result.failed_step = text(input);
  result.failure = text(input);
  result.openai_view = Json{{"error", text(input)}};
  result.transcript = std::make_shared<mcp::client::Transcript>();
  for (int s = input.ConsumeIntegralInRange(0, 3); s > 0; --s) {
    mock::StepRecord step{.phase = text(input),
                          .name = text(input),
                          .method = text(input),
                          .http_status = input.ConsumeIntegral<int>(),
                          .content_type = text(input),
                          .ttfb_ms = input.ConsumeFloatingPoint<double>(),
                          .total_ms = input.ConsumeFloatingPoint<double>(),
                          .outcome = input.PickValueInArray(
                              {mock::StepOutcome::kOk, mock::StepOutcome::kWarning,
                               mock::StepOutcome::kFailed, mock::StepOutcome::kSkipped}),
                          .note = text(input)};
    mcp::client::Exchange exchange;
    exchange.label = text(input);
    exchange.request_body = text(input);
    exchange.response_body = text(input);
    step.exchanges.push_back(result.transcript->add(std::move(exchange)));
    result.steps.push_back(std::move(step));
  }
  result.budgets.push_back({.step = text(input),
                            .limit_ms = input.ConsumeFloatingPoint<double>(),
                            .actual_ms = input.ConsumeFloatingPoint<double>(),
                            .exceeded = input.ConsumeBool(),
                            .origin = text(input)});
  result.warnings = {text(input)};
  result.total_ms = input.ConsumeFloatingPoint<double>();
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  if (input.ConsumeBool()) {
    const auto run = hostile_run(input);
    check_json(reports::to_json(run));
    (void)reports::to_markdown(run);
    // The page's own scripts are the only ones: none opened or closed by the data.
    static const auto empty_page = reports::to_html(reports::RunReport{});
    const auto page = reports::to_html(run);
    FUZZ_CHECK(count(page, "</script") == count(empty_page, "</script"));
    FUZZ_CHECK(count(page, "<script") == count(empty_page, "<script"));
    check_xml(reports::to_junit_xml(reports::to_junit(run), {.extras = input.ConsumeBool()}));
  } else {
    const auto replay = hostile_replay(input);
    check_json(mock::to_json(replay));
    check_json(replay.transcript->to_json());
    check_xml(reports::to_junit_xml(mock::to_junit_suites(replay)));
  }
  return 0;
}
