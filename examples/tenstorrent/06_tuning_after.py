# Shows: performance tuning, after the step (06_tuning_before.py and 06_tuning_after.py differ only
# in the block size at the bottom). A 512 x 512 x 512 GEMM:
#   before: 32 x 32 x 32 blocks (one tile each) -> 256 blocks on all 64 cores, but every tile of
#           A and B is read from DRAM 16 times, once per output block that needs it;
#   after:  128 x 128 x 32 blocks -> 16 blocks on 16 cores, each A/B tile read 4 times: a quarter
#           of the NoC and DRAM traffic, and a 4 x 4-tile output block (16 x the work per tile
#           read) keeps the matrix engine fed. Fewer cores, yet about 5.9 x faster.
# Simulated on wormhole_b0 (tests/examples checks these within 5%):
#   device_cycles=26732
# `tltt compile ... --remarks` shows the partition and the CBs each choice gives; `tltt run ...
# --report DIR` draws the core grid.
# Run:   tltt run examples/tenstorrent/06_tuning_after.py
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_K), "bfloat16")
            B_s = T.alloc_shared((block_K, block_N), "bfloat16")
            C_l = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(512, 512, 512, 128, 128, 32)
