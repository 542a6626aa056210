#pragma once
// The kv model's state: (key, value) pairs sorted by key. A partition holds
// one key, stored inline. Values are immutable and shared between states, so
// copying a state (which the search does at every step) copies a pointer
// rather than a string; each value is one allocation holding its count, its
// length, a polynomial hash updated in O(suffix) by an append (so hashing a
// state never reads its strings) and its bytes. An append costs one
// allocation and one copy, where a shared std::string cost two of each.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gauntlet::lincheck::models {

// An immutable string with a shared count. Empty is a null pointer: reading
// a missing key allocates nothing.
class KvValue {
  struct Rep {
    // Atomic: states are built on one search thread, but nothing in a model's
    // contract forbids a caller handing one to another.
    std::atomic<std::uint32_t> refs;
    std::uint32_t size;
    std::uint64_t hash;
    char* bytes() { return reinterpret_cast<char*>(this + 1); }
  };

 public:
  KvValue() = default;
  KvValue(const KvValue& o) : rep_(o.rep_) {
    if (rep_) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  KvValue(KvValue&& o) noexcept : rep_(std::exchange(o.rep_, nullptr)) {}
  KvValue& operator=(KvValue o) noexcept {
    std::swap(rep_, o.rep_);
    return *this;
  }
  ~KvValue() {
    if (rep_ && rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      rep_->~Rep();
      ::operator delete(rep_);
    }
  }

  static KvValue of(std::string_view s) { return concat({}, 0, s); }
  // prefix + suffix, where `prefix_hash` is prefix's hash.
  static KvValue concat(std::string_view prefix, std::uint64_t prefix_hash, std::string_view suffix) {
    KvValue v;
    const std::size_t n = prefix.size() + suffix.size();
    if (n == 0) return v;
    if (n > UINT32_MAX) throw std::length_error("a kv value of over 4 GiB");
    v.rep_ = new (::operator new(sizeof(Rep) + n)) Rep{{1}, static_cast<std::uint32_t>(n), extend(prefix_hash, suffix)};
    if (!prefix.empty()) std::memcpy(v.rep_->bytes(), prefix.data(), prefix.size());
    if (!suffix.empty()) std::memcpy(v.rep_->bytes() + prefix.size(), suffix.data(), suffix.size());
    return v;
  }

  std::string_view view() const { return rep_ ? std::string_view(rep_->bytes(), rep_->size) : std::string_view(); }
  std::uint64_t hash() const { return rep_ ? rep_->hash : 0; }
  std::size_t heap_bytes() const { return rep_ ? sizeof(Rep) + rep_->size : 0; }

  bool operator==(const KvValue& o) const { return rep_ == o.rep_ || (hash() == o.hash() && view() == o.view()); }

 private:
  // h(s + t) = h(s) * B^|t| + h(t), modulo 2^64; h("") = 0.
  static std::uint64_t extend(std::uint64_t h, std::string_view t) {
    constexpr std::uint64_t base = 0x100000001b3ull;
    for (unsigned char c : t) h = h * base + c + 1;
    return h;
  }

  Rep* rep_ = nullptr;
};

class KvState {
  struct Slot {
    KvValue key;
    KvValue value;
  };

 public:
  std::string_view get(std::string_view key) const {
    const Slot* s = find(key);
    return s ? s->value.view() : std::string_view();
  }

  KvState put(std::string_view key, std::string_view value) const { return with(key, find(key), KvValue::of(value)); }

  KvState append(std::string_view key, std::string_view suffix) const {
    const Slot* s = find(key);
    return with(key, s, s ? KvValue::concat(s->value.view(), s->value.hash(), suffix) : KvValue::of(suffix));
  }

  std::uint64_t hash() const {
    std::uint64_t h = slots().size();
    for (const Slot& s : slots()) h = (h ^ s.key.hash()) * 0x9e3779b97f4a7c15ull ^ s.value.hash();
    return h;
  }

  bool operator==(const KvState& o) const {
    std::span<const Slot> a = slots(), b = o.slots();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i].value == b[i].value) || !(a[i].key == b[i].key)) return false;
    return true;
  }

  // Values are shared between states: an over-count, so the budget errs safe.
  std::size_t heap_bytes() const {
    std::size_t n = many_ ? many_->capacity() * sizeof(Slot) : 0;
    for (const Slot& s : slots()) n += s.value.heap_bytes();
    return n;
  }

  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots()) f(std::string(s.key.view()), s.value.view());
  }

 private:
  // One key (every partition of a partitioned search) lives in `one_`; more
  // live in `many_`, sorted by key and shared between copies, so copying a
  // state never copies a vector.
  std::span<const Slot> slots() const {
    if (many_) return *many_;
    return {&one_, has_one_ ? 1u : 0u};
  }

  static bool before(const Slot& s, std::string_view k) { return s.key.view() < k; }

  const Slot* find(std::string_view key) const {
    if (!many_) return has_one_ && one_.key.view() == key ? &one_ : nullptr;  // one comparison, not two
    std::span<const Slot> all = slots();
    auto s = std::lower_bound(all.begin(), all.end(), key, before);
    return s != all.end() && s->key.view() == key ? &*s : nullptr;
  }

  // `found`: find(key), which the callers have at hand, so the key is compared once.
  KvState with(std::string_view key, const Slot* found, KvValue value) const {
    KvState n;
    if (!many_ && (!has_one_ || found)) {  // the common case: one key
      n.one_ = {found ? found->key : KvValue::of(key), std::move(value)};
      n.has_one_ = true;
      return n;
    }
    auto v = std::make_shared<std::vector<Slot>>(slots().begin(), slots().end());
    auto it = std::lower_bound(v->begin(), v->end(), key, before);
    if (it != v->end() && it->key.view() == key)
      it->value = std::move(value);
    else
      v->insert(it, Slot{KvValue::of(key), std::move(value)});
    n.many_ = std::move(v);
    return n;
  }

  Slot one_;
  bool has_one_ = false;
  std::shared_ptr<const std::vector<Slot>> many_;
};

}  // namespace gauntlet::lincheck::models
