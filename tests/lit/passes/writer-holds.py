# C4 and D3 on a block produced once and copied out at every step of a loop whose trip count is
# read from a tensor at run time: compute pushes it once, so the writer waits for it at every
# step, keeps it at the CB's front (no pop inside the loop) and pops it once after the loop; the
# wait after the loop consumes the value when the loop runs no step. A block the loop produces
# at every step is popped at every step as before.
# RUN: %tltt compile %s --remarks=C4,D3 -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: %tltt compile %s --stop-after=C4 --print-after=C4 | FileCheck %s --check-prefix=MARK
# RUN: %tltt compile %s --stop-after=D3 --print-after=D3 | FileCheck %s --check-prefix=WRITER
# REMARK: writer-holds.py:44:17: remark: 'y' is produced once before the loop around this copy out: the writer waits for it at every step, keeps it at the CB's front and pops it once after the loop (also when the loop runs no step)
# REMARK-NOT: 'z' is produced once
# REMARK: remark: CB 'y' stays at the front through the loop's copies out and is popped after it
# MARK: for k in pipelined({{.*}}) {tt.writer_holds = [{{[0-9]+}}]}
# WRITER-LABEL: func main_writer
# WRITER: for k in pipelined
# WRITER: cb_wait_front(region(z), 2)
# WRITER: cb_pop_front(region(z), 2)
# WRITER: cb_wait_front(region(y), 2)
# WRITER-NOT: cb_pop_front(region(y)
# WRITER: noc_async_write_barrier()
# WRITER-NEXT: }
# WRITER-NEXT: cb_wait_front(region(y), 2)
# WRITER-NEXT: cb_pop_front(region(y), 2)
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-2, -1])
def held(groups=4, per=3, dim=64, bm=32, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), last: T.Tensor((groups,), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype),
             Z: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            z = T.alloc_fragment((bm, dim), dtype)
            T.fill(y, 3.0)
            for k in T.Pipelined(T.min(T.max(last[g], 0), per), num_stages=2):
                T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], x)
                for i, j in T.Parallel(bm, dim):
                    z[i, j] = x[i, j] + 1.0
                T.copy(z, Z[(g * per + k) * bm:(g * per + k + 1) * bm, :])
                T.copy(y, Y[(g * per + k) * bm:(g * per + k + 1) * bm, :])

    return main


kernel = held()
