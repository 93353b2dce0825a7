# Golden IR before/after lower-to-sfpu for every mapping rule: unary SFPU math, scalar operands
# (both sides), tile-tile binary ops (FPU add/sub/mul; SFPU between computed tiles), max/min,
# relu from max(x, 0), division as a product with a reciprocal, x*x as square, integer pow,
# negation, float casts; a plain a + b is left to C2 (tt.binary).
# RUN: %tltt compile %s --stop-after=B3 --print-after=B2 | FileCheck %s --check-prefix=BEFORE
# RUN: %tltt compile %s --stop-after=B3 --print-after=B3 | FileCheck %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rules(M, N):

    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
             C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(1, 1, threads=128) as (bx, by):
            a = T.alloc_shared((M, N), "bfloat16")
            b = T.alloc_shared((M, N), "bfloat16")
            t = T.alloc_fragment((M, N), "bfloat16")
            T.copy(A[0, 0], a)
            T.copy(B[0, 0], b)
            for i, j in T.Parallel(M, N):
                t[i, j] = T.exp(a[i, j]) + T.exp2(b[i, j])
            for i, j in T.Parallel(M, N):
                t[i, j] = T.log(a[i, j]) - T.log2(b[i, j])
            for i, j in T.Parallel(M, N):
                t[i, j] = T.sqrt(a[i, j]) * T.rsqrt(b[i, j])
            for i, j in T.Parallel(M, N):
                t[i, j] = T.tanh(a[i, j]) + T.sigmoid(b[i, j]) + T.abs(a[i, j])
            for i, j in T.Parallel(M, N):
                t[i, j] = 2.0 * a[i, j] + 1.5
            for i, j in T.Parallel(M, N):
                t[i, j] = 3.0 - a[i, j] / 4.0
            for i, j in T.Parallel(M, N):
                t[i, j] = T.max(a[i, j], b[i, j]) + T.min(a[i, j], 1.0 / b[i, j])
            for i, j in T.Parallel(M, N):
                t[i, j] = T.max(a[i, j] - b[i, j], 0.0)
            for i, j in T.Parallel(M, N):
                t[i, j] = a[i, j] / b[i, j]
            for i, j in T.Parallel(M, N):
                t[i, j] = a[i, j] * a[i, j] + T.pow(b[i, j], 3)
            for i, j in T.Parallel(M, N):
                t[i, j] = -T.exp(T.Cast("float32", a[i, j]))
            for i, j in T.Parallel(M, N):
                t[i, j] = a[i, j] + b[i, j]
            T.copy(t, C[0, 0])

    return main


kernel = rules(64, 64)

# Before: the nests as written.
# BEFORE: IR after grid-to-persistent (B2)
# BEFORE: for i in parallel(0 +: 64) {
# BEFORE-NEXT: for j in parallel(0 +: 64) {
# BEFORE-NEXT: t[i, j] = exp(a[i, j]) + exp2(b[i, j])

# CHECK: IR after lower-to-sfpu (B3)
# CHECK: copy B -> b
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.add(tile.exp(region(a)), tile.exp2(region(b))))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.sub(tile.log(region(a)), tile.log2(region(b))))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.mul(tile.sqrt(region(a)), tile.rsqrt(region(b))))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.add(tile.add(tile.tanh(region(a)), tile.sigmoid(region(b))), tile.abs(region(a))))
# CHECK-NEXT: tt.sfpu(region(a), region(t), tile.add(tile.mul(2.0f, region(a)), 1.5f))
# CHECK-NEXT: tt.sfpu(region(a), region(t), tile.sub(3.0f, tile.mul(region(a), 0.25f)))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.add(tile.max(region(a), region(b)), tile.min(region(a), tile.recip(region(b)))))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.relu(tile.sub(region(a), region(b))))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.mul(tile.recip(region(b)), region(a)))
# CHECK-NEXT: tt.sfpu(region(a), region(b), region(t), tile.add(tile.square(region(a)), tile.power(region(b), exponent=3)))
# CHECK-NEXT: tt.sfpu(region(a), region(t), tile.neg(tile.exp(region(a))))
# The plain a + b stays for C2 (tt.binary).
# CHECK-NEXT: for i in parallel(0 +: 64) {
# CHECK-NEXT: for j in parallel(0 +: 64) {
# CHECK-NEXT: t[i, j] = a[i, j] + b[i, j]
