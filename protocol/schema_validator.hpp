// JSON Schema validation (valijson behind a small interface, so its heavy
// headers are compiled once, here).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace mcp::schema {

/// A compiled JSON Schema. Compile once, validate many times; thread-safe for
/// concurrent validate() calls.
class Validator {
 public:
  /// Compiles `schema` (draft-07 keywords; $ref into the same document works).
  /// On failure returns nullptr and sets *error.
  static std::unique_ptr<Validator> compile(const Json& schema, std::string* error);

  /// Compiles the definition `name` of a schema document that keeps its
  /// definitions under "definitions" (draft-07) or "$defs" (2020-12).
  static std::unique_ptr<Validator> compile_definition(const Json& document,
                                                       const std::string& name, std::string* error);

  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  /// Problems found, each "<json path>: <what is wrong>"; empty when valid.
  std::vector<std::string> validate(const Json& instance, std::size_t max_problems = 20) const;

 private:
  struct Impl;
  explicit Validator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcp::schema
