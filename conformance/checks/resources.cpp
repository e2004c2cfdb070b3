// Spec page server/resources: listing, reading, templates, subscriptions.
#include <random>
#include <set>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const Needs kResources{.capability = "resources"};

bool has_result(const client::CallResult& r) {
  return r.ok() && r.response->contains("result");
}

bool empty_result(const Json& result) {
  if (!result.is_object()) return false;
  for (const auto& [key, unused] : result.items()) {
    if (key != "_meta") return false;
  }
  return true;
}

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

bool is_base64(const std::string& text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (padding || !(std::isalnum(ch) || ch == '+' || ch == '/')) {
      return false;
    }
  }
  return true;
}

std::string uri_of(const Json& resource) {
  return resource.is_object() && resource.value("uri", Json()).is_string()
             ? resource["uri"].get<std::string>()
             : "?";
}

struct Walk {
  std::vector<Json> pages;  // each page's whole response
  std::vector<Json> items;
  std::string problem;  // why the walk stopped early
};

/// Every page of a list method (at most 100), stopping at the first problem.
Walk walk(McpSession& s, const std::string& method, const std::string& key) {
  Walk out;
  Json params = Json::object();
  std::set<std::string> cursors;
  for (int page = 0; page < 100; ++page) {
    const auto r = s.request(method, params);
    if (!has_result(r)) {
      out.problem = method + (page ? " page " + std::to_string(page + 1) : std::string()) +
                    " answered " + describe(r);
      return out;
    }
    out.pages.push_back(*r.response);
    const auto& result = (*r.response)["result"];
    if (!result.is_object() || !result.value(key, Json()).is_array()) {
      out.problem = "a result without a " + key + " array: " + brief(result);
      return out;
    }
    for (const auto& item : result[key])
      out.items.push_back(item);
    const auto next = result.value("nextCursor", Json());
    if (next.is_null()) return out;
    if (!next.is_string() || !cursors.insert(next.get<std::string>()).second) {
      out.problem = "nextCursor " + next.dump() + " (not a string, or handed out twice)";
      return out;
    }
    params["cursor"] = next;
  }
  out.problem = "more than 100 pages";
  return out;
}

/// The first schema problem of any page, or "".
std::string schema_problem(CheckContext& c, const Walk& w, const std::string& method) {
  for (const auto& page : w.pages) {
    const auto problems = c.schemas().validate(c.version(), page, method);
    if (!problems.empty()) return problems.front();
  }
  return "";
}

/// Why a resources/read result is not a valid ReadResourceResult, or "".
std::string contents_problem(const Json& result) {
  const auto contents = result.is_object() ? result.value("contents", Json()) : Json();
  if (!contents.is_array()) return "no contents array: " + brief(result);
  for (const auto& item : contents) {
    if (!item.is_object() || !item.value("uri", Json()).is_string())
      return "a contents item without a string uri: " + brief(item, 120);
    const bool text = item.contains("text");
    const bool blob = item.contains("blob");
    if (!text && !blob) return "a contents item with neither text nor blob: " + brief(item, 120);
    if (text && !item["text"].is_string()) return "text that is not a string: " + brief(item, 120);
    if (blob && (!item["blob"].is_string() || !is_base64(item["blob"].get<std::string>())))
      return "a blob that is not valid base64: " + brief(item, 120);
    if (item.contains("mimeType") && !item["mimeType"].is_string())
      return "mimeType that is not a string: " + brief(item, 120);
  }
  return "";
}

/// Checks the RFC 6570 shape of a template: balanced, non-empty, unnested braces.
bool plausible_template(const std::string& t) {
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{') {
      if (open) return false;
      open = true;
      start = i;
    } else if (t[i] == '}') {
      if (!open || i == start + 1) return false;
      open = false;
    }
  }
  return !open;
}

}  // namespace

