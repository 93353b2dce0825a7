# T.reshape of an on-chip block (issue 13 item 5): a GEMM accumulator [groups * rows, N] seen
# as [groups, rows, N] ([2, 32, N], or [4, 16, N]: groups of rows that are not whole tiles). A1
# folds the view into the block, since it keeps the last dimension: the 3-D T.Parallel nest over
# the view becomes a 2-D nest over the block (its two leading loops merged into one row loop).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def grouped_rows(M, N, K, groups=2, rows=32, dtype="bfloat16", accum="float32"):
    bm = groups * rows

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), G: T.Tensor((N,), accum),
             Y: T.Tensor((M, N), accum)):
        with T.Kernel(M // bm) as bx:
            a = T.alloc_shared((bm, K), dtype)
            b = T.alloc_shared((K, N), dtype)
            g = T.alloc_fragment((N,), accum)
            acc = T.alloc_fragment((bm, N), accum)
            v = T.reshape(acc, (groups, rows, N))
            T.copy(A[bx * bm, 0], a)
            T.copy(B[0, 0], b)
            T.copy(G[0], g)
            T.gemm(a, b, acc, clear_accum=True)
            for gi, r, n in T.Parallel(groups, rows, N):
                v[gi, r, n] = T.max(v[gi, r, n] * g[n], 0) + 0.25
            T.copy(acc, Y[bx * bm, 0])

    return main


kernel = grouped_rows(128, 64, 64)
