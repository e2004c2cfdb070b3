#include "mock_openai/serve_http.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <stdexcept>
#include <thread>

#include "mock_openai/serve_stream.hpp"

namespace mcp::mock::serve {
namespace {

using Clock = std::chrono::steady_clock;

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(jsonrpc::serialize(body) + "\n", "application/json");
}

void send_error(httplib::Response& res, const ApiError& error) {
  send_json(res, error.status, error.body());
}

ApiError plain_error(int status, std::string message, std::string type = "invalid_request_error") {
  ApiError error;
  error.status = status;
  error.message = std::move(message);
  error.type = std::move(type);
  return error;
}

/// Like OpenAI, a request needs "Authorization: Bearer KEY"; unlike it, any key will do.
bool authorized(const httplib::Request& req) {
  const auto value = req.get_header_value("Authorization");
  if (value.size() < 7 ||
      (value.compare(0, 7, "Bearer ") != 0 && value.compare(0, 7, "bearer ") != 0))
    return false;
  return value.find_first_not_of(' ', 7) != std::string::npos;
}

const ApiError& unauthorized() {
  static const ApiError error = plain_error(
      401,
      "You didn't provide an API key. Send one as \"Authorization: Bearer KEY\"; mock-openai "
      "serve accepts any key and never checks or keeps it.");
  return error;
}

/// GET /v1/responses/{id}?stream=true[&starting_after=N]: a stored response's events again
/// (what the SDKs' responses.stream({response_id}) reads), from after event N.
void send_stored_stream(const httplib::Request& req, httplib::Response& res, const Json& response) {
  long long starting_after = -1;
  if (req.has_param("starting_after")) {
    const auto text = req.get_param_value("starting_after");
    std::size_t used = 0;
    try {
      starting_after = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size()) {
      return send_error(res, invalid("starting_after",
                                     "Invalid 'starting_after': expected an "
                                     "integer, got '" +
                                         text + "'.",
                                     "invalid_type"));
    }
  }
  EventStream stream;
  std::vector<Json> events = stream.started(response);
  for (std::size_t i = 0; i < response["output"].size(); ++i) {
    auto item_events = stream.item(response["output"][i], i);
    events.insert(events.end(), item_events.begin(), item_events.end());
  }
  auto end = stream.finished(response);
  events.insert(events.end(), end.begin(), end.end());
  std::string body;
  for (const auto& event : events) {
    if (event["sequence_number"].get<long long>() > starting_after)
      body += EventStream::frame(event);
  }
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body, "text/event-stream");
}

}  // namespace

ResponsesHttpServer::ResponsesHttpServer(HttpOptions http, ServiceOptions service)
    : http_options_(std::move(http)),
      service_(std::move(service)),
      server_(std::make_unique<httplib::Server>()) {
  const auto workers = http_options_.workers;
  server_->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  server_->set_tcp_nodelay(true);
  server_->set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket_ = sock;
  });
  server_->set_payload_max_length(http_options_.max_body_bytes);
  // cpp-httplib closes a keep-alive connection after 5 requests by default: an SDK's
  // connection pool would reconnect every fifth call.
  server_->set_keep_alive_max_count(1000000);
  install_routes();
}

ResponsesHttpServer::~ResponsesHttpServer() {
  stop();
}

int ResponsesHttpServer::bind() {
  port_ = http_options_.port == 0
              ? server_->bind_to_any_port(http_options_.host)
              : (server_->bind_to_port(http_options_.host, http_options_.port) ? http_options_.port
                                                                               : -1);
  if (port_ <= 0) {
    throw std::runtime_error("cannot listen on " + http_options_.host + ":" +
                             std::to_string(http_options_.port) +
                             " (address in use, not local, or not resolvable)");
  }
  // cpp-httplib listens with a backlog of 5; concurrent SDK clients would wait for SYN retries.
  ::listen(listening_socket_, SOMAXCONN);
  return port_;
}

bool ResponsesHttpServer::serve() {
  {
    const std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) return true;
    serving_ = true;
  }
  return server_->listen_after_bind();
}

void ResponsesHttpServer::stop() {
  bool serving = false;
  {
    const std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) return;
    stopped_ = true;
    serving = serving_;
  }
  if (serving) {
    // listen_after_bind() was entered: its loop starts within microseconds.
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!server_->is_running() && Clock::now() < deadline)
      std::this_thread::yield();
  }
  server_->stop();
}

std::string ResponsesHttpServer::base_url() const {
  const bool ipv6 = http_options_.host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + http_options_.host + "]" : http_options_.host) + ":" +
         std::to_string(port_) + "/v1";
}

void ResponsesHttpServer::install_routes() {
  server_->Post("/v1/responses", [this](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req)) return send_error(res, unauthorized());
    auto body = jsonrpc::parse(req.body);
    if (!body.value) {
      return send_error(res, invalid("",
                                     "The request body is not valid JSON (" + body.error +
                                         "); POST /v1/responses takes a JSON object.",
                                     "invalid_json"));
    }
    auto prepared = service_.prepare(*body.value);
    if (const auto* error = std::get_if<ApiError>(&prepared)) return send_error(res, *error);
    auto turn = std::make_shared<Turn>(std::move(std::get<Turn>(prepared)));
    if (!turn->request.stream) {
      auto outcome = service_.run(*turn);
      if (const auto* error = std::get_if<ApiError>(&outcome)) return send_error(res, *error);
      return send_json(res, 200, std::get<Json>(outcome));
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream", [this, turn](std::size_t, httplib::DataSink& sink) {
          const EventSink write = [&sink](const Json& event) {
            const auto frame = EventStream::frame(event);
            return sink.write(frame.data(), frame.size());
          };
          try {
            service_.run(*turn, write);
          } catch (const std::exception& e) {
            EventStream events;
            for (const auto& event :
                 events.error(plain_error(500, std::string("mock-openai serve failed: ") + e.what(),
                                          "server_error")
                                  .body()))
              write(event);
          }
          sink.done();
          return true;
        });
  });
  server_->Get(R"(/v1/responses/([^/]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 if (!authorized(req)) return send_error(res, unauthorized());
                 const std::string id = req.matches[1];
                 if (auto stored = service_.retrieve(id)) {
                   if (req.get_param_value("stream") != "true") return send_json(res, 200, *stored);
                   return send_stored_stream(req, res, *stored);
                 }
                 send_error(res, plain_error(404, "No response with id '" + id +
                                                      "' (only responses stored with store: "
                                                      "true are kept, in memory)."));
               });
  server_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.is_chunked_content_provider_)
          return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 413) {
          send_error(res, plain_error(413, "The request body is larger than " +
                                               std::to_string(http_options_.max_body_bytes) +
                                               " bytes (mock-openai serve --max-body)."));
        } else if (res.status == 404) {
          send_error(res, plain_error(404, "Invalid URL (" + req.method + " " + req.path +
                                               "): mock-openai serve answers POST /v1/responses "
                                               "and GET /v1/responses/{id}."));
        } else {
          send_error(res, plain_error(res.status, "HTTP error " + std::to_string(res.status)));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        send_error(res, plain_error(500, "mock-openai serve failed: " + what, "server_error"));
      });
}

}  // namespace mcp::mock::serve
