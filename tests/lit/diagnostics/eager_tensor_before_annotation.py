# An eager tensor parameter used before its annotation.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit
def scale(A, n=4):
    # expected-error@+1 {{tensor parameter 'A' is used before its annotation `A: T.Tensor(shape, dtype)`}}
    x = A + 1
    A: T.Tensor((n,), T.float32)
    return A


kernel = scale.compile()
