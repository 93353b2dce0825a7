# An eager tensor parameter used before its annotation.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit
def scale(A, n=4):
    x = A + 1
    A: T.Tensor((n,), T.float32)
    return A


kernel = scale.compile()
# CHECK: {{.*}}eager_tensor_before_annotation.py:8:9: error: tensor parameter 'A' is used before its annotation `A: T.Tensor(shape, dtype)`
# CHECK-NEXT: {{^}}    x = A + 1
# CHECK-NEXT: {{^}}        ^~~~~
