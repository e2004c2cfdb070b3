// bench-hostile-clients --server EXE [options] [-- server args]: hostile clients
// against mcp-reference-server, started as a child on a free loopback port.
//  (a) N clients send half a request head and stall, K more promise a body and
//      trickle it; meanwhile well-behaved clients time initialize, a tools/call
//      in a 2025-11-25 session and a 2026-07-28 tools/call, each on a new connection.
//  (b) M clients leave abruptly (RST): after half a body, after the first event
//      of an SSE answer (HTTP+SSE GET /sse, a streamed 2025-11-25 tools/call, a
//      2026-07-28 subscriptions/listen and streamed tools/call), or right after
//      connecting; the server's fds, threads and RSS are sampled before, right
//      after and once settled.
// Prints the figures; exits 1 when a target is missed, 2 on a usage error.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "bench/raw_http.hpp"
#include "protocol/headers.hpp"
#include "protocol/toolkit_version.hpp"

namespace {

using bench::Clock;
using bench::Connection;
using std::chrono::milliseconds;

struct Config {
  std::string server;
  std::vector<std::string> server_args;
  int stalled = 500;
  int slow_bodies = 100;
  int rounds = 5;
  int disconnects = 10000;
  int threads = 4;
  double latency_limit_ms = 1000;
  int settle_s = 30;
  long rss_tolerance_kib = 8192;
  int only_kind = -1;  // one kind of departure, to see what each costs
  int warmup = 600;    // departures before the baseline
};

constexpr char kLegacy[] = "2025-11-25";
constexpr char kModern[] = "2026-07-28";

/// The 2026-07-28 envelope, after `extra` members ("name":value, ...) of _meta.
std::string modern_meta(const std::string& extra = {}) {
  return R"("_meta":{)" + extra + R"("io.modelcontextprotocol/protocolVersion":")" + kModern +
         R"(","io.modelcontextprotocol/clientCapabilities":{},)"
         R"("io.modelcontextprotocol/clientInfo":{"name":"bench","version":"1"}})";
}

std::vector<std::string> headers(const std::string& version, const std::string& session = {}) {
  std::vector<std::string> list{"Content-Type: application/json",
                                "Accept: application/json, text/event-stream",
                                std::string(mcp::headers::kProtocolVersion) + ": " + version};
  if (!session.empty()) list.push_back(std::string(mcp::headers::kSessionId) + ": " + session);
  return list;
}

std::vector<std::string> modern_headers(const std::string& method, const std::string& name = {}) {
  auto list = headers(kModern);
  list.push_back(std::string(mcp::headers::kMethod) + ": " + method);
  if (!name.empty()) list.push_back(std::string(mcp::headers::kName) + ": " + name);
  return list;
}

std::string initialize_request() {
  return bench::post_request(
      "/mcp",
      std::string(
          R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
          kLegacy + R"(","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})",
      {"Content-Type: application/json", "Accept: application/json, text/event-stream"});
}

std::string echo_request(const std::string& session) {
  return bench::post_request(
      "/mcp",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}})",
      headers(kLegacy, session));
}

std::string modern_echo_request() {
  return bench::post_request(
      "/mcp",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo",)"
      R"("arguments":{"text":"hi"},)" +
          modern_meta() + "}}",
      modern_headers("tools/call", "echo"));
}

/// A sleep of 200 ms whose progress starts within 5 ms: an SSE answer that goes on.
std::string streamed_sleep(const std::string& session) {
  const std::string params =
      R"({"name":"sleep","arguments":{"ms":200,"steps":40},"_meta":{"progressToken":"p"}})";
  if (session.empty()) {
    return bench::post_request(
        "/mcp",
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"sleep",)"
        R"("arguments":{"ms":200,"steps":40},)" +
            modern_meta(R"("progressToken":"p",)") + "}}",
        modern_headers("tools/call", "sleep"));
  }
  return bench::post_request(
      "/mcp", R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":)" + params + "}",
      headers(kLegacy, session));
}

std::string listen_request() {
  return bench::post_request(
      "/mcp",
      R"({"jsonrpc":"2.0","id":3,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},)" +
          modern_meta() + "}}",
      modern_headers("subscriptions/listen"));
}

/// One request on a new connection: the status (0 if no complete answer) and the time.
struct Timed {
  int status = 0;
  double ms = 0;
  std::string response;
};

Timed timed_exchange(int port, const std::string& request,
                     milliseconds timeout = milliseconds(30000)) {
  const auto start = Clock::now();
  Connection connection(port);
  Timed timed;
  if (connection.send(request) &&
      connection.read_until([](const std::string& r) { return bench::complete_response_status(r); },
                            start + timeout)) {
    timed.status = bench::complete_response_status(connection.received());
  }
  timed.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  timed.response = connection.received();
  return timed;
}

std::string open_session(int port) {
  const auto init = timed_exchange(port, initialize_request());
  const auto session = bench::header_value(init.response, mcp::headers::kSessionId);
  timed_exchange(
      port, bench::post_request("/mcp", R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                                headers(kLegacy, session)));
  return session;
}

