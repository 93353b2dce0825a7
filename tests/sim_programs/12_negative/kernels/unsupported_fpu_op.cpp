// Negative case "unsupported_fpu_op": the FPU model has add, sub and mul, so a dest-reuse divide
// must fail to compile with a message naming the call (never run as some other op).
#include "api/compute/eltwise_binary.h"

void kernel_main() {
  binary_op_init_common(tt::CBIndex::c_0, tt::CBIndex::c_0, tt::CBIndex::c_16);
  tile_regs_acquire();
  binary_dest_reuse_tiles<ELWDIV, EltwiseBinaryReuseDestType::DEST_TO_SRCA>(tt::CBIndex::c_0, 0, 0);
  tile_regs_commit();
}
