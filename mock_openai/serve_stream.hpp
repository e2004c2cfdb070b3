// mock-openai serve, `stream: true`: the Responses API's server-sent events for a response
// and its output items, in OpenAI's order and names (docs/evidence/openai-clients.md
// #stream-events). Pure: the HTTP layer writes what these return.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::mock::serve {

/// Numbers the events of one response (sequence_number starts at 0) and frames them.
class EventStream {
 public:
  /// response.created then response.in_progress, for `response` with status in_progress.
  std::vector<Json> started(const Json& response);
  /// Every event of one finished output item at `output_index`: output_item.added, the
  /// item's own progress events, output_item.done.
  std::vector<Json> item(const Json& item, std::size_t output_index);
  /// response.completed (or response.failed, by the response's status).
  std::vector<Json> finished(const Json& response);
  /// An `error` event: the request failed after the stream began (a tool list that could not
  /// be fetched). It carries the Responses API error object under `error` as well, so the
  /// SDKs raise their API error (INF: OpenAI documents no streamed shape for a 424).
  std::vector<Json> error(const Json& error_body);

  /// "event: TYPE\ndata: JSON\n\n".
  static std::string frame(const Json& event);

 private:
  Json next(std::string type);
  std::vector<Json> list_tools_events(const Json& item, std::size_t index);
  std::vector<Json> call_events(const Json& item, std::size_t index);
  std::vector<Json> message_events(const Json& item, std::size_t index);
  /// output_item.added / .done: the event carries the item itself.
  Json output_item(const char* type, Json item, std::size_t index);
  /// An item's own progress event: it names the item (item_id).
  Json item_event(const char* type, const Json& item, std::size_t index);

  std::int64_t sequence_ = 0;
};

}  // namespace mcp::mock::serve
