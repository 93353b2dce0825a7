# GEMM with a fused bias + ReLU epilogue in the eager form: C = relu(A @ B + bias).
import tilelang
import tilelang.language as T


@tilelang.jit
def matmul_bias_relu(A, B, bias, block_M, block_N, block_K, dtype=T.bfloat16,
                     accum_dtype=T.float32):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    bias: T.Tensor((N,), dtype)
    C = T.empty((M, N), dtype)

    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_tile = T.alloc_shared((block_M, block_K), dtype)
        B_tile = T.alloc_shared((block_K, block_N), dtype)
        bias_tile = T.alloc_shared((block_N,), dtype)
        acc = T.alloc_fragment((block_M, block_N), accum_dtype)
        T.copy(bias[bx * block_N], bias_tile)
        T.clear(acc)
        for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
            T.copy(A[by * block_M, ko * block_K], A_tile)
            T.copy(B[ko * block_K, bx * block_N], B_tile)
            T.gemm(A_tile, B_tile, acc)
        for i, j in T.Parallel(block_M, block_N):
            acc[i, j] = T.max(acc[i, j] + bias_tile[j], 0)
        T.copy(acc, C[by * block_M, bx * block_N])

    return C


kernel = matmul_bias_relu.compile(M=256, N=256, K=256, block_M=64, block_N=64, block_K=32)
