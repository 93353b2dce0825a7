# Compile-time evaluation of the factory: arithmetic (**, //, %), comparisons, min/max,
# conditional expressions, keyword defaults, lists/tuples, string building, helper functions,
# math, a Python-level `if` selecting code, and a macro returning a value.
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import math
import tilelang
import tilelang.language as T

TILE = 32


def round_up(x, m=TILE):
    return (x + m - 1) // m * m


@tilelang.jit(out_idx=[-1])
def evaluated(M, N, use_bias=False, bits=16, layout=("row", "major")):
    Mp = round_up(M)
    blocks = [Mp // TILE, max(N // 64, 1)]
    dtype = "float" + str(bits)
    odd = M % 2 == 1
    scale = 2 ** -3 if odd else math.sqrt(16.0)
    rows, cols = blocks
    name = layout[0] + "_" + layout[-1]
    assert name == "row_major"

    @T.macro
    def scaled(v):
        return v * scale

    @T.prim_func
    def k(A: T.Tensor((Mp, N), dtype), C: T.Tensor((Mp, N), dtype)):
        with T.Kernel(cols, rows) as (bx, by):
            t = T.alloc_fragment((TILE, 64 if N >= 64 else N), dtype)
            T.copy(A[by * TILE, bx * 64], t)
            if use_bias:
                T.fill(t, 1)
            else:
                for i, j in T.Parallel(TILE, 64):
                    t[i, j] = scaled(t[i, j])
            T.copy(t, C[by * TILE, bx * 64])

    return k


kernel = evaluated(100, 128, bits=32)
# CHECK-LABEL: {{^}}func k(A: global float32[128, 128], C: global float32[128, 128]) attrs {tl.factory = "evaluated", tl.out_idx = [1], tl.outputs = ["C"]} {
# CHECK-NEXT: {{^}}  launch (bx < 2, by < 4) {
# CHECK-NEXT: {{^}}    alloc t: fragment float32[32, 64]
# CHECK-NEXT: {{^}}    copy A[by * 32 +: 32, bx * 64 +: 64] -> t
# CHECK-NEXT: {{^}}    for i in parallel(0 +: 32) {
# CHECK-NEXT: {{^}}      for j in parallel(0 +: 64) {
# CHECK-NEXT: {{^}}        t[i, j] = t[i, j] * 4.0f
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    copy t -> C[by * 32 +: 32, bx * 64 +: 64]
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
