# GEMM with A stored transposed, in the eager TileLang form (A is [K, M], C = A^T @ B).
import tilelang
import tilelang.language as T


@tilelang.jit
def matmul_tn(A, B, block_M, block_N, block_K, dtype=T.float16, accum_dtype=T.float32):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((K, M), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, N), dtype)

    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_tile = T.alloc_shared((block_K, block_M), dtype)
        B_tile = T.alloc_shared((block_K, block_N), dtype)
        acc = T.alloc_fragment((block_M, block_N), accum_dtype)
        T.clear(acc)
        for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
            T.copy(A[ko * block_K, by * block_M], A_tile)
            T.copy(B[ko * block_K, bx * block_N], B_tile)
            T.gemm(A_tile, B_tile, acc, transpose_A=True)
        T.copy(acc, C[by * block_M, bx * block_N])

    return C


kernel = matmul_tn.compile(M=256, N=128, K=128, block_M=128, block_N=64, block_K=32)
