# The bf16 GEMM that tests/e2e/handwritten/gemm implements by hand (C = A @ B, fp32 accumulation,
# 32x32x32 blocks): `tltt run` interprets this file for the reference when checking those
# hand-written artifacts.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_bf16(M, N, K, bm, bn, bk, dtype="bfloat16", acc_dtype="float"):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_tile = T.alloc_shared((bm, bk), dtype)
            b_tile = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, ko * bk], a_tile)
                T.copy(B[ko * bk, bx * bn], b_tile)
                T.gemm(a_tile, b_tile, acc)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


gemm = matmul_bf16(128, 128, 256, 32, 32, 32)
