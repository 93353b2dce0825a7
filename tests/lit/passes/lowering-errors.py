# Kernels the Tenstorrent lowering rejects, each with a located error before any code exists.
# RUN: rm -rf %t && not %tltt compile %s --entry 'mm(128, 128, 128, 64, 16, 32, False)' -o %t 2>&1 | FileCheck %s --check-prefix=SHAPE
# (Partial blocks are padded on the device: tests/lit/passes/padding.py; blocks of 16 columns
# read from column windows (bK = 16) are padded too, tests/lit/passes/padding-windows.py. A
# block of 16 columns stored to a column window that moves with the block is not: its padding
# would overwrite the next block's columns.)
# RUN: not ls %t
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def mm(M, N, K, bM, bN, bK, ta):

    @T.prim_func
    def gemm(A: T.Tensor((K, M) if ta else (M, K), "bfloat16"),
             B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            A_s = T.alloc_shared((bK, bM) if ta else (bM, bK), "bfloat16")
            # SHAPE: lowering-errors.py:[[@LINE+1]]:{{[0-9]+}}: error: buffer 'B_s' of shape [32, 16] cannot become a circular buffer
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                if ta:
                    T.copy(A[k * bK, by * bM], A_s)
                else:
                    T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, transpose_A=ta)
            T.copy(C_l, C[by * bM, bx * bN])

    return gemm