/// Waits until `condition` holds (polling the server's /proc entries), up to `timeout`.
bool eventually(const std::function<bool()>& condition, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return true;
}

/// Waits (up to `timeout`) until the server's fds and threads stay put for half a second.
void wait_until_quiet(pid_t pid, milliseconds timeout) {
  eventually(
      [&] {
        const auto a = bench::sample(pid);
        std::this_thread::sleep_for(milliseconds(500));
        const auto b = bench::sample(pid);
        return a.fds == b.fds && a.threads == b.threads;
      },
      timeout);
}

void print_usage(const char* when, const bench::Usage& usage) {
  std::printf("  %-9s fds %5ld  threads %4ld  rss %7.1f MiB\n", when, usage.fds, usage.threads,
              static_cast<double>(usage.rss_kib) / 1024.0);
}

/// (a): the stalled and the slow, and the well-behaved timed among them.
bool stalled_clients(const Config& config) {
  bench::ServerProcess server(config.server, config.server_args);
  const int port = server.port();
  const auto session = open_session(port);
  wait_until_quiet(server.pid(), milliseconds(5000));
  const auto before = bench::sample(server.pid());
  std::vector<Connection> stalled;
  for (int i = 0; i < config.stalled; ++i) {
    stalled.emplace_back(port);
    stalled.back().send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic");
  }
  std::vector<Connection> slow;
  for (int i = 0; i < config.slow_bodies; ++i) {
    slow.emplace_back(port);
    slow.back().send(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Accept: application/json, text/event-stream\r\nContent-Length: 4096\r\n\r\n{");
  }
  std::atomic<bool> trickling{true};
  std::thread trickler([&] {
    while (trickling) {
      for (auto& connection : slow)
        connection.send(" ");
      std::this_thread::sleep_for(milliseconds(200));
    }
  });
  // Every hostile connection has been accepted once the server holds its descriptor.
  const long hostile = config.stalled + config.slow_bodies;
  const bool accepted = eventually(
      [&] { return bench::sample(server.pid()).fds >= before.fds + hostile; }, milliseconds(5000));
  std::printf("(a) %d stalled half-requests + %d slow bodies open (%s)\n", config.stalled,
              config.slow_bodies, accepted ? "all accepted" : "not all accepted within 5 s");
  struct Probe {
    const char* name;
    std::string request;
    double worst_ms = 0;
    int failures = 0;
  };
  std::vector<Probe> probes{{"initialize", initialize_request()},
                            {"tools/call 2025-11-25", echo_request(session)},
                            {"tools/call 2026-07-28", modern_echo_request()}};
  for (int round = 0; round < config.rounds; ++round) {
    for (auto& probe : probes) {
      const auto timed = timed_exchange(port, probe.request);
      probe.worst_ms = std::max(probe.worst_ms, timed.ms);
      if (timed.status != 200) ++probe.failures;
    }
  }
  const auto during = bench::sample(server.pid());
  int closed = 0;
  for (auto& connection : stalled)
    closed += connection.closed_by_peer(milliseconds(0)) ? 1 : 0;
  trickling = false;
  trickler.join();
  bool ok = true;
  for (const auto& probe : probes) {
    const bool met = probe.failures == 0 && probe.worst_ms <= config.latency_limit_ms;
    ok = ok && met;
    std::printf("  %-22s worst of %d: %8.1f ms%s  %s\n", probe.name, config.rounds, probe.worst_ms,
                probe.failures ? " (some not answered 200)" : "", met ? "ok" : "MISSED");
  }
  print_usage("before", before);
  print_usage("during", during);
  std::printf("  stalled half-requests the server had closed by the last probe: %d of %d\n", closed,
              config.stalled);
  return ok;
}

/// One abrupt departure of kind `kind`; false when the server did not answer as expected.
bool depart(int port, int kind, const std::string& session) {
  const auto deadline = Clock::now() + milliseconds(10000);
  Connection connection(port);
  const auto first_event = [&](const std::string& request) {
    // A refusal (503 when every stream slot is taken) is a complete response.
    const auto answered = [](const std::string& r) {
      return bench::has_first_sse_event(r) || bench::complete_response_status(r) != 0;
    };
    return connection.send(request) && connection.read_until(answered, deadline) &&
           connection.received().rfind("HTTP/1.1 200", 0) == 0 &&
           bench::header_value(connection.received(), "Content-Type") == "text/event-stream";
  };
  bool ok = connection.ok();
  switch (kind) {
    case 0:  // half a body, then gone
      ok = ok &&
           connection.send(bench::post_request("/mcp", std::string(2048, ' '), headers(kLegacy))
                               .substr(0, 1200));
      break;
    case 1:  // connect and leave
      break;
    case 2:  // HTTP+SSE (2024-11-05): the stream is the session
      ok = ok &&
           first_event("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
      break;
    case 3:  // a 2025-11-25 tools/call answered over SSE
      ok = ok && first_event(streamed_sleep(session));
      break;
    case 4:  // 2026-07-28 subscriptions/listen
      ok = ok && first_event(listen_request());
      break;
    default:  // a 2026-07-28 tools/call answered over SSE
      ok = ok && first_event(streamed_sleep({}));
      break;
  }
  connection.reset();
  return ok;
}

constexpr int kDepartureKinds = 6;
constexpr const char* kDepartureNames[kDepartureKinds] = {
    "mid-request (half a body)",     "connect, then RST",
    "mid-SSE GET /sse (2024-11-05)", "mid-SSE tools/call (2025)",
    "mid-SSE subscriptions/listen",  "mid-SSE tools/call (2026)"};

/// (b): abrupt departures, and what the server still holds afterwards.
bool abrupt_disconnects(const Config& config) {
  bench::ServerProcess server(config.server, config.server_args);
  const int port = server.port();
  const auto session = open_session(port);
  // Warm up, so what the server keeps within its bounds (the 64 finished streams
  // a session keeps for resumption, the allocator's arenas) is in the baseline.
  for (int i = 0; i < config.warmup; ++i)
    depart(port, config.only_kind >= 0 ? config.only_kind : i % kDepartureKinds, session);
  wait_until_quiet(server.pid(), milliseconds(config.settle_s * 1000));
  const auto baseline = bench::sample(server.pid());
  std::atomic<int> next{0};
  std::vector<std::atomic<int>> failures(kDepartureKinds);
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < config.threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < config.disconnects; i = next++) {
        const int kind = config.only_kind >= 0 ? config.only_kind : i % kDepartureKinds;
        if (!depart(port, kind, session)) ++failures[kind];
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = bench::sample(server.pid());
  const auto settled_at = Clock::now();
  const auto back = [&](const bench::Usage& u) {
    return u.fds <= baseline.fds && u.threads <= baseline.threads &&
           u.rss_kib <= baseline.rss_kib + config.rss_tolerance_kib;
  };
  const bool settled = eventually([&] { return back(bench::sample(server.pid())); },
                                  milliseconds(config.settle_s * 1000));
  const auto settled_usage = bench::sample(server.pid());
  const double settle_s = std::chrono::duration<double>(Clock::now() - settled_at).count();
  std::printf("(b) %d abrupt disconnects in %.1f s (%d threads)\n", config.disconnects, seconds,
              config.threads);
  for (int kind = 0; kind < kDepartureKinds; ++kind) {
    if (failures[kind])
      std::printf("  %-30s %d not answered as expected\n", kDepartureNames[kind],
                  failures[kind].load());
  }
  print_usage("baseline", baseline);
  print_usage("after", after);
  print_usage("settled", settled_usage);
  std::printf("  settled after %.1f s (limit %d s; RSS tolerance %.1f MiB): %s\n", settle_s,
              config.settle_s, static_cast<double>(config.rss_tolerance_kib) / 1024.0,
              settled ? "ok" : "MISSED");
  const auto check = timed_exchange(port, echo_request(session), milliseconds(5000));
  std::printf("  a well-behaved tools/call afterwards: %d in %.1f ms\n", check.status, check.ms);
  return settled && check.status == 200;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  CLI::App app{"hostile clients against mcp-reference-server", "bench-hostile-clients"};
  app.set_version_flag("--version", std::string("bench-hostile-clients ") + mcp::kToolkitVersion);
  app.add_option("--server", config.server, "the mcp-reference-server executable")->required();
  app.add_option("--stalled", config.stalled, "half-requests left open (default 500)");
  app.add_option("--slow-bodies", config.slow_bodies, "bodies trickled a byte at a time (100)");
  app.add_option("--rounds", config.rounds, "well-behaved rounds timed among them (5)");
  app.add_option("--disconnects", config.disconnects, "abrupt departures (default 10000)");
  app.add_option("--threads", config.threads, "clients departing at once (4)");
  app.add_option("--latency-limit-ms", config.latency_limit_ms, "target for (a) (1000)");
  app.add_option("--settle-seconds", config.settle_s, "longest wait for the baseline (30)");
  app.add_option("--rss-tolerance-kib", config.rss_tolerance_kib,
                 "settled RSS may exceed the baseline by this (8192)");
  app.add_option("--warmup", config.warmup, "departures before the baseline (600)");
  app.add_option("--only", config.only_kind, "only this kind of departure (0-5)")
      ->check(CLI::Range(0, kDepartureKinds - 1));
  app.add_option("server_args", config.server_args, "arguments for the server (after --)");
  CLI11_PARSE(app, argc, argv);
  try {
    const bool stalled_ok = config.stalled + config.slow_bodies == 0 || stalled_clients(config);
    const bool disconnects_ok = config.disconnects == 0 || abrupt_disconnects(config);
    std::printf("%s\n", stalled_ok && disconnects_ok ? "all targets met" : "a target was MISSED");
    return stalled_ok && disconnects_ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-hostile-clients: %s\n", e.what());
    return 1;
  }
}
