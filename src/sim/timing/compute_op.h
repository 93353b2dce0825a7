// What a compute op asks of the Tensix threads, as the compute-op implementations describe it to
// the cost model (sim/compute/*.cc → ComputeContext::charge_op).
#pragma once
#include <cstdint>

namespace ttsim {

enum class ComputeKind : uint8_t {
  Init,
  Matmul,
  Eltwise,
  Copy,
  Reduce,
  Sfpu,
  Sfpi,  // kernel-written SFPI code: sfpu_instr counts every vector instruction of the call
  Pack,
  Tilize,
  Untilize,
  PackUntilize,
  Transpose
};

struct ComputeOp {
  ComputeKind kind = ComputeKind::Init;
  const char* name = "";
  uint32_t tiles = 1;         // output tiles (matmul: rt*ct products)
  uint32_t in_tiles = 0;      // tiles the unpacker reads from CBs
  uint32_t in_bytes = 0;      // bytes of those tiles (the unpacker's byte-per-cycle limit)
  uint32_t in_bfp_bytes = 0;  // of in_bytes, those of block-float tiles (matmul: own unpack rate)
  uint32_t out_bytes = 0;     // bytes the packer writes
  uint32_t phases = 1;        // fidelity phases (LoFi 1 .. HiFi4 4)
  uint32_t sfpu_instr = 0;    // SFPU instructions per 32-lane vector pass
};

struct ComputeCost {
  uint64_t unpack = 0, math = 0, pack = 0;
  uint64_t flops = 0;          // useful floating-point work
  uint64_t matrix_cycles = 0;  // ideal matrix-engine cycles (utilization numerator)
};

// A flat estimate for contexts without a timing model (unit-test fakes).
inline uint64_t placeholder_cycles(const ComputeOp& op) {
  uint64_t p = op.phases ? op.phases : 1;
  switch (op.kind) {
    case ComputeKind::Matmul:
      return 8ull * op.in_tiles + 16ull * p * op.tiles;
    case ComputeKind::Sfpu:
      return 32ull * (op.sfpu_instr ? op.sfpu_instr : 1) * op.tiles;
    case ComputeKind::Sfpi:
      return op.sfpu_instr;
    default:
      return 8ull * op.in_tiles + 8ull * p * op.tiles + (op.out_bytes ? 16 : 0);
  }
}

}  // namespace ttsim
