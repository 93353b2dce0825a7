# A script written for upstream TileLang, unchanged: no tltt-specific line. Run with
# TILELANG_TARGET=tenstorrent it runs on the simulated device through the compatibility package
# (test_tilelang.py::test_unchanged_tilelang_script).
import tilelang
import tilelang.language as T
import torch


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, dtype="float16", accum_dtype="float"):

    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


M, N, K = 64, 64, 128
kernel = matmul(M, N, K, 32, 32, 32)

a = torch.randn(M, K, dtype=torch.float16)
b = torch.randn(K, N, dtype=torch.float16)
c = kernel(a, b)
ref_c = (a.float() @ b.float()).half()
# The matrix engine multiplies float16 operands with fewer mantissa bits than float16 has
# (docs/python.md), hence a wider tolerance than on a GPU.
torch.testing.assert_close(c, ref_c, rtol=2e-2, atol=3e-1)
print("Kernel output matches PyTorch reference.")

latency = tilelang.profiler.do_bench(lambda: kernel(a, b))
print(f"Latency: {latency} ms")
profiler = kernel.get_profiler(tensor_supply_type=tilelang.TensorSupplyType.Normal)
print(f"Profiler latency: {profiler.do_bench()} ms")
