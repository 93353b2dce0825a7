# What stays unsupported with several T.Kernel launches (docs/atomics.md, "Scratch tensors and
# several launches"): a tensor two launches store differently (here the first annotates the
# scratch tensor as L1 interleaved, the second leaves it in DRAM) is an error at the second
# launch, since both programs address one buffer.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def mixed_storage(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(1) as bx:
            T.annotate_layout({D: {"memory": "L1"}})
            a = T.alloc_shared((M, N), "float32")
            T.copy(A, a)
            T.copy(a, D)
        # expected-error@+1 {{tensor 'D' is stored as float32 L1 interleaved [32, 32] by device program 0 and as float32 DRAM interleaved [32, 32] by device program 1: the programs of one function share its buffer, so they must agree (annotate its layout)}}
        with T.Kernel(1) as bx:
            d = T.alloc_shared((M, N), "float32")
            T.copy(D, d)
            T.copy(d, B)

    return kernel


kernel = mixed_storage(32, 32)
