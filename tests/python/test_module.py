# The tltt Python module: compiling files and source text, running kernels on the simulator
# in-process on NumPy arrays and PyTorch CPU tensors, errors as exceptions, run statistics.
import os

import numpy as np
import pytest
import torch

import tltt

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GEMM = os.path.join(ROOT, "examples", "gemm.py")
ADD = os.path.join(ROOT, "examples", "elementwise_add.py")
AXPBY = os.path.join(ROOT, "examples", "sfpu", "axpby.py")


@pytest.fixture(scope="module")
def gemm():
    return tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 32, 32)")


def bf16_matmul_tol(k):
    return 2e-2 * k**0.5


def test_params_come_from_the_plan(gemm):
    assert [(p.name, p.shape, p.dtype, p.role) for p in gemm.params] == [
        ("A", (64, 64), "bfloat16", "input"), ("B", (64, 64), "bfloat16", "input"),
        ("C", (64, 64), "bfloat16", "output")]


def test_torch_bfloat16_in_and_out(gemm):
    torch.manual_seed(0)
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 64, dtype=torch.bfloat16)
    c = gemm(a, b)
    assert isinstance(c, torch.Tensor) and c.dtype == torch.bfloat16 and c.shape == (64, 64)
    ref = (a.float() @ b.float()).to(torch.bfloat16)
    torch.testing.assert_close(c, ref, rtol=2e-2, atol=bf16_matmul_tol(64))
    # Deterministic: the same inputs give the same bits.
    assert torch.equal(gemm(a, b), c)


def test_numpy_floats_are_rounded_to_bfloat16(gemm):
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (64, 64)).astype(np.float32)
    b = rng.uniform(-1, 1, (64, 64)).astype(np.float32)
    c = gemm(a, b)
    assert isinstance(c, np.ndarray) and c.dtype == np.float32
    ar, br = tltt.bf16_to_float(tltt.bf16_bits(a)), tltt.bf16_to_float(tltt.bf16_bits(b))
    np.testing.assert_allclose(c, ar.astype(np.float64) @ br, atol=bf16_matmul_tol(64) / 4)
    # uint16 arrays are bfloat16 bit patterns and give the same result.
    np.testing.assert_array_equal(gemm(tltt.bf16_bits(a), tltt.bf16_bits(b)), c)


def test_bf16_rounding_is_nearest_even():
    bits = tltt.bf16_bits(np.array([1.0, 1.0 + 2**-8, 1.0 + 3 * 2**-8, -2.5, np.nan], np.float32))
    assert list(bits[:4]) == [0x3F80, 0x3F80, 0x3F82, 0xC020]
    assert np.isnan(tltt.bf16_to_float(bits[4:])).all()


def test_outputs_written_into_given_tensors(gemm):
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 64, dtype=torch.bfloat16)
    c = torch.zeros(64, 64, dtype=torch.bfloat16)
    assert gemm(a, b, c) is c
    assert torch.equal(c, gemm(a, b))


def test_float16_inputs_float32_output_exact():
    k = tltt.compile(file=ADD, entry="vector_add(64, 128, 32, 64)")
    rng = np.random.default_rng(2)
    a = rng.uniform(-4, 4, (64, 128)).astype(np.float16)
    b = rng.uniform(-4, 4, (64, 128)).astype(np.float16)
    c = k(a, b)
    assert c.dtype == np.float32
    np.testing.assert_array_equal(c, a.astype(np.float32) + b.astype(np.float32))
    ct = k(torch.from_numpy(a), torch.from_numpy(b))
    assert ct.dtype == torch.float32 and np.array_equal(ct.numpy(), c)


def test_kernel_scalar_argument():
    k = tltt.compile(file=AXPBY, entry="axpby(32, 64)")
    x = torch.randn(32, 64).to(torch.bfloat16)
    z = torch.randn(32, 64).to(torch.bfloat16)
    y = k(x, z, 2.0)
    ref = 2.0 * x.float() + z.float() / 2.0
    torch.testing.assert_close(y.float(), ref, rtol=2e-2, atol=2e-2)


