// Splitting one run across machines: `run --shard I/N` runs part I of N of the
// selected checks. The unit is a check with every protocol version it runs at,
// so what a run judges across versions (an expected failure goes stale only
// when its check passed at every version) is judged within one shard; the
// parts are put back together by `merge` (merge.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::conformance {

struct Shard {
  unsigned index = 1;  // from 1
  unsigned count = 1;
};

/// More would leave most shards empty: the catalogue has a few hundred checks.
inline constexpr unsigned kMaxShards = 256;

/// "I/N" with 1 <= I <= N <= kMaxShards; nullopt otherwise.
std::optional<Shard> parse_shard(std::string_view text);

/// "I/N".
std::string to_string(const Shard& shard);

/// A check as sharding sees it: its id and how many results it gives (one per
/// protocol version it runs at).
struct ShardUnit {
  std::string id;
  std::size_t cases = 0;
  bool operator==(const ShardUnit&) const = default;
};

/// The shard (from 1) of each unit. Depends only on the units and `count`, never
/// on timing or order of arrival: heaviest first (ties by id), each to the
/// shard with the fewest cases so far (ties to the lowest index), so the
/// shards' results differ by at most the largest unit.
std::vector<unsigned> assign_shards(const std::vector<ShardUnit>& units, unsigned count);

}  // namespace mcp::conformance
