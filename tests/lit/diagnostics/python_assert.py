# A failing assert in the factory reports its message.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, block):
    assert M % block == 0, "M must be a multiple of block"
    return M


kernel = make(100, 32)
# CHECK: {{.*}}python_assert.py:8:5: error: assertion failed: M must be a multiple of block
# CHECK-NEXT: {{^}}    assert M % block == 0, "M must be a multiple of block"
# CHECK-NEXT: {{^}}    ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
