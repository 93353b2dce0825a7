# T.atomic_add(dst, value, return_prev=True) is an expression: the element's value before the
# add (a slot claimed in a shared counter). It is bound to a variable where the call stands, so
# the add happens once however often the value is used; `tltt compile` rejects it in A1
# (infer-layout) until the atomic add's lowering can hand the value back.
# RUN: %tltt parse %s --entry 'claim(64)' | FileCheck %s
# RUN: not %tltt compile %s --entry 'claim(64)' -o %t 2>&1 | FileCheck --check-prefix=A1 %s
# RUN: not %tltt parse %s --entry 'region(64)' 2>&1 | FileCheck --check-prefix=REGION %s
import tilelang
import tilelang.language as T


@tilelang.jit
def claim(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "int32"), Out: T.Tensor((N,), "int32")):
        with T.Kernel(1, threads=128) as bx:
            counter = T.alloc_shared((1,), "int32")
            slots = T.alloc_shared((N,), "int32")
            T.fill(counter, 0)
            for i in T.serial(N):
                pos = T.atomic_add(counter[0], 1, return_prev=True) + 1
                slots[pos - 1] = A[i]
                slots[pos - 1] = slots[pos - 1] + pos
            T.copy(slots, Out)

    return k


@tilelang.jit
def region(N):

    @T.prim_func
    def k(A: T.Tensor((N,), "int32"), Out: T.Tensor((N,), "int32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((N,), "int32")
            T.copy(A, s)
            p = T.atomic_add(Out, s, return_prev=True)

    return k


# CHECK: let pos_prev: int32 = atomic_add(region(counter), 1, return_prev=true)
# CHECK-NEXT: let pos: int32 = pos_prev + 1
# A1: atomic_return_prev.py:22:23: error: 'T.atomic_add(..., return_prev=True)' (the value before an atomic add, read by the kernel) has no Tenstorrent lowering yet
# REGION: atomic_return_prev.py:38:17: error: T.atomic_add(..., return_prev=True) needs a buffer element and a scalar value
