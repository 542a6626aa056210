#pragma once
// Raft scenarios as data (the style of etcd raft's testdata/*.txt): a script of
// commands drives nodes of the pure core (impls/raft/node.hpp) by hand, and the
// transcript says what each node handed out in its Ready. A transcript is
// compared with a golden file; testdata/README.md has the commands and the format.
//
// Messages are queued, never delivered by themselves: `deliver` and `stabilize`
// say which arrive, in what order, and which are dropped. Every Ready is written
// to the node's disk at once, so `crash` loses nothing it handed out and
// `restart` rebuilds the node from exactly that.
#include <string>
#include <vector>

#include "impls/raft/types.hpp"

namespace gauntlet::raft::scenario {

struct ScriptLine {
  int number = 0;  // 1-based, in the script file
  std::string text;
};

struct Script {
  std::string path;
  std::vector<ScriptLine> lines;
};

// A script that cannot run: `path:line: what`.
struct ScriptError {
  std::string path;
  int line = 0;
  std::string what;
  std::string format() const { return path + ":" + std::to_string(line) + ": " + what; }
};

// What a script printed, and for each printed line the script line it came from.
struct Transcript {
  std::vector<std::string> lines;
  std::vector<int> source;
};

struct Outcome {
  Transcript transcript;
  // A command that could not be carried out (a node that is down, a campaign that
  // does not settle...): the transcript ends with an `error:` line. Under a
  // known-bad variant that is one more way to depart from the golden file.
  bool failed = false;
  ScriptError error;
};

// Reads and checks the syntax of every line; throws ScriptError.
Script load(const std::string& path);

// Runs a loaded script on nodes configured from `base` (a variant's Config).
Outcome run(const Script& script, const Config& base);

// The first line where `actual` departs from `expected`, 0-based; -1 when they are equal.
long first_difference(const std::vector<std::string>& expected, const std::vector<std::string>& actual);

}  // namespace gauntlet::raft::scenario
