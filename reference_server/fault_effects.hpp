// What the faults of faults.cpp and faults_modern.cpp do, where it takes more
// than a few lines: each function has the shape of the hook it is added to
// (hooks.hpp).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "reference_server/hooks.hpp"

namespace mcp::server {

// MCP core
void write_error_code_as_string(const Json& request, Json& response);
void break_echo_schema(Json& tools_list_result);
void step_down_version(std::span<const ProtocolVersion> served, ProtocolVersion& version);
void unpad_version(Json& initialize_result);
void write_required_as_string(Json& prompts_list_result);
void write_resource_sizes_as_strings(const ResultContext& context, Json& result);
void write_images_as_data_urls(Json& tools_call_result);
void add_cursor_past_the_end(const ResultContext& context, Json& result);

// HTTP
void reinterpret_as_latin1(std::string& body);
void serve_null_id(InvalidMessage& invalid);
void serve_any_jsonrpc_version(InvalidMessage& invalid);
void fail_unknown_cancellation(PostedMessage& posted);
void answer_on_get_stream(PostedRequest& posted);
void send_late_progress(SseAnswer& answer);
void admit_known_session(AuthFailure& failure);
void admit_initialize(AuthFailure& failure);
void drop_cors_headers(httplib::Response& res);
void answer_in_post_body(LegacyRequest& request);

// 2026-07-28 (fault_effects_modern.cpp)
void serve_without_capabilities(const Json& request, const modern::EnvelopeProblem& problem,
                                std::optional<modern::Envelope>& envelope);
void ask_for_undeclared_capability(Json& error);
void notify_before_acknowledging(const Emit& emit, Json& ack);
void require_exact_header_names(HeaderComparison& comparison);
void compare_base64_undecoded(HeaderComparison& comparison);
void admit_foreign_origin_to_modern(const httplib::Request& req, bool& refuse);
void duplicate_header_mark(Json& tools_list_result);
void cancel_ahead_of_answer(const httplib::Request& req, httplib::Response& res);

}  // namespace mcp::server
