// The base JSON-RPC checks that send a message as it is (malformed on purpose),
// in the form each transport allows. base.cpp holds the checks and their
// Streamable HTTP form (a raw POST whose answer is the POST's own); here is the
// form of stdio (a raw line on stdin, answered on stdout) and of the HTTP+SSE
// transport (a raw POST to the session's endpoint, answered on its stream).
#pragma once

#include "conformance/checks/check_util.hpp"

namespace mcp::conformance {

/// A well-formed request of session `s` (at 2026-07-28 with its envelope), for
/// a check to break one member of.
Json plain_request(CheckContext& c, McpSession& s, const Json& id);

/// True for a message with an error member.
bool is_error_message(const Json& message);

/// A check that runs `streamable` over Streamable HTTP and `on_stream` over
/// stdio and HTTP+SSE.
CheckFunction by_transport(CheckFunction streamable, CheckFunction on_stream);

/// The stdio and HTTP+SSE forms of base.error.id, base.error.parse,
/// base.error.invalid-request, base.request.id-not-null,
/// base.notification.no-response, base.batch.receive and base.batch.removed.
Outcome error_id_on_stream(CheckContext& c);
Outcome parse_on_stream(CheckContext& c);
Outcome invalid_request_on_stream(CheckContext& c);
Outcome id_not_null_on_stream(CheckContext& c);
Outcome no_response_on_stream(CheckContext& c);
Outcome batch_receive_on_stream(CheckContext& c);
Outcome batch_removed_on_stream(CheckContext& c);

}  // namespace mcp::conformance
