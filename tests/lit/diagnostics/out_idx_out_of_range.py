# out_idx refers past the parameter list.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[5])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.clear(B)

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}out_idx_out_of_range.py:6:2: error: out_idx 5 is out of range for 'kern' with 2 parameters
# CHECK-NEXT: {{^}}@tilelang.jit(out_idx=[5])
# CHECK-NEXT: {{^}} ^~~~~~~~~~~~~~~~~~~~~~~~~
