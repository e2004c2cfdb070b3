#include "conformance/tests/handshake_proven.hpp"

namespace mcp::conformance {

const std::map<std::string, std::string>& proven_by_initialize() {
  static const std::map<std::string, std::string> kProven{
      {"lifecycle.init.result", "judges the initialize result itself"},
      {"lifecycle.version.echo", "sends nothing but initialize, offering each version"},
      {"lifecycle.version.counter-offer", "sends nothing but initialize, offering an unknown one"},
      {"lifecycle.version.latest", "sends nothing but initialize, offering each version"},
      {"lifecycle.initialized.accept", "judges the 202 to notifications/initialized"},
      {"lifecycle.instructions", "judges the instructions of the initialize result"},
      {"transport.http.session.assign",
       "judges the session id on the initialize answer (or that there is none: stateless)"},
      {"transport.http.session.charset", "judges the characters of that session id"},
      {"openai.session-header-name",
       "judges the header the initialize answer carries it in (or that there is none)"},
      {"openai.protocol-versions", "sends nothing but initialize, offering OpenAI's versions"},
      // "Who sends X declares X": declaring it (in the initialize result) keeps the rule.
      {"util.logging.capability", "logging is declared in the initialize result"},
      {"tools.embedded-resource.cap", "resources is declared in the initialize result"},
      // Declaring nothing, the server owes nothing beyond its handshake.
      {"base.meta.key-format", "with nothing declared it judges the initialize answer alone"},
  };
  return kProven;
}

const std::map<std::string, std::string>& proven_by_discover() {
  static const std::map<std::string, std::string> kProven{
      {"version.v26.discover", "judges the server/discover result itself"},
      {"version.v26.discover-serverinfo", "judges the _meta of the server/discover result"},
      {"transport.http.v26.endpoint", "a POST of server/discover served"},
      // server/discover is the one method every 2026-07-28 server answers, so
      // these send it with the ids they judge.
      {"base.response.id-echo", "judges the ids of server/discover answers"},
      {"base.utf8", "judges a non-ASCII id on a server/discover answer"},
      {"util.logging.capability",
       "logging is declared in the server/discover result; not declared, no log message came "
       "with a server/discover answer"},
      {"tools.embedded-resource.cap", "resources is declared in the server/discover result"},
      // Declaring nothing, the server owes nothing beyond server/discover, and
      // these then judge server/discover answers alone.
      {"base.meta.key-format", "the _meta keys of the server/discover answers"},
      {"version.v26.extension-fallback", "the resultType of the server/discover result"},
      {"mrtr.v26.scope", "the resultType of the server/discover result"},
      {"base.v26.result-type", "the resultType of the server/discover result"},
      {"transport.http.v26.session-ignored", "server/discover served with a bogus session id"},
      {"transport.http.v26.request-content-type", "the media type of a server/discover answer"},
  };
  return kProven;
}

}  // namespace mcp::conformance
