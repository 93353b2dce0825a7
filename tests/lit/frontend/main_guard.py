# The instantiation may live under `if __name__ == "__main__":`; everything else there (torch,
# argparse) is never evaluated.
# RUN: %tltt parse %s | FileCheck --strict-whitespace %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def copy2d(M, N):

    @T.prim_func
    def k(A: T.Tensor((M, N), "int8"), B: T.Tensor((M, N), "int8")):
        with T.Kernel(1, 1) as (bx, by):
            T.copy(A, B)

    return k


if __name__ == "__main__":
    import torch
    kernel = copy2d(32, 32)
    a = torch.randint(0, 10, (32, 32), dtype=torch.int8)
    assert (kernel(a) == a).all()
# CHECK-LABEL: {{^}}func k(A: global int8[32, 32], B: global int8[32, 32]) attrs {tl.factory = "copy2d", tl.out_idx = [1], tl.outputs = ["B"]} {
# CHECK-NEXT: {{^}}  launch (bx < 1, by < 1) {
# CHECK-NEXT: {{^}}    copy A -> B
# CHECK-NEXT: {{^}}  }
# CHECK-NEXT: {{^}}}
