# A float32 row sum into a float32 vector (issue 13, formats): reduce_tile's multiplier sees a
# float32 operand at bfloat16 precision, so B3 reduces three bfloat16 parts whose sum is exactly
# the input into one fp32 DST tile (remark `lower-to-sfpu.reduce-precision`); the result agrees
# with the reference to float32 rounding.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def row_sum(M, N, block_M, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), R: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x = T.alloc_fragment((block_M, N), dtype)
            r = T.alloc_fragment((block_M,), dtype)
            T.copy(X[bx * block_M, 0], x)
            T.reduce_sum(x, r, dim=1)
            for i in T.Parallel(block_M):
                R[bx * block_M + i] = r[i]

    return main


# Column sums of |x| folded into the old value (clear=False after a first sum).
@tilelang.jit(out_idx=[-1])
def col_abssum(M, N, block_N, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), S: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N)) as bx:
            x = T.alloc_fragment((M, block_N), dtype)
            s = T.alloc_fragment((block_N,), dtype)
            T.copy(X[0, bx * block_N], x)
            T.reduce_sum(x, s, dim=0)
            T.reduce_abssum(x, s, dim=0, clear=False)
            for j in T.Parallel(block_N):
                S[bx * block_N + j] = s[j]

    return main


kernel = row_sum(64, 128, 32)
