# Scalars and expressions in a kernel: alloc_local/alloc_var, let-bound names, augmented
# assignment, if/elif/else on kernel expressions, select, casts, typed constants, dtype objects and
# strings, limits, index arithmetic and boolean operators.
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def scalars(N, dtype=T.float16):

    @T.prim_func
    def k(A: T.Tensor((N,), dtype), B: T.Tensor((N,), "float"), n: T.int32):
        with T.Kernel(T.ceildiv(N, 32)) as bx:
            acc = T.alloc_var("float")
            tmp = T.alloc_local((4,), T.float32)
            count = T.alloc_var(T.int32, init=0)
            acc = T.float32(0)
            base = bx * 32
            for i in T.serial(32):
                idx = base + i
                v = T.Cast("float32", A[idx])
                if idx < n and not (idx % 2 == 1):
                    acc += v
                    count += 1
                elif 0 < idx < 8 or idx >= N - 1:
                    acc -= v * 0.5
                else:
                    tmp[idx // 8 % 4] = T.if_then_else(v > 0, v, T.cast(-v, "float32"))
                B[idx] = T.max(acc, T.min_value("float32")) + T.float32(1.0) / T.int32(count + 1)
            B[T.floordiv(N, 2) + T.floormod(bx, 2)] = T.min(tmp[0], T.max_value("float32"))

    return k


kernel = scalars(64)
# CHECK-LABEL: {{^}}func k(A: global float16[64], B: global float32[64], n: int32) attrs {tl.factory = "scalars", tl.out_idx = [1], tl.outputs = ["B"]} {
# CHECK-NEXT: {{^}}  launch (bx < 2) {
# CHECK-NEXT: {{^}}    alloc acc: var float32[1]
# CHECK-NEXT: {{^}}    alloc tmp: local float32[4]
# CHECK-NEXT: {{^}}    alloc count: var int32[1]
# CHECK-NEXT: {{^}}    count[0] = 0
# CHECK-NEXT: {{^}}    acc[0] = 0.0f
# CHECK-NEXT: {{^}}    let base: int32 = bx * 32
# CHECK-NEXT: {{^}}    for i in serial(0 +: 32) {
# CHECK-NEXT: {{^}}      let idx: int32 = base + i
# CHECK-NEXT: {{^}}      let v: float32 = cast(float32, A[idx])
# CHECK-NEXT: {{^}}      if idx < n and not idx % 2 == 1 {
# CHECK-NEXT: {{^}}        acc[0] = acc[0] + v
# CHECK-NEXT: {{^}}        count[0] = count[0] + 1
# CHECK-NEXT: {{^}}      } else {
# CHECK-NEXT: {{^}}        if 0 < idx and idx < 8 or idx >= 63 {
# CHECK-NEXT: {{^}}          acc[0] = acc[0] - v * 0.5f
# CHECK-NEXT: {{^}}        } else {
# CHECK-NEXT: {{^}}          tmp[idx // 8 % 4] = select(v > 0.0f, v, -v)
# CHECK-NEXT: {{^}}        }
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}      B[idx] = max(acc[0], -3.4028234663852886e+38f) + 1.0f / cast(float32, count[0] + 1)
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    B[32 + bx % 2] = min(tmp[0], 3.4028234663852886e+38f)
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
