// The 2026-07-28 client against the reference server: the era probe, requests
// with the envelope and the headers that mirror them, multi round-trip
// requests, Mcp-Param-* headers and listen streams, over HTTP and stdio.
#include "client/modern_session.hpp"

#include <gtest/gtest.h>

#include "protocol/headers.hpp"
#include "testing/child_process.hpp"

namespace mcp::client {
namespace {

using mcp::testing::ReferenceServer;

modern::Envelope envelope(Json capabilities = Json::object()) {
  return modern::Envelope{.protocol_version = "2026-07-28",
                          .client_capabilities = std::move(capabilities),
                          .client_info = {{"name", "client-tests"}, {"version", "1"}}};
}

HttpSettings settings_for(const std::string& url) {
  HttpSettings s;
  s.url = url;
  s.deadlines.total = 20s;
  return s;
}

TEST(ModernHeaders, MirrorTheBodyAndWrapWhatIsNotPlainText) {
  const auto request = jsonrpc::make_request(
      1, "tools/call", {{"name", "wetter-über"}, {"arguments", {{"region", " eu "}, {"n", 7}}}});
  std::string problem;
  const auto params =
      modern::header_params({{"type", "object"},
                             {"properties",
                              {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
                               {"n", {{"type", "integer"}, {"x-mcp-header", "N"}}},
                               {"absent", {{"type", "string"}, {"x-mcp-header", "Absent"}}}}}},
                            &problem);
  ASSERT_TRUE(params) << problem;
  const auto headers = modern_headers("2026-07-28", request, *params);
  EXPECT_EQ(find_header(headers, headers::kProtocolVersion), "2026-07-28");
  EXPECT_EQ(find_header(headers, headers::kMethod), "tools/call");
  EXPECT_EQ(find_header(headers, headers::kName), modern::encode_header_value("wetter-über"));
  EXPECT_TRUE(find_header(headers, headers::kName)->starts_with("=?base64?"));
  EXPECT_EQ(find_header(headers, "Mcp-Param-Region"), modern::encode_header_value(" eu "));
  EXPECT_EQ(find_header(headers, "Mcp-Param-N"), "7");
  EXPECT_FALSE(find_header(headers, "Mcp-Param-Absent")) << "no header for an absent argument";
}

TEST(ModernSession, TheProbeFindsEachEraOfTheReferenceServer) {
  for (const auto& [era, modern_expected] : std::vector<std::pair<std::string, bool>>{
           {"dual", true}, {"modern", true}, {"legacy", false}}) {
    ReferenceServer server({"--era", era});
    Transcript transcript;
    StreamableHttpTransport transport(settings_for(server.url()), &transcript);
    const auto probe = probe_era(transport, envelope());
    EXPECT_EQ(probe.modern, modern_expected) << era << ": " << probe.note;
    if (modern_expected) {
      EXPECT_EQ(probe.supported, std::vector<std::string>{"2026-07-28"});
    }
    EXPECT_TRUE(transport.session_id().empty()) << "no session in 2026-07-28";
  }
}

TEST(ModernSession, CallsWithTheEnvelopeAndHeadersAndCompletesMultiRoundTrips) {
  ReferenceServer server;
  Transcript transcript;
  StreamableHttpTransport transport(settings_for(server.url()), &transcript);
  ModernSession session(transport, envelope({{"elicitation", Json::object()}}));

  const auto echo =
      session.request("tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  ASSERT_TRUE(echo.ok()) << echo.error;
  EXPECT_EQ(echo.http_status, 200);
  EXPECT_EQ((*echo.response)["result"]["content"][0]["text"], "hi");
  EXPECT_EQ((*echo.response)["result"]["resultType"], "complete");

  int asked = 0;
  const auto rounds = session.request_with_input(
      "tools/call",
      {{"name", "test_input_required_result_multi_round"}, {"arguments", Json::object()}},
      [&](const std::string& method, const Json&) -> std::optional<Json> {
        ++asked;
        EXPECT_EQ(method, "elicitation/create");
        return Json{{"action", "accept"}, {"content", {{"answer", "yes"}, {"ok", true}}}};
      });
  ASSERT_TRUE(rounds.ok()) << rounds.error;
  EXPECT_GE(rounds.input_required.size(), 2U) << "the multi-round fixture asks more than once";
  EXPECT_EQ(asked, static_cast<int>(rounds.input_required.size()));
  EXPECT_EQ((*rounds.last.response)["result"]["resultType"], "complete");
}

TEST(ModernSession, ToolsMarkedWithXMcpHeaderGetTheirParamHeaders) {
  ReferenceServer server;
  Transcript transcript;
  StreamableHttpTransport transport(settings_for(server.url()), &transcript);
  ModernSession session(transport, envelope());
  const auto listed = session.request("tools/list");
  ASSERT_TRUE(listed.ok()) << listed.error;
  const Json arguments{
      {"region", "eu-west-1"}, {"priority", 3}, {"label", "naïve"}, {"query", "q"}};
  const auto before =
      session.request("tools/call", {{"name", "test_custom_headers"}, {"arguments", arguments}});
  EXPECT_EQ(before.http_status, 400) << "without the tool's marks the headers are missing";
  session.learn_tools((*listed.response)["result"]["tools"].get<std::vector<Json>>());
  EXPECT_TRUE(session.tools_with_invalid_headers().empty());
  const auto after =
      session.request("tools/call", {{"name", "test_custom_headers"}, {"arguments", arguments}});
  EXPECT_EQ(after.http_status, 200) << (after.response ? after.response->dump() : after.error);
}

TEST(ListenStream, DeliversTheAcknowledgementAndTheNotificationsAskedFor) {
  ReferenceServer server;
  Transcript transcript;
  StreamableHttpTransport transport(settings_for(server.url()), &transcript);
  ModernSession session(transport, envelope());
  const auto request = session.make_request("listen-1", "subscriptions/listen",
                                            {{"notifications", {{"toolsListChanged", true}}}});
  ListenStream stream(settings_for(server.url()), request, modern_headers("2026-07-28", request),
                      &transcript);
  ASSERT_EQ(stream.wait_status(10s), 200);
  auto messages = stream.wait_messages(1, 10s);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0]["method"], "notifications/subscriptions/acknowledged");
  ASSERT_TRUE(session
                  .request("tools/call", {{"name", "toggle_list_entry"},
                                          {"arguments", {{"list", "tools"}, {"visible", true}}}})
                  .ok());
  messages = stream.wait_messages(2, 10s);
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[1]["method"], "notifications/tools/list_changed");
  EXPECT_EQ(messages[1]["params"]["_meta"][modern::kSubscriptionIdKey], "listen-1");
  stream.close();
  EXPECT_TRUE(stream.wait_ended(10s));
}

TEST(ModernSession, WorksOverStdio) {
  Transcript transcript;
  StdioTransport transport(std::string(MCPC_REFERENCE_SERVER_EXE) + " --stdio --era modern",
                           Deadlines{}, &transcript);
  ASSERT_TRUE(transport.start()) << transport.error();
  const auto probe = probe_era(transport, envelope());
  EXPECT_TRUE(probe.modern) << probe.note;
  ModernSession session(transport, envelope());
  const auto echo =
      session.request("tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}});
  ASSERT_TRUE(echo.ok()) << echo.error;
  EXPECT_EQ((*echo.response)["result"]["content"][0]["text"], "x");
  transport.shutdown();
}

}  // namespace
}  // namespace mcp::client
