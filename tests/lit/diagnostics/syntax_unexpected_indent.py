# An indented statement after a simple statement.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            x = 1
                y = 2

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}syntax_unexpected_indent.py:13:17: error: unexpected indent
# CHECK-NEXT: {{^}}                y = 2
# CHECK-NEXT: {{^}}                ^
