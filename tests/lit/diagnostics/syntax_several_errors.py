# Syntax errors in two statements of one function are both reported.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    # expected-error@+1 {{'(' was never closed}}
    a = (M +
    # expected-error@+1 {{expected an expression, found '*'}}
    b = M * * 2
    # expected-error@+1 {{expected an expression, found ']'}}
    c = ]
    return a


kernel = make(4)
