# A dedent that matches no enclosing indentation level.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    x = M * 2
      y = 3
  z = 4
    return x


kernel = make(4)
# CHECK: {{.*}}syntax_bad_dedent.py:9:7: error: unexpected indent
# CHECK-NEXT: {{^}}      y = 3
# CHECK-NEXT: {{^}}      ^
