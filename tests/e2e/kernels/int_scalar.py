# Integer kernel scalars (issue 13): a grid extent that depends on one (varlen attention's
# `T.ceildiv(max_seqlen, block_M)`), fixed at compile time for the value --set gives it, and
# one used in index arithmetic, a runtime argument of the kernels that read it (the reader's
# tile ids).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale_rows(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), rows: T.int32, Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(rows, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            y = T.alloc_fragment((bm, bn), dtype)
            T.copy(X[by * bm, bx * bn], x)
            for i, j in T.Parallel(bm, bn):
                y[i, j] = x[i, j] * 2.0
            T.copy(y, Y[by * bm, bx * bn])

    return main


@tilelang.jit(out_idx=[-1])
def rotate_rows(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), shift: T.int32, Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), dtype)
            T.copy(X[((by + shift) % (M // bm)) * bm, bx * bn], x)
            T.copy(x, Y[by * bm, bx * bn])

    return main


kernel = scale_rows(128, 64)
