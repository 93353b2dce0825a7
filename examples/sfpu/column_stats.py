# Per-column statistics written to 1-D tensors: the column sum (reduce along dim 0 into a
# per-column vector) scaled in a 1-D loop on the way out, and the column maximum copied as is.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def column_stats(M, N, bn=64, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Mean: T.Tensor((N,), dtype), Max: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, bn), threads=128) as bx:
            x = T.alloc_shared((M, bn), dtype)
            total = T.alloc_fragment((bn,), dtype)
            top = T.alloc_fragment((bn,), dtype)
            T.copy(X[0, bx * bn], x)
            T.reduce_sum(x, total, dim=0)
            T.reduce_max(x, top, dim=0)
            for j in T.Parallel(bn):
                Mean[bx * bn + j] = total[j] / M
            T.copy(top, Max[bx * bn])

    return main


kernel = column_stats(64, 256)
