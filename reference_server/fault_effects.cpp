#include "reference_server/fault_effects.hpp"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "reference_server/catalog.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/http_reply.hpp"
#include "reference_server/http_streamable.hpp"

namespace mcp::server {

void write_error_code_as_string(const Json&, Json& response) {
  if (!response.contains("error")) return;
  auto& code = response["error"]["code"];
  if (code.is_number_integer()) code = std::to_string(code.get<int>());
}

void break_echo_schema(Json& result) {
  // Whether or not another fault has made the result the bare array.
  auto& tools = result.is_array() ? result : result["tools"];
  for (auto& tool : tools) {
    if (tool["name"] == "echo") tool["inputSchema"]["properties"]["text"]["type"] = "text";
  }
}

void step_down_version(std::span<const ProtocolVersion> served, ProtocolVersion& version) {
  // An off-by-one in the version table answers (and runs) the version before
  // the one chosen; the oldest served one stays.
  for (std::size_t i = 1; i < served.size(); ++i) {
    if (served[i] == version) {
      version = served[i - 1];
      return;
    }
  }
}

void unpad_version(Json& result) {
  // The date printed from numbers, as "%d-%d-%d" would.
  auto& version = result["protocolVersion"];
  const auto text = version.get<std::string>();
  if (text.size() != 10) return;
  const auto part = [&](std::size_t at, std::size_t n) {
    return std::to_string(std::stoi(text.substr(at, n)));
  };
  version = part(0, 4) + "-" + part(5, 2) + "-" + part(8, 2);
}

void write_required_as_string(Json& result) {
  for (auto& prompt : result["prompts"]) {
    if (!prompt.contains("arguments")) continue;
    for (auto& argument : prompt["arguments"])
      argument["required"] = argument["required"].get<bool>() ? "true" : "false";
  }
}

void write_resource_sizes_as_strings(const ResultContext& context, Json& result) {
  if (context.method != "resources/list") return;
  const auto listed = context.catalog.resources.listed();
  for (auto& entry : result["resources"]) {
    for (const auto* resource : listed) {
      // A resource read by asking the client has no size of its own.
      if (resource->uri != entry["uri"] || !resource->read) continue;
      std::size_t size = 0;
      for (const auto& c : resource->read())
        size += c.text ? c.text->size() : c.blob.value_or("").size() / 4 * 3;
      entry["size"] = std::to_string(size) + " bytes";
      break;
    }
  }
}

void write_images_as_data_urls(Json& result) {
  // The browser habit: an image as a data: URL, where MCP wants the bare base64.
  if (!result.is_object()) return;
  auto& content = result["content"];
  if (!content.is_array()) return;
  for (auto& block : content) {
    if (block.is_object() && block.value("type", "") == "image" && block.contains("data") &&
        block["data"].is_string()) {
      block["data"] = "data:" + block.value("mimeType", std::string("image/png")) + ";base64," +
                      block["data"].get<std::string>();
    }
  }
}

void add_cursor_past_the_end(const ResultContext& context, Json& result) {
  // An off-by-one hands out a cursor at the end, which the paging then refuses.
  if (context.method != "prompts/list" || result.contains("nextCursor")) return;
  result["nextCursor"] = "prompts-page-" + std::to_string(context.catalog.prompts.listed().size());
}

void reinterpret_as_latin1(std::string& body) {
  // What a server that takes UTF-8 for Latin-1 does to a body.
  std::string out;
  out.reserve(body.size());
  for (const unsigned char c : body) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  body = std::move(out);
}

void serve_null_id(InvalidMessage& invalid) {
  const auto& body = invalid.body;
  if (invalid.outcome == InvalidMessage::Outcome::kRefuse && body.contains("id") &&
      body["id"].is_null() && body.value("method", Json()).is_string())
    invalid.outcome = InvalidMessage::Outcome::kServe;  // answered like any request
}

void serve_any_jsonrpc_version(InvalidMessage& invalid) {
  // Only the method and id are looked at.
  if (invalid.outcome != InvalidMessage::Outcome::kRefuse || !invalid.body.is_object()) return;
  Json relabelled = invalid.body;
  relabelled["jsonrpc"] = "2.0";
  if (jsonrpc::classify(relabelled).kind != jsonrpc::Kind::kRequest) return;
  invalid.body = std::move(relabelled);
  invalid.outcome = InvalidMessage::Outcome::kServe;
}

void fail_unknown_cancellation(PostedMessage& posted) {
  // The server throws on a request id it does not know.
  const auto& body = posted.body;
  if (jsonrpc::classify(body).kind != jsonrpc::Kind::kNotification ||
      body["method"] != "notifications/cancelled")
    return;
  const auto params = body.value("params", Json::object());
  const auto request_id = params.is_object() ? params.value("requestId", Json()) : Json();
  if (jsonrpc::is_valid_id(request_id) && posted.session.cancel_request(request_id)) return;
  posted.refusal =
      Refusal{.status = 500,
              .code = jsonrpc::kInternalError,
              .message = "Internal error: no request " + request_id.dump() + " to cancel"};
}

void answer_on_get_stream(PostedRequest& posted) {
  // The community guide's design: accept now, answer on the GET stream.
  const auto stream = posted.session->get_stream();
  if (!stream) return;
  auto& dispatcher = posted.endpoint.dispatcher();
  posted.endpoint.in_background(
      [&dispatcher, request = posted.request, session = posted.session, stream] {
        if (auto response = dispatcher.handle_request(request, *session, {}))
          stream->push(jsonrpc::serialize(*response));
      });
  posted.response.status = 202;
  posted.answered = true;
}

void send_late_progress(SseAnswer& answer) {
  // The bug of a server that reports progress from a worker outliving the
  // request: the late notification goes out on the session's GET stream, a
  // little after the response (long enough that no client can see it first).
  const auto token =
      answer.request["params"].value("_meta", Json::object()).value("progressToken", Json());
  if (token.is_null()) return;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (auto get_stream = answer.session.get_stream()) {
    get_stream->push(jsonrpc::serialize(jsonrpc::make_notification(
        "notifications/progress", {{"progressToken", token}, {"progress", 1000000}})));
  }
}

void admit_known_session(AuthFailure& failure) {
  const auto id = failure.request.get_header_value(failure.session_header);
  if (!id.empty() && failure.sessions.find(id) != nullptr) failure.admit = true;
}

void admit_initialize(AuthFailure& failure) {
  if (failure.request.method != "POST") return;
  const auto parsed = jsonrpc::parse(failure.request.body);
  if (parsed.value && is_initialize_request(*parsed.value)) failure.admit = true;
}

void drop_cors_headers(httplib::Response& res) {
  // The preflight answered, but without the headers a browser needs.
  for (const char* name : {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                           "Access-Control-Allow-Headers", "Access-Control-Expose-Headers",
                           "Access-Control-Max-Age", "Vary"})
    res.headers.erase(name);
}

void answer_in_post_body(LegacyRequest& request) {
  // The mistake of a server half-way between transports: answer in the POST too.
  // (Handled inline, so no progress: it could reach the client after the body.)
  if (auto response = request.dispatcher.handle_request(request.request, request.session, {})) {
    request.send(*response);
    request.post_body = *response;
  }
  request.answered = true;
}

}  // namespace mcp::server
