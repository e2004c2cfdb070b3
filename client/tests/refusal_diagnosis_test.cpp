// What a 401 or 403 refusal tells the user: credentials, or (a 403 without a
// challenge) a DNS-rebinding guard refusing the Host or Origin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "client/http_client.hpp"

namespace mcp::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kUrl = "http://mcp.example.test:8931/mcp?x=1";

TEST(RefusalDiagnosis, A401AsksForCredentials) {
  const auto text = refusal_diagnosis(401, {}, "unauthorized", kUrl, "--bearer TOKEN");
  EXPECT_THAT(text, HasSubstr("HTTP 401"));
  EXPECT_THAT(text, HasSubstr("credentials"));
  EXPECT_THAT(text, HasSubstr("--bearer"));
  EXPECT_THAT(text, Not(HasSubstr("DNS-rebinding")));
}

TEST(RefusalDiagnosis, A403WithAChallengeAsksForCredentials) {
  // Header names are case-insensitive.
  const auto text =
      refusal_diagnosis(403, {{"www-authenticate", "Bearer error=\"insufficient_scope\""}},
                        "forbidden", kUrl, "--bearer TOKEN");
  EXPECT_THAT(text, HasSubstr("HTTP 403"));
  EXPECT_THAT(text, HasSubstr("credentials"));
  EXPECT_THAT(text, Not(HasSubstr("Host")));
}

TEST(RefusalDiagnosis, A403WithoutAChallengeIsTheHostGuardNamingTheHostAndQuotingTheBody) {
  const auto text =
      refusal_diagnosis(403, {{"Content-Type", "text/plain"}},
                        "Invalid Host header: mcp.example.test", kUrl, "--bearer TOKEN");
  EXPECT_THAT(text, HasSubstr("not an authorization problem"));
  EXPECT_THAT(text, HasSubstr("DNS-rebinding"));
  EXPECT_THAT(text, HasSubstr("Host header \"mcp.example.test:8931\""));
  EXPECT_THAT(text, HasSubstr("Origin"));
  EXPECT_THAT(text, HasSubstr("it said \"Invalid Host header: mcp.example.test\""));
  EXPECT_THAT(text, Not(HasSubstr("--bearer")));
}

TEST(RefusalDiagnosis, TheQuotedBodyHasNoControlCharactersAndAtMost160Bytes) {
  const std::string body = "line one\r\nline\ttwo\x1b[31m\x7f" + std::string(300, 'x');
  const auto text = refusal_diagnosis(403, {}, body, kUrl, "--bearer TOKEN");
  const auto start = text.find("it said \"");
  ASSERT_NE(start, std::string::npos) << text;
  const auto quoted_from = start + std::string("it said \"").size();
  const auto quoted = text.substr(quoted_from, text.find('"', quoted_from) - quoted_from);
  EXPECT_EQ(quoted.size(), 160u);
  EXPECT_EQ(quoted.substr(0, 24), "line one  line two [31m ");
  for (const char ch : quoted) {
    EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
        << "control character " << static_cast<int>(ch) << " in " << quoted;
  }
}

TEST(RefusalDiagnosis, AnEmptyBodyIsNotQuoted) {
  EXPECT_THAT(refusal_diagnosis(403, {}, "", kUrl, "--bearer TOKEN"), Not(HasSubstr("it said")));
}

TEST(RefusalDiagnosis, OtherStatusesSayNothing) {
  EXPECT_EQ(refusal_diagnosis(200, {}, "ok", kUrl, "--bearer TOKEN"), "");
  EXPECT_EQ(refusal_diagnosis(404, {}, "not found", kUrl, "--bearer TOKEN"), "");
  EXPECT_EQ(refusal_diagnosis(200, {{"WWW-Authenticate", "Bearer"}}, "", kUrl, "--bearer TOKEN"),
            "");
}

}  // namespace
}  // namespace mcp::client
