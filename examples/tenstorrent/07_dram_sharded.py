# Shows: a DRAM-sharded tensor, the layout TTNN uses for the weights of DRAM-sharded matmuls.
# B (K x N) is width-sharded over 8 DRAM banks: bank k holds columns [128 k, 128 k + 128), the
# shard grid names the banks in one row, and the host program creates the buffer with
# BufferType::DRAM and that shard spec. Kernels address B through the same TensorAccessor as an
# interleaved tensor, whose compile-time args describe the sharding; any core can read any
# shard over the NoC, so the partition stays global (only L1 shards tie blocks to cores).
# DRAM shards go one per bank (12 banks on Wormhole, 8 on Blackhole) and split one axis; a grid
# that does not fit is an error at the kernel with a fix-it (tests/lit/diagnostics/dram-sharded.py).
# Run:   tltt run examples/tenstorrent/07_dram_sharded.py
# See:   tltt compile examples/tenstorrent/07_dram_sharded.py -o out && grep -A4 B_buffer out/main.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, banks):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            T.annotate_layout({
                B: T.TTLayout(memory="DRAM", layout="sharded",
                              nd_shard={"axes": [1], "grid": [banks]}),
            })
            A_tile = T.alloc_shared((block_M, block_K), "bfloat16")
            B_tile = T.alloc_shared((block_K, block_N), "bfloat16")
            acc = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, ko * block_K], A_tile)
                T.copy(B[ko * block_K, bx * block_N], B_tile)
                T.gemm(A_tile, B_tile, acc)
            T.copy(acc, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(128, 1024, 256, 64, 128, 32, 8)
