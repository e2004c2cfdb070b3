// The pieces of multi round-trip requests: the sealed requestState and the
// digest that ties a state to the request it was issued for.
#include "reference_server/input_rounds.hpp"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

TEST(StateSeal, OpensWhatItSealedAndNothingElse) {
  const StateSeal seal;
  const Json state{{"d", "digest"}, {"a", {{"k", {{"action", "accept"}}}}}, {"e", 1}};
  const auto sealed = seal.seal(state);
  EXPECT_EQ(seal.open(sealed), state);
  EXPECT_FALSE(seal.open(sealed + "-TAMPERED"));
  EXPECT_FALSE(seal.open(""));
  EXPECT_FALSE(seal.open("no-dot-here"));
  EXPECT_FALSE(seal.open("."));
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(seal.open(changed)) << "byte " << i;
  }
}

TEST(StateSeal, EachServerHasItsOwnKey) {
  const StateSeal mine;
  const StateSeal another;
  EXPECT_FALSE(another.open(mine.seal(Json{{"d", "x"}})))
      << "a state from another server (or an earlier run) is not accepted";
}

TEST(RequestDigest, NamesTheRequestNotItsRound) {
  const Json params{{"name", "t"}, {"arguments", {{"x", 1}}}};
  auto retry = params;
  retry["inputResponses"] = {{"k", {{"action", "accept"}}}};
  retry["requestState"] = "s";
  retry["_meta"] = {{"progressToken", 3}};
  EXPECT_EQ(request_digest("tools/call", params), request_digest("tools/call", retry));
  auto other = params;
  other["arguments"]["x"] = 2;
  EXPECT_NE(request_digest("tools/call", params), request_digest("tools/call", other));
  EXPECT_NE(request_digest("tools/call", params), request_digest("prompts/get", params));
}

TEST(InputRounds, AnswersByKeyAndRemembersOnlyWhatWasUsed) {
  InputRounds rounds(Json{{"input-1", {{"action", "accept"}}}, {"surplus", Json::object()}});
  EXPECT_EQ(rounds.next_key(), "input-1");
  EXPECT_EQ(rounds.next_key(), "input-2");
  ASSERT_TRUE(rounds.answer("input-1"));
  EXPECT_FALSE(rounds.answer("input-2"));
  EXPECT_EQ(rounds.used_answers(), Json({{"input-1", {{"action", "accept"}}}}));
}

}  // namespace
}  // namespace mcp::server
