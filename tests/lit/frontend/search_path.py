# Imported helper modules are found next to the kernel file, then in --path directories, then in
# TLTT_PATH; a missing one only matters when a name from it is used.
# RUN: %tltt parse %s --path %S/Inputs/searchdir | FileCheck %s
# RUN: env TLTT_PATH=/nonexistent:%S/Inputs/searchdir %tltt parse %s | FileCheck %s
# RUN: not %tltt parse %s 2>&1 | FileCheck --check-prefix=MISSING %s
import tilelang
import tilelang.language as T
from extra_helpers import BLOCK, scaled
from not_a_module_anywhere import unused_helper


@tilelang.jit(out_idx=[-1])
def copy(R):
    M = scaled(R)

    @T.prim_func
    def k(A: T.Tensor((M, BLOCK), "float16"), B: T.Tensor((M, BLOCK), "float16")):
        with T.Kernel(M // BLOCK) as bx:
            T.copy(A[bx * BLOCK:(bx + 1) * BLOCK, :], B[bx * BLOCK:(bx + 1) * BLOCK, :])

    return k


kernel = copy(64)
# CHECK: func k(A: global float16[128, 64], B: global float16[128, 64])
# CHECK: launch (bx < 2)
# MISSING: search_path.py:14:9: error: 'extra_helpers.scaled' cannot be evaluated at compile time
