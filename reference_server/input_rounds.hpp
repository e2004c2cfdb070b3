// Multi round-trip requests (2026-07-28): where a legacy server sends the
// client a request of its own (sampling, elicitation, roots) and waits, a
// modern server answers with an InputRequiredResult, and the client retries
// with the answers. Our tools are written once, for both eras: in a modern
// request ToolContext::ask_client finds the answer among the retry's, or stops
// the tool (InputRequired) so the dispatcher can ask for it. The tool then runs
// again from the start on the retry, with every answer given so far.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"

namespace mcp::server {

/// A modern request cannot go on without answers from the client: the
/// dispatcher answers InputRequiredResult with these requests (key -> request).
struct InputRequired : std::runtime_error {
  explicit InputRequired(Json requests)
      : std::runtime_error("input required from the client"), input_requests(std::move(requests)) {}
  Json input_requests;
};

/// A request needs a capability the client did not declare (-32021).
struct MissingClientCapability : std::runtime_error {
  explicit MissingClientCapability(std::string name, Json needed = Json::object())
      : std::runtime_error("the client did not declare the " + name + " capability"),
        capability(std::move(name)),
        detail(std::move(needed)) {}
  std::string capability;
  Json detail;  // what of the capability is needed ({} : the capability itself)
};

/// The client's answers in one modern request: those carried over from earlier
/// rounds (in the sealed requestState) and those of this retry.
class InputRounds {
 public:
  explicit InputRounds(Json answers = Json::object()) : answers_(std::move(answers)) {}

  /// The client's result for `key`, if it has been given.
  std::optional<Json> answer(std::string_view key);
  /// The answers a run has used: what the next round's requestState carries
  /// (responses nobody asked for are dropped there).
  const Json& used_answers() const { return used_; }
  /// A key for an ask that names none: "input-1", "input-2", ... in the order a
  /// run asks, which is the same on every run of the same request.
  std::string next_key() { return "input-" + std::to_string(++asked_); }
  const Json& answers() const { return answers_; }

 private:
  Json answers_;
  Json used_ = Json::object();
  int asked_ = 0;
};

/// Seals state that travels through the client (requestState) so that a change
/// is detected: an HMAC-SHA256 under a key made when the server starts.
class StateSeal {
 public:
  StateSeal();
  /// "<payload>.<mac>", both base64url.
  std::string seal(const Json& state) const;
  /// The state, or nullopt when it was not sealed by this server as it is.
  std::optional<Json> open(std::string_view sealed) const;

 private:
  std::string mac(std::string_view payload) const;
  std::string key_;
};

/// A digest of what a request asks for (method, target, arguments), so that a
/// requestState is good only for the request it was issued for.
std::string request_digest(std::string_view method, const Json& params);

}  // namespace mcp::server
