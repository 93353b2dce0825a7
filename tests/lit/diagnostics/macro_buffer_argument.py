# A macro parameter annotated as a buffer receives a number.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.macro
    def zero(buf: T.FragmentBuffer((M,), "float32")):
        T.clear(buf)

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            zero(5)

    return kern


kernel = make(4)
# CHECK: {{.*}}macro_buffer_argument.py:16:13: error: argument 'buf' of macro 'zero' must be a T.FragmentBuffer, got int
# CHECK-NEXT: {{^}}            zero(5)
# CHECK-NEXT: {{^}}            ^~~~~~~
