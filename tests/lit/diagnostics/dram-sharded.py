# DRAM-sharded tensors are not supported yet (the generated host program allocates sharded
# tensors in L1 only): B1 reports a located error at the kernel. `tltt run` verifies the same
# expectations before anything runs, prints its diagnostics as JSON on request, and runs the L1
# form of the same kernel to PASS.
# RUN: %tltt compile %s --entry 'add(256, 256, "DRAM")' --verify-diagnostics
# RUN: %tltt run %s --entry 'add(256, 256, "DRAM")' --verify-diagnostics | FileCheck %s --check-prefix=VERIFIED
# RUN: not %tltt run %s --entry 'add(256, 256, "DRAM")' --diagnostics-format=json 2>&1 | FileCheck %s --check-prefix=JSON
# RUN: %tltt run %s --entry 'add(256, 256, "L1")' | FileCheck %s --check-prefix=L1
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, memory):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        # expected-error@+1 {{tensor 'A' is DRAM-sharded, which the generated host program does not allocate yet (use memory="L1" or layout="interleaved")}}
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 64)) as (bx, by):
            T.annotate_layout({A: T.TTLayout(memory=memory, layout="sharded",
                                             nd_shard={"axes": [0, 1], "grid": [2, 2]})})
            for i, j in T.Parallel(64, 64):
                C[by * 64 + i, bx * 64 + j] = A[by * 64 + i, bx * 64 + j] + B[by * 64 + i, bx * 64 + j]

    return kernel

# VERIFIED: diagnostics verified; the kernel does not compile, nothing to run
# JSON: {"severity":"error","name":"","pass":"","file":"{{.*}}dram-sharded.py","line":20,"column":9,"message":"tensor 'A' is DRAM-sharded
# JSON: FAIL reason=compile
# L1: PASS
