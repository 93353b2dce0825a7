# The AutoTuner API around a kernel: AutoTuner.from_kernel(kernel=..., configs=...) with
# set_compile_args / set_profile_args and run(); the tuner compiles its first config (as
# @autotune does), compile arguments such as out_idx apply, a config's pass_configs are compiler
# options rather than kernel parameters, and the result's .kernel and .config are readable.
# RUN: %tltt parse %s --entry 'tuned(128, 32)' | FileCheck %s
# RUN: %tltt parse %s --entry 'tuned(128, 32).kernel' | FileCheck %s
# RUN: %tltt parse %s --entry 'tuner_only(128, 32)' | FileCheck %s
# RUN: %tltt run %s --entry 'tuned(128, 32)' | FileCheck --check-prefix=RAN %s
# RUN: %tltt parse %s --entry 'first_block(128, 32)' | FileCheck --check-prefix=CFG %s
import itertools

import tilelang
import tilelang.language as T
from tilelang.autotuner import AutoTuner


def space():
    return [{"block": b, "pass_configs": {"fast": f}} for b, f in itertools.product([32, 64], [True, False])]


def build(M, N):

    def kernel(block=None):

        @T.prim_func
        def add(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
            with T.Kernel(T.ceildiv(M, block)) as bx:
                for i, j in T.Parallel(block, N):
                    C[bx * block + i, j] = A[bx * block + i, j] + B[bx * block + i, j]

        return add

    return (AutoTuner.from_kernel(kernel=kernel, configs=space())
            .set_compile_args(out_idx=[-1], target="auto")
            .set_profile_args(warmup=3, rep=10))


def tuned(M, N):
    return build(M, N).run(warmup=3, rep=10)


def tuner_only(M, N):
    return build(M, N)


def first_block(M, N):
    result = build(M, N).run()
    assert result.config["block"] == 32
    print(result.latency)
    return result.kernel


# CHECK: func add(A: global float32[128, 32], B: global float32[128, 32], C: global float32[128, 32]) attrs {tl.out_idx = [2], tl.outputs = ["C"]}
# CHECK-NEXT: launch (bx < 4) {
# CHECK: C[bx * 32 + i, j] = A[bx * 32 + i, j] + B[bx * 32 + i, j]

# CFG: launch (bx < 4) {

# RAN: PASS
