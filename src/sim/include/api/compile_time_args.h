// Compile-time kernel arguments as constant expressions: the JIT defines
// KERNEL_COMPILE_TIME_ARGS (a,b,c) and KERNEL_NAMED_COMPILE_TIME_ARGS ({"name", v},...).
#pragma once
#include <stdint.h>

#ifndef KERNEL_COMPILE_TIME_ARGS
#define KERNEL_COMPILE_TIME_ARGS
#endif
#ifndef KERNEL_NAMED_COMPILE_TIME_ARGS
#define KERNEL_NAMED_COMPILE_TIME_ARGS
#endif

namespace ttsim_ct {
// Slot 0 is a placeholder so an empty argument list still forms a valid array.
inline constexpr uint32_t args[] = {0u, KERNEL_COMPILE_TIME_ARGS};
inline constexpr uint32_t count = sizeof(args) / sizeof(args[0]) - 1;

struct Named {
  const char* name;
  uint32_t value;
};
inline constexpr Named named[] = {{"", 0u}, KERNEL_NAMED_COMPILE_TIME_ARGS};
inline constexpr uint32_t named_count = sizeof(named) / sizeof(named[0]) - 1;

constexpr bool same(const char* a, const char* b) {
  while (*a && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

// Not constexpr: reaching it in a constant expression makes the compile fail with its name.
inline uint32_t named_compile_time_arg_not_found(const char*) { return 0; }

constexpr uint32_t lookup(const char* name) {
  for (uint32_t i = 1; i <= named_count; ++i) {
    if (same(named[i].name, name)) {
      return named[i].value;
    }
  }
  return named_compile_time_arg_not_found(name);
}

// Value of arg i, or 0 past the end (for layouts that read optional args).
constexpr uint32_t arg_or_zero(uint32_t i) { return i < count ? args[i + 1] : 0u; }
}  // namespace ttsim_ct

template <uint32_t Idx>
constexpr uint32_t get_ct_arg() {
  static_assert(Idx < ttsim_ct::count,
                "get_compile_time_arg_val: index past the compile-time args");
  return ttsim_ct::args[Idx + 1];
}

#define get_compile_time_arg_val(idx) get_ct_arg<(idx)>()
#define get_named_compile_time_arg_val(name) (ttsim_ct::lookup(name))

// The SDK exposes the args array as kernel_compile_time_args.
struct ttsim_ct_args_view {
  constexpr uint32_t operator[](uint32_t i) const { return ttsim_ct::args[i + 1]; }
  constexpr uint32_t size() const { return ttsim_ct::count; }
};
inline constexpr ttsim_ct_args_view kernel_compile_time_args{};
