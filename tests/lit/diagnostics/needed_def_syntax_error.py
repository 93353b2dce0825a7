# A syntax error in the factory the instantiation needs is reported even though the rest of the file is skipped.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):
    # expected-error@+1 {{expected an expression, found end of line}}
    return M +


kernel = make(4)
