# A T.gemm that accumulates across a loop which also runs other compute (attention backward's
# dK next to the probability recompute and other GEMMs) keeps its partial sums in its CB: C2
# absorbs the clear into the first step (`k != 0`), D5 runs the matmul as one step of the loop
# that reloads the partials from the second step on and packs them back every step. A
# transpose_A T.gemm in the same loop re-initialises the matrix engine after the transposition.
# RUN: rm -rf %t && %tltt compile %s -o %t --remarks=D5 2>&1 | FileCheck %s --check-prefix=D5
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# RUN: %tltt compile %s --stop-after=C2 --print-after=C2 | FileCheck %s --check-prefix=C2
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def kv_grads(seq, dim, bm, bn):

    @T.prim_func
    def main(Q: T.Tensor((seq, dim), "bfloat16"), K: T.Tensor((seq, dim), "bfloat16"),
             dQp: T.Tensor((seq // bm, seq, dim), "float32"),
             dK: T.Tensor((seq, dim), "bfloat16")):
        with T.Kernel(seq // bm) as bx:
            k_s = T.alloc_shared((bm, dim), "bfloat16")
            q_s = T.alloc_shared((bn, dim), "bfloat16")
            s = T.alloc_fragment((bm, bn), "float32")
            p = T.alloc_shared((bm, bn), "bfloat16")
            dk = T.alloc_fragment((bm, dim), "float32")
            dq = T.alloc_fragment((bn, dim), "float32")
            T.copy(K[bx * bm:(bx + 1) * bm, :], k_s)
            T.clear(dk)
            for k in T.Pipelined(seq // bn, num_stages=2):
                T.copy(Q[k * bn:(k + 1) * bn, :], q_s)
                T.clear(s)
                T.gemm(k_s, q_s, s, transpose_B=True)
                for i, j in T.Parallel(bm, bn):
                    p[i, j] = T.exp(s[i, j] * 0.125)
                T.gemm(p, q_s, dk)
                T.clear(dq)
                T.gemm(p, k_s, dq, transpose_A=True)
                T.copy(dq, dQp[bx, k * bn:(k + 1) * bn, :])
            T.copy(dk, dK[bx * bm:(bx + 1) * bm, :])

    return main


kernel = kv_grads(128, 64, 64, 64)

# C2: tt.matmul(region(p), region(q_s), region(dk), k != 0, transpose_a=false, transpose_b=false)
# C2: tt.transpose_tiles(region(p), region(p_t))
# C2-NEXT: tt.matmul(region(p_t), region(k_s), region(dq), false, transpose_a=false, transpose_b=false)

# D5: gemm into 'dk': 2x2 sub-blocks {{.*}} because it accumulates across a loop that also runs other compute (partial sums kept in its CB)
# D5: gemm into 'dq': {{.*}} because A is transposed through DST (transpose_A)
# D5-NOT: error

# The first step starts from zero, later ones reload the partial sums; every step packs them
# back into dk's CB, whose last value the writer's copy reads after the loop.
# COMPUTE: for (uint32_t k = 0; k < 2; ++k) {
# COMPUTE: if (k != 0) {
# COMPUTE-NEXT: copy_tile_to_dst_init_short(cb_dk);
# COMPUTE-NEXT: cb_wait_front(cb_dk, 4);
# COMPUTE: cb_pop_front(cb_dk, 4);
# COMPUTE: matmul_block(cb_p, cb_q_s,
# COMPUTE: pack_reconfig_data_format(cb_dk);
# COMPUTE-NEXT: cb_reserve_back(cb_dk, 4);
# COMPUTE: cb_push_back(cb_dk, 4);
# The transposition of p, then the matmul init again before the dq product.
# COMPUTE: transpose_wh_init_short(cb_p);
# COMPUTE: transpose_wh_tile(cb_p,
# COMPUTE: mm_block_init_short(cb_p_t, cb_k_s, 0, 2, 2, 2);
# COMPUTE-NEXT: cb_wait_front(cb_p_t, 4);
# COMPUTE: matmul_block(cb_p_t, cb_k_s,
