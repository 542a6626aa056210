#pragma once
// AddressSanitizer's manual poisoning, behind the platform layer: a pool marks
// the bytes of a free block unaddressable, so that user code touching a block
// after handing it back is reported as a use-after-poison. In builds without
// ASan (and under the model checker) these cost nothing and report false.
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define GAUNTLET_POISON_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GAUNTLET_POISON_ASAN 1
#endif
#endif

#if defined(GAUNTLET_POISON_ASAN) && !defined(GAUNTLET_RELACY)
#include <sanitizer/asan_interface.h>
#endif

namespace gauntlet {

#if defined(GAUNTLET_POISON_ASAN) && !defined(GAUNTLET_RELACY)
inline constexpr bool poisoning_active = true;
inline void poison_region(const void* p, std::size_t n) { ASAN_POISON_MEMORY_REGION(p, n); }
inline void unpoison_region(const void* p, std::size_t n) { ASAN_UNPOISON_MEMORY_REGION(p, n); }
inline bool is_poisoned(const void* p) { return __asan_address_is_poisoned(p) != 0; }
#else
inline constexpr bool poisoning_active = false;
inline void poison_region(const void*, std::size_t) {}
inline void unpoison_region(const void*, std::size_t) {}
inline bool is_poisoned(const void*) { return false; }
#endif

}  // namespace gauntlet
