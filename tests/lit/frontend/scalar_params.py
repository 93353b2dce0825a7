# A @T.prim_func with scalar parameters, a module-level @T.prim_func needing no factory.
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang.language as T


@T.prim_func
def axpy(X: T.Buffer((128,), "float32"), Y: T.Buffer((128,), "float32"), alpha: T.float32,
         n: T.int32):
    with T.Kernel(4) as bx:
        for i in T.Parallel(32):
            if bx * 32 + i < n:
                Y[bx * 32 + i] = alpha * X[bx * 32 + i] + Y[bx * 32 + i]
# CHECK-LABEL: {{^}}func axpy(X: global float32[128], Y: global float32[128], alpha: float32, n: int32) {
# CHECK-NEXT: {{^}}  launch (bx < 4) {
# CHECK-NEXT: {{^}}    for i in parallel(0 +: 32) {
# CHECK-NEXT: {{^}}      if bx * 32 + i < n {
# CHECK-NEXT: {{^}}        Y[bx * 32 + i] = alpha * X[bx * 32 + i] + Y[bx * 32 + i]
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
