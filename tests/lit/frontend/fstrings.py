# f-strings in host-side Python: replacement fields with expressions, format specs (accepted;
# values print in their one form), conversions, doubled braces, concatenation with plain
# literals, and a dtype spelled with an f-string. A malformed field is a located error.
# RUN: %tltt parse %s --entry 'good(32, 16)' | FileCheck %s
# RUN: not %tltt parse %s --entry 'bad_expr(32)' 2>&1 | FileCheck --check-prefix=EXPR %s
# RUN: not %tltt parse %s --entry 'bad_brace(32)' 2>&1 | FileCheck --check-prefix=BRACE %s
import tilelang.language as T


def good(M, bits):
    width = 3
    label = f"{{x}} {width * 2:>4} {'q'!r}" "-{}" f"{[M, 2][0]}"
    assert label == "{x} 6 q-{}32", label
    dtype = f"bfloat{bits}"

    @T.prim_func
    def main(A: T.Tensor((M, 32), dtype)):
        with T.Kernel(1) as bx:
            pass

    return main


def bad_expr(M):
    tag = f"m{M +}"
    return tag


def bad_brace(M):
    tag = f"m{M}}"
    return tag


# CHECK: func main(A: global bfloat16[32, 32])
# EXPR: fstrings.py:25:11: error: f-string: expected an expression, found end of line
# EXPR-NEXT: {{^}}    tag = f"m{M +}"
# BRACE: fstrings.py:30:11: error: f-string: single '}' is not allowed
