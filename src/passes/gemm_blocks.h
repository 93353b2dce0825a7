// B0's recognition of a plain GEMM kernel's block structure: every on-chip buffer axis tied to
// the T.Kernel or K-loop variable whose block it holds (see work_decomposition.cc).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::passes::gemm_blocks {

// The block an axis is tied to: offset `var * block`, extent `block`.
struct Axis {
  const ir::Variable* var = nullptr;
  int64_t block = 0;
  bool operator==(const Axis& o) const { return var == o.var && block == o.block; }
};

struct BufferAxis {
  const ir::BufferNode* buffer = nullptr;
  size_t axis = 0;
};

// What the analysis found: the axes of every on-chip buffer and the GEMM's variables.
struct Structure {
  std::map<const ir::BufferNode*, std::vector<std::optional<Axis>>> axes;
  std::map<const ir::Variable*, int64_t> extents;  // T.Kernel and K-loop trip counts
  std::map<const ir::Variable*, int64_t> uses;     // recognised `var * block` offsets
  const ir::Gemm* gemm = nullptr;
  const ir::For* k_loop = nullptr;
  // Buffer axes that have the same block: whole on-chip copies, one T.Parallel variable.
  std::vector<std::pair<BufferAxis, BufferAxis>> same;
  // T.Parallel loops over whole on-chip buffers: each loop variable runs along a buffer axis.
  std::map<const ir::Variable*, BufferAxis> parallel;
  // The GEMM's M, N (T.Kernel) and K (loop) variables and the user's blocks along them.
  const ir::Variable *vm = nullptr, *vn = nullptr, *vk = nullptr;
  int64_t bm = 0, bn = 0, bk = 0;
  std::string why_not;  // set when the kernel is not a plain GEMM

  void reject(std::string why);
  // Ties the on-chip buffer axis to `a`; a conflicting tie rejects the kernel.
  void tie(const ir::BufferNode* b, size_t d, std::optional<Axis> a);
};

// The structure of the kernel `launch` of `f` (why_not says why it is not a plain GEMM).
Structure analyse_gemm(const ir::KernelLaunch* launch, const ir::PrimFunc& f,
                       const ir::DevicePlan& plan);

}  // namespace tltt::passes::gemm_blocks
