# In-place updates that are rejected (the accepted form: in-place.py). Y is read, but what is
# written back does not depend on it, so the writer could overwrite a block before the reader
# fetched it; each block writes the region of W its neighbour reads.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[])
def rejected(M, N, bm, bn):

    @T.prim_func
    def kernel(
            X: T.Tensor((M, N), "float32"),
            # expected-error@+1 {{tensor 'Y' is both read and written by the kernel, but the value it copies back is not computed from the block it copies in}}
            Y: T.Tensor((M, N), "float32"),
            Z: T.Tensor((M, N), "float32"),
            # expected-error@+1 {{tensor 'W' is both read and written by the kernel, but it copies different regions of it in and out}}
            W: T.Tensor((M, N + bn), "float32"),
    ):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            y = T.alloc_shared((bm, bn), "float32")
            w = T.alloc_shared((bm, bn), "float32")
            s = T.alloc_fragment((bm, bn), "float32")
            T.copy(Y[by * bm, bx * bn], y)
            T.copy(y, Z[by * bm, bx * bn])
            T.copy(X[by * bm, bx * bn], x)
            T.copy(x, Y[by * bm, bx * bn])
            T.copy(W[by * bm, bx * bn], w)
            for i, j in T.Parallel(bm, bn):
                s[i, j] = w[i, j] * 2.0
            T.copy(s, W[by * bm, bx * bn + bn])

    return kernel


kernel = rejected(256, 256, 64, 64)
