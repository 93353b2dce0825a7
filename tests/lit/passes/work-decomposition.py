# B0 work-decomposition: the per-core GEMM block chosen by the cost model, the rewritten kernel,
# and the kernels whose blocks are kept (with the reason). The first checks model every core
# reading its own panels (operand-multicast off); the multicast checks: with it on, DRAM no longer binds
# and one 256x256 block per core moves A and B on two RISCs (D9); the longest K step that fits
# L1 hides the most output writes under the last step's compute, with packer L1 accumulation
# (D4a) or without it.
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --stop-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=MC
# MC: remark: GEMM 2048x2048x2048: per-core block 256x256x256 (64 blocks on 64 cores, 1 round(s), ~{{[0-9]+}} cycles, compute-bound, A and B multicast) instead of the user's 128x128x32
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --stop-after=B0 --remarks=B0 --disable-pass gemm-block-schedule 2>&1 | FileCheck %s --check-prefix=SPILL
# SPILL: remark: GEMM 2048x2048x2048: per-core block 256x256x256 (64 blocks on 64 cores, 1 round(s), ~{{[0-9]+}} cycles, compute-bound, A and B multicast) instead of the user's 128x128x32
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --stop-after=B0 --print-after=B0 --remarks=B0 --disable-pass operand-multicast > %t.out 2> %t.err
# RUN: FileCheck %s --check-prefix=IR --input-file %t.out
# RUN: FileCheck %s --check-prefix=WHY --input-file %t.err
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 64, 64, 32)' --stop-after=B0 --remarks=B0 --disable-pass operand-multicast 2>&1 | FileCheck %s --check-prefix=SMALL
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --device blackhole --stop-after=B0 --remarks=B0 --disable-pass operand-multicast 2>&1 | FileCheck %s --check-prefix=BH
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --device blackhole --stop-after=B0 --print-after=B0 --remarks=B0 > %t.fit.out 2> %t.fit.err
# RUN: FileCheck %s --check-prefix=FIT --input-file %t.fit.err
# RUN: FileCheck %s --check-prefix=FITIR --input-file %t.fit.out
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 256, 256, 64)' --device blackhole --stop-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=SPREAD
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 256, 256, 64)' --stop-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=KSTEP
# RUN: %tltt compile %s --entry 'matmul(256, 256, 256, 64, 64, 64)' --stop-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=KEPT
# RUN: %tltt compile %examples/gemm_bias_relu.py --entry 'matmul_bias_relu(1024, 1024, 256, 64, 64, 32)' --disable-pass operand-multicast --stop-after=B0 --print-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=EPILOGUE
# RUN: %tltt compile %s --entry 'matmul(2048, 2048, 2048, 128, 128, 32)' --disable-pass work-decomposition --stop-after=B0 --print-after=B0 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile --list-passes | FileCheck %s --check-prefix=LIST
# RUN: %tltt compile %examples/flash_attention.py --stop-after=B0 --remarks=B0 2>&1 | FileCheck %s --check-prefix=OTHER
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), "bfloat16")
            B_shared = T.alloc_shared((block_K, block_N), "bfloat16")
            C_local = T.alloc_fragment((block_M, block_N), "float32")
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(256, 256, 256, 64, 64, 32)

