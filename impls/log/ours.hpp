#pragma once
// Our loggers, one class per overflow policy (core.hpp says what each does
// when the ring is full), all over the one BasicLogCore with evictions counted.
#include <string_view>

#include "impls/log/async_logger.hpp"
#include "impls/log/core.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::log {

template <Overflow P>
using OurCore = BasicLogCore<P, CountEviction>;

class RingBlockLogger : public BasicAsyncLogger<OurCore<Overflow::block>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-block";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "bounded MPSC slot ring, entries copied in place, formatted by the consumer; full: block";
};

class RingDropNewestLogger : public BasicAsyncLogger<OurCore<Overflow::drop_newest>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-drop-newest";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "the slot ring; full: the new entry dropped (cause full)";
};

class RingDropOldestLogger : public BasicAsyncLogger<OurCore<Overflow::drop_oldest>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-drop-oldest";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: the producer evicts the oldest entry by CAS on head (cause evicted)";
};

class RingSampleLogger : public BasicAsyncLogger<OurCore<Overflow::sample>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-sample";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: every N-th overflowing entry blocks and is kept, the rest dropped (cause sampled)";
};

class RingDeadlineLogger : public BasicAsyncLogger<OurCore<Overflow::deadline>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-deadline";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: block up to Config::deadline, then drop (cause deadline)";
};

}  // namespace gauntlet::log
