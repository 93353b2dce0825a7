# An unterminated string literal in the factory.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
# expected-error@+1 {{unterminated string literal}}
def make(M, dtype="float16):
    return M


kernel = make(4)
