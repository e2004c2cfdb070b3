// OpenAI client profiles: data (fixtures/flows/*.json, built into the binary)
// describing what a client sends, in which order, with which headers and ids.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/transcript.hpp"
#include "mock_openai/budgets.hpp"
#include "protocol/jsonrpc.hpp"

namespace mcp::mock {

enum class StepKind {
  kDiscover,        // POST server/discover (2026-07-28 probe); errors tolerated
  kInitialize,      // POST initialize
  kInitialized,     // POST notifications/initialized
  kOpenGetStream,   // GET the standalone SSE stream; a refusal is only noted
  kCloseGetStream,  // drop it
  kListTools,       // tools/list, every page
  kCallTool,        // tools/call (or an approval request instead)
  kDeleteSession,   // DELETE with the session id
};
std::string_view to_string(StepKind kind);

/// Which session id a step sends.
enum class SessionUse {
  kCurrent,  // the live session's id (if the profile echoes ids)
  kNew,      // none: this request starts a new session
  kDeleted,  // the id of the session deleted last (OpenAI's 2025 bug)
  kNone,     // never, even when a session is live
};

struct Step {
  StepKind kind = StepKind::kInitialize;
  SessionUse session = SessionUse::kCurrent;
  std::optional<Json> id;        // a fixed JSON-RPC id instead of the next counter value
  std::string protocol_version;  // kDiscover: the version in _meta
  std::vector<int> tolerate;     // HTTP statuses accepted (as a warning) instead of failing
  Json meta = Json::object();    // kCallTool: added to params._meta
  client::Headers headers;       // added to this step's request
  std::string why;               // shown in --verbose and the report
  /// kDiscover: when the server lists `protocol_version`, the client adopts it
  /// (2026-07-28: no handshake, no session; later initialize, GET stream and
  /// DELETE steps are skipped, and requests carry the envelope and headers).
  bool adopt = false;
};

struct Phase {
  std::string name;  // "list" or "call"
  std::vector<Step> steps;
};

struct ProfileOption {
  std::string name;
  std::string summary;
  std::string evidence;
  std::map<std::string, std::vector<Step>> phases;  // phase name -> replacement steps
};

struct ClientIdentity {
  std::string user_agent;
  Json client_info = Json::object();
  Json capabilities = Json::object();
  std::string protocol_version;
  std::int64_t first_id = 0;
  bool ids_restart_per_session = false;
  bool echo_session_id = true;
  bool send_protocol_version_header = true;
  client::Headers headers;
};

/// Whether the client, when the Streamable HTTP initialize POST gets 400, 404 or 405,
/// tries the older HTTP+SSE transport (GET, `endpoint` event), and the evidence for
/// it either way (shown when a server needs the fallback and the client lacks it).
struct SseFallback {
  bool enabled = false;
  std::string evidence;
};

struct Profile {
  std::string name;
  std::string summary;
  std::string evidence;
  ClientIdentity client;
  int request_deadline_ms = 30000;
  /// Built-in profiles: no source gives OpenAI's deadline (inferred). A profile
  /// file that sets request_deadline_ms: the user's, so a miss fails as asked.
  Evidence request_deadline_evidence = Evidence::kInferred;
  SseFallback http_sse_fallback;
  std::vector<Phase> phases;
  std::map<std::string, ProfileOption> options;
};

/// Parses and checks a profile document; the error names the field at fault.
std::optional<Profile> parse_profile(const Json& document, std::string* error);
std::optional<Profile> load_profile_file(const std::string& path, std::string* error);

/// The profiles built from fixtures/flows/, in name order. Parsed once.
const std::vector<Profile>& builtin_profiles();
const Profile* find_builtin_profile(std::string_view name);

/// Applies named options (their phases replace the profile's); fails on an unknown name.
std::optional<Profile> with_options(Profile profile, const std::vector<std::string>& options,
                                    std::string* error);

}  // namespace mcp::mock
