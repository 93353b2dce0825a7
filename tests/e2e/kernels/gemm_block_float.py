# GEMM whose operands the device stores as block floats (docs/layouts.md "Block-float tensors"):
# A in Bfp8_b and B in the format given (Bfp8_b or Bfp4_b), bfloat16 in the kernel and the data
# files, float32 accumulation. The host program packs them; the unpacker widens them for the
# matrix engine; `tltt run` widens its tolerance by their rounding (docs/formats.md).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_bfp(M, N, K, block_M, block_N, block_K, b_format="bfp8_b", dtype="bfloat16"):

    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            T.annotate_layout({A: T.TTLayout(format="bfp8_b"), B: {"format": b_format}})
            A_tile = T.alloc_shared((block_M, block_K), dtype)
            B_tile = T.alloc_shared((block_K, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), "float32")

            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, ko * block_K], A_tile)
                T.copy(B[ko * block_K, bx * block_N], B_tile)
                T.gemm(A_tile, B_tile, acc)

            T.copy(acc, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul_bfp(256, 256, 256, 64, 64, 32)
