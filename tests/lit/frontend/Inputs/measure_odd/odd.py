# Kernels for measure-odd.test (scripts/measure_frontend.py --small --odd): which sizes the
# picker moves off the multiples of 32, and which the example itself ties to its block sizes.
import tilelang
import tilelang.language as T


# Rows in blocks of ceildiv: any row count is valid (the last block is partial).
@tilelang.jit(out_idx=[-1])
def scale_rows(M, N, block_M=32):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x = T.alloc_fragment((block_M, N), "float32")
            T.copy(X[bx * block_M, 0], x)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, Y[bx * block_M, 0])

    return main


# The example asks for a multiple of 8 rows: the picker's first value (a multiple of 4) fails
# that assert, its second (a multiple of 8) is taken.
@tilelang.jit(out_idx=[-1])
def rows_of_eight(seq_len, block_M=32):
    assert seq_len % 8 == 0

    @T.prim_func
    def main(X: T.Tensor((seq_len,), "float32"), Y: T.Tensor((seq_len,), "float32")):
        with T.Kernel(T.ceildiv(seq_len, block_M)) as bx:
            x = T.alloc_fragment((block_M,), "float32")
            T.copy(X[bx * block_M], x)
            T.copy(x, Y[bx * block_M])

    return main


# The example's own grid drops a partial last block (`seq_len // block_M`): the size stays.
@tilelang.jit(out_idx=[-1])
def whole_blocks(seq_len, block_M=32):

    @T.prim_func
    def main(X: T.Tensor((seq_len,), "float32"), Y: T.Tensor((seq_len,), "float32")):
        with T.Kernel(seq_len // block_M) as bx:
            x = T.alloc_fragment((block_M,), "float32")
            T.copy(X[bx * block_M], x)
            T.copy(x, Y[bx * block_M])

    return main
