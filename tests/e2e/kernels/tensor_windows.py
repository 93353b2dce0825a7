# Tensors read and written element by element inside T.Parallel nests over on-chip blocks
# (issue 13): A1 stages each tensor window the nest addresses (`T[base_i + i, base_j + j]`,
# unit dimensions anywhere) through an on-chip block and a T.copy (src/passes/tensor_windows.cc),
# so the copy lowering serves loads in expressions or under conditions, computed stores, and
# stores of another dtype under a row guard.
import tilelang
import tilelang.language as T


# C = 2 * A + B with A's block on chip and B read inside the store's expression.
@tilelang.jit
def mixed_store(M, N, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            a = T.alloc_shared((bm, bn), dtype)
            T.copy(A[by * bm, bx * bn], a)
            for i, j in T.Parallel(bm, bn):
                C[by * bm + i, bx * bn + j] = a[i, j] * 2.0 + B[by * bm + i, bx * bn + j]

    return main


# A 3-D tensor [rows, heads, dim] read under a position mask and written at [r, h, c]: the
# head index is a unit dimension between the two the nest runs over.
@tilelang.jit
def head_windows(rows, heads, dim, bm=32, bn=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((rows, heads, dim), dtype), Y: T.Tensor((rows, heads, dim), dtype)):
        with T.Kernel(T.ceildiv(dim, bn), T.ceildiv(rows, bm), heads) as (bx, by, bz):
            x = T.alloc_fragment((bm, bn), "float32")
            for i, j in T.Parallel(bm, bn):
                x[i, j] = T.if_then_else(i >= j, X[by * bm + i, bz, bx * bn + j], 0.0)
            for i, j in T.Parallel(bm, bn):
                Y[by * bm + i, bz, bx * bn + j] = x[i, j] * 0.5 + 1.0

    return main


# A float32 accumulator stored to a bfloat16 tensor under a row guard (the first rows[0] rows
# of the tensor, a count read from an index tensor), loads under an `if` with an `else`: the
# grouped GEMM's epilogue.
@tilelang.jit
def guarded_rows(M, N, bm=32, bn=32):

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), rows: T.Tensor((1,), "int32"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            acc = T.alloc_fragment((bm, bn), "float32")
            count = rows[0]
            for i, j in T.Parallel(bm, bn):
                if by * bm + i < count:
                    acc[i, j] = A[by * bm + i, bx * bn + j] * 3.0
                else:
                    acc[i, j] = 0.0
            for i, j in T.Parallel(bm, bn):
                if i < count - by * bm:
                    C[by * bm + i, bx * bn + j] = acc[i, j]

    return main


kernel = mixed_store(64, 96)


# Groups of rows packed one after another (offsets in `offs`), each block of a group scaled and
# stored under the group's row guard from a float32 accumulator: the writer takes the group's
# start (one element of `offs`) and its row count (two elements) from the reader's mailbox,
# hand-overs of different sizes.
@tilelang.jit
def grouped_rows(groups, M, N, bm=32, bn=32):

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), offs: T.Tensor((groups + 1,), "int32"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), groups) as (bx, by, bz):
            a = T.alloc_shared((bm, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            start = offs[bz]
            n = offs[bz + 1] - offs[bz]
            T.copy(A[start + by * bm, bx * bn], a)
            for i, j in T.Parallel(bm, bn):
                acc[i, j] = a[i, j] * 0.25
            for i, j in T.Parallel(bm, bn):
                if by * bm + i < n:
                    C[start + by * bm + i, bx * bn + j] = acc[i, j]

    return main
