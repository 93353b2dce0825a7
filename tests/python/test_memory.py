# How tensors reach the in-process host program: straight from and to NumPy/torch memory (no
# data files), inputs left unchanged, outputs fresh per call or written into the given tensors;
# and T.dynamic sizes taken from the tensors of each call by `tltt`.
import os

import numpy as np
import pytest
import torch

import tltt

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ADD = os.path.join(ROOT, "examples", "elementwise_add.py")
GEMM = os.path.join(ROOT, "examples", "gemm.py")


@pytest.fixture(scope="module")
def add():
    return tltt.compile(file=ADD, entry="vector_add(64, 128, 32, 64)")


@pytest.fixture(scope="module")
def gemm():
    return tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 32, 32)")


def f16(seed, shape=(64, 128)):
    return np.random.default_rng(seed).uniform(-4, 4, shape).astype(np.float16)


def listing(path, only=None):
    """Every file and directory under `path` (or those of its entries starting with `only`)."""
    out = set()
    for name in os.listdir(path):
        if only is not None and not name.startswith(only):
            continue
        full = os.path.join(path, name)
        out.add(full)
        if os.path.isdir(full):
            for d, dirs, files in os.walk(full):
                out.update(os.path.join(d, x) for x in dirs + files)
    return out


def test_a_call_creates_no_files(add):
    a, b = f16(1), f16(2)
    add(a, b)  # builds and loads the host program, compiles the kernels
    program = add.program()
    places = [("/dev/shm", None), (add.artifact_dir, None), (os.getcwd(), None),
              (os.path.dirname(program), os.path.basename(program))]
    places = [(p, o) for p, o in places if os.path.isdir(p)]
    before = [listing(p, o) for p, o in places]
    for _ in range(3):
        add(a, b)
        add(torch.from_numpy(a), torch.from_numpy(b), timing_only=True)
    assert [listing(p, o) - b for (p, o), b in zip(places, before)] == [set()] * len(places)


def test_inputs_unchanged_and_outputs_fresh(add):
    a, b = f16(3), f16(4)
    a0, b0 = a.copy(), b.copy()
    a.setflags(write=False)  # inputs are only read: a read-only array is fine
    c1 = add(a, b)
    assert np.array_equal(a, a0) and np.array_equal(b, b0)
    np.testing.assert_array_equal(c1, a0.astype(np.float32) + b0)
    # Each call returns a new array; the previous result stays what it was.
    c1_copy = c1.copy()
    c2 = add(b, a)
    assert c2 is not c1 and not np.shares_memory(c1, c2)
    assert not np.shares_memory(c1, a) and not np.shares_memory(c1, b)
    np.testing.assert_array_equal(c1, c1_copy)
    assert c1.flags.owndata and c1.flags.c_contiguous  # the buffer the host program wrote
    # torch in, torch out, the result's memory being that buffer (no copy after the run).
    ct = add(torch.from_numpy(a0), torch.from_numpy(b0))
    assert ct.dtype == torch.float32 and np.array_equal(ct.numpy(), c1_copy)


def test_non_contiguous_inputs_are_converted(add):
    a, b = f16(5, (128, 64)).T, f16(6)
    assert not a.flags.c_contiguous
    np.testing.assert_array_equal(add(a, b), a.astype(np.float32) + b)
    at = torch.from_numpy(f16(5, (128, 64))).T
    assert torch.equal(add(at, torch.from_numpy(b)), at.float() + torch.from_numpy(b).float())


def test_outputs_written_in_place(add, gemm):
    a, b = f16(7), f16(8)
    ref = a.astype(np.float32) + b
    c = np.full((64, 128), np.nan, np.float32)
    assert add(a, b, c) is c
    np.testing.assert_array_equal(c, ref)
    # Outputs that the host program cannot write directly are converted into.
    ct = torch.zeros(128, 64).T  # not contiguous
    assert add(torch.from_numpy(a), torch.from_numpy(b), ct) is ct
    assert np.array_equal(ct.numpy(), ref)
    # bfloat16: NumPy uint16 arrays receive bit patterns, float arrays the values.
    x = torch.randn(64, 64, dtype=torch.bfloat16)
    y = torch.randn(64, 64, dtype=torch.bfloat16)
    ref16 = gemm(x, y)
    bits = np.zeros((64, 64), np.uint16)
    xb, yb = x.view(torch.int16).numpy().view(np.uint16), y.view(torch.int16).numpy().view(np.uint16)
    assert gemm(xb, yb, bits) is bits
    assert np.array_equal(bits, ref16.view(torch.int16).numpy().view(np.uint16))
    floats = np.zeros((64, 64), np.float32)
    gemm(xb, yb, floats)
    assert np.array_equal(floats, ref16.float().numpy())


