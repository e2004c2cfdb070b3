// The 2026-07-28 faults of the MCP core: each breaks its rule for a request
// that carries the 2026-07-28 envelope, the clean server keeps it, and no
// fault changes what a legacy-era session is answered.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "protocol/request_metadata.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/faults.hpp"
#include "testing/child_process.hpp"

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

constexpr char kUnknownUri[] = "test://no-such-resource";

Json modern_request(const Json& id, std::string_view method, Json params = Json::object(),
                    Json capabilities = Json::object()) {
  Json request = jsonrpc::make_request(id, method, std::move(params));
  modern::add_envelope(request, {.protocol_version = "2026-07-28",
                                 .client_capabilities = std::move(capabilities),
                                 .client_info = {{"name", "tests"}, {"version", "1"}}});
  return request;
}

/// The reference catalogue served by a dispatcher with the named faults.
class Core {
 public:
  explicit Core(const std::vector<std::string>& faults = {}, std::size_t page_size = 0)
      : catalog_(make_reference_catalog()),
        dispatcher_(ServerInfo{.version = "t"}, *catalog_, page_size, fault_hooks(faults).mcp) {}

  /// A 2026-07-28 request, admitted and answered as the transports do.
  Json call(const Json& request, const Emit& emit = {}) {
    auto admitted = dispatcher_.admit_modern(request);
    if (!admitted.session) return admitted.error;
    return dispatcher_.handle_request(request, *admitted.session, emit).value_or(Json());
  }
  /// The result of a 2026-07-28 request (null when it is an error).
  Json result(const Json& request) { return call(request).value("result", Json()); }

  Dispatcher& dispatcher() { return dispatcher_; }

 private:
  std::unique_ptr<Catalog> catalog_;
  Dispatcher dispatcher_;
};

int error_code(const Json& response) {
  return response.value("error", Json::object()).value("code", 0);
}

const Json kElicitation = {{"elicitation", Json::object()}};

Json elicitation_call(const Json& id, Json extra = Json::object()) {
  Json params{{"name", "test_elicitation"}, {"arguments", {{"message", "Who are you?"}}}};
  params.update(extra);
  return modern_request(id, "tools/call", std::move(params), kElicitation);
}

const Json kElicitationAnswer = {{"action", "accept"},
                                 {"content", {{"username", "u"}, {"email", "u@example.com"}}}};

// ---- Results ----

TEST(ModernFaults, NoResultType) {
  const auto list = modern_request(1, "tools/list");
  EXPECT_EQ(Core().result(list)["resultType"], "complete");
  EXPECT_FALSE(Core({"no-result-type"}).result(list).contains("resultType"));
}

TEST(ModernFaults, ResultTypeTask) {
  const auto call =
      modern_request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  EXPECT_EQ(Core().result(call)["resultType"], "complete");
  EXPECT_EQ(Core({"result-type-task"}).result(call)["resultType"], "task");
}

TEST(ModernFaults, XMcpHeaderDuplicate) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"x-mcp-header-duplicate"}
                     : std::vector<std::string>{});
    bool seen = false;
    const auto list = core.result(modern_request(1, "tools/list"));
    for (const auto& tool : list["tools"]) {
      if (tool["name"] != "test_custom_headers_null") continue;
      seen = true;
      std::string problem;
      EXPECT_EQ(modern::header_params(tool["inputSchema"], &problem).has_value(), !faulty);
    }
    EXPECT_TRUE(seen);
  }
}

bool names_server(const Json& result) {
  return result.value("_meta", Json::object()).contains(modern::kServerInfoKey);
}

TEST(ModernFaults, NoServerInfoAndDiscoverNoServerInfo) {
  const auto list = modern_request(1, "tools/list");
  const auto discover = modern_request(2, "server/discover");
  Core clean;
  EXPECT_TRUE(names_server(clean.result(list)));
  EXPECT_TRUE(names_server(clean.result(discover)));
  Core results({"no-server-info"});
  EXPECT_FALSE(names_server(results.result(list)));
  EXPECT_TRUE(names_server(results.result(discover)));
  Core discovery({"discover-no-server-info"});
  EXPECT_TRUE(names_server(discovery.result(list)));
  EXPECT_FALSE(names_server(discovery.result(discover)));
}

