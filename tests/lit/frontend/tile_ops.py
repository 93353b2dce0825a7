# Tile operations and hints: T.gemm options, reductions of every kind, fills of slices, 4-D copies
# with singleton axes and point origins, T.atomic_add in scalar and tile form, T.use_swizzle and
# T.annotate_layout (layout expressions are kept verbatim for later passes).
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T
from tilelang.layout import make_swizzled_layout


@tilelang.jit(out_idx=[-1])
def ops(B, H, S, D):

    @T.prim_func
    def k(X: T.Tensor((B, H, S, D), "bfloat16"), W: T.Tensor((D, D), "bfloat16"),
          Acc: T.Tensor((S,), "float32"), Y: T.Tensor((B, H, S, D), "bfloat16")):
        with T.Kernel(H, B) as (h, b):
            x = T.alloc_shared((32, D), "bfloat16")
            w = T.alloc_shared((D, D), "bfloat16")
            y = T.alloc_fragment((32, D), "float32")
            r = T.alloc_fragment((32,), "float32")
            T.use_swizzle(8, order="column")
            T.annotate_layout({x: make_swizzled_layout(x),
                               w: {"memory": "L1", "layout": "sharded", "grid": [2, 2]}})
            T.copy(X[b, h, 0, 0], x)
            T.copy(W, w)
            T.gemm(x, w, y, transpose_B=True, clear_accum=True, k_pack=2,
                   policy=T.GemmWarpPolicy.FullRow)
            T.gemm(x, w[0:D, :], y, transpose_A=False)
            T.reduce_max(y, r, dim=1)
            T.reduce_min(y, r, dim=-1, clear=False)
            T.reduce_sum(y, r, dim=1)
            T.reduce_abssum(y, r, dim=1)
            T.reduce_absmax(y, r, dim=1)
            T.fill(y[0:16, :], -1)
            T.atomic_add(Acc[h], r[0])
            T.atomic_add(Acc[0:32], r)
            T.copy(y, Y[b, h, 0:32, :])

    return k


kernel = ops(2, 4, 32, 64)
# CHECK-LABEL: {{^}}func k(X: global bfloat16[2, 4, 32, 64], W: global bfloat16[64, 64], Acc: global float32[32], Y: global bfloat16[2, 4, 32, 64]) attrs {tl.factory = "ops", tl.out_idx = [3], tl.outputs = ["Y"]} {
# CHECK-NEXT: {{^}}  launch (h < 4, b < 2) {
# CHECK-NEXT: {{^}}    alloc x: shared bfloat16[32, 64]
# CHECK-NEXT: {{^}}    alloc w: shared bfloat16[64, 64]
# CHECK-NEXT: {{^}}    alloc y: fragment float32[32, 64]
# CHECK-NEXT: {{^}}    alloc r: fragment float32[32]
# CHECK-NEXT: {{^}}    use_swizzle(8, enable=true, order="column")
# CHECK-NEXT: {{^}}    annotate_layout {x: make_swizzled_layout(region(x)), w: layout(grid=[2, 2], layout="sharded", memory="L1")}
# CHECK-NEXT: {{^}}    copy X[b +: 1, h +: 1, 0 +: 32, 0 +: 64] -> x
# CHECK-NEXT: {{^}}    copy W -> w
# CHECK-NEXT: {{^}}    gemm x, w -> y transpose_b clear_accum
# CHECK-NEXT: {{^}}    gemm x, w -> y
# CHECK-NEXT: {{^}}    reduce_max y -> r, dim=1, clear=true
# CHECK-NEXT: {{^}}    reduce_min y -> r, dim=1, clear=false
# CHECK-NEXT: {{^}}    reduce_sum y -> r, dim=1, clear=true
# CHECK-NEXT: {{^}}    reduce_abssum y -> r, dim=1, clear=true
# CHECK-NEXT: {{^}}    reduce_absmax y -> r, dim=1, clear=true
# CHECK-NEXT: {{^}}    fill y[0 +: 16, 0 +: 64], -1.0f
# CHECK-NEXT: {{^}}    atomic_add Acc[h +: 1] += r[0]
# CHECK-NEXT: {{^}}    atomic_add Acc += region(r)
# CHECK-NEXT: {{^}}    copy y -> Y[b +: 1, h +: 1, 0 +: 32, 0 +: 64]
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
