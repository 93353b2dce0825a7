# A factory that recurses forever.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

def helper(n):
    # expected-error@+1 {{call nesting too deep (recursion?)}}
    return helper(n + 1)


@tilelang.jit(out_idx=[-1])
def make(M):
    return helper(M)


kernel = make(4)
