# Kernels for measure-small.test (scripts/measure_frontend.py --small): sizes the picker must
# keep within the example's own constraints.
import tilelang
import tilelang.language as T


# A per-head value kept in a buffer of `heads` elements but written and read by the block's
# row loop: the example's sizes have heads >= block_M (the reference rejects fewer).
@tilelang.jit(out_idx=[-1])
def head_bias(heads, seq_len, block_M=32):

    @T.prim_func
    def main(X: T.Tensor((heads, seq_len), "float32"), Bias: T.Tensor((heads,), "float32"),
             Y: T.Tensor((heads, seq_len), "float32")):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads) as (bx, by):
            b = T.alloc_fragment([heads], "float32")
            x = T.alloc_fragment([block_M], "float32")
            for i in T.Parallel(block_M):
                b[i] = Bias[by]
            T.copy(X[by, bx * block_M:(bx + 1) * block_M], x)
            for i in T.Parallel(block_M):
                x[i] = x[i] + b[i]
            T.copy(x, Y[by, bx * block_M:(bx + 1) * block_M])

    return main


# A group count declared in the body: the measurement guesses it by name, the driver below
# gives the example's own (smaller) value.
@tilelang.jit
def group_scale(X, S):
    M, N, BG = T.const("M, N, BG")
    X: T.Tensor((M, N), "float32")
    S: T.Tensor((BG,), "float32")
    Y = T.empty((BG, M, N), "float32")
    with T.Kernel(T.ceildiv(M, 32), BG) as (bx, bg):
        x = T.alloc_fragment((32, N), "float32")
        T.copy(X[bx * 32:(bx + 1) * 32, :], x)
        for i, j in T.Parallel(32, N):
            x[i, j] = x[i, j] * S[bg]
        T.copy(x, Y[bg, bx * 32:(bx + 1) * 32, :])
    return Y


def main(M=64, N=32, BG=2):
    return group_scale(None, None)
