# Element-wise C = A * B staged through shared tiles, with the result staged through shared
# memory on the way out as well (bfloat16 in and out).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def vmul(M, N, bm, bn, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bn), dtype)
            b_s = T.alloc_shared((bm, bn), dtype)
            c_f = T.alloc_fragment((bm, bn), dtype)
            c_s = T.alloc_shared((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a_s)
            T.copy(B[by * bm, bx * bn], b_s)
            for i, j in T.Parallel(bm, bn):
                c_f[i, j] = a_s[i, j] * b_s[i, j]
            T.copy(c_f, c_s)
            T.copy(c_s, C[by * bm, bx * bn])

    return kernel


kernel = vmul(128, 128, 32, 32)
