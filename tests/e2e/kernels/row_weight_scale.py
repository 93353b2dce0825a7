# A per-row weight read from a 1-D tensor inside a 2-D element-wise nest (`acc[i, j] *
# W[start + i]`), the rows of a block starting at an offset read from an index tensor and the
# store guarded by the rows the block holds: A1 reads the weights as a vector run (a copy of
# W[start : start + 32] into a per-row vector) before the nest. row_weight_scale_vec reads them
# into a vector in a 1-D nest first (`w[i] = W[start + i]`: the copy itself).
import tilelang
import tilelang.language as T


@tilelang.jit
def row_weight_scale(A, W, Starts, Rows, block_N=32):
    M, N, G = T.const("M, N, G")
    A: T.Tensor([M, N], T.float32)
    W: T.Tensor([M], T.float32)
    Starts: T.Tensor([G], T.int32)
    Rows: T.Tensor([G], T.int32)
    Y = T.empty([M, N], T.float32)
    with T.Kernel(G, T.ceildiv(N, block_N)) as (g, by):
        a = T.alloc_fragment([32, block_N], T.float32)
        start = Starts[g]
        rows = Rows[g]
        T.copy(A[start : start + 32, by * block_N : (by + 1) * block_N], a)
        for i, j in T.Parallel(32, block_N):
            if i < rows:
                Y[start + i, by * block_N + j] = a[i, j] * W[start + i]
    return Y


@tilelang.jit
def row_weight_scale_vec(A, W, Starts, block_N=32):
    M, N, G = T.const("M, N, G")
    A: T.Tensor([M, N], T.float32)
    W: T.Tensor([M], T.float32)
    Starts: T.Tensor([G], T.int32)
    Y = T.empty([G * 32, N], T.float32)
    with T.Kernel(G, T.ceildiv(N, block_N)) as (g, by):
        a = T.alloc_fragment([32, block_N], T.float32)
        w = T.alloc_fragment([32], T.float32)
        start = Starts[g]
        T.copy(A[start : start + 32, by * block_N : (by + 1) * block_N], a)
        for i in T.Parallel(32):
            w[i] = W[start + i]
        for i, j in T.Parallel(32, block_N):
            a[i, j] = a[i, j] * w[i]
        T.copy(a, Y[g * 32 : g * 32 + 32, by * block_N : (by + 1) * block_N])
    return Y


kernel = row_weight_scale.compile(M=128, N=64, G=3)
