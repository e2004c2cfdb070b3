// A server scripted in the test process, for unit tests of the verdict logic:
// checks reach it through a GoogleMock'd Connector and Transport (no socket, no
// process), it answers from a table of spec-correct results that a test
// overrides to break one rule, and it can go silent after the handshake.
#pragma once

#include <gmock/gmock.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "conformance/context.hpp"
#include "conformance/schema_audit.hpp"

namespace mcp::conformance::scripted {

/// A transport whose virtuals are mocked. Over HTTP it is one of the real
/// transport classes (whose HTTP-only extras, the GET stream and DELETE, reach
/// a port that refuses them), so checks that ask for those find them.
template <class Base>
class MockTransportOf : public Base {
 public:
  using Base::Base;
  MOCK_METHOD(client::TransportKind, kind, (), (const, override));
  MOCK_METHOD(client::CallResult, request, (const Json& message, const std::string& label),
              (override));
  MOCK_METHOD(client::CallResult, notify, (const Json& message, const std::string& label),
              (override));
  MOCK_METHOD(client::CallResult, request_with_headers,
              (const Json& message, const std::string& label, const client::Headers& extra),
              (override));
  MOCK_METHOD(client::CallResult, notify_with_headers,
              (const Json& message, const std::string& label, const client::Headers& extra),
              (override));
  MOCK_METHOD(void, shutdown, (), (override));
};
/// stdio's.
using MockTransport = MockTransportOf<client::Transport>;
using MockStreamableHttp = MockTransportOf<client::StreamableHttpTransport>;
using MockLegacySse = MockTransportOf<client::LegacySseTransport>;

class MockConnector : public Connector {
 public:
  MOCK_METHOD(std::unique_ptr<client::Transport>, connect,
              (const Target& target, client::TransportKind kind, client::Transcript& transcript),
              (override));
  MOCK_METHOD(client::HttpResponse, exchange,
              (const Target& target, const client::HttpRequest& request,
               const client::Deadlines& deadlines, const std::string& label,
               client::Transcript& transcript, const client::StreamHandlers& handlers),
              (override));
};

// ---- answers ------------------------------------------------------------------

/// A response to `request` carrying `result`.
client::CallResult result(const Json& request, Json result);
/// An error response to `request`.
client::CallResult error(const Json& request, int code, const std::string& message = "scripted");
/// No answer at all: the deadline passed without an HTTP status.
client::CallResult no_answer();

/// What a check made of the server, as a user sees it in the report.
struct Verdict {
  reports::Verdict verdict = reports::Verdict::kError;
  std::string message;
};
std::ostream& operator<<(std::ostream& out, const Verdict& verdict);

/// The facts a probe would learn from a server that offers every feature: each
/// capability, a read-only tool with a string argument, a resource, a template
/// and a prompt, sessions over HTTP.
ServerFacts everything(ProtocolVersion version, client::TransportKind kind);
/// From a server that offers nothing: no capability, no list, no session.
ServerFacts nothing(ProtocolVersion version, client::TransportKind kind);

class Server {
 public:
  using Handler = std::function<client::CallResult(const Json& request)>;
  using RawHandler = std::function<std::optional<client::HttpResponse>(const client::HttpRequest&)>;

  explicit Server(ServerFacts facts);
  Server(ProtocolVersion version,
         client::TransportKind kind = client::TransportKind::kStreamableHttp)
      : Server(everything(version, kind)) {}

  /// What the probe learnt (the test may change it before run()).
  ServerFacts facts;
  Target target;

  /// Answers `method` with `handler` instead of the table.
  void on(const std::string& method, Handler handler);
  /// Answers raw HTTP exchanges the handler takes (it returns nullopt for the rest).
  void on_raw(RawHandler handler);
  /// Every request but the handshake (initialize, notifications/initialized,
  /// server/discover) goes unanswered, raw ones included.
  void go_silent() { silent_ = true; }
  /// Called with each Streamable HTTP transport the check opens, before the
  /// check uses it: for EXPECT_CALLs on what the check sends.
  std::function<void(MockStreamableHttp&)> on_transport;

  /// The answer of the table (and the overrides) to one message.
  client::CallResult answer(const Json& message);
  /// The spec-correct result the table has for `request` (an error response
  /// for an unknown method or name).
  client::CallResult table(const Json& request) const;

  /// Every message the check sent, in order (through a transport or raw).
  std::vector<Json> received() const;
  std::vector<Json> received(const std::string& method) const;

  /// Runs catalogue check `id` at the facts' version, selected and judged as
  /// the runner does (a need the facts do not meet skips it).
  Verdict run(const std::string& id);

  MockConnector& connector() { return connector_; }

 private:
  std::unique_ptr<client::Transport> connect(client::TransportKind kind,
                                             client::Transcript& transcript);
  client::HttpResponse exchange(const client::HttpRequest& request, const std::string& label,
                                client::Transcript& transcript);
  template <class Mock>
  void script(Mock& transport, client::TransportKind kind, client::Transcript& transcript);
  client::CallResult deliver(client::Transport& transport, const Json& message,
                             const std::string& label, client::Transcript& transcript);

  std::map<std::string, Handler> handlers_;
  std::vector<RawHandler> raw_handlers_;
  bool silent_ = false;
  int sessions_ = 0;
  mutable std::mutex mutex_;
  std::vector<Json> received_;
  ::testing::NiceMock<MockConnector> connector_;
};

/// A tool as tools/list lists it.
Json tool(const std::string& name, bool read_only = true);

/// The message's method, or "" for a response.
std::string method_of(const Json& message);

}  // namespace mcp::conformance::scripted