def test_blackhole_device():
    k = tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 32, 32)", device="blackhole")
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 64, dtype=torch.bfloat16)
    torch.testing.assert_close(k(a, b), (a.float() @ b.float()).to(torch.bfloat16), rtol=2e-2,
                               atol=bf16_matmul_tol(64))
    assert k.last_stats["device"] == "blackhole"


def test_run_statistics_trace_and_report(gemm, tmp_path):
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 64, dtype=torch.bfloat16)
    trace, report = tmp_path / "trace.json", tmp_path / "report"
    gemm(a, b, trace=str(trace), report=str(report))
    st = gemm.last_stats
    assert st["device_cycles"] > 0 and st["programs"] == 1
    assert st["device_time_ms"] == pytest.approx(st["device_time_us"] / 1000)
    assert 0 < st["matrix_utilization"] <= 1
    # Three 64x64 bf16 tensors cross DRAM at least once.
    assert st["dram_bytes"] >= 3 * 64 * 64 * 2
    assert set(st["stalls"]) >= {"cb", "noc", "compute"} and st["busy_cycles"] > 0
    assert trace.stat().st_size > 0 and "traceEvents" in trace.read_text()
    assert any(report.iterdir())
    # A timing-only run gives the same cycle count.
    cycles = st["device_cycles"]
    gemm(a, b, timing_only=True)
    assert gemm.last_stats["device_cycles"] == cycles and gemm.last_stats["timing_only"]


def test_compile_error_carries_located_diagnostic():
    src = ("import tilelang\nimport tilelang.language as T\n\n"
           "@tilelang.jit(out_idx=[-1])\ndef f(M):\n    @T.prim_func\n"
           "    def k(A: T.Tensor((M, M), \"float32\"), B: T.Tensor((M, M), \"float32\")):\n"
           "        with T.Kernel(1) as bx:\n            T.copy(A, undefined_name)\n"
           "    return k\n")
    with pytest.raises(tltt.CompileError) as e:
        tltt.compile(source=src, name="bad.py", entry="f(64)")
    assert "bad.py:9:" in str(e.value) and "error:" in str(e.value)
    assert "undefined_name" in str(e.value) and "^" in str(e.value)


def test_compile_error_from_a_file():
    # (48-row blocks are padded to whole tiles; 48 columns are not.)
    with pytest.raises(tltt.CompileError, match=r"gemm.py:19:22: error: buffer 'B_tile' of shape "
                       r"\[32, 48\] cannot become a circular buffer.*\n.*alloc_shared.*\n *\^"):
        tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 48, 32)")
    with pytest.raises(tltt.CompileError, match=r"<entry>:1:1: error: name 'nope' is not defined"):
        tltt.compile(file=GEMM, entry="nope(1)")


def test_bad_arguments(gemm):
    a = torch.randn(64, 64, dtype=torch.bfloat16)
    with pytest.raises(ValueError, match="expected shape"):
        gemm(a, torch.randn(32, 64, dtype=torch.bfloat16))
    with pytest.raises(TypeError, match="expected a bfloat16 tensor"):
        gemm(a, torch.randn(64, 64))
    with pytest.raises(TypeError, match="takes 2 inputs"):
        gemm(a)
    with pytest.raises(ValueError, match="unknown device"):
        tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 32, 32)", device="gpu")


def test_device_aliases():
    # The aliases of the device descriptions (data/devices/*.json) select their device.
    assert tltt.DEVICES == ("wormhole_b0", "blackhole")
    for alias, name in [("n150", "wormhole_b0"), ("wh", "wormhole_b0"), ("p150", "blackhole"),
                        ("bh", "blackhole")]:
        assert tltt.device_name(alias) == name
    k = tltt.compile(file=GEMM, entry="matmul(64, 64, 64, 32, 32, 32)", device="p150")
    assert k.device == "blackhole"
