// bench-serve-throughput: what `mock-openai serve` adds to an MCP flow. Starts
// mcp-reference-server and `mock-openai serve` on free loopback ports (or is given their URLs),
// warms up, then at each client count (1 and 8) sends non-streaming POST /v1/responses requests
// (one mcp tool, require_approval never: tools/list and a tools/call of echo) from that many
// threads, each on its own keep-alive connection, and prints requests/s and p50/p99/max
// latency. The baseline is the same MCP flow without the Responses API: the responses-2025
// profile's FlowRunner (what serve runs for each request) called in-process from as many
// threads. The two take turns, --rounds times; the median run of each is printed with the
// median of the round-by-round ratios serve/direct (p50, requests/s): what the HTTP layer, the
// request parsing and the Response object cost. Last, `mock-openai replay` as a process, one
// run after another (start-up included). Every answer must be HTTP 200 with a completed
// mcp_call: any failure is counted and the exit status is 1; 2 is a usage error.
#include <curl/curl.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bench/raw_http.hpp"
#include "mock_openai/cli.hpp"
#include "mock_openai/flow.hpp"
#include "mock_openai/profile.hpp"
#include "protocol/command_line.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/toolkit_version.hpp"

extern char** environ;

namespace {

using bench::Clock;
using mcp::Json;

constexpr char kProgram[] = "bench-serve-throughput";
constexpr char kProfile[] = "responses-2025";

struct Config {
  std::string server;     // mcp-reference-server, started on port 0
  std::string mcp_url;    // or a running MCP server
  std::string mock;       // mock-openai, started as `serve` on port 0
  std::string serve_url;  // or a running `mock-openai serve` (its /v1 base URL)
  int requests = 300;     // a run, of serve or of the direct flow
  int rounds = 3;         // runs of each at each client count, alternating
  std::vector<int> clients{1, 8};
  int warmup = 20;
  int replay_runs = 20;  // `mock-openai replay` as a process; needs --mock-openai
};

/// A run of requests: how long it took and each one's latency.
struct Figures {
  int requests = 0;
  int failures = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;

  double per_second() const { return seconds > 0 ? requests / seconds : 0; }
  double percentile(double p) const {
    if (latencies_ms.empty()) return 0;
    auto sorted = latencies_ms;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
  }
};

/// Keeps the first failure's description, to print once.
class FailureLog {
 public:
  void add(const std::string& what) {
    const std::lock_guard lock(mutex_);
    if (first_.empty()) first_ = what;
  }
  std::string first() const {
    const std::lock_guard lock(mutex_);
    return first_;
  }

 private:
  mutable std::mutex mutex_;
  std::string first_;
};

/// True when the output items hold a tool list and a completed mcp_call with no error.
bool listed_and_called(const Json& items) {
  if (!items.is_array()) return false;
  bool listed = false;
  bool called = false;
  for (const auto& item : items) {
    if (!item.is_object()) continue;
    listed = listed || item.value("type", "") == "mcp_list_tools";
    called = called ||
             (item.value("type", "") == "mcp_call" && item.value("status", "") == "completed" &&
              item.value("error", Json()).is_null());
  }
  return listed && called;
}

/// One attempt of whatever is measured; false (with `why` set) when it failed.
using Attempt = std::function<bool(std::string& why)>;

/// `total` attempts from `clients` threads, each with its own attempt (its own connection).
Figures measure(int clients, int total, const std::function<Attempt()>& make_attempt,
                FailureLog& failures) {
  std::vector<Attempt> attempts;
  for (int c = 0; c < clients; ++c)
    attempts.push_back(make_attempt());
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto& attempt = attempts[static_cast<std::size_t>(c)];
      auto& mine = latencies[static_cast<std::size_t>(c)];
      for (int i = next++; i < total; i = next++) {
        std::string why;
        const auto began = Clock::now();
        const bool ok = attempt(why);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
        if (!ok) {
          ++failed;
          failures.add(why);
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  Figures figures;
  figures.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  figures.requests = total;
  figures.failures = failed;
  for (const auto& list : latencies)
    figures.latencies_ms.insert(figures.latencies_ms.end(), list.begin(), list.end());
  return figures;
}

/// A client of POST /v1/responses on one keep-alive connection (one curl handle).
class ResponsesClient {
 public:
  /// `connects` counts the connections it opens (keep-alive: one, unless the server closes).
  ResponsesClient(const std::string& base_url, std::string body, std::atomic<long>& connects)
      : url_(base_url + "/responses"),
        body_(std::move(body)),
        connects_(connects),
        curl_(curl_easy_init()) {
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    headers_ = curl_slist_append(headers_, "Authorization: Bearer x");
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body_.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_.size()));
    curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &ResponsesClient::on_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer_);
  }
  ~ResponsesClient() {
    curl_easy_cleanup(curl_);
    curl_slist_free_all(headers_);
  }
  ResponsesClient(const ResponsesClient&) = delete;
  ResponsesClient& operator=(const ResponsesClient&) = delete;

