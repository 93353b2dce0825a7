# C1 shared-to-cb: a GEMM accumulator updated in place by a plain element-wise sum
# (`acc = acc + r`, left to C2's FPU add) gets two copies in its CB: compute pushes the new value
# behind the old one before popping it, so one copy left the compute kernel waiting for room
# forever (the upstream kda chunk_delta_bwd's dv_fragment). An accumulator only copied out keeps
# one copy. The kernels run in e2e_state_recurrence_gemm_residual.
# RUN: %tltt compile %S/../../e2e/kernels/state_recurrence.py --entry 'gemm_residual()' --remarks=C1 -o %t 2>&1 | FileCheck %s
# CHECK: remark: buffer 'acc' becomes a CB of 4 pages of 4096 bytes (2 Float32 tiles x depth 2): a GEMM accumulator an element-wise step updates in place: the new value is pushed behind the old one [shared-to-cb.cb-depth]
# RUN: FileCheck %s --check-prefix=COMPUTE --input-file %t/compute.cpp
# COMPUTE: add_tiles(cb_acc, cb_r_f
# COMPUTE: cb_reserve_back(cb_acc, 2);
# COMPUTE: cb_push_back(cb_acc, 2);
# COMPUTE: cb_pop_front(cb_acc, 2);
# RUN: %tltt compile %S/../../e2e/kernels/state_recurrence.py --entry 'recurrence()' --remarks=C1 -o %t.rec 2>&1 | FileCheck %s --check-prefix=ONE
# ONE: remark: buffer 'y' becomes a CB of 2 pages of 4096 bytes (2 Float32 tiles x depth 1): a GEMM accumulator that compute never reads back needs one copy
