// The scenario interpreter (scenario.hpp). Output formats are documented in testdata/README.md.
#include "verify/raft/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "impls/raft/kv.hpp"
#include "impls/raft/node.hpp"

namespace gauntlet::raft::scenario {

namespace {

// ---- parsing ----

struct Command {
  std::string name;
  std::vector<std::string> args;            // positional
  std::map<std::string, std::string> opts;  // key=value
  std::set<std::string> flags;              // bare words after the positionals (`drop`)
};

struct Syntax {
  const char* name;
  std::size_t min_args, max_args;
  std::vector<std::string> keys;
  std::vector<std::string> flags;
};

const std::vector<Syntax>& syntax() {
  static const std::vector<Syntax> table = {
      {"add-nodes", 1, 1, {"election", "heartbeat", "batch", "inflight"}, {}},
      {"set-disk", 1, 1, {"term", "vote", "log"}, {}},
      {"campaign", 1, 1, {}, {}},
      {"tick", 1, 2, {}, {}},
      {"tick-all", 0, 1, {}, {}},
      {"propose", 2, 2, {}, {}},
      {"read", 2, 2, {}, {}},
      {"deliver", 0, 0, {"from", "to", "type"}, {"drop"}},
      {"stabilize", 0, 0, {}, {}},
      {"pending", 0, 0, {}, {}},
      {"crash", 1, 1, {}, {}},
      {"restart", 1, 1, {}, {}},
      {"compact", 2, 2, {}, {}},
      {"log", 1, 1, {}, {}},
      {"state", 1, 1, {}, {}},
  };
  return table;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::optional<std::uint64_t> number(const std::string& s) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<MsgType> msg_type(const std::string& s) {
  for (MsgType t : {MsgType::vote, MsgType::vote_resp, MsgType::append, MsgType::append_resp, MsgType::heartbeat,
                    MsgType::heartbeat_resp, MsgType::snapshot})
    if (s == msg_name(t)) return t;
  return std::nullopt;
}

// Throws the message of what is wrong; the caller adds path and line.
Command parse(const std::string& text) {
  std::istringstream in(text);
  Command c;
  in >> c.name;
  auto it = std::find_if(syntax().begin(), syntax().end(), [&](const Syntax& s) { return c.name == s.name; });
  if (it == syntax().end()) throw std::string("unknown command '" + c.name + "'");
  const Syntax& syn = *it;
  std::string word;
  while (in >> word) {
    auto eq = word.find('=');
    // `propose 1 k=v`: the positional value may hold '=' itself.
    if (eq != std::string::npos && !(c.name == "propose" && c.args.size() == 1)) {
      std::string key = word.substr(0, eq);
      if (std::find(syn.keys.begin(), syn.keys.end(), key) == syn.keys.end())
        throw std::string(c.name + " takes no option '" + key + "'");
      if (c.opts.count(key)) throw std::string("option '" + key + "' given twice");
      c.opts[key] = word.substr(eq + 1);
    } else if (std::find(syn.flags.begin(), syn.flags.end(), word) != syn.flags.end()) {
      c.flags.insert(word);
    } else {
      if (!c.opts.empty() || !c.flags.empty()) throw std::string("'" + word + "' after the options");
      c.args.push_back(word);
    }
  }
  if (c.args.size() < syn.min_args || c.args.size() > syn.max_args)
    throw std::string(c.name + " takes " + std::to_string(syn.min_args) +
                      (syn.max_args != syn.min_args ? ".." + std::to_string(syn.max_args) : "") + " arguments, not " +
                      std::to_string(c.args.size()));
  // Numbers: every positional but propose's value, and every option but type= and log=.
  for (std::size_t i = 0; i < c.args.size(); ++i)
    if (!(c.name == "propose" && i == 1) && !number(c.args[i]))
      throw std::string("'" + c.args[i] + "' is not a number");
  for (auto& [k, v] : c.opts) {
    for (const std::string& part : split(v, ',')) {
      if (k == "type" ? !msg_type(part) : !number(part))
        throw std::string("bad " + k + "= value '" + part + "'" +
                          (k == "type" ? " (Vote VoteResp AppendEntries AppendResp Heartbeat HeartbeatResp "
                                         "InstallSnapshot)"
                                       : ""));
    }
    if (v.find(',') != std::string::npos && k != "from" && k != "to" && k != "type" && k != "log")
      throw std::string(k + "= takes one value");
  }
  if (c.name == "propose") {
    const std::string& kv = c.args[1];
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw std::string("propose's value is KEY=VALUE, not '" + kv + "'");
    if (kv.find(',', eq) != std::string::npos) throw std::string("a value holds no ','");
  }
  return c;
}

// ---- formatting ----

std::string show_command(const std::string& cmd) {
  if (cmd.empty()) return "noop";
  if (std::count(cmd.begin(), cmd.end(), '\x1f') == 5) {
    KvCommand k = KvCommand::decode(cmd);
    if (k.op == KvOp::put) return "put " + k.key + "=" + k.value;
  }
  return cmd;
}

std::string show(const Entry& e) {
  return "i" + std::to_string(e.index) + "/t" + std::to_string(e.term) + " " + show_command(e.command);
}

std::string show(const std::vector<Entry>& es) {
  std::string s = "[";
  for (std::size_t i = 0; i < es.size(); ++i) s += (i ? ", " : "") + show(es[i]);
  return s + "]";
}

std::string show(const Message& m) {
  std::string s =
      std::to_string(m.from) + "->" + std::to_string(m.to) + " " + msg_name(m.type) + " term=" + std::to_string(m.term);
  auto at = [](Index i, Term t) { return "i" + std::to_string(i) + "/t" + std::to_string(t); };
  switch (m.type) {
    case MsgType::vote:
      s += " last=" + at(m.index, m.log_term);
      break;
    case MsgType::vote_resp:
      s += m.reject ? " rejected" : " granted";
      break;
    case MsgType::append:
      s += " prev=" + at(m.index, m.log_term) + " commit=" + std::to_string(m.commit) + " entries=" + show(m.entries);
      break;
    case MsgType::append_resp:
      s += m.reject ? " reject index=" + std::to_string(m.index) + " hint=" + std::to_string(m.hint)
                    : " index=" + std::to_string(m.index);
      break;
    case MsgType::heartbeat:
      s += " commit=" + std::to_string(m.commit);
      break;
    case MsgType::heartbeat_resp:
      break;
    case MsgType::snapshot:
      s += " snapshot=" + at(m.snapshot->index, m.snapshot->term);
      break;
  }
  if (m.context) s += " read-round=" + std::to_string(m.context);
  return s;
}

const char* role_name(Role r) {
  switch (r) {
    case Role::follower:
      return "follower";
    case Role::candidate:
      return "candidate";
    case Role::leader:
      return "leader";
  }
  return "?";
}

std::string show_id(NodeId n) { return n == no_node ? "-" : std::to_string(n); }

using KvMap = std::map<std::string, std::string>;

std::string serialize(const KvMap& kv) {
  std::string s;
  for (auto& [k, v] : kv) s += (s.empty() ? "" : ",") + k + "=" + v;
  return s;
}

KvMap deserialize(const std::string& s) {
  KvMap kv;
  for (const std::string& pair : split(s, ',')) {
    auto eq = pair.find('=');
    if (eq != std::string::npos) kv[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return kv;
}

void apply(KvMap& kv, const Entry& e) {
  if (std::count(e.command.begin(), e.command.end(), '\x1f') != 5) return;  // a no-op or a set-disk entry
  KvCommand c = KvCommand::decode(e.command);
  if (c.op == KvOp::put) kv[c.key] = c.value;
}

// ---- the interpreter ----

struct Failure {
  std::string what;
};

struct View {
  Role role;
  Term term;
  NodeId leader;
  Index commit;
  bool operator==(const View&) const = default;
};

struct Host {
  std::unique_ptr<Node> node;
  Durable disk;
  KvMap kv_base;  // the state machine at kv_index (the snapshot's)
  Index kv_index = 0;
  std::vector<Entry> applied;  // applied after kv_index
  std::optional<View> shown;   // the state last printed

  KvMap kv_at(Index upto) const {
    KvMap kv = kv_base;
    for (const Entry& e : applied)
      if (e.index <= upto) apply(kv, e);
    return kv;
  }
};

class Runner {
 public:
  Runner(const Script& script, Config base) : script_(script), base_(std::move(base)) {}

  Outcome go() {
    Outcome out;
    for (const ScriptLine& l : script_.lines) {
      line_ = l.number;
      if (l.text.empty() || l.text[0] == '#') {
        print(l.text);
        continue;
      }
      print("> " + l.text);
      try {
        execute(parse(l.text));
      } catch (const Failure& f) {
        print("error: " + f.what);
        out.failed = true;
        out.error = {script_.path, l.number, f.what};
        break;
      }
    }
    out.transcript = std::move(transcript_);
    return out;
  }

 private:
  void print(std::string s) {
    transcript_.lines.push_back(std::move(s));
    transcript_.source.push_back(line_);
  }
  void say(NodeId id, const std::string& s) { print("n" + std::to_string(id) + ": " + s); }

  Host& host(const std::string& arg, bool must_run = true) {
    NodeId id = static_cast<NodeId>(*number(arg));
    if (hosts_.empty()) throw Failure{"no nodes yet: add-nodes first"};
    if (id < 1 || id > static_cast<NodeId>(hosts_.size()) - 1) throw Failure{"no node " + arg};
    Host& h = hosts_[id];
    if (must_run && !h.node) throw Failure{"n" + arg + " is down"};
    return h;
  }
  NodeId id_of(const Host& h) const { return static_cast<NodeId>(&h - hosts_.data()); }

  Config config_of(NodeId id) const {
    Config c = cfg_;
    c.id = id;
    c.random_seed = static_cast<std::uint64_t>(id);
    return c;
  }

  void start(Host& h) {
    NodeId id = id_of(h);
    h.node = std::make_unique<Node>(config_of(id), h.disk);
    h.kv_base = deserialize(h.disk.snapshot.data);
    h.kv_index = h.disk.snapshot.index;
    h.applied.clear();
    h.shown.reset();
  }

  // Prints a changed state, then drains and persists the node's Ready.
  void collect(Host& h) {
    if (!h.node) return;
    NodeId id = id_of(h);
    Node& n = *h.node;
    View now{n.role(), n.term(), n.leader(), n.commit_index()};
    if (h.shown != now) {
      say(id, std::string(role_name(now.role)) + " term=" + std::to_string(now.term) + " lead=" + show_id(now.leader) +
                  " commit=" + std::to_string(now.commit));
      h.shown = now;
    }
    while (n.has_ready()) {
      Ready rd = n.ready();
      if (rd.hard_state) {
        h.disk.hard_state = *rd.hard_state;
        say(id,
            "persist hard-state term=" + std::to_string(rd.hard_state->term) + " vote=" + show_id(rd.hard_state->vote));
      }
      if (rd.snapshot) {
        const Snapshot& s = *rd.snapshot;
        // The entries after the snapshot stay only if they continue it (as Log::restore does).
        auto& es = h.disk.entries;
        bool continues =
            std::any_of(es.begin(), es.end(), [&](auto& e) { return e.index == s.index && e.term == s.term; });
        if (continues)
          std::erase_if(es, [&](auto& e) { return e.index <= s.index; });
        else
          es.clear();
        h.disk.snapshot = s;
        say(id, "persist snapshot i" + std::to_string(s.index) + "/t" + std::to_string(s.term) + " {" + s.data + "}");
      }
      if (!rd.entries.empty()) {
        std::erase_if(h.disk.entries, [&](auto& e) { return e.index >= rd.append_from; });
        for (const Entry& e : rd.entries) h.disk.entries.push_back(e);
        say(id, "persist entries " + show(rd.entries));
      }
      for (Message& m : rd.messages) {
        say(id, "send " + show(m));
        wire_.push_back(std::move(m));
      }
      if (rd.snapshot) {
        h.kv_base = deserialize(rd.snapshot->data);
        h.kv_index = rd.snapshot->index;
        h.applied.clear();
        say(id, "restore {" + rd.snapshot->data + "}");
      }
      for (const Entry& e : rd.committed) {
        h.applied.push_back(e);
        say(id, "apply " + show(e));
      }
      for (const ReadState& r : rd.reads)
        say(id, "read-ready request=" + std::to_string(r.request) + " index=" + std::to_string(r.index));
    }
  }
  void collect_all() {
    for (Host& h : hosts_) collect(h);
  }

  static bool listed(const std::map<std::string, std::string>& opts, const char* key, const std::string& value) {
    auto it = opts.find(key);
    if (it == opts.end()) return true;
    auto parts = split(it->second, ',');
    return std::find(parts.begin(), parts.end(), value) != parts.end();
  }

  // One pass over what is queued now; what the receivers send in answer waits for the next.
  void deliver(const Command& c) {
    auto batch = std::move(wire_);
    wire_.clear();
    std::vector<Message> kept;
    for (Message& m : batch) {
      bool match = listed(c.opts, "from", std::to_string(m.from)) && listed(c.opts, "to", std::to_string(m.to)) &&
                   listed(c.opts, "type", msg_name(m.type));
      if (!match) {
        kept.push_back(std::move(m));
        continue;
      }
      if (c.flags.count("drop")) {
        print("drop " + show(m));
        continue;
      }
      Host& to = hosts_[m.to];
      if (!to.node) {
        print("lost " + show(m) + " (n" + std::to_string(m.to) + " is down)");
        continue;
      }
      print(show(m));
      to.node->step(m);
      collect(to);
    }
    // Messages left behind keep their place ahead of the new ones.
    kept.insert(kept.end(), std::make_move_iterator(wire_.begin()), std::make_move_iterator(wire_.end()));
    wire_ = std::move(kept);
  }

  void execute(const Command& c) {
    if (c.name != "add-nodes" && hosts_.empty()) throw Failure{"no nodes yet: add-nodes first"};
    auto opt = [&](const char* key, std::uint64_t dflt) {
      auto it = c.opts.find(key);
      return it == c.opts.end() ? dflt : *number(it->second);
    };
    if (c.name == "add-nodes") {
      if (!hosts_.empty()) throw Failure{"add-nodes twice"};
      auto n = static_cast<NodeId>(*number(c.args[0]));
      if (n < 1 || n > 9) throw Failure{"between 1 and 9 nodes"};
      cfg_ = base_;
      cfg_.election_ticks = static_cast<int>(opt("election", static_cast<std::uint64_t>(cfg_.election_ticks)));
      cfg_.heartbeat_ticks = static_cast<int>(opt("heartbeat", static_cast<std::uint64_t>(cfg_.heartbeat_ticks)));
      cfg_.max_entries_per_append = opt("batch", cfg_.max_entries_per_append);
      cfg_.max_inflight = opt("inflight", cfg_.max_inflight);
      if (cfg_.election_ticks < 1 || cfg_.heartbeat_ticks < 1 || cfg_.max_entries_per_append < 1 ||
          cfg_.max_inflight < 1)
        throw Failure{"election, heartbeat, batch and inflight are at least 1"};
      cfg_.nodes.clear();
      for (NodeId i = 1; i <= n; ++i) cfg_.nodes.push_back(i);
      hosts_.resize(static_cast<std::size_t>(n) + 1);  // ids from 1, as in etcd's scripts
      for (NodeId i = 1; i <= n; ++i) start(hosts_[i]);
      collect_all();
    } else if (c.name == "set-disk") {
      Host& h = host(c.args[0], false);
      Durable d;
      d.hard_state.term = opt("term", 0);
      d.hard_state.vote = c.opts.count("vote") ? static_cast<NodeId>(opt("vote", 0)) : no_node;
      if (c.opts.count("log")) {
        Term prev = 0;
        for (const std::string& t : split(c.opts.at("log"), ',')) {
          Term term = *number(t);
          if (term < prev || term > d.hard_state.term) throw Failure{"log terms must grow and not pass term="};
          prev = term;
          Index i = d.entries.size() + 1;
          d.entries.push_back({term, i, "e" + std::to_string(i)});
        }
      }
      h.disk = d;
      start(h);
      collect(h);
    } else if (c.name == "campaign") {
      Host& h = host(c.args[0]);
      if (h.node->is_leader()) throw Failure{"n" + c.args[0] + " already leads"};
      h.node->campaign_now();
      collect_all();
    } else if (c.name == "tick") {
      Host& h = host(c.args[0]);
      std::uint64_t k = c.args.size() > 1 ? *number(c.args[1]) : 1;
      for (std::uint64_t i = 0; i < k; ++i) h.node->tick();
      collect_all();
    } else if (c.name == "tick-all") {
      std::uint64_t k = c.args.empty() ? 1 : *number(c.args[0]);
      for (std::uint64_t i = 0; i < k; ++i)
        for (Host& h : hosts_)
          if (h.node) h.node->tick();
      collect_all();
    } else if (c.name == "propose") {
      Host& h = host(c.args[0]);
      const std::string& kv = c.args[1];
      auto eq = kv.find('=');
      KvCommand cmd{0, 0, KvOp::put, kv.substr(0, eq), kv.substr(eq + 1), ""};
      Index at = h.node->propose(cmd.encode());
      say(id_of(h), at ? "proposed at i" + std::to_string(at) : "not leader: proposal dropped");
      collect_all();
    } else if (c.name == "read") {
      Host& h = host(c.args[0]);
      bool ok = h.node->read_index(*number(c.args[1]));
      if (!ok) say(id_of(h), "read refused");
      collect_all();
    } else if (c.name == "deliver") {
      deliver(c);
    } else if (c.name == "stabilize") {
      for (int round = 0; !wire_.empty(); ++round) {
        if (round == 100) throw Failure{"still sending after 100 rounds"};
        deliver({});
      }
    } else if (c.name == "pending") {
      for (const Message& m : wire_) print(show(m));
      if (wire_.empty()) print("nothing pending");
    } else if (c.name == "crash") {
      Host& h = host(c.args[0]);
      h.node.reset();
      h.shown.reset();
    } else if (c.name == "restart") {
      Host& h = host(c.args[0], false);
      if (h.node) throw Failure{"n" + c.args[0] + " is running"};
      start(h);
      collect(h);
    } else if (c.name == "compact") {
      Host& h = host(c.args[0]);
      Index index = *number(c.args[1]);
      Node& n = *h.node;
      n.compact(index, serialize(h.kv_at(index)));
      if (n.log().snapshot_index() != index) {
        say(id_of(h), "compaction to i" + std::to_string(index) + " refused");
      } else {
        // The caller persists its own compaction: the core hands out only snapshots it receives.
        h.disk.snapshot = n.snapshot();
        std::erase_if(h.disk.entries, [&](auto& e) { return e.index <= index; });
        h.kv_base = h.kv_at(index);
        h.kv_index = index;
        std::erase_if(h.applied, [&](auto& e) { return e.index <= index; });
        say(id_of(h), "compacted to i" + std::to_string(index) + "/t" + std::to_string(n.snapshot().term) + " {" +
                          n.snapshot().data + "}");
      }
      collect_all();
    } else if (c.name == "log") {
      Host& h = host(c.args[0], false);
      NodeId id = id_of(h);
      std::vector<Entry> es;
      Index snap_index = h.disk.snapshot.index;
      Term snap_term = h.disk.snapshot.term;
      if (h.node) {
        const Log& log = h.node->log();
        snap_index = log.snapshot_index();
        snap_term = log.snapshot_term();
        es = log.slice(log.first_index(), log.last_index() + 1);
      } else {
        es = h.disk.entries;
        say(id, "down; its disk:");
      }
      if (snap_index) say(id, "snapshot i" + std::to_string(snap_index) + "/t" + std::to_string(snap_term));
      for (const Entry& e : es) say(id, show(e));
      if (es.empty() && !snap_index) say(id, "empty log");
    } else if (c.name == "state") {
      Host& h = host(c.args[0], false);
      NodeId id = id_of(h);
      const HardState& hs = h.disk.hard_state;
      if (!h.node) {
        say(id, "down; disk term=" + std::to_string(hs.term) + " vote=" + show_id(hs.vote) + " last=i" +
                    std::to_string(h.disk.entries.empty() ? h.disk.snapshot.index : h.disk.entries.back().index));
        return;
      }
      const Node& n = *h.node;
      say(id, std::string(role_name(n.role())) + " term=" + std::to_string(n.term()) + " vote=" + show_id(hs.vote) +
                  " lead=" + show_id(n.leader()) + " commit=" + std::to_string(n.commit_index()) +
                  " applied=" + std::to_string(n.applied_index()) + " last=i" + std::to_string(n.log().last_index()) +
                  "/t" + std::to_string(n.log().last_term()));
      say(id, "kv {" + serialize(h.kv_at(n.applied_index())) + "}");
      if (n.is_leader())
        for (NodeId p : cfg_.nodes) {
          if (p == id) continue;
          const Progress& pr = n.progress(p);
          std::string inflight;
          for (Index i : pr.inflight) inflight += (inflight.empty() ? "" : ",") + std::to_string(i);
          say(id, "progress " + std::to_string(p) + " " + progress_name(pr.state) +
                      " match=" + std::to_string(pr.match) + " next=" + std::to_string(pr.next) +
                      (pr.probe_sent ? " probe-sent" : "") + (pr.inflight.empty() ? "" : " inflight=" + inflight));
        }
    }
  }

  const Script& script_;
  Config base_;
  Config cfg_;
  int line_ = 0;
  std::vector<Host> hosts_;  // by node id; hosts_[0] unused
  std::vector<Message> wire_;
  Transcript transcript_;
};

}  // namespace

Script load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ScriptError{path, 0, "cannot read"};
  Script s{path, {}};
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    std::size_t lead = text.find_first_not_of(" \t");
    text = lead == std::string::npos ? std::string() : text.substr(lead);
    if (!text.empty() && text[0] != '#') {
      try {
        parse(text);
      } catch (const std::string& what) {
        throw ScriptError{path, n, what};
      }
    }
    s.lines.push_back({n, text});
  }
  return s;
}

Outcome run(const Script& script, const Config& base) { return Runner(script, base).go(); }

long first_difference(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i)
    if (expected[i] != actual[i]) return static_cast<long>(i);
  return expected.size() == actual.size() ? -1 : static_cast<long>(n);
}

}  // namespace gauntlet::raft::scenario
