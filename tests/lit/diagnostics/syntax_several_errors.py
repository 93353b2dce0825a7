# Syntax errors in two statements of one function are both reported.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    a = (M +
    b = M * * 2
    c = ]
    return a


kernel = make(4)
# CHECK: {{.*}}syntax_several_errors.py:8:9: error: '(' was never closed
# CHECK-NEXT: {{^}}    a = (M +
# CHECK-NEXT: {{^}}        ^
# CHECK-NEXT: {{.*}}syntax_several_errors.py:9:13: error: expected an expression, found '*'
# CHECK-NEXT: {{^}}    b = M * * 2
# CHECK-NEXT: {{^}}            ^
# CHECK-NEXT: {{.*}}syntax_several_errors.py:10:9: error: expected an expression, found ']'
# CHECK-NEXT: {{^}}    c = ]
# CHECK-NEXT: {{^}}        ^
