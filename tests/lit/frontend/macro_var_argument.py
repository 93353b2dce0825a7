# A T.alloc_var variable given to a macro parameter annotated as a scalar (T.int32): the macro
# reads the variable through its name, as the caller's own code does.
# RUN: %tltt parse %s | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit
def make(N):

    @T.macro
    def fill_below(dst: T.SharedBuffer((N,), "float32"), count: T.int32):
        for i in T.Parallel(N):
            dst[i] = T.if_then_else(i < count, 1.0, 0.0)

    @T.prim_func
    def k(Counts: T.Tensor((4,), "int32"), Out: T.Tensor((4, N), "float32")):
        with T.Kernel(4) as bx:
            s = T.alloc_shared((N,), "float32")
            count = T.alloc_var(dtype="int32")
            count = Counts[bx]
            fill_below(s, count)
            T.copy(s, Out[bx, 0])

    return k


kernel = make(64)

# CHECK: alloc count: var int32[1]
# CHECK: count[0] = Counts[bx]
# CHECK: s[i] = select(i < count[0], 1.0f, 0.0f)
