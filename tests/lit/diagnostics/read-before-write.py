# C4 compute-pops: an on-chip buffer some path reads before anything writes it (a recurrence whose
# state block is only written at the end of the loop body, never before the loop) is a located
# error naming the buffer: its value is undefined and no kernel would ever push it, so the device
# program would wait for it forever (the upstream chunked delta-rule kernels with
# use_initial_state=False). Giving it a value before the loop compiles (and runs: the "init"
# form is checked by e2e_state_recurrence).
# RUN: not %tltt compile %s --entry 'recurrence(False)' -o %t 2>&1 | FileCheck %s
# RUN: %tltt compile %s --entry 'recurrence(True)' -o %t.init
# RUN: not %tltt compile %s --entry 'recurrence(False, True)' -o %t 2>&1 | FileCheck %s --check-prefix=FRAG
# CHECK: read-before-write.py:[[@LINE+25]]:17: error: on-chip buffer 'h_s' is read here before anything writes it (on the first iteration of a loop, the first block of a core or a branch that skips its write): its value is undefined and the device program would wait for it forever; give it a value before this read (T.copy, T.fill or T.clear)
# CHECK: read-before-write.py:[[@LINE+13]]:19: note: allocated here
# CHECK: read-before-write.py:[[@LINE+27]]:17: note: first written here, after the read
# FRAG: read-before-write.py:[[@LINE+24]]:17: error: on-chip buffer 'h' is read here before anything writes it
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def recurrence(init, skip_clear=False, S=128, D=64, bs=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((S, D), dtype), H0: T.Tensor((D, D), dtype), Y: T.Tensor((S, D), dtype)):
        with T.Kernel(1) as bx:
            h_s = T.alloc_shared((D, D), dtype)
            h = T.alloc_fragment((D, D), "float32")
            x = T.alloc_shared((bs, D), dtype)
            y = T.alloc_fragment((bs, D), "float32")
            if init:
                T.copy(H0, h_s)
                T.copy(h_s, h)
            elif not skip_clear:
                T.clear(h)
            for s in T.Pipelined(S // bs, num_stages=1):
                T.copy(X[s * bs, 0], x)
                T.gemm(x, h_s, y, clear_accum=True)
                T.copy(y, Y[s * bs, 0])
                for i, j in T.Parallel(D, D):
                    h[i, j] = h[i, j] * 0.5
                T.copy(h, h_s)

    return main


kernel = recurrence(True)
