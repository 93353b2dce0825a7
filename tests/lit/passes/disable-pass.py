# --disable-pass NAME and -O0 skip optimization passes (TLTT_OPT_PASS in passes.def); required
# lowering passes cannot be disabled, unknown names are rejected, both with a located error.
# RUN: %tltt compile --list-passes | FileCheck %s --check-prefix=LIST
# LIST: B4  fuse-sfpu-steps {{.*}} [optimization]
# LIST-NOT: C1 {{.*}}[optimization]
# RUN: %tltt compile %s --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=ON
# ON: // IR after fuse-sfpu-steps (B4)
# ON-NOT: (disabled)
# ON: tt.sfpu(region(a), region(c), tile.add(tile.exp(region(a)), 1.0f))
# RUN: %tltt compile %s --disable-pass fuse-sfpu-steps --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %s -O0 --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %s --disable-pass B4 --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=OFF
# TLTT_OPT_LEVEL=0 (the -O0 sweep of the e2e suite, scripts/e2e_O0.sh) is -O0 unless -O is given.
# RUN: env TLTT_OPT_LEVEL=0 %tltt compile %s --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=OFF
# RUN: env TLTT_OPT_LEVEL=0 %tltt compile %s -O1 --print-after=B4 --stop-after=B4 | FileCheck %s --check-prefix=ON
# RUN: env TLTT_OPT_LEVEL=2 not %tltt compile %s -o %t 2>&1 | FileCheck %s --check-prefix=ENV
# ENV: tltt: error: TLTT_OPT_LEVEL='2': expected 0 or 1
# OFF: // IR after fuse-sfpu-steps (B4) (disabled)
# OFF: tt.sfpu(region(a), region(b), tile.exp(region(a)))
# OFF-NEXT: tt.sfpu(region(b), region(c), tile.add(region(b), 1.0f))
# With the fusion skipped, the two steps stay two DST evaluations and the result still compiles.
# RUN: %tltt compile %s -O0 -o %t
# RUN: not %tltt compile %s --disable-pass shared-to-cb -o %t 2>&1 | FileCheck %s --check-prefix=REQ
# REQ: <command line>: error: --disable-pass: pass 'shared-to-cb' (C1) is a required lowering pass and cannot be disabled
# RUN: not %tltt compile %s --disable-pass no-such-pass -o %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# UNKNOWN: <command line>: error: --disable-pass: unknown pass 'no-such-pass' (see --list-passes)
# RUN: not %tltt compile %s -O2 -o %t 2>&1 | FileCheck %s --check-prefix=LEVEL
# LEVEL: -O
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def exp_add(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            b = T.alloc_fragment((32, 32), "bfloat16")
            c = T.alloc_fragment((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], a)
            for i, j in T.Parallel(32, 32):
                b[i, j] = T.exp(a[i, j])
            for i, j in T.Parallel(32, 32):
                c[i, j] = b[i, j] + 1.0
            T.copy(c, B[by * 32, bx * 32])

    return kernel


kernel = exp_add(64, 64)