TEST(ModernFaults, DiscoverNoVersions) {
  const auto discover = modern_request(1, "server/discover");
  EXPECT_EQ(Core().result(discover)["supportedVersions"], Json::array({"2026-07-28"}));
  const auto broken = Core({"discover-no-versions"}).result(discover);
  EXPECT_FALSE(broken.contains("supportedVersions"));
  EXPECT_TRUE(broken.contains("capabilities"));
}

TEST(ModernFaults, TtlMissing) {
  const auto read = modern_request(1, "resources/read", {{"uri", "test://static-text"}});
  const auto clean = Core().result(read);
  EXPECT_EQ(clean["ttlMs"], 0);
  EXPECT_EQ(clean["cacheScope"], "private");
  const auto broken = Core({"ttl-missing"}).result(read);
  EXPECT_FALSE(broken.contains("ttlMs"));
  EXPECT_EQ(broken["cacheScope"], "private");
}

TEST(ModernFaults, CacheScopePerPage) {
  for (const bool faulty : {false, true}) {
    Core core(
        faulty ? std::vector<std::string>{"cache-scope-per-page"} : std::vector<std::string>{}, 1);
    const auto first = core.result(modern_request(1, "tools/list"));
    ASSERT_TRUE(first.contains("nextCursor"));
    const auto second =
        core.result(modern_request(2, "tools/list", {{"cursor", first["nextCursor"]}}));
    EXPECT_EQ(first["cacheScope"], "private");
    EXPECT_EQ(second["cacheScope"], faulty ? "public" : "private") << faulty;
  }
}

TEST(ModernFaults, ResourceNotFound32002) {
  const auto read = modern_request(1, "resources/read", {{"uri", kUnknownUri}});
  const auto clean = Core().call(read);
  EXPECT_EQ(error_code(clean), jsonrpc::kInvalidParams);
  EXPECT_EQ(clean["error"]["data"]["uri"], kUnknownUri);
  EXPECT_EQ(error_code(Core({"resource-not-found-32002"}).call(read)), jsonrpc::kResourceNotFound);
}

// ---- Admission ----

TEST(ModernFaults, CapabilitiesOptional) {
  auto list = modern_request(1, "tools/list");
  list["params"]["_meta"].erase(modern::kClientCapabilitiesKey);
  EXPECT_EQ(error_code(Core().call(list)), jsonrpc::kInvalidParams);
  EXPECT_EQ(Core({"capabilities-optional"}).result(list)["resultType"], "complete");
  // The version is still needed.
  list["params"]["_meta"].erase(modern::kProtocolVersionKey);
  EXPECT_EQ(error_code(Core({"capabilities-optional"}).call(list)), jsonrpc::kInvalidParams);
}

TEST(ModernFaults, CapabilitiesRemembered) {
  auto undeclared = elicitation_call(2);
  undeclared["params"]["_meta"][modern::kClientCapabilitiesKey] = Json::object();
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"capabilities-remembered"}
                     : std::vector<std::string>{});
    core.call(modern_request(1, "tools/list", Json::object(), kElicitation));
    const auto answer = core.call(undeclared);
    if (faulty) {
      EXPECT_EQ(answer["result"]["resultType"], "input_required");
    } else {
      EXPECT_EQ(error_code(answer), jsonrpc::kMissingRequiredClientCapability);
    }
  }
}

TEST(ModernFaults, RemovedMethodsAnswered) {
  for (const char* method : {"ping", "logging/setLevel", "resources/subscribe"}) {
    const auto request = modern_request(1, method, {{"level", "info"}, {"uri", "test://x"}});
    EXPECT_EQ(error_code(Core().call(request)), jsonrpc::kMethodNotFound) << method;
    EXPECT_TRUE(Core({"removed-methods-answered"}).call(request).contains("result")) << method;
  }
  // initialize under the envelope stays unknown.
  EXPECT_EQ(error_code(Core({"removed-methods-answered"}).call(modern_request(1, "initialize"))),
            jsonrpc::kMethodNotFound);
}

/// The methods of the messages a request sends before its response.
std::vector<std::string> emitted_methods(Core& core, const Json& request) {
  std::vector<std::string> methods;
  std::mutex mutex;
  core.call(request, [&](const Json& message) {
    const std::lock_guard lock(mutex);
    methods.push_back(message.value("method", ""));
  });
  return methods;
}

