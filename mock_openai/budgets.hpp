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
/// Interactive budgets: a person is waiting for these steps. No evidence gives
/// OpenAI's client such a limit: a miss is a warning.
inline constexpr double kDefaultInteractiveMs = 1000;

/// What stands behind a budget's limit, with the markings of docs/evidence/. A
/// missed budget fails the run when its deadline is documented or reported, or
/// when the user set it; one that is only inferred is a warning (OpenAI's client
/// would most likely still have answered).
enum class Evidence { kDocumented, kReported, kInferred, kUser };
std::string_view to_string(Evidence evidence);
/// A miss fails the run (not only a warning).
inline bool binding(Evidence evidence) {
  return evidence != Evidence::kInferred;
}

struct Budget {
  std::string step;  // "request", "total", or a step name ("initialize", "tools/list", ...)
  double limit_ms = 0;
  std::string origin;                   // "default", "profile NAME" or "--budget"
  Evidence evidence = Evidence::kUser;  // binding unless its evidence says otherwise

  bool operator==(const Budget&) const = default;
};

struct BudgetVerdict {
  std::string step;
  double limit_ms = 0;
  double actual_ms = 0;
  bool exceeded = false;
  std::string origin;
  Evidence evidence = Evidence::kUser;  // binding unless its evidence says otherwise

  /// "ok", "warning" (an inferred budget missed) or "failed".
  std::string_view verdict() const {
    return !exceeded ? "ok" : binding(evidence) ? "failed" : "warning";
  }
  /// "initialize took 1004 ms, 4 ms over its 1000 ms budget (default, inferred)".
  std::string describe() const;
};

class Budgets {
 public:
  /// request = the profile's deadline (with its evidence), initialize and tools/list = 1 s
  /// (inferred).
  static Budgets defaults(double request_deadline_ms, const std::string& origin,
                          Evidence request_evidence = Evidence::kInferred);

  /// Parses "STEP=MS" (e.g. "tools/list=500", "request=60000", "total=5000"): the user's.
  bool set(std::string_view spec, std::string* error);

  /// Every request must complete within this (the transport enforces it too).
  double request_deadline_ms() const;
  /// The request deadline with its origin and evidence.
  Budget request() const;
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