  /// One responses.create; false with the reason unless it answered 200 and a completed
  /// Response whose output lists the tools and holds a completed mcp_call.
  bool create(std::string& why) {
    answer_.clear();
    if (const auto rc = curl_easy_perform(curl_); rc != CURLE_OK) {
      why = std::string("POST /v1/responses: ") + curl_easy_strerror(rc);
      return false;
    }
    long status = 0;
    long opened = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &opened);
    connects_ += opened;
    const auto parsed = mcp::jsonrpc::parse(answer_);
    if (status != 200 || !parsed.value || !parsed.value->is_object() ||
        parsed.value->value("status", "") != "completed" ||
        !listed_and_called(parsed.value->value("output", Json()))) {
      why = "POST /v1/responses: HTTP " + std::to_string(status) + ": " + answer_.substr(0, 400);
      return false;
    }
    return true;
  }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  }

  std::string url_;
  std::string body_;
  std::atomic<long>& connects_;
  CURL* curl_;
  curl_slist* headers_ = nullptr;
  std::string answer_;
};

std::string responses_body(const std::string& mcp_url) {
  const Json body{{"model", "m"},
                  {"input", R"(@call echo {"text":"hi"})"},
                  {"tools", Json::array({Json{{"type", "mcp"},
                                              {"server_label", "ref"},
                                              {"server_url", mcp_url},
                                              {"require_approval", "never"}}})}};
  return mcp::jsonrpc::serialize(body);
}

std::function<Attempt()> serve_attempts(const std::string& serve_url, const std::string& mcp_url,
                                        std::atomic<long>& connects) {
  const auto body = responses_body(mcp_url);
  return [serve_url, body, &connects] {
    auto client = std::make_shared<ResponsesClient>(serve_url, body, connects);
    return Attempt([client](std::string& why) { return client->create(why); });
  };
}

/// The flow serve runs for each request, run here directly: the same profile, budgets and call.
std::function<Attempt()> direct_attempts(const std::string& mcp_url) {
  const auto* profile = mcp::mock::find_builtin_profile(kProfile);
  if (!profile) throw std::runtime_error(std::string("no built-in profile ") + kProfile);
  mcp::mock::FlowOptions flow;
  flow.url = mcp_url;
  flow.server_label = "ref";
  flow.call_tool = "echo";
  flow.call_arguments = Json{{"text", "hi"}};
  flow.require_approval = "never";
  flow.budgets = mcp::mock::budgets_for(*profile, {});
  return [profile, flow] {
    return Attempt([profile, flow](std::string& why) {
      mcp::mock::FlowRunner runner(*profile, {}, flow);
      const auto result = runner.run();
      if (result.ok && listed_and_called(result.items)) return true;
      why = "direct flow: " + (result.failed_step.empty()
                                   ? std::string("no completed mcp_call")
                                   : result.failed_step + ": " + result.failure);
      return false;
    });
  };
}

