# A tile longer than the whole axis at a block-dependent origin (N = 244 set by the user, block_N
# = 256: the grid's only column block is partial) is a partial edge block of T.copy, kept with
# its extent (B1 pads the device tensor to whole blocks; the reader reads zeros past the end and
# the writer drops them), not a front-end error. A constant origin past the end still is one
# (tests/lit/diagnostics/copy_out_of_bounds.py).
# RUN: %tltt parse %s --entry "scale(100, 244)" | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale(M, N, block_M=64, block_N=256):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float16"), Y: T.Tensor((M, N), "float16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_fragment((block_M, block_N), "float16")
            # CHECK: copy X[by * 64 +: 64, bx * 256 +: 256] -> x
            T.copy(X[by * block_M, bx * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                x[i, j] = x[i, j] * 2.0
            # CHECK: copy x -> Y[by * 64 +: 64, bx * 256 +: 256]
            T.copy(x, Y[by * block_M, bx * block_N])

    return main
