# A buffer view larger than the memory it views is a located error (T.reshape keeps the dtype,
# T.view compares bytes), and so is a view of something that is not a buffer.
# RUN: not %tltt parse %s --entry 'make(64, 0)' 2>&1 | FileCheck --check-prefix=RESHAPE %s
# RUN: not %tltt parse %s --entry 'make(64, 1)' 2>&1 | FileCheck --check-prefix=VIEW %s
# RUN: not %tltt parse %s --entry 'make(64, 2)' 2>&1 | FileCheck --check-prefix=NOTBUF %s
import tilelang
import tilelang.language as T

@tilelang.jit
def make(M, case):

    @T.prim_func
    def kern(A: T.Tensor((M, M), "float16")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float16")
            if case == 0:
                big = T.reshape(s, (64, 32))
            elif case == 1:
                wide = T.view(s, shape=[32, 32], dtype="float32")
            else:
                bad = T.view(3, dtype="float32")

    return kern


# RESHAPE: view_too_large.py:17:23: error: T.reshape of 's' needs 4096 bytes but the buffer has 2048
# VIEW: view_too_large.py:19:24: error: T.view of 's' needs 4096 bytes but the buffer has 2048
# NOTBUF: view_too_large.py:21:30: error: T.view views a buffer, got int
