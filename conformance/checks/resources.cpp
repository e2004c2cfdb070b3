// Spec page server/resources: listing, reading, templates, subscriptions.
#include <set>

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {
namespace {

const std::string kResourcesArea = "resources";
const Needs kResources{.capability = "resources"};

std::string uri_of(const Json& resource) {
  const auto uri = member(resource, "uri");
  return uri.is_string() ? uri.get<std::string>() : "?";
}

const CheckInfo kResourcesCapability{
    .id = "resources.capability",
    .title = "A server with resources declares the resources capability",
    .area = kResourcesArea,
    .section = "server/resources#capabilities",
    .rule =
        "A server that offers resources declares the resources capability, with subscribe "
        "and listChanged as booleans when given.",
    .versions = kEveryVersion,
    .description =
        "Declared: capabilities.resources is an object (subscribe and listChanged "
        "booleans when present) and resources/list answers. Not declared: "
        "resources/list must not list any resources."};

const CheckInfo kResourcesListSchema{
    .id = "resources.list.schema",
    .title = "resources/list answers a valid ListResourcesResult",
    .area = kResourcesArea,
    .section = "server/resources#listing-resources",
    .rule = "resources/list answers a list of resources, each with a string uri and name.",
    .versions = kEveryVersion,
    .needs = kResources,
    .description =
        "Every page validates against the version's ListResourcesResult; every "
        "resource has string uri and name; title, description and mimeType are strings "
        "and size a number when present."};

/// Why a listed resource breaks the Resource type, or "".
std::string resource_problem(const Json& r) {
  if (!member(r, "uri").is_string() || !member(r, "name").is_string())
    return "a resource without string uri and name: " + brief(r);
  for (const char* key : {"title", "description", "mimeType"}) {
    if (r.contains(key) && !r[key].is_string())
      return std::string(key) + " that is not a string (" + uri_of(r) + "): " + brief(r[key]);
  }
  if (r.contains("size") && !r["size"].is_number())
    return "size that is not a number (" + uri_of(r) + "): " + brief(r["size"]);
  return "";
}

const ListShape kResourceList{.method = "resources/list",
                              .key = "resources",
                              .result_type = "ListResourcesResult",
                              .noun = "resource",
                              .item_problem = resource_problem};

const CheckInfo kReadSchema{
    .id = "resources.read.schema",
    .title = "resources/read answers contents with uri and text or base64 blob",
    .area = kResourcesArea,
    .section = "server/resources#reading-resources",
    .rule =
        "resources/read answers contents that each carry a uri and either text or a "
        "base64 blob.",
    .versions = kEveryVersion,
    .needs = {.capability = "resources", .listed = "resources/list"},
    .description =
        "Reads every listed resource (at most 20): the result must validate against the version's "
        "ReadResourceResult; each contents item has a string uri and a string text or a blob "
        "that decodes as base64. At 2026-07-28 a resource refused with -32021 (it needs a client "
        "capability the check does not declare) is not judged."};

/// Why a resources/read result is not a valid ReadResourceResult, or "".
std::string contents_problem(const Json& result) {
  const auto contents = member(result, "contents");
  if (!contents.is_array()) return "no contents array: " + brief(result);
  for (const auto& item : contents) {
    if (!member(item, "uri").is_string())
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

Outcome read_schema(CheckContext& c) {
  if (c.facts().resources.empty()) return Outcome::skip("the server lists no resources");
  auto s = session(c);
  std::size_t read = 0;
  std::string needs_capability;
  for (const auto& resource : c.facts().resources) {
    if (read >= 20) break;
    if (!member(resource, "uri").is_string()) continue;
    const auto r = s->request("resources/read", {{"uri", resource["uri"]}});
    // 2026-07-28: a read that needs a client capability this check does not
    // declare is refused so, rightly; there are no contents to judge.
    if (error_code(r) == jsonrpc::kMissingRequiredClientCapability && is_modern(c.version())) {
      needs_capability += (needs_capability.empty() ? "" : ", ") + uri_of(resource);
      continue;
    }
    if (!has_result(r))
      return Outcome::fail("the contents of listed resource " + uri_of(resource), describe(r));
    if (const auto problem = contents_problem(result_of(r)); !problem.empty())
      return Outcome::fail("valid contents for " + uri_of(resource), problem);
    if (const auto problem = schema_problem(c, {*r.response}, "resources/read"); !problem.empty())
      return Outcome::fail("a ReadResourceResult for " + uri_of(resource) + " valid against the " +
                               c.version_text() + " schema",
                           problem);
    ++read;
  }
  return Outcome::pass(
      std::to_string(read) + " resource(s) read" +
      (needs_capability.empty()
           ? ""
           : "; not judged, needing an undeclared client capability: " + needs_capability));
}

const CheckInfo kReadNotFound{
    .id = "resources.read.not-found",
    .title = "Reading a resource that does not exist gets -32002",
    .area = kResourcesArea,
    .section = "server/resources#error-handling",
    .rule = "Reading a resource that does not exist gets error -32002 (resource not found).",
    .level = Level::kShould,
    .needs = kResources,
    .description =
        "Reads x-conformance://missing/<random>: -32002 passes, -32602 is accepted; "
        "another error, or any result (even empty contents), is a warning."};

Outcome read_not_found(CheckContext& c) {
  auto s = session(c);
  const auto uri = "x-conformance://missing/" + random_suffix();
  const auto r = s->request("resources/read", {{"uri", uri}});
  const auto code = error_code(r);
  if (code == jsonrpc::kResourceNotFound) return Outcome::pass();
  if (code == jsonrpc::kInvalidParams) return Outcome::pass("answered -32602 (accepted)");
  return Outcome::fail("error -32002 (resource not found) for " + uri, describe(r));
}

const CheckInfo kUnknownUri{
    .id = "resources.read.unknown-uri",
    .title = "Reading a resource that does not exist gets -32602 (2026-07-28)",
    .area = kResourcesArea,
    .section = "server/resources#error-handling",
    .rule =
        "Reading a resource that does not exist gets error -32602, never an empty list of "
        "contents.",
    .versions = kModernVersions,
    .needs = kResources,
    .requirement = "resources.read.not-found",
    .description =
        "2026-07-28 retired -32002: reads x-conformance://missing/<random> and expects error "
        "-32602 (with the uri in its data, which is only noted when missing); -32002, another "
        "error or any result (even empty contents) fails."};

Outcome read_unknown_uri(CheckContext& c) {
  auto s = session(c);
  const auto uri = "x-conformance://missing/" + random_suffix();
  const auto r = s->request("resources/read", {{"uri", uri}});
  if (error_code(r) != jsonrpc::kInvalidParams)
    return Outcome::fail("error -32602 for " + uri, describe(r));
  const auto data_uri = member(member(member(*r.response, "error"), "data"), "uri");
  return Outcome::pass(data_uri == uri ? "" : "error.data.uri does not name the uri");
}

const CheckInfo kUriValidate{
    .id = "resources.uri.validate",
    .title = "Path traversal and malformed URIs get an error, never contents",
    .area = kResourcesArea,
    .section = "server/resources#security-considerations",
    .rule =
        "The server validates every resource URI it is asked for, so path traversal and "
        "malformed URIs get an error and never contents.",
    .versions = kEveryVersion,
    .needs = kResources,
    .description =
        "Reads file:///../../etc/passwd, an encoded variant, and malformed URIs "
        "(spaces, an unclosed IPv6 host, no scheme): each must get a JSON-RPC error "
        "(URIs the server itself lists are left out)."};

Outcome uri_validate(CheckContext& c) {
  std::set<std::string> listed;
  for (const auto& r : c.facts().resources)
    listed.insert(uri_of(r));
  auto s = session(c);
  for (const std::string uri : {"file:///../../etc/passwd", "file:///..%2F..%2F..%2Fetc%2Fpasswd",
                                "not a uri at all", "http://[::1/x", "../../../etc/passwd"}) {
    if (listed.count(uri)) continue;
    const auto r = s->request("resources/read", {{"uri", uri}});
    if (has_result(r)) {
      const bool passwd = result_of(r).dump().find("root:") != std::string::npos;
      return Outcome::fail("an error for " + uri,
                           (passwd ? "the system's passwd file: " : "contents: ") + describe(r));
    }
    if (!r.response && !is_4xx(r.http_status))
      return Outcome::fail("an error for " + uri, describe(r));
  }
  return Outcome::pass();
}

const CheckInfo kTemplates{
    .id = "resources.templates",
    .title = "resources/templates/list answers valid resource templates",
    .area = kResourcesArea,
    .section = "server/resources#resource-templates",
    .rule =
        "resources/templates/list answers templates that each have a name and an RFC 6570 "
        "URI template.",
    .versions = kEveryVersion,
    .needs = kResources,
    .description =
        "Walks every page: each validates against the version's ListResourceTemplatesResult; every "
        "template has a string name and an RFC 6570 uriTemplate (balanced, non-empty "
        "expressions)."};

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

/// Why a listed template breaks the ResourceTemplate type, or "".
std::string template_problem(const Json& t) {
  const auto uri_template = member(t, "uriTemplate");
  if (!member(t, "name").is_string() || !uri_template.is_string())
    return "a template without string uriTemplate and name: " + brief(t);
  if (!plausible_template(uri_template.get<std::string>()))
    return "a uriTemplate that is not RFC 6570: " + uri_template.dump();
  return "";
}

const ListShape kTemplateList{.method = "resources/templates/list",
                              .key = "resourceTemplates",
                              .result_type = "ListResourceTemplatesResult",
                              .noun = "template",
                              .item_problem = template_problem};

const CheckInfo kSubscribe{
    .id = "resources.subscribe",
    .title = "resources/subscribe and unsubscribe answer {}",
    .area = kResourcesArea,
    .section = "server/resources#subscriptions",
    .rule =
        "A server that offers subscriptions answers resources/subscribe and "
        "resources/unsubscribe with an empty result.",
    .level = Level::kShould,
    .needs = {.capability = "resources.subscribe", .listed = "resources/list"},
    .description =
        "Subscribes to the first listed resource, then unsubscribes: both must answer "
        "an empty result. (Update notifications need a change the harness cannot "
        "make.)"};

Outcome subscribe(CheckContext& c) {
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
    if (!empty_result(result_of(r)))
      return Outcome::fail(std::string("an empty result for ") + method + " " + uri, describe(r));
  }
  return Outcome::pass();
}

}  // namespace

void register_resources_checks(Registry& registry) {
  registry.add(kResourcesCapability, capability_check("resources", {"subscribe", "listChanged"}));
  registry.add(kResourcesListSchema, list_check(kResourceList));
  registry.add(kReadSchema, read_schema);
  registry.add(kReadNotFound, read_not_found);
  registry.add(kUnknownUri, read_unknown_uri);
  registry.add(kUriValidate, uri_validate);
  registry.add(kTemplates, list_check(kTemplateList));
  registry.add(kSubscribe, subscribe);
}

}  // namespace mcp::conformance
