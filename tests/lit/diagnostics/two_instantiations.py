# Two literal instantiations are ambiguous without --entry.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return kern


small = make(4)
large = make(4096)
# CHECK: {{.*}}two_instantiations.py:18:9: error: the file holds 2 kernel instantiations (lines 17, 18); choose one with --entry
# CHECK-NEXT: {{^}}large = make(4096)
# CHECK-NEXT: {{^}}        ^~~~~~~~~~
