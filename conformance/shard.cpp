#include "conformance/shard.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace mcp::conformance {
namespace {

std::optional<unsigned> whole_number(std::string_view text) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = whole_number(text.substr(0, slash));
  const auto count = whole_number(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count || *count > kMaxShards) return std::nullopt;
  return Shard{*index, *count};
}

std::string to_string(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::vector<unsigned> assign_shards(const std::vector<ShardUnit>& units, unsigned count) {
  std::vector<std::size_t> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (units[a].cases != units[b].cases) return units[a].cases > units[b].cases;
    return units[a].id < units[b].id;
  });
  std::vector<std::size_t> load(std::max(count, 1u), 0);
  std::vector<unsigned> shard_of(units.size(), 1);
  for (const auto u : order) {
    const auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
    load[static_cast<std::size_t>(lightest)] += units[u].cases;
    shard_of[u] = static_cast<unsigned>(lightest) + 1;
  }
  return shard_of;
}

}  // namespace mcp::conformance
