# Shows: the three patterns every compiled kernel follows on Tenstorrent.
#   * Persistent partition: the 4 x 4 grid of T.Kernel blocks is not launched block by block;
#     each core gets a contiguous range [start_id, start_id + count) of block ids and loops over
#     it (pass B1 chooses the ranges, B2 writes the loop).
#   * Reader / compute / writer split: the T.copy from A and B becomes the reader kernel (NoC
#     reads into circular buffers), T.gemm the compute kernel, the T.copy to C the writer (D1).
#   * CB protocol: every tile moves through a circular buffer with reserve/push on the producer
#     side and wait/pop on the consumer side (D3, D5); num_stages=2 gives A and B two copies so
#     the reader fills one while compute uses the other.
# Run:   tltt run examples/tenstorrent/01_pipeline_patterns.py
# See:   tltt compile examples/tenstorrent/01_pipeline_patterns.py --remarks
#        tltt compile examples/tenstorrent/01_pipeline_patterns.py --print-after=D3 --stop-after=D3
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_K), "bfloat16")  # reader -> compute CB
            B_s = T.alloc_shared((block_K, block_N), "bfloat16")  # reader -> compute CB
            C_l = T.alloc_fragment((block_M, block_N), "float32")  # accumulator in DST
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_s)
                T.copy(B[k * block_K, bx * block_N], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * block_M, bx * block_N])  # compute -> writer CB -> DRAM

    return gemm


kernel = matmul(256, 256, 256, 64, 64, 64)
