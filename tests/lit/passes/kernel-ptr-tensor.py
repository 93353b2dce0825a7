# T.ptr is the dtype of a device address: a tensor parameter of them parses (dtype handle) and
# `tltt compile` rejects it in A1 infer-layout (a tensor's address is fixed when the program is
# built). T.make_tensor over such an address is a located front-end error.
# RUN: %tltt parse %s --entry 'table(4)' | FileCheck %s
# RUN: %tltt compile %s --entry 'table(4)' --verify-diagnostics
# RUN: not %tltt parse %s --entry 'deref(4)' 2>&1 | FileCheck --check-prefix=MAKE %s
import tilelang
import tilelang.language as T


@tilelang.jit
def table(G):

    @T.prim_func
    # expected-error@+1 {{tensor 'ptrs' holds device addresses (T.ptr): no Tenstorrent lowering yet}}
    def k(ptrs: T.Tensor([G], T.ptr), sizes: T.Tensor((32, 32), T.int32)):
        with T.Kernel(1) as bx:
            sizes[0, 0] = 1

    return k


@tilelang.jit
def deref(G):

    @T.prim_func
    def k(ptrs: T.Tensor([G], T.ptr)):
        with T.Kernel(G) as bx:
            X = T.make_tensor(ptrs[bx], (32, 32), "float32")

    return k


# CHECK: func k(ptrs: global handle[4], sizes: global int32[32, 32])
# MAKE: kernel-ptr-tensor.py:29:17: error: 'T.make_tensor' (a tensor at a device address read when the kernel runs) has no Tenstorrent lowering: tensor addresses are fixed when the program is built
