# GEMM: C = A @ B with bfloat16 inputs and float32 accumulation, tiled over a 2-D grid of blocks.
# The classic TileLang form: a @tilelang.jit factory whose arguments are compile-time constants
# returns a @T.prim_func; `tltt compile examples/gemm.py` uses the instantiation at the bottom.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_tile = T.alloc_shared((block_M, block_K), dtype)
            B_tile = T.alloc_shared((block_K, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, ko * block_K], A_tile)
                T.copy(B[ko * block_K, bx * block_N], B_tile)
                T.gemm(A_tile, B_tile, acc)

            T.copy(acc, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(256, 256, 256, 64, 64, 32)

if __name__ == "__main__":
    import torch

    a = torch.randn(256, 256, dtype=torch.bfloat16)
    b = torch.randn(256, 256, dtype=torch.bfloat16)
    c = kernel(a, b)
    torch.testing.assert_close(c.float(), (a.float() @ b.float()), rtol=2e-2, atol=2e-2)
    print("gemm OK")
