// Timing budgets: per step and for the whole flow, checked against what the
// transcript measured.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mcp::mock {

/// The OpenAI request deadline applied when nothing else is said. No OpenAI
/// document gives one; 30 s is the community guide's figure (unconfirmed).
inline constexpr double kDefaultRequestDeadlineMs = 30000;
/// Interactive budgets: a person is waiting for these steps.
inline constexpr double kDefaultInteractiveMs = 1000;

struct Budget {
  std::string step;  // "request", "total", or a step name ("initialize", "tools/list", ...)
  double limit_ms = 0;
  std::string origin;  // "default", "profile" or "--budget"

  bool operator==(const Budget&) const = default;
};

struct BudgetVerdict {
  std::string step;
  double limit_ms = 0;
  double actual_ms = 0;
  bool exceeded = false;
  std::string origin;
};

class Budgets {
 public:
  /// request = the profile's deadline, initialize and tools/list = 1 s.
  static Budgets defaults(double request_deadline_ms, const std::string& origin);

  /// Parses "STEP=MS" (e.g. "tools/list=500", "request=60000", "total=5000").
  bool set(std::string_view spec, std::string* error);

  /// Every request must complete within this (the transport enforces it too).
  double request_deadline_ms() const;
  std::optional<Budget> for_step(const std::string& step) const;
  std::optional<Budget> total() const;
  std::vector<Budget> all() const;

  /// The names STEP may take, for --help and error messages.
  static const std::vector<std::string>& step_names();

  bool operator==(const Budgets&) const = default;

 private:
  std::map<std::string, Budget> budgets_;
};

}  // namespace mcp::mock
