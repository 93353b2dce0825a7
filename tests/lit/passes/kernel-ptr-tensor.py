# T.ptr is the dtype of a device address: a tensor parameter of them parses (dtype handle) and
# `tltt compile` rejects it in A1 infer-layout (a tensor's address is fixed when the program is
# built). T.make_tensor over such an address parses (a let of the address, then a view of the
# address tensor) and A1 rejects it too.
# RUN: %tltt parse %s --entry 'table(4)' | FileCheck %s
# RUN: %tltt compile %s --entry 'table(4)' --verify-diagnostics
# RUN: %tltt parse %s --entry 'deref(4)' | FileCheck --check-prefix=MAKE %s
# RUN: not %tltt compile %s --entry 'deref(4)' -o %t 2>&1 | FileCheck --check-prefix=A1 %s
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
# MAKE: let X_address: handle = ptrs[bx]
# MAKE-NEXT: view X: global float32[32, 32] = T.make_tensor(ptrs)
# A1: kernel-ptr-tensor.py:31:17: error: 'T.make_tensor' (buffer 'X' at a device address read from 'ptrs' when the kernel runs) has no Tenstorrent lowering yet: tensor addresses are fixed when the program is built
