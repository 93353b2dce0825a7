# Online-softmax style kernel: tl.* helpers at factory level, a 1-D grid bound as `(i_m)`,
# T.Pipelined(start, stop), scalar fragment indexing and a kernel-expression `if` inside T.Parallel.
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang as tl
import tilelang.language as T


@tl.jit(out_idx=[1])
def softmax_kernel(M, N, dtype: str = "float16"):
    BN = min(tl.next_power_of_2(N), 128)
    NN = tl.cdiv(N, BN)
    accum_dtype = "float"
    scale = 1.44269504

    @T.prim_func
    def main(X: T.Tensor([M, N], dtype), Y: T.Tensor([M, N], accum_dtype)):
        with T.Kernel(M, threads=128) as (i_m):
            x = T.alloc_fragment([BN], dtype)
            y = T.alloc_fragment([BN], dtype)
            lse = T.alloc_fragment([1], accum_dtype)
            max_x = T.alloc_fragment([1], dtype)
            exp_x = T.alloc_fragment([BN], accum_dtype)
            sum_exp_x = T.alloc_fragment([1], accum_dtype)
            T.fill(lse, -T.infinity(accum_dtype))
            for i_n in T.Pipelined(0, NN):
                T.copy(X[i_m, i_n * BN:(i_n + 1) * BN], x)
                T.reduce_max(x, max_x, dim=0, clear=True)
                for j in T.Parallel(BN):
                    exp_x[j] = T.if_then_else(j + i_n * BN < N, T.exp2(x[j] * scale - max_x[0] * scale), 0)
                T.reduce_sum(exp_x, sum_exp_x, dim=0, clear=True)
                lse[0] = max_x[0] * scale + T.log2(T.exp2(lse[0] - max_x[0] * scale) + sum_exp_x[0])
            for i_n in T.Pipelined(0, NN):
                T.copy(X[i_m, i_n * BN:(i_n + 1) * BN], x)
                for j in T.Parallel(BN):
                    if j + i_n * BN < N:
                        y[j] = T.exp2(x[j] * scale - lse[0])
                T.copy(y, Y[i_m, i_n * BN:(i_n + 1) * BN])

    return main


kernel = softmax_kernel(64, 300)
# CHECK-LABEL: {{^}}func main(X: global float16[64, 300], Y: global float32[64, 300]) attrs {tl.factory = "softmax_kernel", tl.out_idx = [1], tl.outputs = ["Y"]} {
# CHECK-NEXT: {{^}}  launch (i_m < 64) {
# CHECK-NEXT: {{^}}    alloc x: fragment float16[128]
# CHECK-NEXT: {{^}}    alloc y: fragment float16[128]
# CHECK-NEXT: {{^}}    alloc lse: fragment float32[1]
# CHECK-NEXT: {{^}}    alloc max_x: fragment float16[1]
# CHECK-NEXT: {{^}}    alloc exp_x: fragment float32[128]
# CHECK-NEXT: {{^}}    alloc sum_exp_x: fragment float32[1]
# CHECK-NEXT: {{^}}    fill lse, float32(-inf)
# CHECK-NEXT: {{^}}    for i_n in pipelined(0 +: 3, num_stages=0) {
# CHECK-NEXT: {{^}}      copy X[i_m +: 1, i_n * 128 +: 128] -> x
# CHECK-NEXT: {{^}}      reduce_max x -> max_x, dim=0, clear=true
# CHECK-NEXT: {{^}}      for j in parallel(0 +: 128) {
# CHECK-NEXT: {{^}}        exp_x[j] = cast(float32, select(j + i_n * 128 < 300, exp2(x[j] * float16(1.44269504) - max_x[0] * float16(1.44269504)), float16(0.0)))
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}      reduce_sum exp_x -> sum_exp_x, dim=0, clear=true
# CHECK-NEXT: {{^}}      lse[0] = cast(float32, max_x[0] * float16(1.44269504)) + log2(exp2(lse[0] - cast(float32, max_x[0] * float16(1.44269504))) + sum_exp_x[0])
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}    for i_n_1 in pipelined(0 +: 3, num_stages=0) {
# CHECK-NEXT: {{^}}      copy X[i_m +: 1, i_n_1 * 128 +: 128] -> x
# CHECK-NEXT: {{^}}      for j_1 in parallel(0 +: 128) {
# CHECK-NEXT: {{^}}        if j_1 + i_n_1 * 128 < 300 {
# CHECK-NEXT: {{^}}          y[j_1] = cast(float16, exp2(cast(float32, x[j_1] * float16(1.44269504)) - lse[0]))
# CHECK-NEXT: {{^}}        }
# CHECK-NEXT: {{^}}      }
# CHECK-NEXT: {{^}}      copy y -> Y[i_m +: 1, i_n_1 * 128 +: 128]
# CHECK-NEXT: {{^}}    }
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