def test_binding_mismatch_is_an_error_and_the_next_call_works(add):
    a, b = f16(9), f16(10)
    program = add.program()
    short = np.zeros((32, 128), np.float16)
    out = np.empty((64, 128), np.float32)
    with pytest.raises(tltt.SimulatorError, match="no tensor 'A' of 8192 2-byte elements"):
        tltt._tltt.run(program, add.artifact_dir, [("A", short, False), ("B", b, False),
                                                   ("C", out, True)], add.device)
    with pytest.raises(ValueError, match="not C-contiguous"):
        tltt._tltt.run(program, add.artifact_dir, [("A", a[:, ::2], False)], add.device)
    np.testing.assert_array_equal(add(a, b), a.astype(np.float32) + b)


DYNAMIC = '''
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale_rows(N, block_M=32):
    M = T.dynamic("m")

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((N,), "float32"),
             C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as by:
            a = T.alloc_shared((block_M, N), "float32")
            T.copy(A[by * block_M, 0], a)
            for i, j in T.Parallel(block_M, N):
                a[i, j] = a[i, j] * 2.0
            T.copy(a, C[by * block_M, 0])

    return main
'''


def test_dynamic_sizes_from_the_tensors():
    k = tltt.compile(source=DYNAMIC, name="dyn.py", entry="scale_rows(64)")
    assert isinstance(k, tltt.DynamicKernel) and k.symbols == ["m"]
    assert [(n, s) for n, s, _, _ in k.signature] == [("A", ("m", 64)), ("B", (64,)),
                                                       ("C", ("m", 64))]
    w = torch.randn(64)
    seen = []
    for m in (32, 64, 32):
        a = torch.randn(m, 64)
        c = k(a, w)
        assert c.shape == (m, 64) and torch.equal(c, a * 2)
        assert k.last.params[0].shape == (m, 64) and k.last_stats["device_cycles"] > 0
        seen.append(k.last)
    assert len(k.specializations) == 2 and seen[2] is seen[0]  # m = 32 compiled once
    assert k.specialize(m=64) is seen[1]
    # Every parameter: the output is written in place (a size seen before: no compile).
    a, c = torch.randn(64, 64), torch.zeros(64, 64)
    assert k(a, w, c) is c and torch.equal(c, a * 2) and k.last is seen[1]
    assert len(k.specializations) == 2
    # A size fixed with `sets` is a plain Kernel.
    fixed = tltt.compile(source=DYNAMIC, name="dyn.py", entry="scale_rows(64)", sets=["m=32"])
    assert isinstance(fixed, tltt.Kernel) and fixed.params[0].shape == (32, 64)


def test_dynamic_size_errors():
    k = tltt.compile(source=DYNAMIC, name="dyn.py", entry="scale_rows(64)")
    with pytest.raises(ValueError, match="'m' is 64 from an earlier tensor and 32"):
        k(torch.randn(64, 64), torch.randn(64), torch.randn(32, 64))
    with pytest.raises(ValueError, match="expected shape"):
        k(torch.randn(32, 16), torch.randn(16))
    with pytest.raises(TypeError, match="no size for m"):
        k.specialize()
    # Another error in a T.dynamic kernel is reported, located, by compile.
    bad = DYNAMIC.replace("a[i, j] * 2.0", "a[i, j] * undefined_name")
    with pytest.raises(tltt.CompileError, match=r"dyn.py:\d+:\d+: error: .*undefined_name"):
        tltt.compile(source=bad, name="dyn.py", entry="scale_rows(64)")


def test_in_place_update_starts_from_the_given_tensor():
    """C += A @ B: the kernel reads and writes C, so C must be passed; it is updated in place
    (contiguous float32 memory is what the host program writes) or through a copy (a
    column-major array is not), from its values before the call either way."""
    k = tltt.compile(file=os.path.join(ROOT, "tests", "lit", "diagnostics", "in-place.py"),
                     entry="gemm_accumulate(64, 64, 64, 32, 32, 32)")
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 64, dtype=torch.bfloat16)
    want = (a.float() @ b.float())
    c = torch.randn(64, 64, dtype=torch.float32)
    c0 = c.clone()
    assert k(a, b, c) is c
    torch.testing.assert_close(c, c0 + want, rtol=1e-4, atol=1e-4)
    cf = np.asfortranarray(np.random.default_rng(3).standard_normal((64, 64)), np.float32)
    start = cf.copy()
    k(a, b, cf)
    np.testing.assert_allclose(cf, start + want.numpy(), rtol=1e-4, atol=1e-4)
    with pytest.raises(TypeError, match="updated in place"):
        k.run({"A": a, "B": b})
