# A row block wider than L1 that cannot be streamed in chunks of the row: each pass over the
# row recomputes the chunks it needs from the tensors, but the in-place update of 'x' reads 'm',
# which changes before the second pass would recompute it. The error is at the statement, with
# notes at the change and at the pass that needs the recomputation.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def center(M, N):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_shared((32, N), "float32")
            m = T.alloc_fragment((32,), "float32")
            T.copy(X[bx * 32, 0], x)
            T.reduce_max(x, m, dim=1)
            # expected-error@+1 {{the row block (8192 columns, about 6303744 bytes of circular buffers) does not fit the 1417216 bytes of L1 available on wormhole_b0, and it cannot be streamed in chunks of the row: the chunks of the row are recomputed from the tensors for every pass over the row, but this statement reads 'm', which changes before its recomputation}}
            for i, j in T.Parallel(32, N):
                x[i, j] = x[i, j] - m[i]
            # expected-note@+1 {{'m' changes here}}
            for i in T.Parallel(32):
                m[i] = m[i] * 2.0
            # expected-note@+1 {{where the statement is recomputed}}
            T.copy(x, Y[bx * 32, 0])

    return kernel


kernel = center(64, 8192)
