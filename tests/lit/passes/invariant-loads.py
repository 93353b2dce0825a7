# B2 reads a load that is the same for every block (a copy of a constant region of a tensor into
# a buffer nothing else writes: LayerNorm's gamma and beta) once per core, before the persistent
# loop, into a one-copy CB that stays resident across the core's blocks; compute pops it after
# the loop. Only when every core runs a block and some run several: with one block per core
# (128 rows) nothing is hoisted. The row block of X depends on the block: it stays in the loop.
# RUN: %tltt compile %s --entry 'norm(8192, 128)' --stop-after=B2 --print-after=B2 | FileCheck %s
# RUN: %tltt compile %s --entry 'norm(8192, 128)' --stop-after=B2 --remarks=B2 2>&1 | FileCheck %s --check-prefix=REM
# RUN: %tltt compile %s --entry 'norm(8192, 128)' --device p150 --stop-after=B2 --remarks=B2 2>&1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %s --entry 'norm(128, 128)' --stop-after=B2 --remarks=B2 2>&1 | FileCheck %s --check-prefix=ONE
# RUN: rm -rf %t && %tltt compile %s --entry 'norm(8192, 128)' -o %t && FileCheck %s --check-prefix=CODE --input-file %t/compute.cpp
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def norm(M, D):

    @T.prim_func
    def kernel(X: T.Tensor((M, D), "bfloat16"), gamma: T.Tensor((D,), "bfloat16"),
               beta: T.Tensor((D,), "bfloat16"), Y: T.Tensor((M, D), "bfloat16")):
        # CHECK: alloc g_s: shared bfloat16[32, 128] {tt.cb_depth = 1, tt.vector = "row"}
        # CHECK: let count: int32 = tt.runtime_arg("count")
        # CHECK-NEXT: copy gamma -> g_s
        # CHECK-NEXT: copy beta -> b_s
        # CHECK-NEXT: for block_id in persistent(start_id +: count) {
        # CHECK-NEXT: let bx: int32 = block_id
        # CHECK-NEXT: copy X[bx * 32 +: 32, 0 +: 128] -> x_s
        # ONE-NOT: grid-to-persistent.invariant
        # CODE: for (uint32_t block_id
        # CODE: cb_wait_front(cb_g_s, 4);
        # CODE-NOT: cb_pop_front(cb_g_s
        # CODE: cb_pop_front(cb_x_s, 4);
        # CODE-NEXT: }
        # CODE-NEXT: cb_wait_front(cb_g_s, 4);
        # CODE-NEXT: cb_pop_front(cb_g_s, 4);
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            x_s = T.alloc_shared((32, D), "bfloat16")
            y_s = T.alloc_shared((32, D), "bfloat16")
            g_s = T.alloc_shared((D,), "bfloat16")
            b_s = T.alloc_shared((D,), "bfloat16")
            T.copy(X[bx * 32, 0], x_s)
            # REM: invariant-loads.py:[[@LINE+2]]:13: remark: 'g_s' is loaded from the same region of 'gamma' by every block: each core reads it once, before its loop over blocks, and keeps one copy in L1 [grid-to-persistent.invariant]
            # BH: remark: 'g_s' is loaded from the same region of 'gamma' by every block
            T.copy(gamma, g_s)
            # REM: invariant-loads.py:[[@LINE+1]]:13: remark: 'b_s' is loaded from the same region of 'beta'
            T.copy(beta, b_s)
            for i, j in T.Parallel(32, D):
                y_s[i, j] = x_s[i, j] * g_s[j] + b_s[j]
            T.copy(y_s, Y[bx * 32, 0])

    return kernel
