# A GEMM written as tuning scripts are: @autotune over a space built in a sibling helper module
# (itertools, a @dataclass, list.append), helpers imported from the kernel's package. Without
# --set, the first config of the space is compiled (block 64 x 64 x 32).
import tilelang
import tilelang.language as T
from tilelang.autotuner import *

from tuning.space import align, get_configs
from .tuning import space

SIZE = align(250)


@autotune(configs=get_configs(), warmup=10, rep=20)
@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M=None, block_N=None, block_K=None, dtype="bfloat16"):
    accum_dtype = "float32"
    stages = max(1, min(3, space.align(K) // block_K - 1))

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_tile = T.alloc_shared((block_M, block_K), dtype)
            B_tile = T.alloc_shared((block_K, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=stages):
                T.copy(A[by * block_M, ko * block_K], A_tile)
                T.copy(B[ko * block_K, bx * block_N], B_tile)
                T.gemm(A_tile, B_tile, acc)
            T.copy(acc, C[by * block_M, bx * block_N])

    return gemm


def main():
    M = N = SIZE
    K = 128
    kernel = matmul(M, N, K)
    return kernel


if __name__ == "__main__":
    main()
