#include "protocol/versions.hpp"

#include <gtest/gtest.h>

namespace mcp {
namespace {

TEST(ProtocolVersions, RoundTripAndOrder) {
  for (const auto v : all_protocol_versions())
    EXPECT_EQ(parse_protocol_version(to_string(v)), v);
  EXPECT_FALSE(parse_protocol_version("2099-01-01"));
  EXPECT_FALSE(parse_protocol_version(""));
  EXPECT_LT(ProtocolVersion::k2025_03_26, ProtocolVersion::k2025_06_18);
  EXPECT_EQ(streamable_http_versions().front(), ProtocolVersion::k2025_03_26);
  EXPECT_EQ(streamable_http_versions().back(), kLatestLegacyVersion);
}

TEST(ProtocolVersions, TwoEras) {
  EXPECT_EQ(legacy_protocol_versions().back(), kLatestLegacyVersion);
  EXPECT_EQ(all_protocol_versions().back(), kLatestModernVersion);
  EXPECT_EQ(all_protocol_versions().size(), legacy_protocol_versions().size() + 1);
  for (const auto v : legacy_protocol_versions())
    EXPECT_FALSE(is_modern(v)) << to_string(v);
  EXPECT_TRUE(is_modern(ProtocolVersion::k2026_07_28));
  EXPECT_EQ(parse_protocol_version("2026-07-28"), ProtocolVersion::k2026_07_28);
}

TEST(ProtocolVersions, RulesThatChangeBetweenRevisions) {
  EXPECT_TRUE(allows_batches(ProtocolVersion::k2025_03_26));
  EXPECT_FALSE(allows_batches(ProtocolVersion::k2025_06_18));
  EXPECT_FALSE(input_errors_are_tool_errors(ProtocolVersion::k2025_06_18));
  EXPECT_TRUE(input_errors_are_tool_errors(ProtocolVersion::k2025_11_25));
  EXPECT_FALSE(has_structured_output(ProtocolVersion::k2025_03_26));
  EXPECT_TRUE(primes_sse_streams(ProtocolVersion::k2025_11_25));
  EXPECT_FALSE(primes_sse_streams(ProtocolVersion::k2025_06_18));
}

}  // namespace
}  // namespace mcp
