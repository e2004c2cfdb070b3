#include "conformance/checks/call_stream.hpp"

#include <algorithm>

#include "protocol/jsonrpc.hpp"

namespace mcp::conformance {

client::HttpResponse post_tool_call(CheckContext& c, const std::string& name, const Json& arguments,
                                    const Json& meta, const Json& id) {
  Json params{{"name", name}, {"arguments", arguments}};
  if (meta.is_object() && !meta.empty()) params["_meta"] = meta;
  const auto request = modern_request(c, "tools/call", std::move(params), id);
  const auto& tools = c.facts().tools;
  const auto tool =
      std::find_if(tools.begin(), tools.end(), [&](const Json& t) { return name_of(t) == name; });
  std::vector<modern::HeaderParam> header_params;
  if (tool != tools.end()) {
    std::string problem;
    if (auto declared = modern::header_params(input_schema(*tool), &problem))
      header_params = *declared;
  }
  return post_modern(c, request, {}, header_params);
}

std::vector<Json> answer_messages(const client::HttpResponse& r) {
  if (!r.sse) return jsonrpc::parse_messages(r.body);
  std::vector<Json> out;
  for (const auto& event : r.events) {
    if (event.data.empty()) continue;  // priming events and keep-alives
    for (auto& m : jsonrpc::parse_messages(event.data))
      out.push_back(std::move(m));
  }
  return out;
}

}  // namespace mcp::conformance
