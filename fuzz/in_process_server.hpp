// The reference server's Streamable HTTP endpoint in-process, without a
// socket, for the fuzz targets that post to it (dispatcher_fuzz, headers_fuzz):
// the parts HttpServer owns, wired the same way, and the checks an answer must pass.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>
#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "protocol/headers.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/sse.hpp"
#include "reference_server/catalog.hpp"
#include "reference_server/dispatcher.hpp"
#include "reference_server/http_admission.hpp"
#include "reference_server/http_streamable.hpp"
#include "reference_server/options.hpp"
#include "reference_server/session.hpp"
#include "reference_server/sse_streams.hpp"

namespace mcp::fuzz {

using namespace mcp::server;

/// The parts HttpServer owns, wired the same way, minus the socket.
struct Server {
  explicit Server(Options base)
      : options(with_fuzz_limits(std::move(base))),
        catalog(make_reference_catalog()),
        dispatcher(ServerInfo{.version = "fuzz"}, *catalog, 0, hooks.mcp),
        sessions(options.max_sessions, std::chrono::seconds(0)),
        streams(options.max_streams, {&sessions}),
        background(4),
        admission(options, hooks.http, sessions, session_header),
        streamable({.options = options,
                    .hooks = hooks.http,
                    .dispatcher = dispatcher,
                    .admission = admission,
                    .sessions = sessions,
                    .streams = streams,
                    .background = background},
                   session_header) {
    dispatcher.set_notifier([this](const Json& notification, const std::string& uri) {
      sessions.for_each([&](Session& session) {
        if (uri.empty() || session.subscribed(uri)) session.notify(notification);
      });
    });
    // Tools that sleep or wait for the client's answer (up to 60 s) would
    // only measure the clock; the instant tools exercise the same paths.
    for (const Tool* tool : catalog->tools.listed())
      if (tool->long_running) catalog->tools.set_hidden(tool->name, true);
  }

  // As HttpServer stops: the pool's workers must be joined before it goes.
  ~Server() {
    dispatcher.cancel_all();
    sessions.shutdown();
    background.shutdown();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  static Options with_fuzz_limits(Options o) {
    o.max_streams = 8;
    o.session_idle_timeout_s = 0;
    o.sse_keepalive_s = 1;
    return o;
  }

  Options options;
  Hooks hooks;
  std::string session_header = headers::kSessionId;
  std::unique_ptr<Catalog> catalog;
  Dispatcher dispatcher;
  SessionStore sessions;
  StreamPool streams;
  httplib::ThreadPool background;
  Admission admission;
  StreamableHttp streamable;
};

inline httplib::Request make_post(std::string body, const std::string& version) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/mcp";
  req.body = std::move(body);
  req.set_header("Host", "127.0.0.1:3000");
  req.set_header("Content-Type", "application/json");
  req.set_header("Accept", "application/json, text/event-stream");
  if (!version.empty()) req.set_header(headers::kProtocolVersion, version);
  return req;
}

/// Reads an SSE answer as a client would, until it ends; a client of
/// subscriptions/listen leaves after the first message.
inline std::string read_stream(httplib::Response& res, bool leave_early) {
  std::string text;
  bool done = false;
  httplib::DataSink sink;
  sink.write = [&](const char* data, std::size_t size) {
    text.append(data, size);
    return true;
  };
  sink.is_writable = [] { return true; };
  sink.done = [&] { done = true; };
  for (int calls = 0; !done && calls < 64; ++calls) {
    const auto before = text.size();
    if (!res.content_provider_(text.size(), 0, sink)) break;
    // A keep-alive comment: nothing more is coming soon.
    if (text.compare(before, 2, ": ") == 0) break;
    if (leave_early && !text.empty()) break;
  }
  res.content_provider_success_ = done;
  return text;
}

/// A response, or the error for a message whose id could not be read (id null
/// or, under some versions, absent).
inline void check_response(const Json& message) {
  FUZZ_CHECK(message.is_object() && message.value("jsonrpc", "") == "2.0");
  FUZZ_CHECK(message.contains("result") != message.contains("error"));
  if (const auto error = message.find("error"); error != message.end()) {
    FUZZ_CHECK(error->is_object() && error->at("code").is_number_integer() &&
               error->at("message").is_string());
  } else {
    FUZZ_CHECK(jsonrpc::is_valid_id(message.at("id")));
  }
  if (message.contains("id"))
    FUZZ_CHECK(message["id"].is_null() || jsonrpc::is_valid_id(message["id"]));
}

inline void check_json_answer(const std::string& body) {
  auto parsed = jsonrpc::parse(body, 1000);
  FUZZ_CHECK(parsed.value.has_value());
  const Json& value = *parsed.value;
  FUZZ_CHECK(value.is_object() || (value.is_array() && !value.empty()));
  for (const auto& message : value.is_array() ? value : Json::array({value}))
    check_response(message);
}

inline void check_sse_answer(const std::string& text) {
  mcp::sse::Decoder decoder;
  std::vector<mcp::sse::Event> events;
  FUZZ_CHECK(decoder.feed(text, events));
  for (const auto& event : events) {
    if (event.data.empty()) continue;  // the priming event
    const auto message = jsonrpc::parse(event.data, 1000);
    FUZZ_CHECK(message.value && jsonrpc::classify(*message.value).kind != jsonrpc::Kind::kInvalid);
  }
}

/// Posts `req` and checks the answer: a status, and JSON-RPC responses in a
/// JSON body or an SSE stream (read to its end, or, for a listener, to its first message).
inline void post_and_check(Server& server, const httplib::Request& req, bool listen) {
  httplib::Response res;
  server.streamable.post(req, res);
  if (res.content_provider_) {
    FUZZ_CHECK(res.status == -1 || res.status == 200);  // -1: httplib's default, sent as 200
    check_sse_answer(read_stream(res, listen));
  } else {
    FUZZ_CHECK(res.status >= 200 && res.status < 600);
    if (!res.body.empty()) {
      FUZZ_CHECK(res.get_header_value("Content-Type") == "application/json");
      check_json_answer(res.body);
    } else {
      FUZZ_CHECK(res.status == 202);
    }
  }
}

}  // namespace mcp::fuzz
