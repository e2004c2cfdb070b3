#include "conformance/report_files.hpp"

#include "reports/junit.hpp"

namespace mcp::conformance {

std::string junit_xml(const reports::RunReport& report, bool extras) {
  auto suites = reports::to_junit(report);
  if (extras) {
    for (auto& suite : suites) {
      for (auto& c : suite.cases) {
        const auto area =
            c.classname.substr(4, c.classname.rfind(".v") - 4);  // "mcp.<area>.v<version>"
        c.file = "conformance/checks/" + area + ".cpp";
      }
    }
  }
  return reports::to_junit_xml(suites, {.extras = extras});
}

}  // namespace mcp::conformance
