# A GEMM whose compute configuration the kernel chooses through pass_configs: HiFi2 fidelity
# and a 16-bit DST (fp32_dest_acc_en off) although the accumulator is float32, as Tenstorrent's
# fastest GEMM table rows run. The command line can override both (--math-fidelity,
# --fp32-dest-acc).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1],
              pass_configs={
                  "tt.math_fidelity": "HiFi2",
                  "tt.fp32_dest_acc_en": False,
                  tilelang.PassConfigKey.TL_DISABLE_TMA_LOWER: True,
              })
def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
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


kernel = matmul(128, 128, 256, 64, 64, 64)
