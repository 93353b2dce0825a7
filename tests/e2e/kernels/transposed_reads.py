# On-chip data read against its layout in T.Parallel nests (issue 13 item 5):
# * `xt[i, j] = x[j, i] * s[j]`: a block read transposed and scaled per column, then the
#   operand of a GEMM (a chunked state update). A1 gives the load a transposed twin `x_t`,
#   copied tile by tile (transpose_wh_tile) before the nest.
# * `c[i] = c[i] + r[i]`: a per-column vector (a column sum) combined with a per-row one (a row
#   sum) in a 1-D nest: A1 reads the per-row one through its transposed twin.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def chunk_state(M, N, K, bm=64, bn=64, bk=32, dtype="bfloat16", accum="float32"):

    @T.prim_func
    def main(X: T.Tensor((K, M), dtype), B: T.Tensor((K, N), dtype), S: T.Tensor((K,), accum),
             Out: T.Tensor((M, N), accum)):
        with T.Kernel(N // bn, M // bm) as (bx, by):
            x = T.alloc_shared((bk, bm), dtype)
            b = T.alloc_shared((bk, bn), dtype)
            xt = T.alloc_fragment((bm, bk), dtype)
            s = T.alloc_fragment((bk,), accum)
            acc = T.alloc_fragment((bm, bn), accum)
            T.clear(acc)
            for k in T.Pipelined(K // bk, num_stages=1):
                T.copy(X[k * bk, by * bm], x)
                T.copy(S[k * bk], s)
                T.copy(B[k * bk, bx * bn], b)
                for i, j in T.Parallel(bm, bk):
                    xt[i, j] = x[j, i] * s[j]
                T.gemm(xt, b, acc)
            T.copy(acc, Out[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[1, 2])
def mixed_vectors(M, bm=64, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, bm), dtype), C: T.Tensor((M // bm, bm), dtype),
             Y: T.Tensor((M, bm), dtype)):
        with T.Kernel(M // bm) as bx:
            x = T.alloc_shared((bm, bm), dtype)
            y = T.alloc_fragment((bm, bm), dtype)
            r = T.alloc_fragment((bm,), dtype)
            c = T.alloc_fragment((bm,), dtype)
            T.copy(X[bx * bm, 0], x)
            T.reduce_sum(x, r, dim=1)
            T.reduce_sum(x, c, dim=0)
            for i in T.Parallel(bm):
                c[i] = c[i] + r[i] * 0.5
            for i, j in T.Parallel(bm, bm):
                y[i, j] = x[j, i] - c[j]
            T.copy(c, C[bx, 0])
            T.copy(y, Y[bx * bm, 0])

    return main


kernel = chunk_state(128, 128, 128)
