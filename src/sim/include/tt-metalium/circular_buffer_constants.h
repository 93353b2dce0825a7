// CB count constants (tt-metalium/circular_buffer_constants.h).
#pragma once
#include <cstdint>
constexpr static std::uint32_t NUM_CIRCULAR_BUFFERS = 32;
constexpr static std::uint32_t CIRCULAR_BUFFER_COMPUTE_ADDR_SHIFT = 4;
