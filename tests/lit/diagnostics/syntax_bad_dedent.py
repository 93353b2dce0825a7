# A dedent that matches no enclosing indentation level.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    x = M * 2
      # expected-error@+1 {{unexpected indent}}
      y = 3
  z = 4
    return x


kernel = make(4)