# 16x16 user blocks on 64 cores re-read A and B 16 times; one 256x256 block per core reads
# them 8 times and uses the whole 8x8 grid once. DRAM binds every K step alike (with L1
# accumulation the packer keeps up at one K tile per step), so the user's K step stays.
# IR: launch (bx < 8, by < 8) {
# IR-NEXT: alloc A_shared: shared bfloat16[256, 32]
# IR-NEXT: alloc B_shared: shared bfloat16[32, 256]
# IR-NEXT: alloc C_local: fragment float32[256, 256]
# IR: for k in pipelined(0 +: 64, num_stages=2) {
# IR-NEXT: copy A[by * 256 +: 256, k * 32 +: 32] -> A_shared
# IR-NEXT: copy B[k * 32 +: 32, bx * 256 +: 256] -> B_shared
# IR: copy C_local -> C[by * 256 +: 256, bx * 256 +: 256]
# WHY: remark: GEMM 2048x2048x2048: per-core block 256x256x32 (64 blocks on 64 cores, 1 round(s), {{.*}}) instead of the user's 128x128x32 (256 blocks on 64 cores, 4 round(s), {{.*}}); rejected {{.*}} [work-decomposition.decomposition]
# SMALL: per-core block 256x256x32 (64 blocks on 64 cores, 1 round(s), {{.*}}) instead of the user's 64x64x32 (1024 blocks on 64 cores, 16 round(s)
# BH: per-core block {{[0-9]+x[0-9]+x[0-9]+}} ({{[0-9]+}} blocks on {{[0-9]+}} cores, 1 round(s), {{.*}} instead of the user's 128x128x32 (256 blocks on 110 cores, 3 round(s)
# Blackhole's 11x10 grid with multicast: the 64-tile sides divide into no 10 or 11 equal blocks,
# so B0 takes the grid fit, 7x6 tiles (224x192), one block per core on all 110 cores, the last
# block row and column padded (B1 pads the tensors to their reach). User blocks that already run
# in one round (256x256x64: 64 of the 110 cores) give way to it too; on Wormhole's 8x8 grid only
# their K step changes (8 tiles divide 2048: no padded candidate), the 256-wide step estimated
# 2% faster (it hides more of the output writes).
# FIT: remark: GEMM 2048x2048x2048: per-core block 224x192x256 (110 blocks on 110 cores, 1 round(s), {{.*}}, A and B multicast, the last blocks padded: 2240x2112 computed for the 2048x2048 output) instead of the user's 128x128x32
# FITIR: launch (bx < 11, by < 10) {
# FITIR-NEXT: alloc A_shared: shared bfloat16[224, 256]
# FITIR-NEXT: alloc B_shared: shared bfloat16[256, 192]
# FITIR: copy A[by * 224 +: 224, k * 256 +: 256] -> A_shared
# SPREAD: per-core block 224x192x256 (110 blocks on 110 cores, {{.*}} instead of the user's 256x256x64 (64 blocks on 64 cores, 1 round(s)
# KSTEP: remark: GEMM 2048x2048x2048: per-core block 256x256x256 (64 blocks on 64 cores, 1 round(s), {{.*}}) instead of the user's 256x256x64 (64 blocks on 64 cores, 1 round(s)
# KEPT: remark: user blocks kept for the 256x256x256 GEMM: 64x64x64 (16 blocks on 16 cores, 1 round(s), {{.*}}): its 16 blocks run in one round on the 64 cores [work-decomposition.kept]

# The epilogue's T.Parallel nest follows the accumulator's new shape, the bias block its column.
# EPILOGUE: launch (bx < 4, by < 8) {
# EPILOGUE: alloc bias_tile: shared bfloat16[32, 256] {tt.vector = "row"}
# EPILOGUE-NEXT: alloc acc: fragment float32[128, 256]
# EPILOGUE-NEXT: copy bias[0 +: 32, bx * 256 +: 256] -> bias_tile
# EPILOGUE: for i in parallel(0 +: 128) {
# EPILOGUE-NEXT: for j in parallel(0 +: 256) {
# EPILOGUE-NEXT: acc[i, j] = max(acc[i, j] + cast(float32, bias_tile[0, j]), 0.0f)

# Switched off (or -O0), the user's blocks reach B1 unchanged.
# OFF: // IR after work-decomposition (B0) (disabled)
# OFF: launch (bx < 16, by < 16) {
# OFF-NEXT: alloc A_shared: shared bfloat16[128, 32]
# LIST: B0  work-decomposition {{.*}} [optimization]

# OTHER: remark: user blocks kept: not a plain GEMM kernel (a copy that is not a whole on-chip block to or from a tensor block) [work-decomposition.kept]
