# A factory that recurses forever.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

def helper(n):
    return helper(n + 1)


@tilelang.jit(out_idx=[-1])
def make(M):
    return helper(M)


kernel = make(4)
# CHECK: {{.*}}factory_recursion.py:7:12: error: call nesting too deep (recursion?)
# CHECK-NEXT: {{^}}    return helper(n + 1)
# CHECK-NEXT: {{^}}           ^~~~~~~~~~~~~
