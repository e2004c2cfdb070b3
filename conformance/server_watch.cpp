// Noticing, once, that the server went away in the middle of a run.
#include "conformance/server_watch.hpp"

#include <algorithm>
#include <atomic>

#include "client/http_client.hpp"

namespace mcp::conformance {
namespace {

using reports::Verdict;

/// A request of the check got no answer at all: no status, no event, an error.
bool went_unanswered(const client::Exchange& e) {
  return e.transport != "stdio" && e.status == 0 && e.events.empty() && !e.error.empty();
}

/// Any HTTP answer to a plain GET of the endpoint, within seconds: a 405, a 404
/// or an opened stream all say a server is there.
bool still_answers(const Target& target) {
  client::HttpClient http(nullptr, target.limits);
  client::HttpRequest request{.method = "GET", .url = target.url, .headers = target.headers};
  request.headers.emplace_back("Accept", "text/event-stream");
  std::atomic<bool> answered{false};
  const client::StreamHandlers handlers{
      .on_headers = [&](int, const client::Headers&) { answered = true; },
      .on_event = [](const sse::Event&) { return false; }};
  const client::Deadlines quick{.connect = std::chrono::seconds(3),
                                .first_byte = std::chrono::seconds(5),
                                .idle = std::chrono::seconds(1),
                                .total = std::chrono::seconds(6)};
  const auto response = http.send(request, quick, "is the server still there", handlers);
  return answered || response.status > 0;
}

}  // namespace

ServerWatch::ServerWatch(const Target& target) : target_(target) {}

std::optional<ServerGone> ServerWatch::gone() const {
  const std::lock_guard lock(mutex_);
  return gone_;
}

bool ServerWatch::after(const std::string& check, const std::string& version,
                        const std::vector<client::Exchange>& exchanges) {
  // A stdio server is started anew for each check: there is no one server to lose.
  if (target_.is_stdio()) return false;
  const auto unanswered = std::find_if(exchanges.begin(), exchanges.end(), went_unanswered);
  if (unanswered == exchanges.end()) return false;
  // One probe at a time: checks failing together wait for its answer rather than
  // each asking again.
  const std::lock_guard lock(mutex_);
  if (gone_) return true;
  if (still_answers(target_)) return false;
  gone_ = ServerGone{.check = check, .version = version, .why = unanswered->error};
  return true;
}

std::string ServerWatch::not_run_reason() const {
  const std::lock_guard lock(mutex_);
  if (!gone_) return {};
  return "not run: the server stopped answering during " + gone_->check + " (" + gone_->version +
         ")";
}

}  // namespace mcp::conformance
