#pragma once
// The kv model's state: (key, value) pairs sorted by key. Values are shared
// between states, so copying a state (which the search does at every step)
// copies pointers rather than strings, and each value carries a polynomial
// hash updated in O(suffix) by an append, so hashing a state never reads
// its strings. A partition holds one key, stored inline.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <boost/container/small_vector.hpp>

namespace gauntlet::lincheck::models {

class KvState {
  struct Slot {
    std::string key;
    std::shared_ptr<const std::string> value;
    std::uint64_t hash;  // polynomial hash of *value
  };
  using Slots = boost::container::small_vector<Slot, 1>;

 public:
  const std::string& get(const std::string& key) const {
    static const std::string missing;
    auto it = find(key);
    return it != slots_.end() && it->key == key ? *it->value : missing;
  }

  KvState put(const std::string& key, std::string value) const {
    std::uint64_t h = extend(0, value);
    return with(key, std::make_shared<const std::string>(std::move(value)), h);
  }

  KvState append(const std::string& key, const std::string& suffix) const {
    auto it = find(key);
    bool present = it != slots_.end() && it->key == key;
    std::uint64_t h = extend(present ? it->hash : 0, suffix);
    return with(key, std::make_shared<const std::string>((present ? *it->value : std::string()) + suffix), h);
  }

  std::uint64_t hash() const {
    std::uint64_t h = slots_.size();
    for (const auto& s : slots_) h = (h ^ std::hash<std::string>{}(s.key)) * 0x9e3779b97f4a7c15ull ^ s.hash;
    return h;
  }

  bool operator==(const KvState& o) const {
    if (slots_.size() != o.slots_.size()) return false;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const Slot &a = slots_[i], &b = o.slots_[i];
      if (a.hash != b.hash || a.key != b.key) return false;
      if (a.value != b.value && *a.value != *b.value) return false;
    }
    return true;
  }

  std::size_t heap_bytes() const {
    std::size_t n = slots_.size() > 1 ? slots_.capacity() * sizeof(Slot) : 0;
    for (const auto& s : slots_) n += s.value->capacity() + 32;  // the string and its control block
    return n;
  }

  template <class F>
  void for_each(F&& f) const {
    for (const auto& s : slots_) f(s.key, *s.value);
  }

 private:
  // h(s + t) = h(s) * B^|t| + h(t), modulo 2^64.
  static std::uint64_t extend(std::uint64_t h, const std::string& t) {
    constexpr std::uint64_t base = 0x100000001b3ull;
    for (unsigned char c : t) h = h * base + c + 1;
    return h;
  }

  Slots::const_iterator find(const std::string& key) const {
    return std::lower_bound(slots_.begin(), slots_.end(), key,
                            [](const Slot& s, const std::string& k) { return s.key < k; });
  }

  KvState with(const std::string& key, std::shared_ptr<const std::string> value, std::uint64_t h) const {
    KvState n = *this;
    auto it = std::lower_bound(n.slots_.begin(), n.slots_.end(), key,
                               [](const Slot& s, const std::string& k) { return s.key < k; });
    if (it != n.slots_.end() && it->key == key) {
      it->value = std::move(value);
      it->hash = h;
    } else {
      n.slots_.insert(it, Slot{key, std::move(value), h});
    }
    return n;
  }

  Slots slots_;
};

}  // namespace gauntlet::lincheck::models
