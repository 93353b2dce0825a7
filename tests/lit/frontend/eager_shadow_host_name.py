# In an eager kernel, a tensor annotation shadows a host value bound to the same name before it
# (`K = dim`, then `K: T.Tensor(...)`): from there on the name is the tensor parameter. Declaring
# one tensor twice stays an error.
# RUN: %tltt parse %s --entry 'scale(64)' | FileCheck %s
# RUN: not %tltt parse %s --entry 'twice(64)' 2>&1 | FileCheck %s --check-prefix=TWICE
import tilelang
import tilelang.language as T

@tilelang.jit
def scale(dim):
    K = dim
    n = K * 2
    K: T.Tensor((n,), T.float32)
    with T.Kernel(1, threads=128) as bx:
        s = T.alloc_fragment((n,), T.float32)
        T.copy(K, s)
    return K


@tilelang.jit
def twice(dim):
    K: T.Tensor((dim,), T.float32)
    K: T.Tensor((dim,), T.float32)
    with T.Kernel(1, threads=128) as bx:
        s = T.alloc_fragment((dim,), T.float32)
        T.copy(K, s)
    return K


# CHECK: func scale(K: global float32[128])
# TWICE: eager_shadow_host_name.py:23:5: error: 'K' is already a tensor parameter; a tensor is declared once
