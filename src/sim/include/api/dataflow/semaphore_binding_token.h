// api/dataflow/semaphore_binding_token.h: the compile-time token a Metal 2.0 build emits per
// semaphore binding (`namespace sem { constexpr SemaphoreBindingToken<id, scope, access> x{}; }`).
// `Semaphore s(sem::x);` deduces the scope and access from it; the token has no conversion to an
// id or address, so raw semaphore calls on it do not compile.
#pragma once
#include <stdint.h>

#include "hostdevcommon/sem_scope.h"

template <uint32_t Id, SemScope S, SemAccess Access = SemAccess::INCREMENT>
struct SemaphoreBindingToken {
  static constexpr uint32_t id = Id;
  static constexpr SemScope scope = S;
  static constexpr SemAccess access = Access;
  static constexpr bool read_only = Access == SemAccess::OBSERVE;
};
