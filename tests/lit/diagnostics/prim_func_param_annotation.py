# prim_func parameters need type annotations.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    # expected-error@+1 {{parameter 'A' of a @T.prim_func needs a type annotation (T.Tensor(shape, dtype) or a scalar type such as T.int32)}}
    def kern(A, B: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            T.clear(B)

    return kern


kernel = make(4)
