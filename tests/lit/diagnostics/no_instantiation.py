# A factory without any literal instantiation in the file.
# RUN: %tltt parse %s --verify-diagnostics
import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M):

    @T.prim_func
    def kern(A: T.Tensor((M,), "float32")):
        with T.Kernel(1) as bx:
            T.clear(A)

    return kern


if __name__ == "__main__":
    import sys
    kernel = make(int(sys.argv[1]))
# expected-error@* {{no kernel instantiation with literal arguments found in the file; pass --entry, e.g. --entry 'make(...)' (kernel factories: make)}}
