// hostdevcommon/sem_scope.h: the semaphore scope and access enums host and kernels share.
// Scope is the access path the host chose: plain L1 read-modify-write (LOCAL_NONATOMIC, the
// default) or NoC atomics addressed to the core itself (EXTERNAL); DM_LOCAL_CACHED (a RISC-V
// cache AMO pool) exists only on Quasar. Access is what a binding may do to its semaphore,
// checked at compile time by Semaphore's mutators: INCREMENT up(); CONSUME also down(); SET also
// set() and being a relay destination; OBSERVE only wait()/value(); RAW (raw-id construction)
// everything.
#pragma once
#include <stdint.h>

enum class SemScope : uint8_t { LOCAL_NONATOMIC = 0, DM_LOCAL_CACHED = 1, EXTERNAL = 2 };
enum class SemAccess : uint8_t { INCREMENT = 0, CONSUME = 1, SET = 2, OBSERVE = 3, RAW = 4 };
