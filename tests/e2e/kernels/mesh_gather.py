# Several T.Kernel launches on a mesh whose launches hold a tensor differently (docs/multi-device.md,
# "Several launches on a mesh"): the host program all-gathers (or all-reduces) it over the fabric
# between the launches and every device copies its chunk of the next split out of the whole.
# `rows_then_cols`: the first launch splits its grid (and X, `doubled`) by rows, the second by
# columns (its outermost grid dimension walks the columns), so X and the scratch `doubled` are
# all-gathered before it. `tp_then_scale`: a tensor-parallel GEMM (K sharded over the mesh by
# annotations) writes float32 partial sums of the scratch `acc`, all-reduced after it; an
# element-wise launch split by rows reads the sum.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows_then_cols(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        doubled = T.alloc_global((M, N), "float32")
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, doubled[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(M, bm), T.ceildiv(N, bn)) as (by, bx):
            d = T.alloc_fragment((bm, bn), "float32")
            x = T.alloc_fragment((bm, bn), "float32")
            T.copy(doubled[by * bm, bx * bn], d)
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                d[i, j] = d[i, j] + x[i, j]
            T.copy(d, Y[by * bm, bx * bn])

    return kernel


@tilelang.jit(out_idx=[-1])
def tp_then_scale(M, N, K, bm, bn, bk):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               Y: T.Tensor((M, N), "float32")):
        acc_sum = T.alloc_global((M, N), "float32")
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(mesh={"dim": 1, "axes": [0, 1]}),
                B: T.TTLayout(mesh={"dim": 0, "axes": [0, 1]}),
            })
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, k * bk], a)
                T.copy(B[k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.copy(acc, acc_sum[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            s = T.alloc_fragment((bm, bn), "float32")
            T.copy(acc_sum[by * bm, bx * bn], s)
            for i, j in T.Parallel(bm, bn):
                s[i, j] = s[i, j] * 0.5
            T.copy(s, Y[by * bm, bx * bn])

    return kernel


kernel = rows_then_cols(64, 64, 32, 32)
