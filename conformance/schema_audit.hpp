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
  /// data), each prefixed with the exchange label. The request of the same
  /// exchange (else any request with that id) tells which method a response
  /// answers. An exchange whose MCP-Protocol-Version header names another
  /// version is checked against that version's schema, or skipped when it is
  /// one without a schema here; exchanges labelled kNotMcp are skipped.
  std::vector<std::string> audit(ProtocolVersion version,
                                 const std::vector<client::Exchange>& exchanges) const;

  /// Label suffix of requests to URLs that are not the MCP endpoint (/health).
  static constexpr std::string_view kNotMcp = " (not MCP)";

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
