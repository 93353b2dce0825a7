# A GEMM whose CBs overflow L1: the error names every CB with its bytes (a note at its
# allocation) and ends with a block-size fix-it; the kernel compiles once the fix-it is applied.
# The budget is the device description's CB space (L1 minus its reserved region, 1384 KiB on
# wormhole_b0), what the simulator allows; it was a flat 1 MiB before the description was shared.
# RUN: %tltt compile %s --entry 'gemm(1024, 1024, 1024, 512, 512, 256)' --verify-diagnostics
# RUN: not %tltt compile %s --entry 'gemm(1024, 1024, 1024, 512, 512, 256)' -o %t 2> %t.err
# RUN: %tltt compile %s --entry "$(%python %S/Inputs/apply_block_fixit.py %t.err 'gemm(1024, 1024, 1024, 512, 512, 256)')" -o %t
# RUN: %python %S/Inputs/apply_block_fixit.py %t.err 'gemm(1024, 1024, 1024, 512, 512, 256)' | FileCheck %s --check-prefix=FIXED
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm(M, N, K, bM, bN, bK):

    # expected-error@+3 {{the circular buffers of this kernel need 3145728 bytes of L1 per core, 1728512 more than the 1417216 available on wormhole_b0}}
    # expected-note@+2 {{try a block size of 256 instead of 512 for every block dimension that is 512 ('A_s', 'B_s', 'C_l_out', 'C_l'); the CBs then need 1048576 bytes}}
    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            # expected-note@+1 {{CB 0 'A_s' takes 524288 bytes (256 pages of 2048 bytes)}}
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            # expected-note@+1 {{CB 1 'B_s' takes 524288 bytes (256 pages of 2048 bytes)}}
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            # expected-note@+2 {{CB 16 'C_l_out' takes 1048576 bytes (512 pages of 2048 bytes)}}
            # expected-note@+1 {{CB 24 'C_l' takes 1048576 bytes (256 pages of 4096 bytes)}}
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])

    return kernel

# FIXED: gemm(1024, 1024, 1024, 256, 256, 256)
