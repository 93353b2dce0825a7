# A compile-time loop that never ends.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    n = 0
    while True:
        n += 1
    return n


kernel = make(4)
# CHECK: {{.*}}factory_infinite_loop.py:10:14: error: compile-time evaluation does not terminate (step limit exceeded)
# CHECK-NEXT: {{^}}        n += 1
# CHECK-NEXT: {{^}}             ^
