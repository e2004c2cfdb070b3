// Noticing, once, that the server went away in the middle of a run.
#include "conformance/server_watch.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace mcp::conformance {
namespace {

/// A request of the check got no answer at all: no status, no event, an error.
bool went_unanswered(const client::Exchange& e) {
  return e.transport != "stdio" && e.status == 0 && e.events.empty() && !e.error.empty();
}

/// The endpoint still accepts connections (a TCP connect, and TLS for https, within
/// three seconds). A server that accepts and then hangs counts as there: its checks
/// time out one by one, as they always did; what this catches is a server that died.
bool accepts_connections(const Target& target) {
  const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return true;  // cannot tell: assume it is there
  curl_easy_setopt(curl.get(), CURLOPT_URL, target.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 3000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  return curl_easy_perform(curl.get()) == CURLE_OK;
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
  if (accepts_connections(target_)) return false;
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
