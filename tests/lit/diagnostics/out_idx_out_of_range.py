# out_idx refers past the parameter list.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

# expected-error@+1 {{out_idx 5 is out of range for 'kern' with 2 parameters}}
@tilelang.jit(out_idx=[5])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64, 64)
