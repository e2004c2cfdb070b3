#include "mock_openai/profile.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mcp::mock {

// Generated from fixtures/flows/*.json (cmake/EmbedFiles.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_profiles();

namespace {

const std::map<std::string, StepKind, std::less<>> kStepNames{
    {"discover", StepKind::kDiscover},
    {"initialize", StepKind::kInitialize},
    {"initialized", StepKind::kInitialized},
    {"open_get_stream", StepKind::kOpenGetStream},
    {"close_get_stream", StepKind::kCloseGetStream},
    {"list_tools", StepKind::kListTools},
    {"call_tool", StepKind::kCallTool},
    {"delete_session", StepKind::kDeleteSession},
};

const std::map<std::string, SessionUse, std::less<>> kSessionNames{
    {"current", SessionUse::kCurrent},
    {"new", SessionUse::kNew},
    {"deleted", SessionUse::kDeleted},
    {"none", SessionUse::kNone},
};

/// Small helpers that turn "field missing or wrong type" into one message.
struct Reader {
  std::string* error;
  bool fail(const std::string& message) {
    if (error && error->empty()) *error = message;
    return false;
  }
  bool string_field(const Json& object, const char* key, std::string& out, const std::string& where,
                    bool required = true) {
    const auto it = object.find(key);
    if (it == object.end()) return !required || fail(where + ": \"" + key + "\" is required");
    if (!it->is_string()) return fail(where + ": \"" + key + "\" must be a string");
    out = it->get<std::string>();
    return true;
  }
  bool headers_field(const Json& object, const char* key, client::Headers& out,
                     const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end()) return true;
    if (!it->is_object()) return fail(where + ": \"" + key + "\" must be an object of strings");
    for (const auto& [name, value] : it->items()) {
      if (!value.is_string()) return fail(where + ": header \"" + name + "\" must be a string");
      out.emplace_back(name, value.get<std::string>());
    }
    return true;
  }
};

bool parse_step(const Json& json, Step& step, const std::string& where, Reader& r) {
  if (!json.is_object()) return r.fail(where + ": a step must be an object");
  for (const auto& [key, value] : json.items()) {
    static const std::vector<std::string> known{
        "do", "session", "id", "protocol_version", "tolerate", "meta", "headers", "why", "adopt"};
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return r.fail(where + ": unknown field \"" + key + "\"");
    }
  }
  std::string kind;
  if (!r.string_field(json, "do", kind, where)) return false;
  const auto k = kStepNames.find(kind);
  if (k == kStepNames.end()) return r.fail(where + ": unknown step \"" + kind + "\"");
  step.kind = k->second;
  std::string session = "current";
  if (!r.string_field(json, "session", session, where, false)) return false;
  const auto s = kSessionNames.find(session);
  if (s == kSessionNames.end())
    return r.fail(where + ": \"session\" must be current, new, deleted or none");
  step.session = s->second;
  if (json.contains("id")) {
    if (!jsonrpc::is_valid_id(json["id"]))
      return r.fail(where + ": \"id\" must be a string or an integer");
    step.id = json["id"];
  }
  if (!r.string_field(json, "protocol_version", step.protocol_version, where, false)) return false;
  if (json.contains("tolerate")) {
    if (!json["tolerate"].is_array())
      return r.fail(where + ": \"tolerate\" must be an array of HTTP statuses");
    for (const auto& status : json["tolerate"]) {
      if (!status.is_number_integer()) return r.fail(where + ": \"tolerate\" must hold integers");
      step.tolerate.push_back(status.get<int>());
    }
  }
  if (json.contains("meta")) {
    if (!json["meta"].is_object()) return r.fail(where + ": \"meta\" must be an object");
    step.meta = json["meta"];
  }
  if (!r.headers_field(json, "headers", step.headers, where)) return false;
  if (json.contains("adopt")) {
    if (!json["adopt"].is_boolean()) return r.fail(where + ": \"adopt\" must be true or false");
    if (step.kind != StepKind::kDiscover)
      return r.fail(where + ": \"adopt\" belongs to a discover step");
    step.adopt = json["adopt"].get<bool>();
  }
  return r.string_field(json, "why", step.why, where, false);
}

bool parse_steps(const Json& json, std::vector<Step>& steps, const std::string& where, Reader& r) {
  if (!json.is_array() || json.empty())
    return r.fail(where + ": \"steps\" must be a non-empty array");
  for (std::size_t i = 0; i < json.size(); ++i) {
    Step step;
    if (!parse_step(json[i], step, where + " step " + std::to_string(i + 1), r)) return false;
    steps.push_back(std::move(step));
  }
  return true;
}

}  // namespace

