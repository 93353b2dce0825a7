// The simulator-side description of one program, filled by the host API layer and consumed by
// the engine (no host API types here, so the engine does not depend on them).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/arch/arch.h"
#include "tt-metalium/base_types.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace ttsim {

enum class KernelKind { DataMovement0, DataMovement1, Compute };

struct ComputeSettings {
  MathFidelity fidelity = MathFidelity::HiFi4;
  bool fp32_dest_acc = false;
  bool dst_full_sync = false;
  bool approx = false;
};

struct KernelDesc {
  std::string file;    // as given to CreateKernel
  std::string source;  // inline source (CreateKernelFromString), else empty
  KernelKind kind = KernelKind::DataMovement0;
  int noc = 0;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::map<std::string, uint32_t> named_args;
  ComputeSettings compute;
  std::vector<uint32_t> cores;  // core indices (chip * cores per chip + logical y*gx+x)
  std::map<uint32_t, std::vector<uint32_t>> runtime_args;  // per core index
  std::vector<uint32_t> common_args;
  std::string cb_formats;  // filled at launch: DataFormat per CB index of the first core
};

struct CbDesc {
  uint32_t index = 0;
  uint32_t total_size = 0;
  uint32_t page_size = 0;
  tt::DataFormat format = tt::DataFormat::Float16_b;
  uint32_t group = 0;  // indices of one CircularBufferConfig share storage
  std::vector<uint32_t> cores;
  uint32_t address = 0;        // assigned at layout (0: allocate)
  bool fixed_address = false;  // globally allocated (aliases an L1 buffer)
};

struct SemaphoreDesc {
  std::vector<uint32_t> cores;
  uint32_t initial = 0;
  int id = -1;  // the semaphore's id (its L1 slot); -1: its position in ProgramDesc::semaphores
};

struct ProgramDesc {
  Arch arch = Arch::WormholeB0;  // the device model whose grid numbered the core indices
  std::vector<KernelDesc> kernels;
  std::vector<CbDesc> cbs;
  std::vector<SemaphoreDesc> semaphores;  // id = position
};

}  // namespace ttsim
