// Running the selected checks: in parallel, each in its own context and
// transcript; then the schema audit of everything the server sent.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "conformance/checks/check_util.hpp"
#include "conformance/run_steps.hpp"
#include "conformance/server_watch.hpp"

namespace mcp::conformance {
namespace {

using Clock = std::chrono::steady_clock;
using reports::Verdict;

/// Calls `work(i)` for every i below `count`, on `threads` threads (at least one).
void parallel_for(std::size_t count, unsigned threads,
                  const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++)
      work(i);
  };
  std::vector<std::thread> pool;
  const unsigned n = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(count)));
  for (unsigned t = 0; t < n; ++t)
    pool.emplace_back(worker);
  for (auto& t : pool)
    t.join();
}

/// A check that ended because the server went away says so: the one where it
/// was noticed is an error naming it, the others are not judged (a pass before
/// the server left stands).
void mark_lost(Job& job, const std::string& version, const ServerGone& gone) {
  if (job.report.id == gone.check && version == gone.version) {
    job.report.verdict = Verdict::kError;
    job.report.message =
        "the server stopped answering during this check (" + gone.why + "); the run stopped here";
  } else if (job.report.verdict != Verdict::kPass) {
    job.report.verdict = Verdict::kSkip;
    job.report.message =
        "not judged: the server stopped answering during " + gone.check + " (" + gone.version + ")";
  }
}

void execute(Job& job, const ServerFacts& facts, const RunOptions& options,
             const SchemaAudit& schemas, ServerWatch& watch) {
  CheckContext context(options.target, facts, schemas);
  const auto t0 = Clock::now();
  const auto outcome = judge(*job.check, context);
  job.report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  job.report.verdict = outcome.verdict;
  job.report.message = outcome.message;
  const auto exchanges = context.transcript().exchanges();
  for (const auto& e : exchanges)
    job.report.exchanges.push_back(client::to_json(e, options.report_body_limit));
  const auto version = std::string(to_string(facts.version));
  if (watch.after(job.report.id, version, exchanges)) {
    mark_lost(job, version, *watch.gone());
    return;  // what a vanished server sent is not audited
  }
  // Here, not after the run: the audit then overlaps the checks still waiting.
  job.violations = schemas.audit(facts.version, exchanges);
}

}  // namespace

Outcome run_check(const Check& check, CheckContext& context) {
  try {
    return check.run(context);
  } catch (const HarnessError& e) {
    return Outcome::error(e.what());
  } catch (const CallNotAllowed& e) {
    return Outcome::skip(e.what());
  } catch (const ServerValueError& e) {
    return Outcome::fail("values of the types the schema defines", e.what());
  } catch (const std::exception& e) {
    return Outcome::error(std::string("harness error: ") + e.what());
  }
}

namespace {

// A line from a stdio server, an HTTP status, or SSE events: the server answered.
bool is_answer(const client::Exchange& e) {
  if (e.transport == "stdio") return e.method == "receive";
  return e.status > 0 || !e.events.empty();
}

}  // namespace

std::string missing_evidence(Evidence evidence, const std::vector<client::Exchange>& exchanges) {
  switch (evidence) {
    case Evidence::kHandshake:
      return {};
    case Evidence::kAnswer:
      if (std::any_of(exchanges.begin(), exchanges.end(), is_answer)) return {};
      return "no answer from the server to judge (every request of the check went unanswered)";
    case Evidence::kNotification:
      for (const auto& received : server_messages(exchanges)) {
        if (received.message.is_object() && !received.message.contains("id") &&
            string_member(received.message, "method").starts_with("notifications/"))
          return {};
      }
      return "the server sent no notification to judge";
  }
  return "unknown evidence";
}

