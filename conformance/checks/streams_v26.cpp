// What may travel on a 2026-07-28 request's response stream: notifications
// about that request only (its progress; its log messages when it asked for
// a log level), then its response. Registered from logging.cpp.
#include <algorithm>
#include <optional>

#include "conformance/checks/call_stream.hpp"
#include "protocol/log_severity.hpp"

namespace mcp::conformance {
namespace {

/// The tools that may log: the call-tool and the official suite's logging fixtures when listed.
std::vector<std::pair<std::string, Json>> logging_tools(const ServerFacts& facts) {
  auto tools = talking_tools(facts, "test_logging_tool");
  for (const auto& [name, arguments] : talking_tools(facts, "test_tool_with_logging")) {
    const bool known = std::any_of(tools.begin(), tools.end(),
                                   [&, n = name](const auto& t) { return t.first == n; });
    if (!known) tools.emplace_back(name, arguments);
  }
  return tools;
}

struct Heard {
  client::CallResult call;
  std::vector<Json> logs;  // the notifications/message that came while it ran
};

/// Calls tool `name` with `meta` added to its _meta.
Heard call_and_listen(McpSession& s, const std::string& name, const Json& arguments,
                      const Json& meta) {
  auto params = tool_call(name, arguments);
  for (const auto& [key, value] : meta.items())
    params["_meta"][key] = value;
  const auto from = s.transport().router().notifications().size();
  Heard heard{s.request("tools/call", std::move(params)), {}};
  const auto all = s.transport().router().notifications();
  for (std::size_t i = from; i < all.size(); ++i) {
    if (string_member(all[i].message, "method") == "notifications/message")
      heard.logs.push_back(all[i].message);
  }
  return heard;
}

/// Why a log message is below `floor` (or has no known level), or "".
std::string below(const Json& log, LogSeverity floor) {
  const auto level = member(member(log, "params"), "level");
  const auto severity =
      level.is_string() ? parse_log_severity(level.get<std::string>()) : std::nullopt;
  if (!severity) return "a known log level";
  if (*severity < floor) return "no message below the level the request asked for";
  return "";
}

const CheckInfo kLogging{
    .id = "util.logging.v26",
    .title = "Log messages only for a request that asks for a log level",
    .area = "logging",
    .section = "server/utilities/logging",
    .rule =
        "The server logs only for a request that asks for a log level, and only on that "
        "request's own response stream.",
    .versions = kModernVersions,
    .needs = {.tool = true},
    .description =
        "Calls the call-tool (and the official suite's test_logging_tool and "
        "test_tool_with_logging when listed) three times each: with a progressToken and no "
        "io.modelcontextprotocol/logLevel in _meta (no notifications/message may come), with "
        "logLevel error (none below error), and with logLevel debug (any). Then watches 200 ms: "
        "no log message may come outside the calls that asked. The silence of an unanswered call "
        "proves nothing: at least one call without a log level must be answered. Skipped when no "
        "call "
        "that asked got a log message either."};

Outcome logging_v26(CheckContext& c) {
  auto s = session(c);
  std::size_t asked = 0;
  std::size_t quiet_answered = 0;
  std::string unanswered;
  int n = 0;
  std::string exercised;
  for (const auto& [name, arguments] : logging_tools(c.facts())) {
    ++n;
    const auto quiet =
        call_and_listen(*s, name, arguments, {{"progressToken", "log-quiet-" + std::to_string(n)}});
    if (quiet.call.response) {
      ++quiet_answered;
    } else {
      unanswered = describe(quiet.call);
    }
    if (!quiet.logs.empty()) {
      return Outcome::fail(
          "no notifications/message for a request that asks for no log level (" + name + ")",
          brief(quiet.logs.front()));
    }
    const auto errors = call_and_listen(*s, name, arguments, {{modern::kLogLevelKey, "error"}});
    for (const auto& log : errors.logs) {
      if (const auto problem = below(log, LogSeverity::kError); !problem.empty())
        return Outcome::fail(problem + " (error, calling " + name + ")", brief(log));
    }
    const auto all = call_and_listen(*s, name, arguments, {{modern::kLogLevelKey, "debug"}});
    asked += errors.logs.size() + all.logs.size();
    exercised += (exercised.empty() ? "" : ", ") + name;
  }
  // Silence is evidence only from a call that was answered.
  if (quiet_answered == 0)
    return Outcome::fail("an answer to a call without a log level", unanswered);
  const auto heard = s->transport().router().notifications().size();
  observe(std::chrono::milliseconds(200));
  const auto late = s->transport().router().notifications();
  for (std::size_t i = heard; i < late.size(); ++i) {
    if (string_member(late[i].message, "method") == "notifications/message") {
      return Outcome::fail(
          "log messages only on the stream of a request that asked, before its "
          "response",
          brief(late[i].message));
    }
  }
  // A server that never logs is silent either way: its silence shows nothing.
  if (asked == 0) {
    return Outcome::skip("no log message came even for the calls that asked for debug (" +
                         exercised + "): nothing to tell apart");
  }
  return Outcome::pass(std::to_string(asked) + " log message(s) for the calls that asked (" +
                       exercised + "); none for the calls that did not");
}

/// What a request's stream should have held instead of `got`.
struct Lapse {
  std::string expected;
  std::string got;
};

/// The first way the messages on a request's stream are not just notifications
/// about it followed by its response. Log messages are util.logging.v26's
/// business and server requests base.v26.no-server-requests'.
std::optional<Lapse> out_of_scope(const std::vector<Json>& messages, const Json& id,
                                  const Json& token, std::size_t& progress) {
  bool answered = false;
  for (const auto& m : messages) {
    if (answered) return Lapse{"nothing after the response (the stream ends with it)", brief(m)};
    if (is_response_to(m, id)) {
      answered = true;
      continue;
    }
    const bool notification = m.contains("method") && !m.contains("id");
    if (!notification && m.contains("method")) continue;
    if (!notification) return Lapse{"no response but this request's", brief(m)};
    if (is_progress(m)) {
      if (!same_token(progress_token_of(m), token))
        return Lapse{"progress only for this request's token " + token.dump(), brief(m)};
      ++progress;
    } else if (string_member(m, "method") != "notifications/message") {
      return Lapse{"only notifications about this request", brief(m)};
    }
  }
  if (!answered) return Lapse{"its response on the stream", ""};
  return std::nullopt;
}

const CheckInfo kStreamScope{
    .id = "transport.http.v26.sse-scope",
    .title = "A response stream carries only its request's notifications, then its response",
    .area = "transport-http",
    .section = "basic/transports/streamable-http#sending-messages-to-the-server",
    .rule =
        "A request's response stream carries only notifications about that request, and ends "
        "with its response.",
    .versions = kModernVersions,
    .needs = {.tool = true, .streamable = true},
    .requirement = "transport.v26.sse.scope",
    .description =
        "Calls the call-tool (and the official suite's test_tool_with_progress when listed) with "
        "progressToken \"scope-1\", then 101, reading each answer to the end of its stream: every "
        "progress notification on it must carry that call's token, no other notification (log "
        "messages aside) may come, and the response must be the last message."};

Outcome sse_scope(CheckContext& c) {
  std::size_t progress = 0;
  int n = 0;
  for (const auto& [name, arguments] : talking_tools(c.facts(), "test_tool_with_progress")) {
    ++n;
    for (const Json& token : {Json("scope-" + std::to_string(n)), Json(100 + n)}) {
      const Json id = "scope-call-" + std::to_string(n) + "-" + token.dump();
      const auto answer = post_tool_call(c, name, arguments, {{"progressToken", token}}, id);
      if (const auto lapse = out_of_scope(answer_messages(answer), id, token, progress)) {
        return Outcome::fail(lapse->expected + " (calling " + name + ")",
                             lapse->got.empty() ? describe(answer) : lapse->got);
      }
    }
  }
  return Outcome::pass(std::to_string(progress) +
                       " progress notification(s), each on its own "
                       "request's stream");
}

}  // namespace

void register_streams_v26_checks(Registry& registry) {
  registry.add(kLogging, logging_v26);
  registry.add(kStreamScope, sse_scope);
}

}  // namespace mcp::conformance
