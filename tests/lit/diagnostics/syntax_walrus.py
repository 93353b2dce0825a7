# Assignment expressions are outside the supported subset.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    # expected-error@+1 {{assignment expressions (':=') are not supported}}
    if (n := M * 2) > 4:
        return n


kernel = make(4)
