# A1 (vector_run_loads.cc): a per-row value read from a 1-D tensor inside a 2-D element-wise
# nest (`a[i, j] * W[start + i]`, start read from an index tensor) is read as a vector run, a
# copy of W[start : start + 32] into a per-row vector before the nest, also when the nest stores
# to a tensor under a guard on the rows the block holds (`if i < rows:`, the MoE down
# projection's form). A 1-D nest storing the bare run into a vector (`w[i] = W[start + i]`) is
# the copy itself. A value of W at an index the nest's variables do not run over stays an
# error.
# RUN: %tltt compile %S/../../e2e/kernels/row_weight_scale.py --entry row_weight_scale --set M=128 --set N=64 --set G=3 --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s
# RUN: %tltt compile %S/../../e2e/kernels/row_weight_scale.py --entry row_weight_scale_vec --set M=128 --set N=64 --set G=3 --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=VEC
# RUN: not %tltt compile %s --entry 'gathered(64)' -o %t 2>&1 | FileCheck %s --check-prefix=ERR
# CHECK: alloc W_run: shared float32[32, 32] {tt.vector = "col"}
# CHECK-NEXT: copy W[start +: 32, 0 +: 32] -> W_run
# CHECK-NEXT: for i in parallel(0 +: 32) {
# CHECK-NEXT: for j in parallel(0 +: 32) {
# CHECK-NEXT: Y_win[i, j] = a[i, j] * W_run[i, 0]
# CHECK: if i < rows {
# CHECK-NEXT: Y[start + i, by * 32 + j] = Y_win[i, j]
# VEC: copy W[start +: 32, 0 +: 32] -> w
# VEC-NEXT: for i in parallel(0 +: 32) {
# VEC-NEXT: for j in parallel(0 +: 32) {
# VEC-NEXT: a[i, j] = a[i, j] * w[i, 0]
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gathered(M):

    @T.prim_func
    def kernel(A: T.Tensor((M, 32), "float32"), W: T.Tensor((2 * M,), "float32"),
               Y: T.Tensor((M, 32), "float32")):
        with T.Kernel(M // 32) as bx:
            a = T.alloc_fragment((32, 32), "float32")
            T.copy(A[bx * 32, 0], a)
            for i, j in T.Parallel(32, 32):
                # ERR: vector-run-weights.py:[[@LINE+1]]:{{[0-9]+}}: error: a load of tensor 'W'
                Y[bx * 32 + i, j] = a[i, j] * W[bx * 64 + 2 * i]

    return kernel
