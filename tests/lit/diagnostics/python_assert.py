# A failing assert in the factory reports its message.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, block):
    # expected-error@+1 {{assertion failed: M must be a multiple of block}}
    assert M % block == 0, "M must be a multiple of block"
    return M


kernel = make(100, 32)
