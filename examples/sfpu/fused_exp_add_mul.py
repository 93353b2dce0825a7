# Fused D = exp(A + B) * C over 2-D blocks: FPU add, SFPU exp and an SFPU multiply between DST
# tiles in one compute region.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def fused(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype), D: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bn), dtype)
            b_s = T.alloc_shared((bm, bn), dtype)
            c_s = T.alloc_shared((bm, bn), dtype)
            d_f = T.alloc_fragment((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a_s)
            T.copy(B[by * bm, bx * bn], b_s)
            T.copy(C[by * bm, bx * bn], c_s)
            for i, j in T.Parallel(bm, bn):
                d_f[i, j] = T.exp(a_s[i, j] + b_s[i, j]) * c_s[i, j]
            T.copy(d_f, D[by * bm, bx * bn])

    return kernel


kernel = fused(128, 128, 32, 64)
