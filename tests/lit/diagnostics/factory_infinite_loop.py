# A compile-time loop that never ends.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    n = 0
    while True:
        # expected-error@+1 {{compile-time evaluation does not terminate (step limit exceeded)}}
        n += 1
    return n


kernel = make(4)
