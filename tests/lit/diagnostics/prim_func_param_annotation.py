# prim_func parameters need type annotations.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A, B: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            T.clear(B)

    return kern


kernel = make(4)
# CHECK: {{.*}}prim_func_param_annotation.py:10:14: error: parameter 'A' of a @T.prim_func needs a type annotation (T.Tensor(shape, dtype) or a scalar type such as T.int32)
# CHECK-NEXT: {{^}}    def kern(A, B: T.Tensor((M,), "float32")):
# CHECK-NEXT: {{^}}             ^
