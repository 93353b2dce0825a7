# `break` and `continue` in a kernel loop parse into the IR (a `loop_break` / `loop_continue`
# call where the statement stands) and A1 rejects them with a located error: the passes need every
# loop's trip count. In a loop the front end runs at compile time (over a Python sequence) they
# act as in Python: see tests/lit/frontend/compile_time_break.py.
# RUN: %tltt parse %s | FileCheck %s --check-prefix=PARSE
# RUN: not %tltt compile %s -o %t 2>&1 | FileCheck %s --check-prefix=COMPILE
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            flag = T.alloc_shared((1,), "int32")
            for i in T.serial(64):
                if flag[0] == i:
                    break
                flag[0] = flag[0] + 1
            for j in T.serial(8):
                continue

    return kern


kernel = make(64, 64)
# PARSE: for i in serial(0 +: 64) {
# PARSE: loop_break()
# PARSE: for j in serial(0 +: 8) {
# PARSE-NEXT: loop_continue()
# COMPILE-DAG: break_in_kernel.py:19:21: error: 'break' in a kernel loop has no Tenstorrent lowering yet (the passes need every loop's trip count)
# COMPILE-DAG: break_in_kernel.py:22:17: error: 'continue' in a kernel loop has no Tenstorrent lowering yet (the passes need every loop's trip count)
