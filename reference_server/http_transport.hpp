// What the two HTTP transports (Streamable HTTP and HTTP+SSE) share: the parts
// of the server they work with, all owned by HttpServer and outliving them.
#pragma once

namespace httplib {
class ThreadPool;
}  // namespace httplib

namespace mcp::server {

class Admission;
class Dispatcher;
class SessionStore;
class StreamPool;
struct HttpHooks;
struct Options;

struct TransportParts {
  const Options& options;
  const HttpHooks& hooks;
  Dispatcher& dispatcher;
  const Admission& admission;
  SessionStore& sessions;           // the transport's own sessions
  StreamPool& streams;              // slots for SSE answers, shared
  httplib::ThreadPool& background;  // runs requests answered on a stream
};

class HttpTransport {
 protected:
  explicit HttpTransport(const TransportParts& parts)
      : options_(parts.options),
        hooks_(parts.hooks),
        dispatcher_(parts.dispatcher),
        admission_(parts.admission),
        sessions_(parts.sessions),
        streams_(parts.streams),
        background_(parts.background) {}

  const Options& options_;
  const HttpHooks& hooks_;
  Dispatcher& dispatcher_;
  const Admission& admission_;
  SessionStore& sessions_;
  StreamPool& streams_;
  httplib::ThreadPool& background_;
};

}  // namespace mcp::server
