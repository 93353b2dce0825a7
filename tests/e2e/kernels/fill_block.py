# T.fill of an on-chip block that is then copied out: every element of C is the fill value
# (fill_tile into DST, packed into the output CB).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def fill(M, N, bm, bn, value=-2.75, dtype="bfloat16"):

    @T.prim_func
    def kernel(C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            blk = T.alloc_shared((bm, bn), dtype)
            T.fill(blk, value)
            T.copy(blk, C[by * bm, bx * bn])

    return kernel


kernel = fill(128, 256, 64, 64)
