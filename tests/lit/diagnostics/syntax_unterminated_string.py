# An unterminated string literal in the factory.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, dtype="float16):
    return M


kernel = make(4)
# CHECK: {{.*}}syntax_unterminated_string.py:7:19: error: unterminated string literal
# CHECK-NEXT: {{^}}def make(M, dtype="float16):
# CHECK-NEXT: {{^}}                  ^~~~~~~~~~
