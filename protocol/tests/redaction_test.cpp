#include "protocol/redaction.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

namespace mcp::redaction {
namespace {

TEST(Redaction, EverySpellingOfASecretIsReplaced) {
  Secrets secrets;
  secrets.add("s3cr&t <token>/+x");
  const std::string text =
      "raw s3cr&t <token>/+x; json \"s3cr&t <token>/+x\"; xml s3cr&amp;t &lt;token&gt;/+x; "
      "url s3cr%26t%20%3Ctoken%3E%2F%2Bx; lower s3cr%26t%20%3ctoken%3e%2f%2bx; "
      "form s3cr%26t+%3Ctoken%3E%2F%2Bx";
  const std::string out = secrets.redact(text);
  EXPECT_FALSE(secrets.contains_secret(out)) << out;
  EXPECT_EQ(out,
            "raw [redacted]; json \"[redacted]\"; xml [redacted]; url [redacted]; lower "
            "[redacted]; form [redacted]");
}

TEST(Redaction, JsonEscapesAndNonAsciiSecrets) {
  Secrets secrets;
  secrets.add("quote\"back\\slash-\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(secrets.redact(R"({"v":"quote\"back\\slash-\u00e9t\u00e9"})"), R"({"v":"[redacted]"})");
  EXPECT_EQ(secrets.redact("{\"v\":\"quote\\\"back\\\\slash-\xC3\xA9t\xC3\xA9\"}"),
            R"({"v":"[redacted]"})");
}

TEST(Redaction, ShortValuesAreNotSearchedFor) {
  Secrets secrets;
  secrets.add("en");
  secrets.add("");
  EXPECT_TRUE(secrets.empty());
  EXPECT_EQ(secrets.redact("content-language: en"), "content-language: en");
}

TEST(Redaction, AuthorizationCredentialsAreSecretAloneToo) {
  Secrets secrets;
  add_header_secret(secrets, "Bearer abc123def");
  EXPECT_EQ(secrets.redact("/mcp?access_token=abc123def"), "/mcp?access_token=[redacted]");
  EXPECT_EQ(secrets.redact("Authorization: Bearer abc123def"), "Authorization: [redacted]");
}

TEST(Redaction, CredentialQueryParametersOfAUrl) {
  EXPECT_EQ(url_query_secrets("https://h/mcp?api_key=k1k1&page=2&access_token=t2t2#frag"),
            (std::vector<std::string>{"k1k1", "t2t2"}));
  EXPECT_TRUE(url_query_secrets("https://h/mcp?page=2&q=x").empty());
  EXPECT_TRUE(url_query_secrets("https://h/mcp").empty());
}

TEST(Redaction, CutKeepsWholeCharactersAndSaysHowMuch) {
  EXPECT_EQ(cut("short", 10, "why"), "short");
  const std::string text =
      "ab\xC3\xA9"
      "cd";  // é at bytes 2-3
  const std::string out = cut(text, 3, "the limit");
  EXPECT_EQ(out, "ab\n[cut: 6 bytes in all, the first 2 kept; the limit]");
}

TEST(Redaction, StandardStreamsAreRedactedLineByLine) {
  run_secrets().clear();
  run_secrets().add("stream-secret-42");
  std::ostringstream captured;
  auto* original = std::cout.rdbuf(captured.rdbuf());
  {
    const RedactedStandardStreams redacted;
    std::cout << "token stream-"
              << "secret-42 split across writes\n";
    std::cout << "flushed stream-secret-42" << std::flush;
  }
  std::cout.rdbuf(original);
  run_secrets().clear();
  EXPECT_EQ(captured.str(), "token [redacted] split across writes\nflushed [redacted]");
}

}  // namespace
}  // namespace mcp::redaction
