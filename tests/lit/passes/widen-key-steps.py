# B0d `widen-key-steps` (an optimization pass): flash attention's key loop runs several of the
# user's 64-key blocks per step, so the online softmax's per-step row work (running maximum,
# rescale factors, row sums, the rescale of the output accumulator) is done once per 128 keys.
# Only a loop whose body is an online-softmax step is widened (the recurrence makes two steps one
# wide step); the step count must divide every block's trip count, and the buffers fit L1.
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --stop-after=B0d --print-after=B0d --remarks=B0d 2>&1 | FileCheck %s
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, True)" --stop-after=B0d --print-after=B0d --remarks=B0d 2>&1 | FileCheck %s --check-prefix=CAUSAL
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 16, 1024, 128, False)" --disable-pass widen-key-steps --stop-after=B0d --print-after=B0d 2>&1 | FileCheck %s --check-prefix=OFF
# RUN: %tltt compile %examples/flash_attention.py --entry "flash_attention(1, 2, 192, 64, False)" --stop-after=B0d --remarks=B0d 2>&1 | FileCheck %s --check-prefix=ODD
# RUN: %tltt compile %s --entry "decay(256, 64)" --stop-after=B0d --remarks=B0d 2>&1 | FileCheck %s --check-prefix=DECAY

# B0a grouped 4 query blocks (256 rows); 128 keys a step fit L1 beside them, 256 do not.
# CHECK: remark: key loop 'kb' runs 2 key blocks per step: 128 keys instead of 64 (at most 8 steps instead of 16), the online softmax's per-step row work done once for them [widen-key-steps.widened]
# CHECK: alloc k_tile: shared float16[128, 128]
# CHECK: alloc v_tile: shared float16[128, 128]
# CHECK: alloc s: fragment float32[256, 128]
# CHECK: alloc s_cast: fragment float16[256, 128]
# CHECK: alloc m: fragment float32[256, 32] {tt.vector = "col"}
# CHECK: for kb in pipelined(0 +: 8, num_stages=1) {
# CHECK-NEXT: copy K[bz +: 1, by +: 1, kb * 2 * 64 +: 128, 0 +: 128] -> k_tile
# CHECK: for j_1 in parallel(0 +: 128) {
# CHECK: copy V[bz +: 1, by +: 1, kb * 2 * 64 +: 128, 0 +: 128] -> v_tile

# Causal: B0a's groups of 2 query blocks end at an even key block, so 2 blocks a step add no key;
# the mask compares the same keys.
# CAUSAL: remark: key loop 'kb' runs 2 key blocks per step: 128 keys instead of 64 (at most 8 steps instead of 16)
# CAUSAL: for kb in pipelined(0 +: n_blocks // 2, num_stages=1) {
# CAUSAL: s[i, j] = select(bx * 2 * 64 + i >= kb * 2 * 64 + j, 0.0f, float32(-inf))

# OFF: // IR after widen-key-steps (B0d) (disabled)
# OFF: alloc k_tile: shared float16[64, 128]

# Three key blocks: no wider step divides the trip count.
# ODD: remark: key loop 'kb' kept: no step of 2 or more key blocks divides every trip count and fits L1 (at most 256 keys a step) [widen-key-steps.kept]
import tilelang
import tilelang.language as T


# An accumulator that decays by a constant each step: two steps weigh the first block's values by
# 0.25, one wide step by 0.5, so the loop is not widened.
@tilelang.jit(out_idx=[-1])
def decay(S, D):

    @T.prim_func
    def kernel(Q: T.Tensor((S, D), "float32"), K: T.Tensor((S, D), "float32"),
               V: T.Tensor((S, D), "float32"), O: T.Tensor((S, D), "float32")):
        with T.Kernel(S // 32) as bx:
            q = T.alloc_shared((32, D), "float32")
            k = T.alloc_shared((32, D), "float32")
            v = T.alloc_shared((32, D), "float32")
            s = T.alloc_fragment((32, 32), "float32")
            o = T.alloc_fragment((32, D), "float32")
            T.copy(Q[bx * 32:(bx + 1) * 32, 0:D], q)
            T.clear(o)
            # DECAY: remark: key loop 'kb' kept: not an online-softmax step: no running maximum (a T.reduce_max with clear=False of the loop's state) [widen-key-steps.kept]
            for kb in T.serial(S // 32):
                T.copy(K[kb * 32:(kb + 1) * 32, 0:D], k)
                T.clear(s)
                T.gemm(q, k, s, transpose_B=True)
                for i, j in T.Parallel(32, D):
                    o[i, j] = o[i, j] * 0.5
                T.copy(V[kb * 32:(kb + 1) * 32, 0:D], v)
                T.gemm(s, v, o)
            T.copy(o, O[bx * 32:(bx + 1) * 32, 0:D])

    return kernel