/// `mock-openai replay` as a process, its output thrown away; false unless it exits 0.
std::function<Attempt()> replay_process_attempts(const std::string& mock,
                                                 const std::string& mcp_url) {
  return [mock, mcp_url] {
    return Attempt([mock, mcp_url](std::string& why) {
      std::vector<std::string> words{mock,          "replay",           "--url",
                                     mcp_url,       "--call",           "echo",
                                     "--arguments", R"({"text":"hi"})", "--quiet"};
      std::vector<char*> argv;
      for (auto& word : words)
        argv.push_back(word.data());
      argv.push_back(nullptr);
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
      pid_t pid = -1;
      const int spawned = posix_spawn(&pid, mock.c_str(), &actions, nullptr, argv.data(), environ);
      posix_spawn_file_actions_destroy(&actions);
      int status = 0;
      if (spawned != 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
          WEXITSTATUS(status) != 0) {
        why = "mock-openai replay: " +
              (spawned != 0        ? std::string(std::strerror(spawned))
               : WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                   : "killed by signal " + std::to_string(WTERMSIG(status)));
        return false;
      }
      return true;
    });
  };
}

/// The load average over 1, 5 and 15 minutes: on a shared machine, how far to trust the figures.
std::string load_average() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

void print_row(const char* label, const Figures& f) {
  std::printf(" %-7s %9.1f %9.2f %9.2f %9.2f", label, f.per_second(), f.percentile(0.50),
              f.percentile(0.99),
              f.latencies_ms.empty()
                  ? 0.0
                  : *std::max_element(f.latencies_ms.begin(), f.latencies_ms.end()));
}

