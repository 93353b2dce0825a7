#!/usr/bin/python3
# GEMM the TileLang way on the simulated Tenstorrent device: a @tilelang.jit factory, torch CPU
# tensors, a check against torch, do_bench (simulated device time) and an autotune over block
# sizes. Run: python3 examples/python/gemm.py (after scripts/build.sh; see docs/python.md).
import os
import sys

import torch

# The build tree's packages, when tltt is not installed (TLTT_BUILD_DIR, default build/).
sys.path.append(os.path.join(os.environ.get("TLTT_BUILD_DIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")), "python"))
import tilelang  # noqa: E402
import tilelang.language as T  # noqa: E402
from tilelang.autotuner import autotune  # noqa: E402


def get_configs():
    return [{"block_M": bm, "block_N": bn, "block_K": bk}
            for bm in (32, 64, 128) for bn in (32, 64, 128) for bk in (32, 64)]


@autotune(configs=get_configs())
@tilelang.jit(out_idx=[-1], target="tenstorrent")
def matmul(M, N, K, block_M=64, block_N=64, block_K=32, dtype="bfloat16", accum_dtype="float32"):

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
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


def main(M=256, N=256, K=256):
    kernel = matmul(M, N, K)  # @autotune compiles and times every configuration
    print("autotune chose %s: %.4f ms simulated device time" % (kernel.config, kernel.latency))
    for cfg, result in kernel.autotune_results:
        print("  %s: %s" % (cfg, "%.4f ms" % result if isinstance(result, float) else
                            "rejected: " + str(result).splitlines()[0]))

    a = torch.randn(M, K, dtype=torch.bfloat16)
    b = torch.randn(K, N, dtype=torch.bfloat16)
    c = kernel(a, b)
    ref = (a.float() @ b.float()).to(torch.bfloat16)
    torch.testing.assert_close(c, ref, rtol=2e-2, atol=2e-2 * K**0.5)
    print("result check against torch: passed (max |c - ref| = %.4g)" %
          (c.float() - ref.float()).abs().max())

    ms = tilelang.profiler.do_bench(lambda: kernel(a, b))
    tflops = 2 * M * N * K / (ms * 1e-3) / 1e12
    print("do_bench: %.4f ms simulated device time (%.2f TFLOP/s)" % (ms, tflops))
    st = kernel.stats
    print("run stats: %d cycles on %s, matrix engine %.1f%% used, DRAM %d bytes, stalls %s" %
          (st["device_cycles"], st["device"], 100 * st["matrix_utilization"], st["dram_bytes"],
           st["stalls"]))


if __name__ == "__main__":
    main()
