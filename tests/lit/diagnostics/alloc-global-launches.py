# A T.alloc_global scratch tensor shared by two T.Kernel launches (upstream's split-KV pattern:
# one launch writes partials, the next combines them) needs one device program per launch; the
# error says so instead of suggesting a kernel parameter (docs/atomics.md).
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def two_launches(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        # expected-error@+1 {{buffer 'D' is device memory allocated inside the kernel (T.alloc_global or T.alloc_buffer): no Tenstorrent lowering yet; a scratch tensor shared by several T.Kernel launches needs one device program per launch, and the host program runs one (docs/atomics.md)}}
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(1) as bx:
            a = T.alloc_shared((M, N), "float32")
            T.copy(A, a)
            T.copy(a, D)
        with T.Kernel(1) as bx:
            d = T.alloc_shared((M, N), "float32")
            T.copy(D, d)
            T.copy(d, B)

    return kernel


kernel = two_launches(32, 32)
