// A test-only simulator core for the compute API: a ComputeContext with CBs and DST in host
// memory plus the CB/DST ABI functions the compute headers call, so kernels run in-process.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/compute/compute_context.h"
#include "sim/numerics/numerics.h"

namespace ttsim::test {

// A failure reported through ComputeContext::fail or ttsim_kernel_error.
struct KernelFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FakeCompute : public ComputeContext {
 public:
  struct Cb {
    tt::DataFormat fmt = tt::DataFormat::Float16_b;
    uint32_t page = 0, pages = 0;
    std::vector<uint8_t> mem;
    uint32_t rd = 0, wr = 0, avail = 0, reserved = 0;
  };
  enum class Dst { Free, Acquired, Committed, Waited, Legacy };

  FakeCompute();
  ~FakeCompute() override;

  void add_cb(uint32_t id, tt::DataFormat fmt, uint32_t pages);
  // Host side: push tiles (tile-order floats, packed in the CB's format) / read pushed tiles.
  void push_tiles(uint32_t cb, const std::vector<float>& tiles);
  std::vector<float> pop_tiles(uint32_t cb, uint32_t n);
  // Raw pages, for row-major (untilized) data.
  void push_raw(uint32_t cb, const std::vector<uint8_t>& bytes);
  std::vector<uint8_t> pop_raw(uint32_t cb, uint32_t n);

  const uint8_t* front_tile(uint32_t cb, uint32_t index, const char* call) override;
  uint8_t* back_tile(uint32_t cb, uint32_t index, const char* call) override;
  tt::DataFormat cb_format(uint32_t cb) override;
  float* dst_tile(uint32_t idst, bool for_pack, const char* call) override;
  num::MathConfig& math_config() override { return cfg; }
  void charge(const char* what, uint64_t cycles) override;
  [[noreturn]] void fail(const char* call, const std::string& message) override;

  Cb& cb(uint32_t id, const char* call);

  std::map<uint32_t, Cb> cbs;
  std::vector<float> dst = std::vector<float>(16 * 1024, 0.0f);
  Dst dst_state = Dst::Free;
  num::MathConfig cfg;
  uint64_t cycles = 0;
  std::map<std::string, uint64_t> charged;
};

}  // namespace ttsim::test
