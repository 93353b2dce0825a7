# A batched GEMM whose batch dimension sits between the matrix dimensions, [M, B, K] x [B, K, N]
# -> [M, B, N] (the layout of a per-head projection): A1 tiles A and C on dimensions 0 and 2
# with the batch as their outer dimension; B keeps its last two.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def inner_batch_matmul(M, batch, N, K, block_M=32, block_N=64, block_K=32):
    dtype = "float16"

    @T.prim_func
    def main(A: T.Tensor((M, batch, K), dtype), B: T.Tensor((batch, K, N), dtype),
             C: T.Tensor((M, batch, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), batch) as (bx, by, h):
            a = T.alloc_shared((block_M, block_K), dtype)
            b = T.alloc_shared((block_K, block_N), dtype)
            c = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(c)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M:(by + 1) * block_M, h, k * block_K:(k + 1) * block_K], a)
                T.copy(B[h, k * block_K:(k + 1) * block_K, bx * block_N:(bx + 1) * block_N], b)
                T.gemm(a, b, c)
            T.copy(c, C[by * block_M:(by + 1) * block_M, h, bx * block_N:(bx + 1) * block_N])

    return main


kernel = inner_batch_matmul(64, 3, 128, 64)
