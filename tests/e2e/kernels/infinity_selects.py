# Selects on infinity tests and `if` statements on element values inside T.Parallel nests
# (issue 13): rows that a mask leaves all -inf have a -inf maximum, which attention kernels
# replace (`m[i] = T.if_then_else(m[i] == -inf, 0, m[i])`) or guard (`if m[i] == -inf: a[i] = 0
# else: a[i] = T.exp(...)` followed by `l[i] *= a[i]` in the same nest). B3 blends the tile
# value by isneginf predicates after clamping it to finite values (-inf * 0 would be NaN), and an
# `if` / `elif` / `else` chain of element stores as nested selects.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2, 3, 4])
def empty_rows(M, N, bm=64):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), n_rows: T.int32, Mx: T.Tensor((M,), "float32"),
             L: T.Tensor((M,), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(M // bm) as by:
            x = T.alloc_fragment((bm, N), "float32")
            raw = T.alloc_fragment((bm,), "float32")
            m = T.alloc_fragment((bm,), "float32")
            a = T.alloc_fragment((bm,), "float32")
            l = T.alloc_fragment((bm,), "float32")
            T.copy(X[by * bm, 0], x)
            for i, j in T.Parallel(bm, N):
                x[i, j] = T.if_then_else(by * bm + i < n_rows, x[i, j], -T.infinity("float32"))
            T.reduce_max(x, raw, dim=1)
            for i in T.Parallel(bm):
                m[i] = T.if_then_else(raw[i] == -T.infinity("float32"), 0, raw[i])
            T.fill(l, 2.0)
            for i in T.Parallel(bm):
                if raw[i] == -T.infinity("float32"):
                    a[i] = 0.0
                else:
                    a[i] = T.exp(raw[i] * 0.5 - m[i])
                l[i] = l[i] * a[i] + 1.0
            for i, j in T.Parallel(bm, N):
                if x[i, j] == -T.infinity("float32"):
                    x[i, j] = -5.0
                elif x[i, j] > 0.25:
                    x[i, j] = x[i, j] + 1.0
                else:
                    x[i, j] = x[i, j] * 2.0
            T.copy(m, Mx[by * bm])
            T.copy(l, L[by * bm])
            T.copy(x, Y[by * bm, 0])

    return main


kernel = empty_rows(128, 64)
