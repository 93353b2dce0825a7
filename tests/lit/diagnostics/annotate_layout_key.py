# T.annotate_layout keys must be buffers.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            T.annotate_layout({"A": {"memory": "L1"}})

    return kern


kernel = make(64, 64)
# CHECK: {{.*}}annotate_layout_key.py:12:31: error: T.annotate_layout keys must be buffers, got str
# CHECK-NEXT: {{^}}            T.annotate_layout({"A": {"memory": "L1"}})
# CHECK-NEXT: {{^}}                              ^~~~~~~~~~~~~~~~~~~~~~~
