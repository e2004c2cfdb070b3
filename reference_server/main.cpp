// mcp-reference-server: parses the command line and runs the HTTP server until
// SIGINT or SIGTERM.
#include <pthread.h>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <thread>

#include "protocol/toolkit_version.hpp"
#include "reference_server/faults.hpp"
#include "reference_server/http_server.hpp"
#include "reference_server/log.hpp"
#include "reference_server/options.hpp"
#include "reference_server/stdio_server.hpp"

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

int run(const mcp::server::Options& options) {
  // Signals are taken by sigwait on this thread, never by a handler: block them
  // before any thread starts so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // the server thread's "I stopped on my own"
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  mcp::server::set_log_level(options.log_level);
  mcp::server::HttpServer server(options, mcp::server::fault_hooks(options.faults));
  try {
    server.bind();
  } catch (const std::exception& e) {
    std::cerr << "mcp-reference-server: " << e.what() << "\n";
    return 1;
  }
  std::cout << "listening on " << server.url() << std::endl;  // endl flushes: readers wait for it

  bool serve_ok = true;
  std::thread serving([&] {
    serve_ok = server.serve();
    kill(getpid(), SIGUSR1);
  });
  int signal = 0;
  sigwait(&signals, &signal);
  if (signal != SIGUSR1) {
    mcp::server::log_line(mcp::server::LogLevel::kInfo, "signal received, shutting down");
  }
  server.stop();
  serving.join();
  if (signal == SIGUSR1 && !serve_ok) {
    std::cerr << "mcp-reference-server: the accept loop failed\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = mcp::server::parse_options(argc, argv);
  return std::visit(Overloaded{
                        [](const mcp::server::Options& options) {
                          if (options.stdio) {
                            mcp::server::set_log_level(options.log_level);
                            return mcp::server::serve_stdio(
                                options, std::cin, std::cout,
                                mcp::server::fault_hooks(options.faults).mcp);
                          }
                          return run(options);
                        },
                        [](const mcp::server::ShowHelp&) {
                          std::cout << mcp::server::usage_text();
                          return 0;
                        },
                        [](const mcp::server::ListFaults&) {
                          for (const auto& info : mcp::server::all_faults()) {
                            std::cout << info.name << "  " << info.breaks << "\n";
                          }
                          return 0;
                        },
                        [](const mcp::server::ShowVersion&) {
                          std::cout << "mcp-reference-server " << mcp::kToolkitVersion << "\n";
                          return 0;
                        },
                        [](const mcp::server::UsageError& error) {
                          return mcp::cli::report("mcp-reference-server", error, std::cerr);
                        },
                    },
                    parsed);
}
