// An MCP server over HTTP that answers the handshake correctly and then goes
// silent: the evidence every other check needs never comes. For proving that no
// check passes without it, and that the exit status tells a server that answered
// MCP once from one that never did.
#pragma once

#include <chrono>
#include <string>

#include "testing/test_http_server.hpp"

namespace mcp::conformance {

class SilentServer {
 public:
  /// What the server answers before it goes silent.
  enum class Era {
    kInitialize,  // initialize (any legacy version) and notifications/initialized
    kDiscover,    // 2026-07-28 only: server/discover
    kNothing,     // not even that: silent from the first request
  };
  /// How it is silent about everything else.
  enum class Silence {
    kHold,   // holds the request open past the client's deadline, then closes it unanswered
    kClose,  // closes the connection at once, without a response
  };

  /// What its handshake declares.
  enum class Offer {
    kEverything,  // every capability, and a session id: every check that needs them runs
    kNothing,     // no capability and no session: the checks of what is not declared run
  };

  /// `hold` is how long a held request stays open: longer than the client waits.
  SilentServer(Era era, Silence silence, Offer offer = Offer::kEverything,
               std::chrono::milliseconds hold = std::chrono::milliseconds(1500));
  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }

 private:
  void go_silent(const httplib::Request& request);

  Era era_;
  Silence silence_;
  Offer offer_;
  std::chrono::milliseconds hold_;
  testing::TestHttpServer server_;
};

}  // namespace mcp::conformance
