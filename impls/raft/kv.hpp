#pragma once
// The replicated key-value state machine that runs on top of the Raft log,
// with client sessions: a command carries (client, seq), and a retried command
// (seq already applied) returns the recorded result instead of applying twice.
// The Raft core sees only the encoded string.
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>

namespace gauntlet::raft {

enum class KvOp : std::uint8_t { get, put, append, cas };

struct KvCommand {
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  KvOp op = KvOp::put;
  std::string key;
  std::string value;     // put/append: the value; cas: the new value
  std::string expected;  // cas: the value it must hold

  // Fields joined by the unit separator, which keys and values never contain.
  std::string encode() const {
    const char sep = '\x1f';
    return std::to_string(client) + sep + std::to_string(seq) + sep + std::to_string(static_cast<int>(op)) + sep + key +
           sep + value + sep + expected;
  }
  static KvCommand decode(const std::string& s) {
    std::string field[6];
    for (std::size_t i = 0, from = 0; i < 6; ++i) {
      std::size_t to = i < 5 ? s.find('\x1f', from) : s.size();
      field[i] = s.substr(from, to - from);
      from = to + 1;
    }
    return {std::stoull(field[0]),
            std::stoull(field[1]),
            static_cast<KvOp>(std::stoi(field[2])),
            field[3],
            field[4],
            field[5]};
  }
};

struct KvResult {
  bool ok = true;     // cas: swapped
  std::string value;  // get: the value ("" when absent)
};

class KvStore {
 public:
  // Applies a command once per (client, seq); returns its result either way.
  KvResult apply(const KvCommand& c) {
    auto& session = sessions_[c.client];
    if (c.seq != 0 && c.seq <= session.seq) {
      ++duplicates_;
      return session.result;
    }
    KvResult r;
    switch (c.op) {
      case KvOp::get:
        r.value = get(c.key);
        break;
      case KvOp::put:
        data_[c.key] = c.value;
        break;
      case KvOp::append:
        data_[c.key] += c.value;
        break;
      case KvOp::cas:
        r.ok = get(c.key) == c.expected;
        if (r.ok) data_[c.key] = c.value;
        break;
    }
    session = {c.seq, r};
    return r;
  }

  std::string get(const std::string& key) const {
    auto it = data_.find(key);
    return it == data_.end() ? std::string() : it->second;
  }

  std::uint64_t duplicates() const { return duplicates_; }

  // Snapshot format: counts, then length-prefixed strings.
  std::string serialize() const {
    std::ostringstream o;
    o << data_.size() << ' ';
    for (auto& [k, v] : data_) o << k.size() << ' ' << k << v.size() << ' ' << v;
    o << sessions_.size() << ' ';
    for (auto& [c, s] : sessions_)
      o << c << ' ' << s.seq << ' ' << s.result.ok << ' ' << s.result.value.size() << ' ' << s.result.value;
    return o.str();
  }
  static KvStore deserialize(const std::string& text) {
    KvStore kv;
    if (text.empty()) return kv;
    std::istringstream in(text);
    auto str = [&] {
      std::size_t n;
      in >> n;
      in.get();
      std::string s(n, '\0');
      in.read(s.data(), static_cast<std::streamsize>(n));
      return s;
    };
    std::size_t n;
    in >> n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string k = str();
      kv.data_[k] = str();
    }
    in >> n;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t c;
      Session s;
      in >> c >> s.seq >> s.result.ok;
      s.result.value = str();
      kv.sessions_[c] = s;
    }
    return kv;
  }

  bool operator==(const KvStore& o) const { return data_ == o.data_; }

 private:
  struct Session {
    std::uint64_t seq = 0;
    KvResult result;
  };
  std::map<std::string, std::string> data_;
  std::map<std::uint64_t, Session> sessions_;
  std::uint64_t duplicates_ = 0;
};

}  // namespace gauntlet::raft
