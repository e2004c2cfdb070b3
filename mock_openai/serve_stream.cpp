#include "mock_openai/serve_stream.hpp"

namespace mcp::mock::serve {

Json EventStream::next(std::string type) {
  return Json{{"type", std::move(type)}, {"sequence_number", sequence_++}};
}

Json EventStream::output_item(const char* type, Json item, std::size_t index) {
  auto event = next(type);
  event["output_index"] = index;
  event["item"] = std::move(item);
  return event;
}

Json EventStream::item_event(const char* type, const Json& item, std::size_t index) {
  auto event = next(type);
  event["output_index"] = index;
  event["item_id"] = item.value("id", "");
  return event;
}

std::vector<Json> EventStream::started(const Json& response) {
  std::vector<Json> events;
  for (const char* type : {"response.created", "response.in_progress"}) {
    auto event = next(type);
    event["response"] = response;
    event["response"]["status"] = "in_progress";
    event["response"]["output"] = Json::array();
    event["response"]["usage"] = nullptr;
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<Json> EventStream::item(const Json& item, std::size_t index) {
  const auto type = item.value("type", "");
  if (type == "mcp_list_tools") return list_tools_events(item, index);
  if (type == "mcp_call") return call_events(item, index);
  if (type == "message") return message_events(item, index);
  // mcp_approval_request, and anything else: there is nothing in progress to report.
  return {output_item("response.output_item.added", item, index),
          output_item("response.output_item.done", item, index)};
}

std::vector<Json> EventStream::list_tools_events(const Json& item, std::size_t index) {
  std::vector<Json> events;
  Json started = item;
  started["tools"] = Json::array();  // nothing is known before the list arrives
  started["error"] = nullptr;
  events.push_back(output_item("response.output_item.added", std::move(started), index));
  events.push_back(item_event("response.mcp_list_tools.in_progress", item, index));
  const bool failed = item.contains("error") && !item["error"].is_null();
  events.push_back(
      item_event(failed ? "response.mcp_list_tools.failed" : "response.mcp_list_tools.completed",
                 item, index));
  events.push_back(output_item("response.output_item.done", item, index));
  return events;
}

std::vector<Json> EventStream::call_events(const Json& item, std::size_t index) {
  std::vector<Json> events;
  Json started = item;
  started["status"] = "in_progress";
  started["arguments"] = "";
  started["output"] = nullptr;
  started["error"] = nullptr;
  events.push_back(output_item("response.output_item.added", std::move(started), index));
  events.push_back(item_event("response.mcp_call.in_progress", item, index));
  const auto arguments = item.value("arguments", "");
  auto delta = item_event("response.mcp_call_arguments.delta", item, index);
  delta["delta"] = arguments;
  events.push_back(std::move(delta));
  auto arguments_done = item_event("response.mcp_call_arguments.done", item, index);
  arguments_done["arguments"] = arguments;
  events.push_back(std::move(arguments_done));
  events.push_back(item_event(item.value("status", "") == "completed"
                                  ? "response.mcp_call.completed"
                                  : "response.mcp_call.failed",
                              item, index));
  events.push_back(output_item("response.output_item.done", item, index));
  return events;
}

std::vector<Json> EventStream::message_events(const Json& item, std::size_t index) {
  std::vector<Json> events;
  Json started = item;
  started["status"] = "in_progress";
  started["content"] = Json::array();
  events.push_back(output_item("response.output_item.added", std::move(started), index));
  const Json& part = item["content"].at(0);
  const auto text = part.value("text", "");
  Json empty_part = part;
  empty_part["text"] = "";
  auto part_added = item_event("response.content_part.added", item, index);
  part_added["content_index"] = 0;
  part_added["part"] = empty_part;
  events.push_back(std::move(part_added));
  auto delta = item_event("response.output_text.delta", item, index);
  delta["content_index"] = 0;
  delta["delta"] = text;
  delta["logprobs"] = Json::array();
  events.push_back(std::move(delta));
  auto text_done = item_event("response.output_text.done", item, index);
  text_done["content_index"] = 0;
  text_done["text"] = text;
  text_done["logprobs"] = Json::array();
  events.push_back(std::move(text_done));
  auto part_done = item_event("response.content_part.done", item, index);
  part_done["content_index"] = 0;
  part_done["part"] = part;
  events.push_back(std::move(part_done));
  events.push_back(output_item("response.output_item.done", item, index));
  return events;
}

std::vector<Json> EventStream::finished(const Json& response) {
  auto event =
      next(response.value("status", "") == "failed" ? "response.failed" : "response.completed");
  event["response"] = response;
  return {std::move(event)};
}

std::vector<Json> EventStream::error(const Json& error_body) {
  const Json& error = error_body["error"];
  auto event = next("error");
  event["code"] = error.value("code", Json());
  event["message"] = error.value("message", "");
  event["param"] = error.value("param", Json());
  event["error"] = error;
  return {std::move(event)};
}

std::string EventStream::frame(const Json& event) {
  return "event: " + event.value("type", "message") + "\ndata: " + jsonrpc::serialize(event) +
         "\n\n";
}

}  // namespace mcp::mock::serve
