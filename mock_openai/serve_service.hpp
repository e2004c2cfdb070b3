// mock-openai serve: one POST /v1/responses turned into MCP traffic and a Response object.
// Each mcp tool of the request runs the chosen profile's flow against its server_url (the
// same FlowRunner as `replay`); the deterministic model (serve_model.hpp) picks the call;
// approval, list caching across turns and errors follow docs/evidence/openai-clients.md.
// Thread-safe: requests run in parallel, sharing only the store of earlier responses.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "client/transport.hpp"
#include "mock_openai/flow.hpp"
#include "mock_openai/profile.hpp"
#include "mock_openai/serve_model.hpp"
#include "mock_openai/serve_request.hpp"

namespace mcp::mock::serve {

struct ServiceOptions {
  Profile profile;                        // with its options applied
  std::vector<std::string> budget_specs;  // --budget STEP=MS, checked
  std::optional<Script> script;
  std::string transcript_dir;  // empty: no transcripts
  std::size_t max_stored_responses = 10000;
  /// What the stored responses may take together (their JSON text); the oldest go first.
  std::size_t max_stored_bytes = 256u << 20;
  bool authorization_raw = false;  // send `authorization` without "Bearer "
  client::Limits limits;
  std::size_t report_body_limit = 64u << 10;
};

/// A response kept for previous_response_id: the Response object, the input it answered,
/// and the response before it in the conversation.
struct StoredResponse {
  Json response;
  Json input;
  std::shared_ptr<const StoredResponse> previous;
  /// The JSON text of this response, its input and all before it: the memory bound counts
  /// whole conversations, so the earlier responses they hold are never left uncounted.
  std::size_t bytes = 0;

  /// Every input and output item of the conversation up to this response, oldest first.
  Json context() const;
};

/// A validated request, ready to run.
struct Turn {
  CreateRequest request;
  Json context = Json::array();  // the earlier conversation and this request's input
  std::shared_ptr<const StoredResponse> previous;
  /// Approval responses of this input, each with the request it answers.
  struct Approval {
    Json request_item;  // the mcp_approval_request
    bool approve = false;
    std::string reason;
  };
  std::vector<Approval> approvals;
  std::string response_id;
  std::int64_t created_at = 0;
};

/// Receives each stream event as it is ready; false when the client has gone.
using EventSink = std::function<bool(const Json& event)>;

class ResponsesService {
 public:
  explicit ResponsesService(ServiceOptions options);

  /// Checks a request body against the API and the stored conversation.
  std::variant<ApiError, Turn> prepare(const Json& body) const;
  /// Runs a turn: the Response object, or the error the API answers instead (a tool list
  /// that could not be fetched: 424). With a sink, every event is sent as it is ready and
  /// the result is what the stream ended with.
  std::variant<ApiError, Json> run(Turn& turn, const EventSink& sink = {});
  /// A stored response (GET /v1/responses/{id}).
  std::optional<Json> retrieve(const std::string& id) const;

  const ServiceOptions& options() const { return options_; }

 private:
  class TurnRun;
  void store(const std::string& id, StoredResponse stored);
  std::shared_ptr<const StoredResponse> find(const std::string& id) const;

  ServiceOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StoredResponse>> stored_;
  std::deque<std::string> order_;  // oldest first, for eviction
  std::size_t stored_bytes_ = 0;
};

/// "resp_" / "msg_" and 48 hex digits.
std::string new_id(std::string_view prefix);

}  // namespace mcp::mock::serve
