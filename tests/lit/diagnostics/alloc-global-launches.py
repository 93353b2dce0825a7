# A T.alloc_global scratch tensor shared by two T.Kernel launches (upstream's split-KV pattern:
# one launch writes partials, the next combines them): the driver cuts the function into one
# device program per launch (remarks launches.split, launches.scratch), the host program
# allocates the scratch tensor, uploads only the parameters and runs the programs in order
# (docs/atomics.md, "Scratch tensors and several launches").
# RUN: %tltt compile %s --remarks=launches -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: ls %t | FileCheck %s --check-prefix=FILES
# RUN: %tltt run %s | FileCheck %s --check-prefix=PASS
# RUN: not %tltt compile %s --mesh 1x2 -o %t.mesh 2>&1 | FileCheck %s --check-prefix=MESH
# RUN: %tltt run %s --check=sample 2>&1 | FileCheck %s --check-prefix=SAMPLE
# Deterministic: the same inputs give the same outputs (error, pcc) and the same cycle count.
# RUN: %tltt run %S/../../e2e/kernels/launches.py | grep '^PASS' > %t.first
# RUN: %tltt run %S/../../e2e/kernels/launches.py | grep '^PASS' > %t.second
# RUN: diff %t.first %t.second
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def two_launches(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(1) as bx:
            a = T.alloc_fragment((M, N), "float32")
            T.copy(A, a)
            for i, j in T.Parallel(M, N):
                a[i, j] = a[i, j] * 3.0
            T.copy(a, D)
        with T.Kernel(1) as bx:
            d = T.alloc_fragment((M, N), "float32")
            T.copy(D, d)
            for i, j in T.Parallel(M, N):
                d[i, j] = d[i, j] + 1.0
            T.copy(d, B)

    return kernel


kernel = two_launches(32, 32)

# REMARK: alloc-global-launches.py:26:9: remark: T.Kernel launch 1 of 2 of 'kernel' is device program 0 ('kernel_launch0'); the host program runs the programs in order, each after the previous one has finished; it uses the scratch tensor(s) 'D' [launches.split]
# REMARK: alloc-global-launches.py:32:9: remark: T.Kernel launch 2 of 2 of 'kernel' is device program 1 ('kernel_launch1'); {{.*}} 'D' [launches.split]
# REMARK: alloc-global-launches.py:25:13: remark: scratch tensor 'D' float32[32, 32] (T.alloc_global) is a DRAM buffer the host program allocates; it is neither read from nor written to the caller's data [launches.scratch]

# HOST: 2 device programs,
# HOST: auto A_buffer = make_buffer(
# HOST: read_tensor(data_dir, "A"
# HOST: auto B_buffer = make_buffer(
# HOST-NOT: read_tensor(data_dir, "B"
# HOST: // Scratch tensor (T.alloc_global)
# HOST-NEXT: // D: float32[32, 32]
# HOST-NEXT: auto D_buffer = make_buffer(
# HOST-NOT: read_tensor(data_dir, "D"
# HOST: // Device program 0: T.Kernel launch `kernel_launch0`, grid [1], 1 cores.
# HOST: "launch0_reader.cpp"
# HOST: EnqueueMeshWorkload
# HOST: // Device program 1: T.Kernel launch `kernel_launch1`, grid [1], 1 cores.
# HOST: "launch1_reader.cpp"
# HOST: EnqueueMeshWorkload
# HOST: write_tensor(data_dir, "B"
# HOST-NOT: write_tensor(data_dir, "D"

# FILES: launch0.plan.json
# FILES: launch0_compute.cpp
# FILES: launch0_reader.cpp
# FILES: launch0_writer.cpp
# FILES: launch1.plan.json
# FILES: main.cpp
# FILES: tt.plan.json

# PASS: PASS pcc=

# On a mesh each launch is split as its own (docs/multi-device.md, "Several launches on a mesh"):
# these launches of one block each do not split over 2 devices.
# MESH: error: the T.Kernel grid has 1 blocks, fewer than the 2 devices of the 1x2 mesh

# SAMPLE: note: --check=sample checks a function of one T.Kernel launch; 'kernel' has 2 {{.*}}: checked whole
# SAMPLE-NOT: sampled blocks
# SAMPLE: PASS pcc=
