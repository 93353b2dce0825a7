"""Timing in SIMULATED device time: `do_bench` returns the milliseconds the ttsim cost model
predicts for the device (docs/timing.md), not the wall-clock time of the simulation.

The simulator is deterministic, so one run gives the time: warmup and rep are accepted and
ignored, and the kernels run timing-only (TTSIM_TIMING_ONLY: same cycle count, arithmetic
skipped, outputs not meaningful)."""
import numpy as np

import tltt

_active = []  # one [launches, milliseconds] accumulator per do_bench in progress


def _recording():
    return bool(_active)


def _record(stats):
    for acc in _active:
        acc[0] += 1
        acc[1] += stats["device_time_ms"]


def do_bench(fn, warmup=25, rep=100, _n_warmup=0, _n_repeat=0, grad_to_none=None,
             quantiles=None, fast_flush=True, return_mode="mean", backend=None):
    """Calls fn() once and returns the simulated device time, in milliseconds, of the tltt
    kernel launches it made (summed). Raises RuntimeError if fn launched none."""
    acc = [0, 0.0]
    _active.append(acc)
    try:
        fn()
    finally:
        _active.remove(acc)
    if acc[0] == 0:
        raise RuntimeError("do_bench: the function launched no tltt kernel, and only kernels on "
                           "the simulated device can be timed here")
    if quantiles is not None:
        return [acc[1]] * len(quantiles)
    return acc[1]


def random_inputs(kernel, seed=0):
    """Inputs for every input parameter of a JITKernel: PyTorch CPU tensors (NumPy arrays when
    torch is missing) uniform in [-1, 1); kernel scalars 1.0."""
    rng = np.random.default_rng(seed)
    torch = tltt._torch()
    out = []
    for p in kernel._input_params():
        if p.scalar:
            out.append(1.0)
            continue
        if p.dtype in ("bfloat16", "float16", "float32", "float64"):
            a = rng.uniform(-1, 1, size=p.shape).astype(np.float32)
        else:
            a = rng.integers(-8, 9, size=p.shape)
        if torch is not None:
            out.append(torch.from_numpy(np.ascontiguousarray(a)).to(tltt._torch_dtype(p.dtype)))
        elif p.dtype == "bfloat16":
            out.append(a)
        else:
            out.append(a.astype(tltt._HOST_DTYPES[p.dtype]))
    return out


class Profiler:
    """kernel.get_profiler(): simulated timing and a check against a reference program."""

    def __init__(self, kernel):
        self.kernel = kernel

    def do_bench(self, func=None, warmup=25, rep=100, n_warmup=0, n_repeat=0,
                 input_tensors=None, **_):
        """Simulated device ms of the kernel (or of `func`, which must launch tltt kernels) on
        `input_tensors` or random inputs."""
        inputs = input_tensors if input_tensors is not None else random_inputs(self.kernel)
        target = self.kernel if func is None else func
        return do_bench(lambda: target(*inputs))

    def assert_allclose(self, reference_program, input_tensors=None, atol=1e-2, rtol=1e-2,
                        max_mismatched_ratio=0.01):
        """Runs the kernel and `reference_program` on the same inputs and checks that at most
        max_mismatched_ratio of the elements differ by more than atol + rtol |ref|."""
        inputs = input_tensors if input_tensors is not None else random_inputs(self.kernel)
        got = self.kernel(*inputs)
        ref = reference_program(*inputs)
        got = got if isinstance(got, (list, tuple)) else [got]
        ref = ref if isinstance(ref, (list, tuple)) else [ref]
        for i, (g, r) in enumerate(zip(got, ref)):
            g = np.asarray(g.float() if tltt._is_torch(g) else g, dtype=np.float64)
            r = np.asarray(r.float() if tltt._is_torch(r) else r, dtype=np.float64)
            bad = np.abs(g - r) > atol + rtol * np.abs(r)
            if bad.mean() > max_mismatched_ratio:
                raise AssertionError("output %d: %d of %d elements differ (max |diff| %g)" % (
                    i, int(bad.sum()), bad.size, float(np.abs(g - r).max())))
