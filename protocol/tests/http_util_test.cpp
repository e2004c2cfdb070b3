#include "protocol/http_util.hpp"

#include <gtest/gtest.h>

namespace mcp::http {
namespace {

TEST(HttpAccepts, HonoursWildcardsAndZeroQuality) {
  EXPECT_TRUE(accepts("application/json, text/event-stream", "text/event-stream"));
  EXPECT_TRUE(accepts("Application/JSON;q=0.9", "application/json"));
  EXPECT_TRUE(accepts("*/*", "text/event-stream"));
  EXPECT_TRUE(accepts("text/*", "text/event-stream"));
  EXPECT_TRUE(accepts("", "application/json"));  // no header: anything goes
  EXPECT_FALSE(accepts("text/html", "application/json"));
  EXPECT_FALSE(accepts("application/json", "text/event-stream"));
  EXPECT_FALSE(accepts("text/event-stream;q=0, application/json", "text/event-stream"));
  EXPECT_FALSE(accepts("application/*", "text/event-stream"));
}

TEST(HttpMediaType, DropsParametersAndCase) {
  EXPECT_EQ(media_type("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(media_type(" text/event-stream "), "text/event-stream");
  EXPECT_EQ(media_type(""), "");
}

TEST(HttpHosts, ParsesOriginsAndHostHeaders) {
  EXPECT_EQ(origin_host("http://localhost:3000"), "localhost");
  EXPECT_EQ(origin_host("https://Example.COM"), "example.com");
  EXPECT_EQ(origin_host("http://[::1]:80"), "::1");
  EXPECT_EQ(origin_host("null"), "");
  EXPECT_EQ(host_header_host("127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(host_header_host("[::1]:9"), "::1");
  EXPECT_EQ(host_header_host("evil.example.com"), "evil.example.com");
}

TEST(HttpHosts, RecognisesLoopback) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  EXPECT_FALSE(is_loopback_host("localhost.evil.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host(""));
}

TEST(HttpSecrets, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equals("secret", "secret"));
  EXPECT_FALSE(constant_time_equals("secret", "secreT"));
  EXPECT_FALSE(constant_time_equals("secret", "secret2"));
  EXPECT_FALSE(constant_time_equals("", "x"));
}

}  // namespace
}  // namespace mcp::http
