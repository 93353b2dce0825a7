# Compile-time integer overflow.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    big = 2 ** 80
    return big


kernel = make(4)
# CHECK: {{.*}}integer_overflow.py:8:11: error: integer overflow in compile-time expression
# CHECK-NEXT: {{^}}    big = 2 ** 80
# CHECK-NEXT: {{^}}          ^~~~~~~
