// Spec page server/utilities/logging.
#include "conformance/checks/check_util.hpp"
#include "protocol/log_severity.hpp"

namespace mcp::conformance {
namespace {

const std::string kLoggingArea = "logging";

/// The log messages (notifications/message) the session received, from the `from`th
/// notification on.
std::vector<Json> log_messages(McpSession& s, std::size_t from = 0) {
  std::vector<Json> out;
  const auto all = s.transport().router().notifications();
  for (std::size_t i = from; i < all.size(); ++i) {
    if (string_member(all[i].message, "method") == "notifications/message")
      out.push_back(all[i].message);
  }
  return out;
}

/// Calls the tools that may make the server log (see talking_tools); at
/// 2026-07-28, asking for every level, since a server logs only when asked.
void make_it_talk(CheckContext& c, McpSession& s) {
  for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_logging")) {
    auto params = tool_call(name, arguments);
    if (c.version() == ProtocolVersion::k2026_07_28)
      params["_meta"][modern::kLogLevelKey] = "debug";
    s.request("tools/call", std::move(params));
  }
}

const CheckInfo kCapability{
    .id = "util.logging.capability",
    .title = "Log messages come only from a server that declares logging",
    .area = kLoggingArea,
    .section = "server/utilities/logging#capabilities",
    .rule = "A server that sends log messages declares the logging capability.",
    .versions = kEveryVersion,
    .description =
        "When logging is not declared: calls the call-tool (and the official suite's "
        "test_tool_with_logging when listed), with the GET stream open on stateful Streamable "
        "HTTP (at 2026-07-28 asking for log level debug in _meta), and watches 300 ms: any "
        "notifications/message fails. A server that declares logging (in server/discover's "
        "capabilities at 2026-07-28) passes.",
    .evidence = Evidence::kHandshake};

Outcome capability(CheckContext& c) {
  if (c.facts().has_capability("logging")) return Outcome::pass("logging is declared");
  auto s = session(c);
  watch_get_stream(c, *s);
  make_it_talk(c, *s);
  answered(s->request(answered_method(c)), answered_method(c));
  observe(std::chrono::milliseconds(300));
  const auto logs = log_messages(*s);
  if (!logs.empty())
    return Outcome::fail("no notifications/message (logging is not declared)", brief(logs.front()));
  return Outcome::pass("logging not declared, and no log messages seen");
}

const CheckInfo kSetLevel{
    .id = "util.logging.setlevel",
    .title = "logging/setLevel works, refuses unknown levels, and is honoured",
    .area = kLoggingArea,
    .section = "server/utilities/logging#setting-log-level",
    .rule =
        "logging/setLevel answers an empty result, refuses an unknown level with -32602, "
        "and from then on the server logs only at that level or above.",
    .level = Level::kShould,
    .needs = {.capability = "logging"},
    .description =
        "setLevel debug must answer {}; level \"not-a-level\" must get -32602. Then, after "
        "setLevel error, calls the call-tool (and test_tool_with_logging when listed): no message "
        "below error may arrive (not judged on a stateless server: no session keeps the level)."};

Outcome set_level(CheckContext& c) {
  auto s = session(c);
  const auto ok = s->request("logging/setLevel", {{"level", "debug"}});
  if (!empty_result(result_of(ok)))
    return Outcome::fail("an empty result for level debug", describe(ok));
  const auto bad = s->request("logging/setLevel", {{"level", "not-a-level"}});
  if (error_code(bad) != jsonrpc::kInvalidParams)
    return Outcome::fail("error -32602 for level \"not-a-level\"", describe(bad));
  const auto error_level = s->request("logging/setLevel", {{"level", "error"}});
  if (!has_result(error_level))
    return Outcome::fail("an empty result for level error", describe(error_level));
  // A level can only bind later requests where there is a session to keep it in.
  if (s->http() && s->http()->session_id().empty()) {
    return Outcome::pass(
        "setLevel answered; honouring not judged: no Mcp-Session-Id (stateless), so a level set "
        "by one POST cannot bind the next");
  }
  watch_get_stream(c, *s);
  const auto from = s->transport().router().notifications().size();
  make_it_talk(c, *s);
  observe(std::chrono::milliseconds(200));
  for (const auto& m : log_messages(*s, from)) {
    const auto level = member(member(m, "params"), "level");
    const auto severity =
        level.is_string() ? parse_log_severity(level.get<std::string>()) : std::nullopt;
    if (!severity) return Outcome::fail("a known log level", brief(m));
    if (*severity < LogSeverity::kError)
      return Outcome::fail("only messages at level error or above after setLevel error", brief(m));
  }
  return Outcome::pass();
}

}  // namespace

/// The checks of a 2026-07-28 request's response stream (streams_v26.cpp).
void register_streams_v26_checks(Registry& registry);

void register_logging_checks(Registry& registry) {
  registry.add(kCapability, capability);
  registry.add(kSetLevel, set_level);
  register_streams_v26_checks(registry);
}

}  // namespace mcp::conformance
