// The client side of protocol revision 2026-07-28: no handshake and no
// session. Every request carries the envelope (version, capabilities, client
// info) in params._meta and, over HTTP, the headers that mirror its body; a
// request that needs the client's input is answered with an InputRequiredResult
// and retried; notifications come on subscriptions/listen streams.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/transport.hpp"
#include "protocol/request_metadata.hpp"

namespace mcp::client {

/// The headers a 2026-07-28 request carries over HTTP: MCP-Protocol-Version,
/// Mcp-Method, Mcp-Name (tools/call, prompts/get, resources/read) and an
/// Mcp-Param-* for each argument in `header_params` that has a value, with
/// values that are not plain header text Base64-wrapped.
Headers modern_headers(const std::string& version, const Json& request,
                       const std::vector<modern::HeaderParam>& header_params = {});

/// Answers one input request of an InputRequiredResult (its method and params):
/// the client's result object, or nullopt to give up.
using InputHandler =
    std::function<std::optional<Json>(const std::string& method, const Json& params)>;

/// A 2026-07-28 conversation over any transport.
class ModernSession {
 public:
  ModernSession(Transport& transport, modern::Envelope envelope);

  Transport& transport() { return transport_; }
  const modern::Envelope& envelope() const { return envelope_; }

  /// Called with every request and notification before it is sent; it may
  /// throw to stop one (a caller's rule about what may go to the server).
  using OutgoingGuard = std::function<void(const Json& message)>;
  void set_guard(OutgoingGuard guard) { guard_ = std::move(guard); }

  /// The request as it goes on the wire: `params` with the envelope added.
  Json make_request(const Json& id, const std::string& method, Json params) const;
  /// Sends one request (the envelope added, the headers made to match) and
  /// waits for its response. `id` defaults to the next integer.
  CallResult request(const std::string& method, Json params = Json::object(),
                     std::optional<Json> id = std::nullopt);
  /// Sends a message exactly as given, with the given headers (for checks that
  /// send what a well-behaved client would not).
  CallResult send_raw(const Json& message, const Headers& headers);
  /// Sends a notification, with its headers.
  CallResult notify(const std::string& method, Json params = nullptr);

  /// The outcome of a multi round-trip request.
  struct Rounds {
    CallResult last;                   // the final exchange
    std::vector<Json> input_required;  // each InputRequiredResult received, in order
    std::string error;                 // why it stopped short of a final answer
    bool ok() const { return error.empty(); }
  };
  /// A request that may need the client's input: each InputRequiredResult's
  /// inputRequests go to `handler`, and the request is sent again with a new
  /// id, the inputResponses and the requestState, up to `max_rounds` times.
  Rounds request_with_input(const std::string& method, Json params, const InputHandler& handler,
                            int max_rounds = 8);

  /// Learns the x-mcp-header marks of tools (from tools/list), so tools/call
  /// carries their Mcp-Param-* headers. Tools whose marks are invalid are
  /// remembered as such: a client must not call them (their names are kept).
  void learn_tools(const std::vector<Json>& tools);
  const std::vector<std::string>& tools_with_invalid_headers() const { return invalid_tools_; }

  std::int64_t next_id() { return next_id_++; }

 private:
  Headers headers_for(const Json& request) const;

  Transport& transport_;
  modern::Envelope envelope_;
  std::map<std::string, std::vector<modern::HeaderParam>> header_params_;  // by tool name
  std::vector<std::string> invalid_tools_;
  std::int64_t next_id_ = 1;
  OutgoingGuard guard_;
};

/// What `server/discover` showed about a server's eras.
struct EraProbe {
  bool modern = false;                 // it answered discover, listing `version`
  std::vector<std::string> supported;  // supportedVersions as listed
  Json result;                         // the discover result (null when none)
  CallResult call;                     // the exchange
  std::string note;                    // why it is not modern, when it is not
};

/// Probes as the official SDK's `auto` mode does: server/discover at
/// `envelope.protocol_version`; the server speaks that version when its result
/// lists it. Anything else (an error, 4xx, 404, no answer) means it does not,
/// and the caller falls back to initialize.
EraProbe probe_era(Transport& transport, const modern::Envelope& envelope);

/// A subscriptions/listen stream over Streamable HTTP, read on a thread of its
/// own until it ends or close() is called.
class ListenStream {
 public:
  /// POSTs `request` (a subscriptions/listen request with its envelope) with
  /// `headers` to `url`.
  ListenStream(const HttpSettings& settings, const Json& request, const Headers& headers,
               Transcript* transcript);
  ~ListenStream();
  ListenStream(const ListenStream&) = delete;
  ListenStream& operator=(const ListenStream&) = delete;

  /// Waits until the response's status is known (0: none within `timeout`).
  int wait_status(std::chrono::milliseconds timeout);
  /// Waits until at least `count` messages arrived, or the stream ended, or
  /// `timeout` passed; returns the messages so far.
  std::vector<Json> wait_messages(std::size_t count, std::chrono::milliseconds timeout);
  /// Waits until the stream ends (true) or `timeout` passes.
  bool wait_ended(std::chrono::milliseconds timeout);
  std::vector<Json> messages() const;
  /// The response's headers (once the status is known).
  Headers headers() const;
  /// Closes the stream from the client side (what cancels it in 2026-07-28).
  void close();

 private:
  HttpClient http_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int status_ = 0;
  Headers headers_;
  std::vector<Json> messages_;
  bool ended_ = false;
};

}  // namespace mcp::client
