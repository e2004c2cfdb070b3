#include "protocol/schema_validator.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace mcp::schema {

struct Validator::Impl {
  valijson::Schema schema;
};

Validator::Validator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Validator::~Validator() = default;

std::unique_ptr<Validator> Validator::compile(const Json& schema, std::string* error) {
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    if (error) *error = std::string("invalid JSON Schema: ") + e.what();
    return nullptr;
  }
  return std::unique_ptr<Validator>(new Validator(std::move(impl)));
}

std::unique_ptr<Validator> Validator::compile_definition(const Json& document,
                                                         const std::string& name,
                                                         std::string* error) {
  const char* container = document.contains("$defs") ? "$defs" : "definitions";
  if (!document.contains(container) || !document[container].contains(name)) {
    if (error) *error = "schema document has no definition \"" + name + "\"";
    return nullptr;
  }
  // A root $ref into the document's own definitions: the rest of the root is
  // ignored by draft-07 semantics, and every inner $ref still resolves.
  Json rooted = document;
  rooted["$ref"] = std::string("#/") + container + "/" + name;
  return compile(rooted, error);
}

std::vector<std::string> Validator::validate(const Json& instance, std::size_t max_problems) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(instance);
  std::vector<std::string> problems;
  if (validator.validate(impl_->schema, adapter, &results)) return problems;
  valijson::ValidationResults::Error err;
  while (problems.size() < max_problems && results.popError(err)) {
    std::string path;
    for (const auto& part : err.context)
      path += part;
    problems.push_back((path.empty() ? std::string("<root>") : path) + ": " + err.description);
  }
  if (problems.empty()) problems.emplace_back("<root>: does not match the schema");
  return problems;
}

}  // namespace mcp::schema
