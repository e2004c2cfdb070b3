#include "mock_openai/budgets.hpp"

#include <algorithm>
#include <charconv>

namespace mcp::mock {
namespace {
constexpr double kMaxMs = 24.0 * 60 * 60 * 1000;

// Friendly spellings accepted on the command line.
const std::map<std::string, std::string, std::less<>> kAliases{
    {"list_tools", "tools/list"},
    {"call_tool", "tools/call"},
    {"delete", "DELETE"},
    {"delete_session", "DELETE"},
    {"discover", "server/discover"},
    {"get_stream", "GET stream"},
    {"open_get_stream", "GET stream"},
    {"get-stream", "GET stream"},
};
}  // namespace

const std::vector<std::string>& Budgets::step_names() {
  static const std::vector<std::string> names{"request",    "total",       "server/discover",
                                              "initialize", "initialized", "GET stream",
                                              "tools/list", "tools/call",  "DELETE"};
  return names;
}

std::string_view to_string(Evidence evidence) {
  switch (evidence) {
    case Evidence::kDocumented:
      return "documented";
    case Evidence::kReported:
      return "reported";
    case Evidence::kInferred:
      return "inferred";
    case Evidence::kUser:
      return "user";
  }
  return "unknown";
}

std::string BudgetVerdict::describe() const {
  const auto whole = [](double ms) { return std::to_string(static_cast<long long>(ms)); };
  return step + " took " + whole(actual_ms) + " ms, " + whole(actual_ms - limit_ms) +
         " ms over its " + whole(limit_ms) + " ms budget (" + origin + ", " +
         std::string(to_string(evidence)) + ")";
}

Budgets Budgets::defaults(double request_deadline_ms, const std::string& origin,
                          Evidence request_evidence) {
  Budgets b;
  b.budgets_["request"] = Budget{"request", request_deadline_ms, origin, request_evidence};
  b.budgets_["initialize"] =
      Budget{"initialize", kDefaultInteractiveMs, "default", Evidence::kInferred};
  b.budgets_["tools/list"] =
      Budget{"tools/list", kDefaultInteractiveMs, "default", Evidence::kInferred};
  return b;
}

bool Budgets::set(std::string_view spec, std::string* error) {
  const auto eq = spec.rfind('=');
  if (eq == std::string_view::npos) {
    if (error) *error = "expects STEP=MS, got '" + std::string(spec) + "'";
    return false;
  }
  std::string step(spec.substr(0, eq));
  if (const auto alias = kAliases.find(step); alias != kAliases.end()) step = alias->second;
  const auto& names = step_names();
  if (std::find(names.begin(), names.end(), step) == names.end()) {
    std::string known;
    for (const auto& n : names)
      known += (known.empty() ? "" : ", ") + n;
    if (error) *error = "unknown step '" + step + "' (steps: " + known + ")";
    return false;
  }
  const auto value = spec.substr(eq + 1);
  double ms = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
  // "inf" and "1e300" parse too, but no clock or report can hold them.
  if (ec != std::errc{} || ptr != value.data() + value.size() || !(ms > 0) || !(ms <= kMaxMs)) {
    if (error)
      *error = "step " + step + ": expects a positive number of milliseconds, at most " +
               std::to_string(static_cast<long long>(kMaxMs)) + " (a day), got '" +
               std::string(value) + "'";
    return false;
  }
  budgets_[step] = Budget{step, ms, "--budget", Evidence::kUser};
  return true;
}

double Budgets::request_deadline_ms() const {
  return request().limit_ms;
}

Budget Budgets::request() const {
  const auto it = budgets_.find("request");
  if (it == budgets_.end())
    return Budget{"request", kDefaultRequestDeadlineMs, "default", Evidence::kInferred};
  return it->second;
}

std::optional<Budget> Budgets::for_step(const std::string& step) const {
  const auto it = budgets_.find(step);
  if (it == budgets_.end() || step == "request" || step == "total") return std::nullopt;
  return it->second;
}

std::optional<Budget> Budgets::total() const {
  const auto it = budgets_.find("total");
  if (it == budgets_.end()) return std::nullopt;
  return it->second;
}

std::vector<Budget> Budgets::all() const {
  std::vector<Budget> out;
  for (const auto& [name, budget] : budgets_)
    out.push_back(budget);
  return out;
}

}  // namespace mcp::mock
