// The stdio and HTTP+SSE forms of the base checks that send a message as it is.
// Over these transports what the server says about a message comes on a
// stream it shares with everything else (stdout, the session's SSE stream):
// every answer that arrives is kept, and silence is judged only once the same
// session has answered a request sent after it.
#include "conformance/checks/base_transports.hpp"

#include <set>

namespace mcp::conformance {
namespace {

/// How long an answer to a raw message is waited for before the session is
/// asked to answer a request: a server answers an invalid message at once, and
/// what it sends before that request's answer is all it had to say.
constexpr std::chrono::milliseconds kAnswerWindow{500};
/// The id of that request.
const Json kAliveId = "conformance-still-answering";

const std::string kUnparsable = R"({"jsonrpc":"2.0",)";

/// The refusal a rule asks for, in the form of the transport: error `code`,
/// over HTTP+SSE or an HTTP status in the POST's answer.
std::string refusal(const CheckContext& c, const std::string& code, const std::string& status) {
  return "error " + code + (legacy_sse(c) ? " (or " + status + ")" : "");
}

/// A message that answers something: a response (with an id or not), or a
/// batch answer (an array, even an empty one).
bool is_answer(const Json& message) {
  if (message.is_array()) return true;
  return message.is_object() && !message.contains("method") &&
         (message.contains("result") || message.contains("error")) &&
         !is_response_to(message, kAliveId);
}

/// Every message of `answers`, the members of batch answers one by one.
std::vector<Json> flattened(const std::vector<Json>& answers) {
  std::vector<Json> out;
  for (const auto& answer : answers) {
    if (!answer.is_array()) {
      out.push_back(answer);
      continue;
    }
    for (const auto& member_message : answer)
      out.push_back(member_message);
  }
  return out;
}

/// What came back for a message sent as it is.
struct StreamReply {
  int status = 0;             // HTTP+SSE: the POST's status; 0 over stdio
  std::string post;           // HTTP+SSE: the POST's status ("HTTP 202")
  std::vector<Json> answers;  // a JSON-RPC answer in the POST's body, then those on the stream
};

std::string describe_reply(const StreamReply& r) {
  std::string out = r.post;
  for (const auto& answer : r.answers)
    out += (out.empty() ? "" : "; ") + brief(answer);
  if (r.answers.empty())
    out += std::string(out.empty() ? "" : "; ") +
           "no answer on the stream, though the session answered a request sent after it";
  return out;
}

using Enough = std::function<bool(const std::vector<Json>& answers)>;

bool any_answer(const std::vector<Json>& answers) {
  return !answers.empty();
}

/// Sends `text` as it is in session `s`: a line on stdin, or a POST to the
/// HTTP+SSE endpoint (a POST refused with a status is answered by it). What
/// answers it is gathered until `enough` holds; when it does not within
/// kAnswerWindow, the session must answer a request next, and what came
/// before that answer is the whole reply. A session that answers nothing at
/// all leaves no evidence: HarnessError.
StreamReply send_raw(CheckContext& c, McpSession& s, const std::string& text,
                     const std::string& what, const Enough& enough = any_answer) {
  StreamReply reply;
  const client::MessageCapture capture(s.transport().router());
  const auto sent = s.transport().send_raw(text, what);
  if (legacy_sse(c)) {
    answered(sent, what);
    reply.status = sent.http_status;
    reply.post = "HTTP " + std::to_string(sent.http_status);
    if (sent.response && is_answer(*sent.response)) reply.answers.push_back(*sent.response);
    if (!is_2xx(sent.http_status)) return reply;
  } else if (!sent.ok()) {
    throw HarnessError("cannot send " + what + ": " + sent.error);
  }
  const auto gathered = [&](const std::vector<Json>& messages) {
    auto all = reply.answers;
    for (const auto& message : messages) {
      if (is_answer(message)) all.push_back(message);
    }
    return all;
  };
  const auto now = [] { return client::MessageRouter::Clock::now(); };
  auto seen = capture.wait(now() + kAnswerWindow, [&](const std::vector<Json>& messages) {
    return enough(gathered(messages));
  });
  if (!enough(gathered(seen))) {
    answered(s.request(answered_method(c), Json::object(), kAliveId),
             "a request sent after " + what);
    seen = capture.wait(now());
  }
  reply.answers = gathered(seen);
  return reply;
}

/// Never enough: a reply that must be watched for the whole window.
bool watch_whole_window(const std::vector<Json>&) {
  return false;
}

}  // namespace

bool is_error_message(const Json& message) {
  return message.is_object() && message.contains("error");
}

Json plain_request(CheckContext& c, McpSession& s, const Json& id) {
  if (auto* modern = s.modern()) return modern->make_request(id, answered_method(c), {});
  return jsonrpc::make_request(id, answered_method(c), Json::object());
}

CheckFunction by_transport(CheckFunction streamable, CheckFunction on_stream) {
  return [streamable = std::move(streamable), on_stream = std::move(on_stream)](CheckContext& c) {
    return c.facts().transport == client::TransportKind::kStreamableHttp ? streamable(c)
                                                                         : on_stream(c);
  };
}

Outcome error_id_on_stream(CheckContext& c) {
  auto s = session(c);
  auto wrong_version = plain_request(c, *s, "err-id-1");
  wrong_version["jsonrpc"] = "1.0";
  int judged = 0;
  const std::pair<std::string, Json> sent[] = {{wrong_version.dump(), "err-id-1"},
                                               {kUnparsable, nullptr}};
  for (const auto& [text, readable] : sent) {
    const auto reply =
        send_raw(c, *s, text,
                 readable.is_null() ? "an unparsable message" : "a request with jsonrpc \"1.0\"");
    for (const auto& answer : flattened(reply.answers)) {
      if (!is_error_message(answer)) continue;
      ++judged;
      const auto id = member(answer, "id");
      if (!id.is_null() && id != readable)
        return Outcome::fail(readable.is_null() ? "id null or absent for an unparsable message"
                                                : "the readable id \"err-id-1\" (or null)",
                             "id " + id.dump());
    }
  }
  if (judged == 0)
    return Outcome::skip(
        "no error response to judge: neither the invalid request nor the unparsable message got "
        "one (base.error.invalid-request and base.error.parse judge that)");
  return Outcome::pass(std::to_string(judged) + " error response(s), each with the right id");
}

Outcome parse_on_stream(CheckContext& c) {
  auto s = session(c);
  const auto r = send_raw(c, *s, kUnparsable, "an unparsable message");
  if (r.status >= 500) return Outcome::fail("HTTP 4xx or a -32700 error", describe_reply(r));
  if (is_4xx(r.status)) return Outcome::pass("HTTP " + std::to_string(r.status));
  bool parse_error = false;
  for (const auto& answer : flattened(r.answers)) {
    if (answer.is_object() && answer.contains("result"))
      return Outcome::fail("an error", describe_reply(r));
    const auto code = member(member(answer, "error"), "code");
    parse_error = parse_error || (code.is_number_integer() && code == jsonrpc::kParseError);
  }
  if (parse_error) return Outcome::pass();
  return Outcome::fail(refusal(c, "-32700", "an HTTP 4xx"), describe_reply(r));
}

Outcome invalid_request_on_stream(CheckContext& c) {
  auto s = session(c);
  auto wrong_version = plain_request(c, *s, 71);
  wrong_version["jsonrpc"] = "1.0";
  auto no_method = plain_request(c, *s, 72);
  no_method.erase("method");
  for (const auto& body : {wrong_version.dump(), no_method.dump()}) {
    const auto r = send_raw(c, *s, body, body);
    const auto answers = flattened(r.answers);
    const bool refused =
        r.status == 400 || std::any_of(answers.begin(), answers.end(), [](const Json& answer) {
          const auto code = member(member(answer, "error"), "code");
          return code.is_number_integer() && code == jsonrpc::kInvalidRequest;
        });
    if (!refused)
      return Outcome::fail(refusal(c, "-32600", "HTTP 400") + " for " + body, describe_reply(r));
  }
  return Outcome::pass();
}

Outcome id_not_null_on_stream(CheckContext& c) {
  auto s = session(c);
  const auto r = send_raw(c, *s, plain_request(c, *s, nullptr).dump(), "a request with id null");
  const auto answers = flattened(r.answers);
  if (r.status == 400 || std::any_of(answers.begin(), answers.end(), is_error_message))
    return Outcome::pass();
  return Outcome::fail(refusal(c, "-32600", "HTTP 400"), describe_reply(r));
}

Outcome no_response_on_stream(CheckContext& c) {
  auto s = session(c);
  int sent = 0;
  for (const char* method : {"notifications/initialized", "notifications/x-conformance"}) {
    if (is_modern(c.version()) && method == std::string_view("notifications/initialized")) continue;
    const auto r = send_raw(c, *s, jsonrpc::serialize(jsonrpc::make_notification(method, nullptr)),
                            method, watch_whole_window);
    if (r.status != 0 && !is_2xx(r.status))
      return Outcome::fail("HTTP 2xx for " + std::string(method), describe_reply(r));
    if (!r.answers.empty())
      return Outcome::fail("no response to " + std::string(method), describe_reply(r));
    ++sent;
  }
  return Outcome::pass(
      std::to_string(sent) +
      " notification(s), none answered; the session answered a request after each");
}

Outcome batch_receive_on_stream(CheckContext& c) {
  auto s = session(c);
  const auto answered_ids = [](const std::vector<Json>& answers) {
    std::set<std::string> ids;
    for (const auto& answer : flattened(answers)) {
      if (const auto id = string_member(answer, "id"); !id.empty()) ids.insert(id);
    }
    return ids;
  };
  const auto r = send_raw(
      c, *s,
      R"([{"jsonrpc":"2.0","id":"b1","method":"ping"},{"jsonrpc":"2.0","id":"b2","method":"ping"}])",
      "a batch of two pings",
      [&](const std::vector<Json>& answers) { return answered_ids(answers).size() >= 2; });
  const auto ids = answered_ids(r.answers);
  if (!ids.count("b1") || !ids.count("b2"))
    return Outcome::fail("responses to b1 and b2", describe_reply(r));
  const auto n = send_raw(
      c, *s,
      R"([{"jsonrpc":"2.0","method":"notifications/x-a"},{"jsonrpc":"2.0","method":"notifications/x-b"}])",
      "a batch of two notifications", watch_whole_window);
  if (n.status != 0 && !is_2xx(n.status))
    return Outcome::fail("HTTP 2xx for a batch of notifications", describe_reply(n));
  if (!n.answers.empty())
    return Outcome::fail("nothing back for a batch of notifications", describe_reply(n));
  return Outcome::pass();
}

Outcome batch_removed_on_stream(CheckContext& c) {
  auto s = session(c);
  const auto r =
      send_raw(c, *s, Json::array({plain_request(c, *s, "b1")}).dump(), "a batch of one request");
  if (is_4xx(r.status)) return Outcome::pass("HTTP " + std::to_string(r.status));
  // An array back means the batch was served, even if only to fail each member.
  if (std::any_of(r.answers.begin(), r.answers.end(), is_error_message)) return Outcome::pass();
  return Outcome::fail(refusal(c, "-32600", "an HTTP 4xx"), describe_reply(r));
}

}  // namespace mcp::conformance
