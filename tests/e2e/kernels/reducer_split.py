# A 2-D T.Parallel nest that computes a block and also accumulates into vectors (a norm's
# backward: `dx[i, j] = ..; dgamma[j] += dy[i, j] * xh[i, j]`, with let-bound temporaries):
# A1 splits the accumulations off into nests of their own, each then a reduction.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1, 2, 3])
def split_reducers(M=128, N=64, bm=32):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32"),
             G: T.Tensor((M // bm, N), "float32"), S: T.Tensor((M,), "float32")):
        with T.Kernel(M // bm) as bx:
            x = T.alloc_fragment((bm, N), "float32")
            y = T.alloc_fragment((bm, N), "float32")
            g = T.alloc_fragment((N,), "float32")
            s = T.alloc_fragment((bm,), "float32")
            T.copy(X[bx * bm, 0], x)
            T.clear(g)
            T.clear(s)
            for i, j in T.Parallel(bm, N):
                t = x[i, j] * 2.0
                y[i, j] = t + 1.0
                g[j] += t * x[i, j]
                s[i] += x[i, j]
            T.copy(y, Y[bx * bm, 0])
            T.copy(g, G[bx, 0:N])
            T.copy(s, S[bx * bm])

    return main


kernel = split_reducers()
