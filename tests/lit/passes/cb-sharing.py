# C2a cb-sharing (an optimization pass): compute intermediates of one CB configuration whose
# values are never live at the same time share one CB (index and L1). fuse-sfpu-steps is off so
# every T.Parallel step keeps its own intermediate.
# "chain": t2 is written after t0's last read, so it takes t0's CB; t1 is read by the step that
# writes t2 and by the last one, so it keeps its own; f (float32) has another CB configuration.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %tltt compile %s --entry 'k("chain")' --disable-pass fuse-sfpu-steps --remarks=C2a,C3 -o %t/chain 2>&1 | FileCheck %s --check-prefix=CHAIN
# CHAIN: remark: CB 't2' shares the circular buffer of 't0' (one CB index and 4096 bytes of L1): no value of it is live while 't0' holds one [cb-sharing.share]
# CHAIN-NOT: shares the circular buffer of 't1'
# CHAIN-NOT: CB 'f' shares
# CHAIN: remark: 4 compute intermediates on 3 circular buffers: 1 fewer CB indices and 4096 bytes less L1 per core [cb-sharing.summary]
# CHAIN: remark: CB 't0' gets index 24
# CHAIN-NEXT: t0 = T.alloc_fragment
# CHAIN: remark: CB 't1' gets index 25
# CHAIN-NOT: CB 't2' gets index
# CHAIN: remark: CB 'f' gets index 26
# The shared CB in the compute kernel: t0's value is popped before t2's is pushed.
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/chain/compute.cpp
# COMPUTE: constexpr uint32_t cb_t0 = tt::CBIndex::c_24;
# COMPUTE-NOT: cb_t2
# COMPUTE: cb_pop_front(cb_t0, 1);
# COMPUTE: cb_reserve_back(cb_t0, 1);
# "loop": acc is carried from one iteration to the next, so neither step in the loop may take
# its CB; u is dead after the loop, so v (written after it) shares u's CB.
# RUN: %tltt compile %s --entry 'k("loop")' --disable-pass fuse-sfpu-steps --remarks=C2a -o %t/loop 2>&1 | FileCheck %s --check-prefix=LOOP
# LOOP-NOT: shares the circular buffer of 'acc'
# LOOP: remark: CB 'v' shares the circular buffer of 'u' (one CB index and 4096 bytes of L1): no value of it is live while 'u' holds one [cb-sharing.share]
# LOOP-NOT: shares the circular buffer of 'acc'
# Both run: the shared CBs give the reference's result.
# RUN: %tltt run %s --entry 'k("chain")' --disable-pass fuse-sfpu-steps | FileCheck %s --check-prefix=RUNOUT
# RUN: %tltt run %s --entry 'k("loop")' --disable-pass fuse-sfpu-steps | FileCheck %s --check-prefix=RUNOUT
# RUNOUT: PASS
# Off (by name or -O0): no remark, every intermediate keeps its own CB.
# RUN: %tltt compile %s --entry 'k("chain")' --disable-pass fuse-sfpu-steps --disable-pass cb-sharing --remarks=C2a,C3 -o %t/off 2>&1 | FileCheck %s --check-prefix=OFF
# OFF-NOT: [cb-sharing.
# OFF: remark: CB 't2' gets index 26
# Without sharing, the e2e kernels that need it fail: 20 intermediates find no CB index, and 8 of
# a 256x256 block overflow L1.
# RUN: not %tltt compile %S/../../e2e/kernels/cb_sharing_chain.py --entry 'chain(64, 64)' -O0 -o %t/o0 2>&1 | FileCheck %s --check-prefix=O0-INDEX
# O0-INDEX: error: too many circular buffers: no free intermediate CB index left for 't16'
# RUN: not %tltt compile %S/../../e2e/kernels/cb_sharing_l1.py --entry 'chain()' --disable-pass cb-sharing -o %t/o0 2>&1 | FileCheck %s --check-prefix=O0-L1
# O0-L1: error: the circular buffers of this kernel need 2621440 bytes of L1 per core, 1204224 more than the 1417216 available on wormhole_b0
# RUN: %tltt compile %S/../../e2e/kernels/cb_sharing_l1.py --entry 'chain()' --remarks=C2a,F -o %t/l1 2>&1 | FileCheck %s --check-prefix=L1
# L1: remark: 8 compute intermediates on 3 circular buffers: 5 fewer CB indices and 1310720 bytes less L1 per core [cb-sharing.summary]
# L1: remark: the 5 circular buffers use 1310720 of the 1417216 bytes of L1 per core available for them on wormhole_b0 (92.5%) [verify-tt-ir.l1-budget]
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def k(case):

    @T.prim_func
    def main(A: T.Tensor((64, 64), "bfloat16"), Y: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2, 2) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            t0 = T.alloc_fragment((32, 32), "bfloat16")
            t1 = T.alloc_fragment((32, 32), "bfloat16")
            t2 = T.alloc_fragment((32, 32), "bfloat16")
            f = T.alloc_fragment((32, 32), "float32")
            acc = T.alloc_fragment((32, 32), "bfloat16")
            u = T.alloc_fragment((32, 32), "bfloat16")
            v = T.alloc_fragment((32, 32), "bfloat16")
            y = T.alloc_fragment((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], a)
            if case == "chain":
                for i, j in T.Parallel(32, 32):
                    t0[i, j] = a[i, j] * 0.5
                for i, j in T.Parallel(32, 32):
                    t1[i, j] = t0[i, j] + a[i, j]
                for i, j in T.Parallel(32, 32):
                    t2[i, j] = t1[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    f[i, j] = t2[i, j] + t1[i, j]
                for i, j in T.Parallel(32, 32):
                    y[i, j] = f[i, j] * 0.25
            if case == "loop":
                T.fill(acc, 0)
                for s in T.serial(3):
                    for i, j in T.Parallel(32, 32):
                        u[i, j] = acc[i, j] + a[i, j]
                    for i, j in T.Parallel(32, 32):
                        acc[i, j] = u[i, j] * 0.5
                for i, j in T.Parallel(32, 32):
                    v[i, j] = acc[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    y[i, j] = v[i, j] + acc[i, j]
            T.copy(y, Y[by * 32, bx * 32])

    return main
