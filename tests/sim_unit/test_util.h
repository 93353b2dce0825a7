// Helpers for the simulator unit tests: kernel paths, data patterns.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

// The path of a kernel under tests/sim_unit/kernels (test_util.cc).
std::string kernel(const std::string& name);

inline std::vector<uint32_t> pattern(size_t words, uint32_t seed) {
  std::vector<uint32_t> v(words);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& w : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    w = x;
  }
  return v;
}
