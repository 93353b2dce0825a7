# `try` in compile-time code: the body runs, then `else`, then `finally` (also after a `return`
# from the body). The interpreter raises no Python exceptions, so `except` handlers never run:
# an error in the body is a compile error, as any other.
# RUN: %tltt parse %s --entry 'make(64)' | FileCheck %s
# RUN: not %tltt parse %s --entry 'broken(64)' 2>&1 | FileCheck --check-prefix=ERR %s
import tilelang
import tilelang.language as T


def pick_block(n):
    log = []
    try:
        block = n // 2
    except (ImportError, AttributeError):
        block = 1
    else:
        block = block + 16
    finally:
        log.append("picked")
    assert log == ["picked"]
    return block


def on_gfx950(target):
    # A device query inside a try: the target is a Tenstorrent device, not an AMD gfx950.
    gfx = True
    try:
        from tilelang.rocm.target import target_is_gfx950
        gfx = target_is_gfx950(target)
    except (ImportError, ModuleNotFoundError):
        pass
    return gfx


def early(n):
    seen = []
    try:
        return n - 8
    finally:
        seen.append(n)


@tilelang.jit
def make(M):
    block = pick_block(M)
    width = early(block)
    assert not on_gfx950("hip")

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            A[0, 0] = T.float32(width)

    return k


@tilelang.jit
def broken(M):
    try:
        size = M // undefined_name
    except NameError:
        size = M

    @T.prim_func
    def k(A: T.Tensor((M, M), "float32")):
        with T.Kernel(1) as bx:
            A[0, 0] = T.float32(size)

    return k


# CHECK: A[0, 0] = 40.0
# ERR: host_try.py:60:21: error: name 'undefined_name' is not defined (NameError)