std::string_view to_string(StepKind kind) {
  for (const auto& [name, k] : kStepNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<Profile> parse_profile(const Json& document, std::string* error) {
  std::string scratch;
  Reader r{error ? error : &scratch};
  Profile p;
  if (!document.is_object()) {
    r.fail("a profile must be a JSON object");
    return std::nullopt;
  }
  if (!r.string_field(document, "name", p.name, "profile") ||
      !r.string_field(document, "summary", p.summary, "profile " + p.name) ||
      !r.string_field(document, "evidence", p.evidence, "profile " + p.name)) {
    return std::nullopt;
  }
  const std::string where = "profile " + p.name;
  const auto client = document.find("client");
  if (client == document.end() || !client->is_object()) {
    r.fail(where + ": \"client\" must be an object");
    return std::nullopt;
  }
  auto& c = p.client;
  if (!r.string_field(*client, "user_agent", c.user_agent, where + " client") ||
      !r.string_field(*client, "protocol_version", c.protocol_version, where + " client") ||
      !r.headers_field(*client, "headers", c.headers, where + " client")) {
    return std::nullopt;
  }
  c.client_info = client->value("client_info", Json::object());
  c.capabilities = client->value("capabilities", Json::object());
  if (!c.client_info.is_object() || !c.capabilities.is_object()) {
    r.fail(where + " client: \"client_info\" and \"capabilities\" must be objects");
    return std::nullopt;
  }
  try {
    c.first_id = client->value("first_id", std::int64_t{0});
    c.ids_restart_per_session = client->value("ids_restart_per_session", false);
    c.echo_session_id = client->value("echo_session_id", true);
    c.send_protocol_version_header = client->value("send_protocol_version_header", true);
    p.request_deadline_ms = document.value("request_deadline_ms", 30000);
  } catch (const Json::exception&) {
    r.fail(where +
           ": first_id and request_deadline_ms must be integers; the *_session*/*header* flags "
           "booleans");
    return std::nullopt;
  }
  if (p.request_deadline_ms <= 0) {
    r.fail(where + ": \"request_deadline_ms\" must be positive");
    return std::nullopt;
  }
  if (const auto fallback = document.find("http_sse_fallback"); fallback != document.end()) {
    if (!fallback->is_object() || !fallback->contains("enabled") ||
        !(*fallback)["enabled"].is_boolean()) {
      r.fail(where +
             ": \"http_sse_fallback\" must be {\"enabled\": true|false, \"evidence\": \"...\"}");
      return std::nullopt;
    }
    p.http_sse_fallback.enabled = (*fallback)["enabled"].get<bool>();
    if (!r.string_field(*fallback, "evidence", p.http_sse_fallback.evidence,
                        where + " http_sse_fallback"))
      return std::nullopt;
  }
  const auto phases = document.find("phases");
  if (phases == document.end() || !phases->is_array() || phases->empty()) {
    r.fail(where + ": \"phases\" must be a non-empty array");
    return std::nullopt;
  }
  for (const auto& phase_json : *phases) {
    Phase phase;
    if (!phase_json.is_object() ||
        !r.string_field(phase_json, "name", phase.name, where + " phase") ||
        !parse_steps(phase_json.value("steps", Json()), phase.steps, where + " phase " + phase.name,
                     r)) {
      if (error && error->empty()) *error = where + ": each phase needs a name and steps";
      return std::nullopt;
    }
    p.phases.push_back(std::move(phase));
  }
  const Json options = document.value("options", Json::object());  // items() must not outlive it
  if (!options.is_object()) {
    r.fail(where + ": \"options\" must be an object");
    return std::nullopt;
  }
  for (const auto& [name, option_json] : options.items()) {
    ProfileOption option;
    option.name = name;
    const std::string owhere = where + " option " + name;
    if (!option_json.is_object() ||
        !r.string_field(option_json, "summary", option.summary, owhere) ||
        !r.string_field(option_json, "evidence", option.evidence, owhere)) {
      return std::nullopt;
    }
    const Json option_phases = option_json.value("phases", Json::object());
    for (const auto& item : option_phases.items()) {
      // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
      const std::string& phase = item.key();
      const Json& steps = item.value();
      const bool exists = std::any_of(p.phases.begin(), p.phases.end(),
                                      [&](const Phase& x) { return x.name == phase; });
      if (!exists) {
        r.fail(owhere + ": replaces phase \"" + phase + "\", which the profile does not have");
        return std::nullopt;
      }
      if (!parse_steps(steps, option.phases[phase], owhere + " phase " + phase, r))
        return std::nullopt;
    }
    p.options.emplace(name, std::move(option));
  }
  return p;
}

std::optional<Profile> load_profile_file(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = "cannot read profile file " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = jsonrpc::parse(text.str());
  if (!parsed.value) {
    if (error) *error = path + ": not JSON: " + parsed.error;
    return std::nullopt;
  }
  auto profile = parse_profile(*parsed.value, error);
  // The user wrote this deadline: a miss fails the run, as asked.
  if (profile && parsed.value->contains("request_deadline_ms"))
    profile->request_deadline_evidence = Evidence::kUser;
  return profile;
}

const std::vector<Profile>& builtin_profiles() {
  static const std::vector<Profile> profiles = [] {
    std::vector<Profile> out;
    for (const auto& [file, text] : embedded_profiles()) {
      std::string error;
      auto parsed = jsonrpc::parse(text);
      auto profile = parsed.value ? parse_profile(*parsed.value, &error) : std::nullopt;
      // The build embeds them and a unit test parses each, so this cannot fail in a release.
      if (!profile)
        throw std::logic_error("built-in profile " + std::string(file) + " is invalid: " + error);
      out.push_back(std::move(*profile));
    }
    std::sort(out.begin(), out.end(),
              [](const Profile& a, const Profile& b) { return a.name < b.name; });
    return out;
  }();
  return profiles;
}

const Profile* find_builtin_profile(std::string_view name) {
  for (const auto& profile : builtin_profiles()) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

std::optional<Profile> with_options(Profile profile, const std::vector<std::string>& options,
                                    std::string* error) {
  for (const auto& name : options) {
    const auto it = profile.options.find(name);
    if (it == profile.options.end()) {
      std::string known;
      for (const auto& [option, unused] : profile.options)
        known += (known.empty() ? "" : ", ") + option;
      if (error) {
        *error = "profile " + profile.name + " has no option \"" + name + "\"" +
                 (known.empty() ? " (it has none)" : " (it has: " + known + ")");
      }
      return std::nullopt;
    }
    for (auto& phase : profile.phases) {
      if (const auto replaced = it->second.phases.find(phase.name);
          replaced != it->second.phases.end()) {
        phase.steps = replaced->second;
      }
    }
  }
  return profile;
}

}  // namespace mcp::mock
