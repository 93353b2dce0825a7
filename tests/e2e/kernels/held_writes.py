# On-chip blocks produced once and copied out at every step of a loop (issue 13): the writer
# keeps such a block at its CB's front through the loop and pops it once after it
# (passes/writer_holds.h), so one push from compute feeds every copy, including loops whose
# trip count is read from a tensor at run time and loops that run no step.
import tilelang
import tilelang.language as T


# Each group's first min(max(last[g], 0), per) row blocks of Y are the constant 3 (random
# integers in [-8, 8] make some loops empty); the rest of the group's blocks are zeroed by a
# second loop, which stores a block cleared once before it.
@tilelang.jit(out_idx=[-1])
def held_fill(groups, per, dim, bm=32, dtype="float32"):

    @T.prim_func
    def main(last: T.Tensor((groups,), "int32"), Y: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            z = T.alloc_fragment((bm, dim), dtype)
            c = T.alloc_fragment((bm, dim), dtype)
            n = T.min(T.max(last[g], 0), per)
            T.fill(z, 3.0)
            T.clear(c)
            for k in T.serial(n):
                T.copy(z, Y[(g * per + k) * bm:(g * per + k + 1) * bm, :])
            for k in T.serial(per - n):
                T.copy(c, Y[(g * per + n + k) * bm:(g * per + n + k + 1) * bm, :])

    return main


# A block computed once from a load (x * 2) is stored next to blocks the loop computes at each
# step (x_k + 1), for a run-time number of steps: only the former is held.
@tilelang.jit(out_idx=[-2, -1])
def held_beside_streamed(groups, per, dim, bm=32, dtype="bfloat16"):

    @T.prim_func
    def main(X: T.Tensor((groups * per * bm, dim), dtype), last: T.Tensor((groups,), "int32"),
             Y: T.Tensor((groups * per * bm, dim), dtype),
             Z: T.Tensor((groups * per * bm, dim), dtype)):
        with T.Kernel(groups) as g:
            x = T.alloc_shared((bm, dim), dtype)
            xk = T.alloc_shared((bm, dim), dtype)
            y = T.alloc_fragment((bm, dim), dtype)
            z = T.alloc_fragment((bm, dim), dtype)
            T.copy(X[g * per * bm:(g * per + 1) * bm, :], x)
            for i, j in T.Parallel(bm, dim):
                y[i, j] = x[i, j] * 2.0
            for k in T.Pipelined(T.min(T.max(last[g], 0), per), num_stages=2):
                T.copy(X[(g * per + k) * bm:(g * per + k + 1) * bm, :], xk)
                for i, j in T.Parallel(bm, dim):
                    z[i, j] = xk[i, j] + 1.0
                T.copy(z, Z[(g * per + k) * bm:(g * per + k + 1) * bm, :])
                T.copy(y, Y[(g * per + k) * bm:(g * per + k + 1) * bm, :])

    return main


kernel = held_fill(4, 3, 64)