/// The run of median requests/s among `runs`.
const Figures& median_run(const std::vector<Figures>& runs) {
  std::vector<const Figures*> sorted;
  for (const auto& run : runs)
    sorted.push_back(&run);
  std::sort(sorted.begin(), sorted.end(),
            [](const Figures* a, const Figures* b) { return a->per_second() < b->per_second(); });
  return *sorted[(sorted.size() - 1) / 2];
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

/// Serve and the direct flow in turn, `rounds` times, at `clients`; prints the median runs and
/// the median of the round-by-round ratios (so a noisy moment does not decide the ratio).
int compare_at(const Config& config, int clients, const std::function<Attempt()>& serve,
               const std::function<Attempt()>& direct, FailureLog& failures) {
  std::vector<Figures> served;
  std::vector<Figures> directly;
  std::vector<double> p50_ratios;
  std::vector<double> rate_ratios;
  int failed = 0;
  for (int round = 0; round < config.rounds; ++round) {
    served.push_back(measure(clients, config.requests, serve, failures));
    directly.push_back(measure(clients, config.requests, direct, failures));
    failed += served.back().failures + directly.back().failures;
    p50_ratios.push_back(served.back().percentile(0.5) / directly.back().percentile(0.5));
    rate_ratios.push_back(served.back().per_second() / directly.back().per_second());
  }
  std::printf("%-7d |", clients);
  print_row("serve", median_run(served));
  std::printf(" |");
  print_row("direct", median_run(directly));
  std::printf(" | %9.2f %9.2f\n", median(p50_ratios), median(rate_ratios));
  return failed;
}

/// Serve against the direct flow at each client count, then the replay as a process; false
/// when any request failed.
bool compare(const Config& config, const std::string& serve_url, const std::string& mcp_url) {
  FailureLog failures;
  std::atomic<long> connects{0};
  const auto serve = serve_attempts(serve_url, mcp_url, connects);
  const auto direct = direct_attempts(mcp_url);
  const int most = *std::max_element(config.clients.begin(), config.clients.end());
  // Warm-up: connections, the servers' worker threads and allocators, at the most clients.
  int failed = measure(most, config.warmup, serve, failures).failures +
               measure(most, config.warmup, direct, failures).failures;
  connects = 0;
  std::printf(
      "responses.create = tools/list + tools/call echo, require_approval never; "
      "serve: POST /v1/responses, keep-alive; direct: the same flow in-process "
      "(FlowRunner, %s); s/d: serve / direct\n%d requests a run, median of %d rounds, after %d "
      "warm-up\n",
      kProfile, config.requests, config.rounds, config.warmup);
  std::printf("%-7s | %-7s %9s %9s %9s %9s | %-7s %9s %9s %9s %9s | %9s %9s\n", "clients", "",
              "req/s", "p50 ms", "p99 ms", "max ms", "", "req/s", "p50 ms", "p99 ms", "max ms",
              "p50 s/d", "req/s s/d");
  long served = 0;
  for (const int clients : config.clients) {
    failed += compare_at(config, clients, serve, direct, failures);
    served += static_cast<long>(config.rounds) * config.requests;
  }
  std::printf("serve: %ld connections opened for %ld requests\n", connects.load(), served);
  if (!config.mock.empty() && config.replay_runs > 0) {
    const auto runs =
        measure(1, config.replay_runs, replay_process_attempts(config.mock, mcp_url), failures);
    failed += runs.failures;
    std::printf(
        "mock-openai replay as a process (start-up included), %d runs one after "
        "another:\n%-7s |",
        config.replay_runs, "1");
    print_row("replay", runs);
    std::printf("\n");
  }
  std::printf("load average at the end: %s\nfailures: %d%s%s\n", load_average().c_str(), failed,
              failed ? "; the first: " : "", failures.first().c_str());
  return failed == 0;
}

std::optional<mcp::cli::UsageError> parse_config(int argc, char** argv, Config& config, bool& help,
                                                 bool& version, std::string& usage) {
  CLI::App app{
      "mock-openai serve against the same MCP flow run directly. Give --server or "
      "--mcp-url, and --mock-openai or --serve-url.",
      kProgram};
  mcp::cli::configure(app);
  mcp::cli::add_help_and_version(app, help, version);
  app.add_option("--server", config.server, "mcp-reference-server, started on port 0");
  app.add_option("--mcp-url", config.mcp_url, "or a running MCP server's URL");
  app.add_option("--mock-openai", config.mock, "mock-openai, started as `serve` on port 0");
  app.add_option("--serve-url", config.serve_url, "or a running mock-openai serve's /v1 URL");
  app.add_option("--requests", config.requests, "requests a run (300)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--rounds", config.rounds, "runs of serve and of the direct flow, in turn (3)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--clients", config.clients, "concurrent clients, one run each (1,8)")
      ->delimiter(',')
      ->check(CLI::Range(1, 256));
  app.add_option("--warmup", config.warmup, "requests before the runs (20)")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--replay-runs", config.replay_runs,
                 "mock-openai replay processes timed; 0: none (20)")
      ->check(CLI::Range(0, 100000));
  if (auto error = mcp::cli::parse(app, argc, argv)) return error;
  usage = mcp::cli::help_text(app);
  if (help || version) return std::nullopt;
  if (config.server.empty() == config.mcp_url.empty())
    return mcp::cli::UsageError{"give one of --server EXE and --mcp-url URL"};
  if (config.mock.empty() && config.serve_url.empty())
    return mcp::cli::UsageError{"give --mock-openai EXE or --serve-url URL"};
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  bool help = false;
  bool version = false;
  std::string usage;
  if (const auto error = parse_config(argc, argv, config, help, version, usage))
    return mcp::cli::report(kProgram, *error, std::cerr);
  if (version) {
    std::printf("%s %s\n", kProgram, mcp::kToolkitVersion);
    return 0;
  }
  if (help) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    std::optional<bench::ServerProcess> server;
    if (!config.server.empty())
      server.emplace(config.server, std::vector<std::string>{"--log-level", "error"});
    const auto mcp_url = server ? server->url() : config.mcp_url;
    std::optional<bench::ServerProcess> serve;
    if (config.serve_url.empty())
      serve.emplace(config.mock, std::vector<std::string>{}, std::vector<std::string>{"serve"});
    const auto serve_url = serve ? serve->url() : config.serve_url;
    std::printf("machine: %u cores, load average %s; MCP server %s, mock-openai serve %s\n",
                std::thread::hardware_concurrency(), load_average().c_str(), mcp_url.c_str(),
                serve_url.c_str());
    const bool ok = compare(config, serve_url, mcp_url);
    curl_global_cleanup();
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
    return 1;
  }
}
