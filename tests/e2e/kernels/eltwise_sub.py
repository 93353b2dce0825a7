# Element-wise C = A - B staged through shared tiles and a fragment (bfloat16 in and out).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def vsub(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bn), dtype)
            b_s = T.alloc_shared((bm, bn), dtype)
            c_f = T.alloc_fragment((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a_s)
            T.copy(B[by * bm, bx * bn], b_s)
            for i, j in T.Parallel(bm, bn):
                c_f[i, j] = a_s[i, j] - b_s[i, j]
            T.copy(c_f, C[by * bm, bx * bn])

    return kernel


kernel = vsub(128, 256, 32, 64)
