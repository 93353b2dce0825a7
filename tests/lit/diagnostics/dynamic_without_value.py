# T.dynamic sizes need a value: the compiler specializes per size (--set, or the Python packages
# binding them from the tensors passed); with one, the shape is that constant.
# RUN: not %tltt parse %s 2>&1 | FileCheck --strict-whitespace %s
# RUN: %tltt parse %s --set m=64 | FileCheck --check-prefix=SET %s
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def make(N):
    M = T.dynamic("m")

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 32), threads=128) as bx:
            T.copy(A[bx * 32:(bx + 1) * 32, :], B[bx * 32:(bx + 1) * 32, :])

    return main


kernel = make(32)
# CHECK: {{.*}}dynamic_without_value.py:11:9: error: dynamic size 'm' (T.dynamic) has no value: Tenstorrent programs are specialised to their sizes; give it with --set m=VALUE (the Python packages tltt and tilelang take it from the tensors passed)
# CHECK-NEXT: {{^}}    M = T.dynamic("m")
# CHECK-NEXT: {{^}}        ^~~~~~~~~~~~~~
# SET: func main(A: global float32[64, 32], B: global float32[64, 32])
