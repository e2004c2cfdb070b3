// What the catalog's three registries share: entries kept in the order they
// were added, each of which can be hidden and shown again (a change of its
// list, which the server announces with notifications/<list>/list_changed).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace mcp::server {

template <class Entry>
class Registry {
 public:
  /// Adds a shown entry. Entries are added while the catalog is built, before
  /// anyone reads it.
  void add(Entry entry) {
    entries_.push_back(std::move(entry));
    hidden_.push_back(std::make_unique<std::atomic<bool>>(false));
  }

  /// The shown entries, in the order added.
  std::vector<const Entry*> listed() const {
    std::vector<const Entry*> out;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!hidden_[i]->load()) out.push_back(&entries_[i]);
    }
    return out;
  }

  /// The first shown entry for which `match` holds; nullptr when none does.
  template <class Match>
  const Entry* find_if(Match match) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (match(entries_[i]) && !hidden_[i]->load()) return &entries_[i];
    }
    return nullptr;
  }

  /// Hides or shows the first entry for which `match` holds; returns whether
  /// that changed anything.
  template <class Match>
  bool set_hidden(Match match, bool hidden) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (match(entries_[i])) return hidden_[i]->exchange(hidden) != hidden;
    }
    return false;
  }

  /// Changes the first entry for which `match` holds with `edit`; false when
  /// none matches. Only while the catalogue is built, before it is served.
  template <class Match, class Edit>
  bool edit(Match match, Edit edit) {
    for (auto& entry : entries_) {
      if (!match(entry)) continue;
      edit(entry);
      return true;
    }
    return false;
  }

  /// The position of an entry of this registry, in the order added.
  std::size_t index_of(const Entry& entry) const {
    return static_cast<std::size_t>(&entry - entries_.data());
  }

 private:
  std::vector<Entry> entries_;
  std::vector<std::unique_ptr<std::atomic<bool>>> hidden_;  // parallel to entries_
};

}  // namespace mcp::server
