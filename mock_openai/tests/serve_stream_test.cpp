// mock-openai serve, stream: true: the events of each output item in OpenAI's order and
// names (underscore mcp_call_arguments), numbered without gaps, each naming its item.
#include <gtest/gtest.h>

#include "mock_openai/serve_stream.hpp"

namespace mcp::mock::serve {
namespace {

std::vector<std::string> types(const std::vector<Json>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    out.push_back(e["type"]);
  return out;
}

const Json kList{{"type", "mcp_list_tools"},
                 {"id", "mcpl_1"},
                 {"server_label", "ref"},
                 {"tools", Json::array({Json{{"name", "echo"}}})},
                 {"error", nullptr}};
const Json kCall{{"type", "mcp_call"}, {"id", "mcp_1"},         {"server_label", "ref"},
                 {"name", "echo"},     {"arguments", "{}"},     {"output", "hi"},
                 {"error", nullptr},   {"status", "completed"}, {"approval_request_id", nullptr}};
const Json kMessage{{"type", "message"},
                    {"id", "msg_1"},
                    {"status", "completed"},
                    {"role", "assistant"},
                    {"content", Json::array({Json{{"type", "output_text"},
                                                  {"text", "echo returned: hi"},
                                                  {"annotations", Json::array()}}})}};

TEST(ServeStream, AListedServerInOpenAisOrder) {
  EventStream stream;
  const auto events = stream.item(kList, 0);
  EXPECT_EQ(types(events), (std::vector<std::string>{
                               "response.output_item.added", "response.mcp_list_tools.in_progress",
                               "response.mcp_list_tools.completed", "response.output_item.done"}));
  EXPECT_EQ(events.front()["item"]["tools"], Json::array());  // nothing known yet
  EXPECT_EQ(events.back()["item"], kList);
  for (const auto& e : events)
    EXPECT_EQ(e["output_index"], 0);
  EXPECT_EQ(events[1]["item_id"], "mcpl_1");
  Json failed = kList;
  failed["error"] = "Error retrieving tool list";
  EXPECT_EQ(types(stream.item(failed, 0))[2], "response.mcp_list_tools.failed");
}

TEST(ServeStream, ACallWithItsArgumentEvents) {
  EventStream stream;
  const auto events = stream.item(kCall, 1);
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"response.output_item.added", "response.mcp_call.in_progress",
                                      "response.mcp_call_arguments.delta",
                                      "response.mcp_call_arguments.done",
                                      "response.mcp_call.completed", "response.output_item.done"}));
  EXPECT_EQ(events[0]["item"]["status"], "in_progress");
  EXPECT_EQ(events[2]["delta"], "{}");
  EXPECT_EQ(events[3]["arguments"], "{}");
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i]["item_id"], "mcp_1");
    EXPECT_EQ(events[i]["output_index"], 1);
  }
  Json failed = kCall;
  failed["status"] = "failed";
  EXPECT_EQ(types(stream.item(failed, 1))[4], "response.mcp_call.failed");
}

TEST(ServeStream, AMessageWithItsTextEvents) {
  EventStream stream;
  const auto events = stream.item(kMessage, 2);
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"response.output_item.added", "response.content_part.added",
                                      "response.output_text.delta", "response.output_text.done",
                                      "response.content_part.done", "response.output_item.done"}));
  EXPECT_EQ(events[1]["part"]["text"], "");
  EXPECT_EQ(events[2]["delta"], "echo returned: hi");
  EXPECT_EQ(events[3]["text"], "echo returned: hi");
  EXPECT_EQ(events[4]["part"], kMessage["content"][0]);
}

TEST(ServeStream, AnApprovalRequestIsAddedAndDone) {
  EventStream stream;
  const Json request{{"type", "mcp_approval_request"}, {"id", "mcpr_1"}};
  EXPECT_EQ(types(stream.item(request, 1)),
            (std::vector<std::string>{"response.output_item.added", "response.output_item.done"}));
}

TEST(ServeStream, SequenceNumbersRunFromZeroWithoutGaps) {
  EventStream stream;
  const Json response{{"id", "resp_1"}, {"status", "completed"}, {"output", Json::array()}};
  std::vector<Json> all = stream.started(response);
  EXPECT_EQ(types(all), (std::vector<std::string>{"response.created", "response.in_progress"}));
  EXPECT_EQ(all[0]["response"]["status"], "in_progress");
  for (const auto& item : {kList, kCall, kMessage}) {
    const auto events = stream.item(item, 0);
    all.insert(all.end(), events.begin(), events.end());
  }
  const auto end = stream.finished(response);
  all.insert(all.end(), end.begin(), end.end());
  EXPECT_EQ(all.back()["type"], "response.completed");
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i]["sequence_number"], i);
}

TEST(ServeStream, AnErrorEventCarriesTheApiError) {
  EventStream stream;
  const Json body{{"error",
                   {{"message", "Error retrieving tool list from MCP server: 'ref'."},
                    {"type", "external_connector_error"},
                    {"param", "tools"},
                    {"code", "http_error"}}}};
  const auto events = stream.error(body);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "error");
  EXPECT_EQ(events[0]["code"], "http_error");
  EXPECT_EQ(events[0]["param"], "tools");
  EXPECT_EQ(events[0]["error"]["type"], "external_connector_error");
}

TEST(ServeStream, FramesNameTheEventAndCarryItOnOneDataLine) {
  const Json event{{"type", "response.created"}, {"text", "two\nlines"}};
  const auto frame = EventStream::frame(event);
  EXPECT_EQ(frame.rfind("event: response.created\ndata: {", 0), 0u) << frame;
  EXPECT_TRUE(frame.ends_with("}\n\n"));
  EXPECT_EQ(std::count(frame.begin(), frame.end(), '\n'), 3);  // the text's newline is escaped
}

}  // namespace
}  // namespace mcp::mock::serve
