# A syntax error in the factory the instantiation needs is reported even though the rest of the file is skipped.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    return M +


kernel = make(4)
# CHECK: {{.*}}needed_def_syntax_error.py:8:15: error: expected an expression, found end of line
# CHECK-NEXT: {{^}}    return M +
# CHECK-NEXT: {{^}}              ^
