# TVM host API that kernel files use: "uint" is uint32 (and "int" int32) as in TVM, and a
# tvm.target.Target object stays opaque; it fails nothing unless the kernel depends on it.
# RUN: %tltt parse %s --entry 'bits(32)' | FileCheck %s
import tilelang
import tilelang.language as T
import tvm


@tilelang.jit
def bits(M):
    target = tvm.target.Target("hip -mcpu=gfx950")
    fmt = T.dtype("uint")
    assert fmt in [T.int, T.uint] and fmt == T.uint32 and T.dtype("int") == T.int32

    @T.prim_func
    def k(A: T.Tensor((M,), fmt), B: T.Tensor((M,), fmt)):
        with T.Kernel(1) as bx:
            for i in T.Parallel(M):
                B[i] = A[i]

    return k


# CHECK: func k(A: global uint32[32], B: global uint32[32])