TEST(ModernFaults, LogsWithoutLogLevel) {
  const auto call = modern_request(1, "tools/call", {{"name", "test_tool_with_logging"}});
  auto asking = call;  // the tool logs at info
  asking["params"]["_meta"][modern::kLogLevelKey] = "info";
  auto above = call;
  above["params"]["_meta"][modern::kLogLevelKey] = "error";
  const std::vector<std::string> three_logs(3, "notifications/message");
  Core clean;
  EXPECT_TRUE(emitted_methods(clean, call).empty());
  EXPECT_TRUE(emitted_methods(clean, above).empty());
  EXPECT_EQ(emitted_methods(clean, asking), three_logs);
  Core faulty({"logs-without-log-level"});
  EXPECT_EQ(emitted_methods(faulty, call), three_logs);
  EXPECT_EQ(emitted_methods(faulty, above), three_logs);
}

TEST(ModernFaults, ForeignProgressToken) {
  auto call = modern_request(1, "tools/call", {{"name", "test_tool_with_progress"}});
  call["params"]["_meta"]["progressToken"] = "mine";
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"foreign-progress-token"}
                     : std::vector<std::string>{});
    std::vector<Json> tokens;
    core.call(call,
              [&](const Json& message) { tokens.push_back(message["params"]["progressToken"]); });
    ASSERT_EQ(tokens.size(), 3u);
    for (const auto& token : tokens)
      EXPECT_EQ(token, faulty ? "another-request" : "mine");
  }
}

// ---- Multi round-trip requests ----

TEST(ModernFaults, UndeclaredCapability) {
  auto call = elicitation_call(1);
  call["params"]["_meta"][modern::kClientCapabilitiesKey] = Json::object();
  const auto clean = Core().call(call);
  EXPECT_EQ(error_code(clean), jsonrpc::kMissingRequiredClientCapability);
  EXPECT_TRUE(clean["error"]["data"]["requiredCapabilities"].contains("elicitation"));

  const auto asking = Core({"input-request-undeclared"}).result(call);
  EXPECT_EQ(asking["resultType"], "input_required");
  EXPECT_EQ(asking["inputRequests"]["input-1"]["method"], "elicitation/create");

  const auto generic = Core({"missing-capability-internal-error"}).call(call);
  EXPECT_EQ(error_code(generic), jsonrpc::kInternalError);
  EXPECT_FALSE(generic["error"].contains("data"));
}

TEST(ModernFaults, InputRequiredEmpty) {
  const auto clean = Core().result(elicitation_call(1));
  EXPECT_EQ(clean["resultType"], "input_required");
  EXPECT_TRUE(clean.contains("inputRequests") && clean.contains("requestState"));
  const auto empty = Core({"input-required-empty"}).result(elicitation_call(1));
  EXPECT_EQ(empty["resultType"], "input_required");
  EXPECT_FALSE(empty.contains("inputRequests") || empty.contains("requestState"));
}

/// The requestState of the first round of the elicitation call.
std::string first_state(Core& core) {
  return core.result(elicitation_call(1))["requestState"].get<std::string>();
}

TEST(ModernFaults, RequestStateUnchecked) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"request-state-unchecked"}
                     : std::vector<std::string>{});
    auto state = first_state(core);
    state[state.size() / 2] = state[state.size() / 2] == 'A' ? 'B' : 'A';  // tampered
    const auto retry = core.call(elicitation_call(2, {{"requestState", state}}));
    EXPECT_EQ(error_code(retry) == jsonrpc::kInvalidParams, !faulty) << retry.dump();
  }
}

TEST(ModernFaults, RetryMissingError) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"retry-missing-error"}
                     : std::vector<std::string>{});
    const auto retry = core.call(elicitation_call(2, {{"requestState", first_state(core)}}));
    if (faulty) {
      EXPECT_EQ(error_code(retry), jsonrpc::kInvalidParams);
    } else {
      EXPECT_EQ(retry["result"]["resultType"], "input_required");
    }
  }
}

TEST(ModernFaults, ExtraResponsesRefused) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"extra-responses-refused"}
                     : std::vector<std::string>{});
    const auto state = first_state(core);
    const auto answered = core.call(elicitation_call(
        2, {{"requestState", state}, {"inputResponses", {{"input-1", kElicitationAnswer}}}}));
    EXPECT_EQ(answered["result"]["resultType"], "complete") << faulty;
    const auto extra = core.call(elicitation_call(
        3, {{"requestState", state},
            {"inputResponses", {{"input-1", kElicitationAnswer}, {"unasked", Json::object()}}}}));
    if (faulty) {
      EXPECT_EQ(error_code(extra), jsonrpc::kInvalidParams);
    } else {
      EXPECT_EQ(extra["result"]["resultType"], "complete");
    }
  }
}