Outcome settle(const CheckInfo& info, Outcome outcome,
               const std::vector<client::Exchange>& exchanges) {
  if (outcome.verdict == Verdict::kPass) {
    const auto missing = missing_evidence(info.evidence, exchanges);
    if (!missing.empty()) return Outcome::skip("no evidence to pass on: " + missing);
  }
  const bool lapse = outcome.verdict == Verdict::kFail || outcome.verdict == Verdict::kWarn;
  if (info.informational && lapse) return Outcome::info(std::move(outcome.message));
  if (outcome.verdict == Verdict::kFail && info.level != Level::kMust)
    outcome.verdict = Verdict::kWarn;
  return outcome;
}

Outcome judge(const Check& check, CheckContext& context) {
  auto outcome = run_check(check, context);
  return settle(check.info, std::move(outcome), context.evidence_exchanges());
}

Executed execute_jobs(std::vector<Job>& jobs, const std::vector<ServerFacts>& facts,
                      const RunOptions& options, const SchemaAudit& schemas,
                      const std::function<void(const Progress&)>& progress) {
  ServerWatch watch(options.target);
  std::atomic<std::size_t> not_run{0};
  std::vector<std::size_t> together;
  std::vector<std::size_t> alone;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    (jobs[i].check->info.changes_lists ? alone : together).push_back(i);
  std::mutex progress_mutex;
  std::size_t done = 0;
  const auto report_done = [&](const Job& job) {
    const std::lock_guard lock(progress_mutex);
    ++done;
    if (progress) {
      progress(Progress{done, jobs.size(), job.report.id,
                        std::string(to_string(facts[job.facts_index].version)), job.report.verdict,
                        job.report.message});
    }
  };
  // The schema check's verdict is known only once every check has run (the
  // roll-up), so it is reported last rather than as a pass it may not keep.
  std::vector<std::size_t> schema_jobs;
  const auto run_job = [&](std::size_t i) {
    auto& job = jobs[i];
    if (job.run && watch.gone()) {
      // Once the server is gone every check would only say "cannot connect".
      job.run = false;
      job.report.verdict = Verdict::kSkip;
      job.report.message = watch.not_run_reason();
      ++not_run;
      return;
    }
    if (job.run) execute(job, facts[job.facts_index], options, schemas, watch);
    if (job.report.id == kSchemaCheckId) {
      const std::lock_guard lock(progress_mutex);
      schema_jobs.push_back(i);
      return;
    }
    report_done(job);
  };
  parallel_for(together.size(), options.jobs, [&](std::size_t k) { run_job(together[k]); });
  for (const auto i : alone)
    run_job(i);
  auto findings = roll_up_schema_violations(jobs, facts);
  for (const auto i : schema_jobs)
    report_done(jobs[i]);
  Executed executed{.schema_findings = std::move(findings)};
  if (const auto gone = watch.gone()) {
    executed.server_gone = "the server stopped answering during " + gone->check + " (" +
                           gone->version + "): " + gone->why + "; the run stopped there, " +
                           std::to_string(not_run.load()) + " check(s) not run";
  }
  return executed;
}

std::vector<SchemaFindings> roll_up_schema_violations(std::vector<Job>& jobs,
                                                      const std::vector<ServerFacts>& facts) {
  std::vector<SchemaFindings> all;
  for (std::size_t f = 0; f < facts.size(); ++f) {
    SchemaFindings findings;
    findings.protocol_version = std::string(to_string(facts[f].version));
    Job* schema_job = nullptr;
    for (auto& job : jobs) {
      if (job.facts_index != f) continue;
      if (job.report.id == kSchemaCheckId) schema_job = &job;
      findings.violations += job.violations.size();
      for (const auto& v : job.violations) {
        if (findings.first.size() < kSchemaViolationsListed)
          findings.first.emplace_back(job.report.id, v);
      }
    }
    if (schema_job) {
      findings.schema_check = Outcome{schema_job->report.verdict, schema_job->report.message};
      apply_schema_findings(schema_job->report, findings);
    }
    all.push_back(std::move(findings));
  }
  return all;
}

}  // namespace mcp::conformance
