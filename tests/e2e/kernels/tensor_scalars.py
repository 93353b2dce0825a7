# Tensor elements read as scalars (values known only at run time, the same for every element of
# a T.Parallel nest): a one-element fragment loaded from a 1-D tensor (`s[0] = S[bz]`), a kernel
# local `w = W[bz, 1]` of a 2-D tensor, an element read directly inside a 2-D nest, and a
# per-row vector filled from an element. The reader copies each element's tile; compute
# broadcasts it over the tile (unary_bcast<BroadcastType::SCALAR>).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3, 4])
def tensor_scalars(H, M, N, bm=32, bn=64, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((H, M, N), dtype), S: T.Tensor((H,), "float32"),
             W: T.Tensor((H, 2), "float32"), Y: T.Tensor((H, M, N), dtype),
             R: T.Tensor((H, M), "float32")):
        with T.Kernel(M // bm, H) as (bx, bz):
            x = T.alloc_shared((bm, N), dtype)
            y = T.alloc_fragment((bm, N), "float32")
            s = T.alloc_fragment((1,), "float32")
            v = T.alloc_fragment((bm,), "float32")
            r = T.alloc_fragment((bm,), "float32")
            T.copy(X[bz, bx * bm, 0], x)
            s[0] = S[bz]
            w = W[bz, 1]
            for i in T.Parallel(bm):
                v[i] = W[bz, 0]
            for i, j in T.Parallel(bm, N):
                y[i, j] = x[i, j] * s[0] + w - S[bz] * 0.5
            T.reduce_sum(y, r, dim=1)
            for i in T.Parallel(bm):
                r[i] = r[i] * v[i] + w
            T.copy(y, Y[bz, bx * bm, 0])
            T.copy(r, R[bz, bx * bm])

    return main


kernel = tensor_scalars(3, 64, 64)
