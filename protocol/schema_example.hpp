// Example values for JSON Schemas: the arguments a client sends to a tool when
// nobody chose any (mock-openai's default call, the checks' call-tool).
#pragma once

#include <optional>
#include <string>

#include "protocol/jsonrpc.hpp"

namespace mcp::schema {

/// Arguments for calling a tool when nobody chose any: a JSON object that satisfies
/// `input_schema`, holding only what the schema requires. Values are the const or the
/// enum's first value when there is one. Strings are "example" stretched or cut to
/// minLength/maxLength, a sample of a known format (date-time, date, uri, email, uuid...),
/// or a short candidate matching `pattern`; numbers prefer 1, else the bound nearest to it that
/// minimum, maximum, their exclusive forms and multipleOf allow; booleans are true; arrays hold
/// minItems items; objects recurse; $ref into the same schema ("#/definitions/..", "#/$defs/..")
/// and allOf are merged in; anyOf/oneOf take the first branch that works, preferring
/// non-null ones; a type array takes its first non-null type. The result is checked with
/// Validator before it is returned. Returns nullopt and sets *why_not when
/// no such value can be made (a required recursion, bounds nothing satisfies, a schema
/// that is not an object...).
std::optional<Json> example_arguments(const Json& input_schema, std::string* why_not);

}  // namespace mcp::schema
