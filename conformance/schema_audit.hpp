// Validates what a server sends against the official JSON schema of the
// negotiated protocol version (fixtures/schema/, built into the binary).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/transcript.hpp"
#include "protocol/schema_validator.hpp"
#include "protocol/versions.hpp"

namespace mcp::conformance {

class SchemaAudit {
 public:
  /// Loads the built-in schemas. Throws std::runtime_error if one does not compile.
  SchemaAudit();

  /// Problems with one server message. `request_method` is the method of the
  /// request a response answers (its result is checked against that method's
  /// result type); empty when unknown.
  std::vector<std::string> validate(ProtocolVersion version, const Json& message,
                                    const std::string& request_method = {}) const;

  /// Problems with every server message in `exchanges` (JSON bodies and SSE
  /// data), each prefixed with the exchange label. Requests the client sent in
  /// the same exchanges tell which method each response answers.
  std::vector<std::string> audit(ProtocolVersion version,
                                 const std::vector<client::Exchange>& exchanges) const;

 private:
  const schema::Validator* definition(ProtocolVersion version, const std::string& name) const;

  std::map<ProtocolVersion, Json> documents_;
  std::map<ProtocolVersion, std::map<std::string, std::string>>
      method_definitions_;  // method -> definition
  mutable std::mutex mutex_;
  mutable std::map<std::pair<ProtocolVersion, std::string>, std::unique_ptr<schema::Validator>>
      compiled_;
};

}  // namespace mcp::conformance
