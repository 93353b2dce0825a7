# Assignment expressions are outside the supported subset.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    if (n := M * 2) > 4:
        return n


kernel = make(4)
# CHECK: {{.*}}syntax_walrus.py:8:11: error: assignment expressions (':=') are not supported
# CHECK-NEXT: {{^}}    if (n := M * 2) > 4:
# CHECK-NEXT: {{^}}          ^~
