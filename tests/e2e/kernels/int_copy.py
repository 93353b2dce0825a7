# Integer tensors (issue 13, formats): int8, uint8 and int32 have tile formats and move through
# on-chip blocks unchanged; compute on them is a located error of C1 for now (docs/formats.md,
# tests/lit/diagnostics/integer-compute.py).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int_copy(M, N, block_M, block_N, dtype="int8"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            T.copy(x, Y[by * block_M, bx * block_N])

    return main


kernel = int_copy(64, 96, 32, 32)
