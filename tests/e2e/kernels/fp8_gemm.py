# 8-bit float inputs and outputs (issue 13, formats). The device has no IEEE fp8 format: A1 stores
# float8_e4m3fn / float8_e5m2 tensors as bfloat16, which holds each of their values exactly, and
# the host program converts at upload and download, so the GEMM's products are exact and the
# results equal the reference's (docs/formats.md).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def fp8_matmul(M, N, K, block_M, block_N, block_K, in_dtype="float8_e4m3fn",
               accum_dtype="float32"):

    @T.prim_func
    def main(A: T.Tensor((M, K), in_dtype), B: T.Tensor((K, N), in_dtype),
             C: T.Tensor((M, N), accum_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_K), in_dtype)
            B_s = T.alloc_shared((block_K, block_N), in_dtype)
            C_l = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])

    return main


# Quantization to fp8: Y = fp8(X * scale), computed in bfloat16 on the device and rounded to the
# 8-bit format (to nearest even, saturating at the largest finite value) when read back.
@tilelang.jit(out_idx=[-1])
def quantize(M, N, block_M, block_N, scale, out_dtype="float8_e4m3fn"):

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), Y: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), "bfloat16")
            y = T.alloc_fragment((block_M, block_N), out_dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = T.Cast(out_dtype, x[i, j] * scale)
            T.copy(y, Y[by * block_M, bx * block_N])

    return main


kernel = fp8_matmul(64, 64, 128, 32, 32, 32)
