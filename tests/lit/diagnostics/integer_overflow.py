# Compile-time integer overflow.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    # expected-error@+1 {{integer overflow in compile-time expression}}
    big = 2 ** 80
    return big


kernel = make(4)
