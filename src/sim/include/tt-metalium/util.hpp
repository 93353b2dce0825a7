// Small host helpers (tt-metalium/util.hpp).
#pragma once
#include <cstdint>

namespace tt::tt_metal {
inline uint32_t round_up_to_mul32(uint32_t v) { return (v + 31) / 32 * 32; }
inline uint32_t div_up(uint32_t a, uint32_t b) { return (a + b - 1) / b; }
}  // namespace tt::tt_metal
namespace tt {
using tt::tt_metal::div_up;
}
