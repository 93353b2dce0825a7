// Kernel configurations for CreateKernel (tt-metalium/kernel_types.hpp, data_types.hpp).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "tt-metalium/base_types.hpp"

namespace tt::tt_metal {

using KernelHandle = uint32_t;

enum class DataMovementProcessor { RISCV_0 = 0, RISCV_1 = 1 };
enum NOC : uint8_t { RISCV_0_default = 0, RISCV_1_default = 1, NOC_0 = 0, NOC_1 = 1 };
enum NOC_MODE : uint8_t { DM_DEDICATED_NOC = 0, DM_DYNAMIC_NOC = 1 };
enum class KernelBuildOptLevel : uint8_t { O1, O2, O3, O0, Os, Ofast, Oz };
enum class UnpackToDestMode : uint8_t { UnpackToDestFp32, Default };
enum class CoreType { WORKER, ETH, DRAM, PCIE, TENSIX = WORKER };

constexpr uint32_t max_runtime_args = 341;

struct DataMovementConfig {
  DataMovementProcessor processor = DataMovementProcessor::RISCV_0;
  NOC noc = NOC::RISCV_0_default;
  NOC_MODE noc_mode = NOC_MODE::DM_DEDICATED_NOC;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::O2;
};

struct ReaderDataMovementConfig : public DataMovementConfig {
  ReaderDataMovementConfig(std::vector<uint32_t> compile_args = {},
                           std::map<std::string, std::string> defines = {},
                           std::unordered_map<std::string, uint32_t> named = {},
                           KernelBuildOptLevel opt = KernelBuildOptLevel::O2)
      : DataMovementConfig{DataMovementProcessor::RISCV_1,
                           NOC::NOC_0,
                           NOC_MODE::DM_DEDICATED_NOC,
                           std::move(compile_args),
                           std::move(defines),
                           std::move(named),
                           opt} {}
};

struct WriterDataMovementConfig : public DataMovementConfig {
  WriterDataMovementConfig(std::vector<uint32_t> compile_args = {},
                           std::map<std::string, std::string> defines = {},
                           std::unordered_map<std::string, uint32_t> named = {},
                           KernelBuildOptLevel opt = KernelBuildOptLevel::O2)
      : DataMovementConfig{DataMovementProcessor::RISCV_0,
                           NOC::NOC_1,
                           NOC_MODE::DM_DEDICATED_NOC,
                           std::move(compile_args),
                           std::move(defines),
                           std::move(named),
                           opt} {}
};

struct ComputeConfig {
  MathFidelity math_fidelity = MathFidelity::HiFi4;
  bool fp32_dest_acc_en = false;
  bool dst_full_sync_en = false;
  std::vector<UnpackToDestMode> unpack_to_dest_mode;
  bool bfp8_pack_precise = false;
  bool math_approx_mode = false;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::O3;
};

enum class Eth : uint8_t { SENDER = 0, RECEIVER = 1, IDLE = 2 };

// Declared so programs that configure Ethernet kernels compile up to CreateKernel, which refuses
// them (host_api.hpp): Ethernet cores are not simulated.
struct EthernetConfig {
  Eth eth_mode = Eth::SENDER;
  NOC noc = NOC::NOC_0;
  DataMovementProcessor processor = DataMovementProcessor::RISCV_0;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::unordered_map<std::string, uint32_t> named_compile_args;
  KernelBuildOptLevel opt_level = KernelBuildOptLevel::Os;
};

}  // namespace tt::tt_metal
