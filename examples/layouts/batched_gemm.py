# Batched GEMM C[b] = A[b] @ B[b] over 3-D tensors [B, M, K] x [B, K, N]: each tensor is tiled
# on its last two dimensions and the batch is an outer dimension (tile id = b * tiles + tile).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def batched_matmul(batch, M, N, K, block_M=64, block_N=64, block_K=32):
    dtype = "bfloat16"

    @T.prim_func
    def main(A: T.Tensor((batch, M, K), dtype), B: T.Tensor((batch, K, N), dtype),
             C: T.Tensor((batch, M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), batch) as (bx, by, bz):
            a = T.alloc_shared((block_M, block_K), dtype)
            b = T.alloc_shared((block_K, block_N), dtype)
            c = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(c)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[bz, by * block_M, k * block_K], a)
                T.copy(B[bz, k * block_K, bx * block_N], b)
                T.gemm(a, b, c)
            T.copy(c, C[bz, by * block_M, bx * block_N])

    return main


kernel = batched_matmul(3, 128, 128, 64)