TEST(ModernFaults, ListInputRequired) {
  const auto list = modern_request(1, "tools/list");
  EXPECT_EQ(Core().result(list)["resultType"], "complete");
  Core faulty({"list-input-required"});
  const auto first = faulty.result(list);
  EXPECT_EQ(first["resultType"], "input_required");
  EXPECT_EQ(faulty.result(modern_request(2, "tools/list",
                                         {{"requestState", first["requestState"]}}))["resultType"],
            "complete");
}

// ---- subscriptions/listen ----

/// A subscriptions/listen request running on its own thread, its stream collected.
class Listening {
 public:
  Listening(Core& core, Json filter) : core_(core) {
    thread_ = std::thread([this, request = modern_request("sub-1", "subscriptions/listen",
                                                          {{"notifications", filter}})] {
      auto response = core_.call(request, [this](const Json& message) {
        const std::lock_guard lock(mutex_);
        messages_.push_back(message);
      });
      const std::lock_guard lock(mutex_);
      response_ = std::move(response);
    });
  }
  ~Listening() {
    if (thread_.joinable()) close();
  }

  /// Changes `lists` (tools, prompts, resources) until a message about
  /// `awaited` arrives (the stream is registered a moment after it opens).
  bool change_until(std::vector<std::string> lists, const std::string& awaited) {
    return mcp::testing::eventually(
        [&] {
          for (const auto& list : lists)
            core_.dispatcher().list_changed(list);
          return std::ranges::any_of(messages(),
                                     [&](const Json& m) { return m["method"] == awaited; });
        },
        10s);
  }
  std::vector<Json> messages() {
    const std::lock_guard lock(mutex_);
    return messages_;
  }
  /// Shuts the server down; the listen request's response (null: none).
  Json close() {
    core_.dispatcher().cancel_all();
    thread_.join();
    return response_;
  }

 private:
  Core& core_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Json> messages_;
  Json response_;
};

constexpr char kToolsChanged[] = "notifications/tools/list_changed";
constexpr char kPromptsChanged[] = "notifications/prompts/list_changed";
constexpr char kAcknowledged[] = "notifications/subscriptions/acknowledged";

std::vector<std::string> methods_of(const std::vector<Json>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages)
    out.push_back(m.contains("id") ? "(request)" : m.value("method", ""));
  return out;
}

/// The methods a listen stream for tool changes carries until the first one.
std::vector<std::string> listen_start(const std::vector<std::string>& faults) {
  Core core(faults);
  Listening listening(core, {{"toolsListChanged", true}});
  EXPECT_TRUE(listening.change_until({"tools"}, kToolsChanged));
  const auto messages = listening.messages();
  listening.close();
  return methods_of(messages);
}

TEST(ModernFaults, ListenAcknowledgementFirst) {
  EXPECT_EQ(listen_start({}).front(), kAcknowledged);
  const auto no_ack = listen_start({"listen-no-ack"});
  EXPECT_EQ(std::ranges::count(no_ack, kAcknowledged), 0);
  const auto late = listen_start({"listen-ack-not-first"});
  ASSERT_GE(late.size(), 2u);
  EXPECT_EQ(late[0], kToolsChanged);
  EXPECT_EQ(late[1], kAcknowledged);
}

TEST(ModernFaults, ListenCarriesOnlyItsNotifications) {
  const auto clean = listen_start({});
  EXPECT_EQ(std::ranges::count(clean, "notifications/message"), 0);
  EXPECT_EQ(std::ranges::count(clean, "(request)"), 0);
  const auto logged = listen_start({"listen-log-message"});
  EXPECT_EQ(logged[0], kAcknowledged);
  EXPECT_EQ(logged[1], "notifications/message");
  const auto asked = listen_start({"listen-server-request"});
  EXPECT_EQ(asked[0], kAcknowledged);
  EXPECT_EQ(asked[1], "(request)");
}

