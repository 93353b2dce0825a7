# An entry that evaluates to something one step away from a kernel says how to reach it: the
# element of a returned tuple that is a tuner or kernel, or a kernel generator to call.
# RUN: not %tltt parse %s --entry 'build(64)' 2>&1 | FileCheck --check-prefix=TUPLE %s
# RUN: %tltt parse %s --entry 'build(64)[1]' | FileCheck %s
# RUN: not %tltt parse %s --entry 'generator(64)' 2>&1 | FileCheck --check-prefix=GEN %s
# RUN: %tltt parse %s --entry 'generator(64)(block=32)' | FileCheck %s
import tilelang
import tilelang.language as T


def generator(M):

    def kernel(block=None):

        @T.prim_func
        def k(A: T.Tensor((M, M), "float32")):
            with T.Kernel(M // block) as bx:
                A[bx, 0] = 1.0

        return k

    return kernel


def build(M):
    return [32, 64], generator(M)(block=32)


# TUPLE: error: the entry evaluated to a tuple, not a kernel (a jit factory call or a @T.prim_func); its element 1 is a kernel: select it with --entry '...[1]'
# GEN: error: the entry evaluated to a function, not a kernel (a jit factory call or a @T.prim_func); call it with its configuration in --entry (e.g. '...(...)(block_M=64, ...)')
# CHECK: func k(A: global float32[64, 64])
# CHECK: launch (bx < 2)