void register_resources_checks(Registry& registry) {
  registry.add(
      {.id = "resources.capability",
       .title = "A server with resources declares the resources capability",
       .area = "resources",
       .section = "server/resources#capabilities",
       .level = Level::kMust,
       .versions = kAllVersions,
       .requirement = "resources.capability",
       .description =
           "Declared: capabilities.resources is an object (subscribe and listChanged booleans "
           "when present) and resources/list answers. Not declared: resources/list must not "
           "list any resources."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto r = s->request("resources/list");
        if (c.facts().has_capability("resources")) {
          const auto& capability = c.facts().capabilities["resources"];
          if (!capability.is_object())
            return Outcome::fail("capabilities.resources, an object", brief(capability));
          for (const char* flag : {"subscribe", "listChanged"}) {
            if (capability.contains(flag) && !capability[flag].is_boolean())
              return Outcome::fail(std::string(flag) + ", a boolean", brief(capability));
          }
          if (!has_result(r))
            return Outcome::fail("resources/list to answer (resources is declared)", describe(r));
          return Outcome::pass();
        }
        if (has_result(r)) {
          const auto listed = (*r.response)["result"].value("resources", Json::array());
          if (listed.is_array() && !listed.empty())
            return Outcome::fail("the resources capability declared",
                                 "resources/list lists " + std::to_string(listed.size()) +
                                     " resource(s) without it");
        }
        return Outcome::pass("no resources capability, and no resources listed");
      });

  registry.add(
      {.id = "resources.list.schema",
       .title = "resources/list answers a valid ListResourcesResult",
       .area = "resources",
       .section = "server/resources#listing-resources",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kResources,
       .requirement = "resources.list.schema",
       .description = "Every page validates against the version's ListResourcesResult; every "
                      "resource has string uri and name; title, description and mimeType are "
                      "strings and size a number when present."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto w = walk(*s, "resources/list", "resources");
        if (w.pages.empty()) return Outcome::fail("a resources/list result", w.problem);
        if (const auto problem = schema_problem(c, w, "resources/list"); !problem.empty())
          return Outcome::fail(
              "a ListResourcesResult valid against the " + c.version_text() + " schema", problem);
        for (const auto& r : w.items) {
          if (!r.is_object() || !r.value("uri", Json()).is_string() ||
              !r.value("name", Json()).is_string())
            return Outcome::fail("every resource with string uri and name", brief(r));
          for (const char* key : {"title", "description", "mimeType"}) {
            if (r.contains(key) && !r[key].is_string())
              return Outcome::fail(std::string(key) + ", a string (" + uri_of(r) + ")",
                                   brief(r[key]));
          }
          if (r.contains("size") && !r["size"].is_number())
            return Outcome::fail("size, a number (" + uri_of(r) + ")", brief(r["size"]));
        }
        if (!w.problem.empty()) return Outcome::fail("every page of resources/list", w.problem);
        return Outcome::pass(std::to_string(w.items.size()) + " resource(s)");
      });

  registry.add(
      {.id = "resources.read.schema",
       .title = "resources/read answers contents with uri and text or base64 blob",
       .area = "resources",
       .section = "server/resources#reading-resources",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kResources,
       .requirement = "resources.read.schema",
       .description =
           "Reads every listed resource (at most 20): the result must validate against the "
           "version's ReadResourceResult; each contents item has a string uri and a string text "
           "or a blob that decodes as base64."},
      [](CheckContext& c) {
        if (c.facts().resources.empty()) return Outcome::skip("the server lists no resources");
        auto s = session(c);
        std::size_t read = 0;
        for (const auto& resource : c.facts().resources) {
          if (read >= 20) break;
          if (!resource.is_object() || !resource.value("uri", Json()).is_string()) continue;
          const auto r = s->request("resources/read", {{"uri", resource["uri"]}});
          if (!has_result(r))
            return Outcome::fail("the contents of listed resource " + uri_of(resource),
                                 describe(r));
          if (const auto problem = contents_problem((*r.response)["result"]); !problem.empty())
            return Outcome::fail("valid contents for " + uri_of(resource), problem);
          const auto problems = c.schemas().validate(c.version(), *r.response, "resources/read");
          if (!problems.empty())
            return Outcome::fail("a ReadResourceResult for " + uri_of(resource) +
                                     " valid against the " + c.version_text() + " schema",
                                 problems.front());
          ++read;
        }
        return Outcome::pass(std::to_string(read) + " resource(s) read");
      });

  registry.add({.id = "resources.read.not-found",
                .title = "Reading a resource that does not exist gets -32002",
                .area = "resources",
                .section = "server/resources#error-handling",
                .level = Level::kShould,
                .versions = kAllVersions,
                .needs = kResources,
                .requirement = "resources.read.not-found",
                .description = "Reads x-conformance://missing/<random>: -32002 passes, -32602 is "
                               "accepted; another error, or any result (even empty contents), is a "
                               "warning."},
               [](CheckContext& c) {
                 auto s = session(c);
                 const auto uri = "x-conformance://missing/" + random_suffix();
                 const auto r = s->request("resources/read", {{"uri", uri}});
                 const auto code = error_code(r);
                 if (code == jsonrpc::kResourceNotFound) return Outcome::pass();
                 if (code == jsonrpc::kInvalidParams)
                   return Outcome::pass("answered -32602 (accepted)");
                 return Outcome::fail("error -32002 (resource not found) for " + uri, describe(r));
               });

  registry.add(
      {.id = "resources.uri.validate",
       .title = "Path traversal and malformed URIs get an error, never contents",
       .area = "resources",
       .section = "server/resources#security-considerations",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kResources,
       .requirement = "resources.uri.validate",
       .description = "Reads file:///../../etc/passwd, an encoded variant, and malformed URIs "
                      "(spaces, an unclosed IPv6 host, no scheme): each must get a JSON-RPC "
                      "error (URIs the server itself lists are left out)."},
      [](CheckContext& c) {
        std::set<std::string> listed;
        for (const auto& r : c.facts().resources)
          listed.insert(uri_of(r));
        auto s = session(c);
        const std::vector<std::string> uris{
            "file:///../../etc/passwd", "file:///..%2F..%2F..%2Fetc%2Fpasswd", "not a uri at all",
            "http://[::1/x", "../../../etc/passwd"};
        for (const auto& uri : uris) {
          if (listed.count(uri)) continue;
          const auto r = s->request("resources/read", {{"uri", uri}});
          if (has_result(r)) {
            const auto text = (*r.response)["result"].dump();
            return Outcome::fail(
                "an error for " + uri,
                std::string(text.find("root:") != std::string::npos ? "the system's passwd file: "
                                                                    : "contents: ") +
                    describe(r));
          }
          if (!r.response && !is_4xx(r.http_status))
            return Outcome::fail("an error for " + uri, describe(r));
        }
        return Outcome::pass();
      });

  registry.add(
      {.id = "resources.templates",
       .title = "resources/templates/list answers valid resource templates",
       .area = "resources",
       .section = "server/resources#resource-templates",
       .level = Level::kMust,
       .versions = kAllVersions,
       .needs = kResources,
       .requirement = "resources.templates",
       .description =
           "Walks every page: each validates against the version's ListResourceTemplatesResult; "
           "every template has a string name and an RFC 6570 uriTemplate (balanced, non-empty "
           "expressions)."},
      [](CheckContext& c) {
        auto s = session(c);
        const auto w = walk(*s, "resources/templates/list", "resourceTemplates");
        if (w.pages.empty()) return Outcome::fail("a resources/templates/list result", w.problem);
        if (const auto problem = schema_problem(c, w, "resources/templates/list"); !problem.empty())
          return Outcome::fail(
              "a ListResourceTemplatesResult valid against the " + c.version_text() + " schema",
              problem);
        for (const auto& t : w.items) {
          if (!t.is_object() || !t.value("name", Json()).is_string() ||
              !t.value("uriTemplate", Json()).is_string())
            return Outcome::fail("every template with string uriTemplate and name", brief(t));
          if (!plausible_template(t["uriTemplate"].get<std::string>()))
            return Outcome::fail("an RFC 6570 uriTemplate", t["uriTemplate"].dump());
        }
        if (!w.problem.empty())
          return Outcome::fail("every page of resources/templates/list", w.problem);
        return Outcome::pass(std::to_string(w.items.size()) + " template(s)");
      });

  registry.add(
      {.id = "resources.subscribe",
       .title = "resources/subscribe and unsubscribe answer {}",
       .area = "resources",
       .section = "server/resources#subscriptions",
       .level = Level::kShould,
       .versions = kAllVersions,
       .needs = {.capability = "resources.subscribe"},
       .requirement = "resources.subscribe",
       .description = "Subscribes to the first listed resource, then unsubscribes: both must "
                      "answer an empty result. (Update notifications need a change the harness "
                      "cannot make.)"},
      [](CheckContext& c) {
        std::string uri;
        for (const auto& r : c.facts().resources) {
          if (uri_of(r) != "?") {
            uri = uri_of(r);
            break;
          }
        }
        if (uri.empty()) return Outcome::skip("the server lists no resources to subscribe to");
        auto s = session(c);
        for (const char* method : {"resources/subscribe", "resources/unsubscribe"}) {
          const auto r = s->request(method, {{"uri", uri}});
          if (!has_result(r) || !empty_result((*r.response)["result"]))
            return Outcome::fail(std::string("an empty result for ") + method + " " + uri,
                                 describe(r));
        }
        return Outcome::pass();
      });
}

}  // namespace mcp::conformance
