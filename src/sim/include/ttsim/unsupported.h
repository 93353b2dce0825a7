// Public TT-Metalium names the simulator declares but does not simulate. Using one is a compile
// error whose message names the call and says why, never a silent approximation;
// scripts/api_coverage.py reads these markers to list the names as unsupported in
// docs/api-coverage.md.
#pragma once

namespace ttsim_unsupported {
// Dependent on the template's own parameters, so the assertion fires only where the template is
// instantiated, i.e. where a program actually uses the name.
template <typename... T>
inline constexpr bool kNever = false;
template <auto... V>
inline constexpr bool kNeverV = false;
}  // namespace ttsim_unsupported

// In the body of a function template whose parameters include type T: any use fails to compile.
#define TTSIM_UNSUPPORTED(T, call, why)         \
  static_assert(::ttsim_unsupported::kNever<T>, \
                "ttsim: `" call "` is not supported by the simulator: " why)

// A call the simulator supports except for some compile-time arguments: those fail to compile.
#define TTSIM_REQUIRE(cond, call, why) \
  static_assert(cond, "ttsim: `" call "` is not supported by the simulator with " why)
