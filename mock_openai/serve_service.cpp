// ResponsesService: checking a request against the stored conversation, and the store.
// Running a turn is TurnRun's (serve_turn.cpp).
#include "mock_openai/serve_service.hpp"

#include <algorithm>
#include <chrono>
#include <random>

#include "mock_openai/serve_turn.hpp"

namespace mcp::mock::serve {
namespace {

/// The items of `context` of `type` whose `field` equals `value`.
const Json* find_item(const Json& context, std::string_view type, const char* field,
                      const std::string& value) {
  for (const auto& item : context) {
    if (item.is_object() && item.value("type", "") == type && item.contains(field) &&
        item[field] == value)
      return &item;
  }
  return nullptr;
}

}  // namespace

Json StoredResponse::context() const {
  std::vector<const StoredResponse*> chain;
  for (const auto* r = this; r; r = r->previous.get())
    chain.push_back(r);
  Json items = Json::array();
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (const auto& item : (*it)->input)
      items.push_back(item);
    for (const auto& item : (*it)->response["output"])
      items.push_back(item);
  }
  return items;
}

std::string new_id(std::string_view prefix) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  for (std::size_t i = 0; i < ItemIds::kHexDigits; ++i)
    id += kHex[engine() % 16];
  return id;
}

ResponsesService::ResponsesService(ServiceOptions options) : options_(std::move(options)) {}

std::variant<ApiError, Turn> ResponsesService::prepare(const Json& body) const {
  ApiError error;
  auto request = parse_create_request(body, &error);
  if (!request) return error;
  Turn turn;
  if (request->previous_response_id) {
    const auto previous = find(*request->previous_response_id);
    if (!previous) {
      return invalid("previous_response_id",
                     "Previous response with id '" + *request->previous_response_id +
                         "' not found (mock-openai serve keeps the responses stored with "
                         "store: true in memory, the last " +
                         std::to_string(options_.max_stored_responses) + " and at most " +
                         std::to_string(options_.max_stored_bytes >> 20) + " MiB of them).",
                     "previous_response_not_found");
    }
    turn.context = previous->context();
    turn.previous = previous;
  }
  for (std::size_t i = 0; i < request->input.size(); ++i) {
    const Json& item = request->input[i];
    if (item.value("type", "") != "mcp_approval_response") continue;
    const std::string param = "input[" + std::to_string(i) + "].approval_request_id";
    const auto id = item["approval_request_id"].get<std::string>();
    // Items passed back by hand count as the conversation too (S3, S4).
    const Json* asked = find_item(turn.context, "mcp_approval_request", "id", id);
    if (!asked) asked = find_item(request->input, "mcp_approval_request", "id", id);
    if (!asked) {
      return invalid(param, "No mcp_approval_request with id '" + id +
                                "' in this conversation (give the previous_response_id of the "
                                "response that asked, or pass its items back).");
    }
    if (find_item(turn.context, "mcp_approval_response", "approval_request_id", id) ||
        find_item(turn.context, "mcp_call", "approval_request_id", id)) {
      return invalid(param, "The approval request '" + id + "' was already answered.");
    }
    const auto label = asked->value("server_label", "");
    const bool bound = std::any_of(request->bindings.begin(), request->bindings.end(),
                                   [&](const McpBinding& b) { return b.server_label == label; });
    if (!bound) {
      return invalid("tools", "The approval answers a call on server_label '" + label +
                                  "', but no mcp tool of this request has that label: tools are "
                                  "not carried over by previous_response_id, send them again.");
    }
    turn.approvals.push_back({*asked, item["approve"].get<bool>(),
                              item.contains("reason") && item["reason"].is_string()
                                  ? item["reason"].get<std::string>()
                                  : ""});
  }
  for (const auto& item : request->input)
    turn.context.push_back(item);
  turn.request = std::move(*request);
  turn.response_id = new_id("resp_");
  turn.created_at = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  return turn;
}

std::variant<ApiError, Json> ResponsesService::run(Turn& turn, const EventSink& sink) {
  TurnRun run(options_, turn, sink);
  auto outcome = run.run();
  if (const auto* response = std::get_if<Json>(&outcome);
      response && turn.request.store && (*response)["status"] == "completed") {
    StoredResponse stored{*response, turn.request.input, turn.previous, 0};
    stored.bytes = jsonrpc::serialize(stored.response).size() +
                   jsonrpc::serialize(stored.input).size() +
                   (turn.previous ? turn.previous->bytes : 0);
    store(turn.response_id, std::move(stored));
  }
  return outcome;
}

std::optional<Json> ResponsesService::retrieve(const std::string& id) const {
  const auto stored = find(id);
  if (!stored) return std::nullopt;
  return stored->response;
}

void ResponsesService::store(const std::string& id, StoredResponse stored) {
  const std::lock_guard lock(mutex_);
  stored_bytes_ += stored.bytes;
  stored_[id] = std::make_shared<const StoredResponse>(std::move(stored));
  order_.push_back(id);
  while (!order_.empty() && (order_.size() > options_.max_stored_responses ||
                             stored_bytes_ > options_.max_stored_bytes)) {
    const auto oldest = stored_.find(order_.front());
    stored_bytes_ -= oldest->second->bytes;
    stored_.erase(oldest);
    order_.pop_front();
  }
}

std::shared_ptr<const StoredResponse> ResponsesService::find(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  const auto it = stored_.find(id);
  return it == stored_.end() ? nullptr : it->second;
}

}  // namespace mcp::mock::serve
