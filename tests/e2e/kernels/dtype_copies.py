# Copies that change the dtype (issue 13, formats): a tensor region copied into an on-chip block
# of another dtype (`T.copy(X_fp16[...], x_bf16)`): the NoC only moves bytes, so C1 reads the
# region into a block of the tensor's dtype and converts it in compute (unpack and pack convert
# formats), then the kernel computes in the block's dtype.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale_converted(M, N, block_M, block_N, in_dtype="float16", block_dtype="bfloat16",
                    out_dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), in_dtype), Y: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), block_dtype)
            y = T.alloc_fragment((block_M, block_N), out_dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = x[i, j] * 2.0
            T.copy(y, Y[by * block_M, bx * block_N])

    return main


kernel = scale_converted(64, 128, 32, 64)
