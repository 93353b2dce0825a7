# A filled block as an element-wise operand: C = A + v (T.fill of an on-chip block, then a
# staged add; the compute kernel re-initialises the adder after the SFPU fill).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def fill_add(M, N, bm, bn, value=0.5, dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a = T.alloc_shared((bm, bn), dtype)
            f = T.alloc_shared((bm, bn), dtype)
            o = T.alloc_shared((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a)
            T.fill(f, value)
            for i, j in T.Parallel(bm, bn):
                o[i, j] = a[i, j] + f[i, j]
            T.copy(o, C[by * bm, bx * bn])

    return kernel


kernel = fill_add(128, 256, 64, 64)