TEST(ModernFaults, ListenFilterIgnored) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"listen-filter-ignored"}
                     : std::vector<std::string>{});
    Listening listening(core, {{"promptsListChanged", true}});
    ASSERT_TRUE(listening.change_until({"tools", "prompts"}, kPromptsChanged));
    EXPECT_EQ(std::ranges::count(methods_of(listening.messages()), kToolsChanged) > 0, faulty);
  }
}

TEST(ModernFaults, ListenNoPromptChanges) {
  Core core({"listen-no-prompt-changes"});
  Listening listening(core, {{"promptsListChanged", true}, {"toolsListChanged", true}});
  // Each round changes the prompts ahead of the tools the stream does hear of.
  ASSERT_TRUE(listening.change_until({"prompts", "tools"}, kToolsChanged));
  EXPECT_EQ(std::ranges::count(methods_of(listening.messages()), kPromptsChanged), 0);
}

TEST(ModernFaults, ListenNoSubscriptionId) {
  for (const bool faulty : {false, true}) {
    Core core(faulty ? std::vector<std::string>{"listen-no-subscription-id"}
                     : std::vector<std::string>{});
    Listening listening(core, {{"toolsListChanged", true}});
    ASSERT_TRUE(listening.change_until({"tools"}, kToolsChanged));
    for (const auto& message : listening.messages()) {
      if (message["method"] != kToolsChanged) continue;
      const auto meta = message["params"].value("_meta", Json::object());
      EXPECT_EQ(meta.value(modern::kSubscriptionIdKey, Json()), faulty ? Json() : Json("sub-1"));
    }
  }
}

TEST(ModernFaults, ListenNoCloseResult) {
  Core clean;
  Listening open_clean(clean, {{"toolsListChanged", true}});
  ASSERT_TRUE(open_clean.change_until({"tools"}, kToolsChanged));
  EXPECT_EQ(open_clean.close()["result"]["resultType"], "complete");

  Core faulty({"listen-no-close-result"});
  Listening open_faulty(faulty, {{"toolsListChanged", true}});
  ASSERT_TRUE(open_faulty.change_until({"tools"}, kToolsChanged));
  EXPECT_TRUE(open_faulty.close().is_null());
}

// ---- The legacy era ----

/// What a legacy session is answered for a round of requests.
std::vector<Json> legacy_answers(const std::vector<std::string>& faults) {
  Core core(faults, 2);
  Session session("s");
  session.set_served_versions(legacy_protocol_versions());
  std::vector<Json> out;
  std::vector<std::string> emitted;
  const Emit emit = [&](const Json& message) { emitted.push_back(message.dump()); };
  const auto ask = [&](const Json& request) {
    auto response = core.dispatcher().handle_request(request, session, emit);
    out.push_back(response.value_or(Json()));
  };
  ask(jsonrpc::make_request(0, "initialize",
                            {{"protocolVersion", "2025-11-25"},
                             {"capabilities", {{"elicitation", Json::object()}}},
                             {"clientInfo", {{"name", "tests"}, {"version", "1"}}}}));
  core.dispatcher().handle_notification(jsonrpc::make_notification("notifications/initialized"),
                                        session);
  ask(jsonrpc::make_request(1, "ping"));
  ask(jsonrpc::make_request(2, "tools/list"));
  ask(jsonrpc::make_request(3, "tools/list", {{"cursor", out.back()["result"]["nextCursor"]}}));
  ask(jsonrpc::make_request(4, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}));
  ask(jsonrpc::make_request(5, "resources/read", {{"uri", kUnknownUri}}));
  ask(jsonrpc::make_request(6, "resources/read", {{"uri", "test://static-text"}}));
  ask(jsonrpc::make_request(7, "logging/setLevel", {{"level", "debug"}}));
  ask(jsonrpc::make_request(8, "no/such-method"));
  ask(jsonrpc::make_request(9, "prompts/get", {{"name", "test_simple_prompt"}}));
  ask(jsonrpc::make_request(
      10, "tools/call", {{"name", "test_tool_with_progress"}, {"_meta", {{"progressToken", 7}}}}));
  for (const auto& message : emitted)
    out.emplace_back(message);
  return out;
}

TEST(ModernFaults, NoneChangesWhatTheLegacyEraIsAnswered) {
  const auto clean = legacy_answers({});
  for (const auto& fault : modern_faults())
    EXPECT_EQ(legacy_answers({std::string(fault.name)}), clean) << fault.name;
}

}  // namespace
}  // namespace mcp::server
