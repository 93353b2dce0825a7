# Integer element-wise compute (issue 13, formats): int32 blocks combined with the SFPU's integer
# ops (add_int_tile, sub_int_tile, mul_int_tile, bitwise_*_binary_tile, binary_*_shift_tile),
# integer constants filled with fill_tile_int, and T.Cast between int32 and float32 blocks as
# typecast_tile. Results must equal the reference exactly (docs/formats.md, Integers).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def int_mix(M, N, block_M, block_N):

    @T.prim_func
    def main(A: T.Tensor((M, N), "int32"), B: T.Tensor((M, N), "int32"),
             C: T.Tensor((M, N), "int32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_shared((block_M, block_N), "int32")
            b = T.alloc_shared((block_M, block_N), "int32")
            c = T.alloc_fragment((block_M, block_N), "int32")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = ((a[i, j] * b[i, j] - (a[i, j] << 3)) ^ (b[i, j] | 5)) + \
                          ((a[i, j] & b[i, j]) >> 1) - 7
            T.copy(c, C[by * block_M, bx * block_N])

    return main


@tilelang.jit(out_idx=[-1])
def uint_mix(M, N, block_M, block_N):
    # uint32: a - b wraps modulo 2^32 when b > a, and >> is a logical shift (binary_logical_
    # right_shift_tile), so (a - b) >> 28 is 15 there and 0 elsewhere.

    @T.prim_func
    def main(A: T.Tensor((M, N), "uint32"), B: T.Tensor((M, N), "uint32"),
             C: T.Tensor((M, N), "uint32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_shared((block_M, block_N), "uint32")
            b = T.alloc_shared((block_M, block_N), "uint32")
            c = T.alloc_fragment((block_M, block_N), "uint32")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = ((a[i, j] - b[i, j]) >> 28) + ((a[i, j] * b[i, j]) | (a[i, j] ^ 9))
            T.copy(c, C[by * block_M, bx * block_N])

    return main


@tilelang.jit(out_idx=[-1])
def int_from_float(M, N, block_M, block_N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "int32"),
             C: T.Tensor((M, N), "int32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), "float32")
            b = T.alloc_shared((block_M, block_N), "int32")
            c = T.alloc_fragment((block_M, block_N), "int32")
            T.copy(X[by * block_M, bx * block_N], x)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                # toward zero, as C and the SFPU convert
                c[i, j] = T.Cast("int32", x[i, j] * 100.0) + b[i, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return main


@tilelang.jit(out_idx=[-1])
def float_from_int(M, N, block_M, block_N):

    @T.prim_func
    def main(A: T.Tensor((M, N), "int32"), X: T.Tensor((M, N), "float32"),
             Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_shared((block_M, block_N), "int32")
            x = T.alloc_shared((block_M, block_N), "float32")
            y = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(X[by * block_M, bx * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = T.Cast("float32", a[i, j] * a[i, j] + 3) * x[i, j]
            T.copy(y, Y[by * block_M, bx * block_N])

    return main


@tilelang.jit(out_idx=[-1])
def int_float_copies(M, N, block_M, block_N):
    # T.copy between dtypes: an int32 tensor into a float32 block, a float32 block into an
    # int32 block, and a float32 block back into an int32 tensor, each a typecast in compute.

    @T.prim_func
    def main(A: T.Tensor((M, N), "int32"), B: T.Tensor((M, N), "int32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), "float32")
            y = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], x)
            for i, j in T.Parallel(block_M, block_N):
                y[i, j] = x[i, j] * 2.5
            T.copy(y, B[by * block_M, bx * block_N])

    return main


kernel = int_mix(64, 96, 32, 32)
