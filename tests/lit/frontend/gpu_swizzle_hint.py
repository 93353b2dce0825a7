# The CUDA tensor-core swizzle of a shared buffer (make_mma_swizzle_layout) guides GPU code
# generation only: accepted and ignored, with a remark under --remarks.
# RUN: %tltt parse %s --entry 'copy_through(64)' --remarks 2>%t.err | FileCheck %s
# RUN: FileCheck --check-prefix=NOTE %s < %t.err
import tilelang
import tilelang.language as T
from tilelang.cuda.intrinsics import make_mma_swizzle_layout


@tilelang.jit(out_idx=[-1])
def copy_through(M):

    @T.prim_func
    def k(A: T.Tensor((M, M), "float16"), B: T.Tensor((M, M), "float16")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((M, M), "float16")
            T.annotate_layout({s: make_mma_swizzle_layout(s)})
            T.copy(A, s)
            T.copy(s, B)

    return k


# CHECK:      alloc s: shared float16[64, 64]
# CHECK-NEXT: copy A -> s
# NOTE: gpu_swizzle_hint.py:17:31: remark: GPU layout make_mma_swizzle_layout for 's' (an index map) guides GPU code generation; ignored on Tenstorrent
