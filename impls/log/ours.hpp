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
  static constexpr Overflow overflow = Overflow::block;
  static constexpr bool drop_records = true;
};

class RingDropNewestLogger : public BasicAsyncLogger<OurCore<Overflow::drop_newest>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-drop-newest";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "the slot ring; full: the new entry dropped (cause full)";
  static constexpr Overflow overflow = Overflow::drop_newest;
  static constexpr bool drop_records = true;
};

class RingDropOldestLogger : public BasicAsyncLogger<OurCore<Overflow::drop_oldest>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-drop-oldest";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: the producer evicts the oldest entry by CAS on head (cause evicted)";
  static constexpr Overflow overflow = Overflow::drop_oldest;
  static constexpr bool drop_records = true;
};

class RingSampleLogger : public BasicAsyncLogger<OurCore<Overflow::sample>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-sample";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: every N-th overflowing entry blocks and is kept, the rest dropped (cause sampled)";
  static constexpr Overflow overflow = Overflow::sample;
  static constexpr bool drop_records = true;
};

class RingDeadlineLogger : public BasicAsyncLogger<OurCore<Overflow::deadline>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "ring-deadline";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the slot ring; full: block up to Config::deadline, then drop (cause deadline)";
  static constexpr Overflow overflow = Overflow::deadline;
  static constexpr bool drop_records = true;
};

}  // namespace gauntlet::log
