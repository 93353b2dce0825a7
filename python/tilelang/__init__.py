"""tltt's TileLang compatibility package: TileLang scripts run on the ttsim simulator.

    import tilelang
    import tilelang.language as T

    @tilelang.jit(out_idx=[-1], target="tenstorrent")   # or TILELANG_TARGET=tenstorrent
    def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16"): ...

    kernel = matmul(256, 256, 256, 64, 64, 32)   # compiled by tltt's C++ front end
    c = kernel(a, b)                             # PyTorch CPU tensors (or NumPy arrays)
    tilelang.profiler.do_bench(lambda: kernel(a, b))   # SIMULATED device time in ms

The factory's Python body is not executed: its module's source file and the call's arguments
go to the C++ compiler. What differs from upstream TileLang is listed in docs/python.md.
"""
import enum
import inspect
import json
import os

import tltt
from tltt import CompileError

from . import language  # noqa: F401  (tilelang.language as T)
from . import profiler
from .autotuner import autotune  # noqa: F401

__all__ = ["jit", "PassConfigKey", "TensorSupplyType", "compile", "autotune", "profiler", "JITKernel", "cdiv", "next_power_of_2",
           "CompileError"]

TARGET_ENV = "TILELANG_TARGET"
DEVICE_ENV = "TLTT_DEVICE"
_TT_TARGETS = ("tenstorrent", "tt", "ttsim")


class _PassConfigKeys(type):
    # Scripts name GPU pass options too (TL_DISABLE_TMA_LOWER, ...): every TL_<NAME> is the key
    # "tl.<name>", which the compiler ignores unless it has a Tenstorrent meaning.
    def __getattr__(cls, name):
        if name.startswith("TL_"):
            return "tl." + name[3:].lower()
        raise AttributeError(name)


class PassConfigKey(metaclass=_PassConfigKeys):
    """Keys of `pass_configs` (the kernel's source is what the compiler reads; see
    docs/python.md): TL_ENABLE_FAST_MATH lets exp/exp2 use the SFPU's approximate exponential."""
    TL_ENABLE_FAST_MATH = "tl.enable_fast_math"


class TensorSupplyType(enum.Enum):
    """Accepted by get_profiler(); profiler inputs are always uniform in [-1, 1) here."""
    Integer = 1
    Uniform = 2
    Normal = 3
    Randn = 4
    Zero = 5
    One = 6
    Auto = 7


def cdiv(a, b):
    return (a + b - 1) // b


def next_power_of_2(n):
    return 1 if n <= 1 else 1 << (int(n) - 1).bit_length()


def resolve_target(target):
    """The simulated device for a target: "tenstorrent" (device from $TLTT_DEVICE, default
    wormhole_b0) or "tenstorrent:blackhole". Without a target, $TILELANG_TARGET selects it;
    anything else is refused rather than silently run on the simulator."""
    if target in (None, "auto"):
        target = os.environ.get(TARGET_ENV)
        if not target:
            raise RuntimeError(
                "this `tilelang` is tltt's compatibility package, which runs kernels on the "
                "simulated Tenstorrent device: select it with target='tenstorrent' or %s="
                "tenstorrent" % TARGET_ENV)
    base, _, device = str(target).partition(":")
    if base not in _TT_TARGETS:
        raise ValueError("target '%s' is not available here: tltt's tilelang runs the "
                         "'tenstorrent' target (optionally 'tenstorrent:blackhole')" % target)
    device = device or os.environ.get(DEVICE_ENV, "wormhole_b0")
    return tltt.device_name(device)


def _literal(v):
    """A Python value as TileLang source text for the entry expression."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(str(v))
    if isinstance(v, (tuple, list)):
        items = ", ".join(_literal(x) for x in v)
        return "(%s,)" % items if isinstance(v, tuple) and len(v) == 1 else (
            "(%s)" % items if isinstance(v, tuple) else "[%s]" % items)
    torch = tltt._torch()
    if torch is not None and isinstance(v, torch.dtype):
        return json.dumps(str(v).replace("torch.", ""))
    if tltt._is_torch(v) or hasattr(v, "__array__"):
        raise TypeError("tensor arguments to a @tilelang.jit factory (the eager form, T.const "
                        "sizes from tensors) are not supported: pass the sizes")
    raise TypeError("cannot pass %r to the TileLang compiler (numbers, strings, dtypes, "
                    "tuples and lists are supported)" % (v,))


def _entry(name, args, kwargs):
    parts = [_literal(a) for a in args] + ["%s=%s" % (k, _literal(v)) for k, v in kwargs.items()]
    return "%s(%s)" % (name, ", ".join(parts))


class JITKernel:
    """A compiled kernel with TileLang's calling convention: the parameters in `out_idx` are
    outputs created by the call and returned; all others are passed in order."""

    def __init__(self, kernel, out_idx):
        self.kernel = kernel
        n = len(kernel.params)
        if out_idx is None:
            self.out_idx = None
        else:
            idx = [out_idx] if isinstance(out_idx, int) else list(out_idx)
            # out_idx=[] creates no outputs: every parameter is passed, as without out_idx, and
            # the tensors the kernel writes (or updates in place, T.atomic_add) are written.
            self.out_idx = sorted(i % n for i in idx) or None
        self.config = None  # set by @autotune: the chosen configuration
        self.latency = None  # set by @autotune: its simulated time in ms
        self.autotune_results = None

    @property
    def params(self):
        return self.kernel.params

    @property
    def stats(self):
        """Statistics of the last run (device time, utilization, DRAM traffic, stalls)."""
        return self.kernel.last_stats

    def _input_params(self):
        if self.out_idx is None:
            return list(self.params)
        return [p for i, p in enumerate(self.params) if i not in self.out_idx]

    def __call__(self, *args, trace=None, report=None):
        k = self.kernel
        timing_only = profiler._recording()
        if self.out_idx is None:
            # TileLang without out_idx: every parameter is passed; outputs are written in place.
            if len(args) != len(k.params):
                raise TypeError("%s takes %d arguments (%s), got %d" % (
                    k.name, len(k.params), ", ".join(p.name for p in k.params), len(args)))
            k(*args, timing_only=timing_only, trace=trace, report=report)
            profiler._record(k.last_stats)
            return None
        ins = self._input_params()
        if len(args) != len(ins):
            raise TypeError("%s takes %d inputs (%s), got %d" % (
                k.name, len(ins), ", ".join(p.name for p in ins), len(args)))
        bad = [self.params[i].name for i in self.out_idx if self.params[i].role != "output"]
        if bad:
            raise TypeError("out_idx names %s, which the kernel does not write" % ", ".join(bad))
        values = dict(zip((p.name for p in ins), args))
        raw, stats = k.run(values, timing_only=timing_only, trace=trace, report=report)
        profiler._record(stats)
        # Kernels without tensor inputs return torch tensors when torch is there.
        as_torch = any(tltt._is_torch(a) for a in args) or (
            not any(hasattr(a, "shape") for a in args) and tltt._torch() is not None)
        outs = [tltt.wrap_output(self.params[i], raw[self.params[i].name], as_torch)
                for i in self.out_idx]
        return outs[0] if len(outs) == 1 else outs

    def get_kernel_source(self):
        """The generated TT-Metalium sources: reader, compute and writer kernels and the host
        program, each after a `// ---- <file> ----` line."""
        return "".join("// ---- %s ----\n%s\n" % (f, self.kernel.source(f))
                       for f in ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp"))

    def get_host_source(self):
        return self.kernel.source("main.cpp")

    def get_profiler(self, tensor_supply_type=None):
        return profiler.Profiler(self)


class JITFactory:
    """`@tilelang.jit` applied to a kernel factory: each call compiles (cached per arguments)."""

    def __init__(self, func, out_idx=None, target=None):
        if func.__code__.co_name != func.__qualname__:
            raise TypeError("@tilelang.jit: '%s' must be defined at module level: its file is "
                            "compiled by tltt's C++ front end" % func.__qualname__)
        self.func = func
        self.out_idx = out_idx
        self.target = target
        self.file = os.path.abspath(inspect.getsourcefile(func))
        self._cache = {}
        self.__name__ = func.__name__
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def entry(self, *args, **kwargs):
        return _entry(self.func.__name__, args, kwargs)

    def __call__(self, *args, **kwargs):
        device = resolve_target(self.target)
        entry = self.entry(*args, **kwargs)
        key = (entry, device, os.stat(self.file).st_mtime_ns)
        if key not in self._cache:
            k = tltt.compile(file=self.file, entry=entry, device=device)
            self._cache[key] = (DynamicJITKernel if isinstance(k, tltt.DynamicKernel)
                                else JITKernel)(k, self.out_idx)
        return self._cache[key]


class DynamicJITKernel:
    """A kernel with T.dynamic sizes (a tltt.DynamicKernel): each call takes their values from
    the shapes of the tensors passed and runs the JITKernel compiled for those sizes (compiled on
    first use, cached: the compiler has no symbolic sizes, so every size is its own
    specialization)."""

    def __init__(self, kernel, out_idx):
        self.kernel = kernel
        self.symbols = kernel.symbols
        n = len(kernel.signature)
        idx = None if out_idx is None else ([out_idx] if isinstance(out_idx, int) else list(out_idx))
        self.out_idx = out_idx
        self._passed = [i for i in range(n) if idx is None or i not in {j % n for j in idx}]
        self._specs = {}
        self.last = None  # the specialization of the last call
        self.config = self.latency = self.autotune_results = None

    def bind(self, *args):
        """{symbol: size} from the shapes of the tensors passed (in the call's order)."""
        return self.kernel.bind(args, self._passed)

    def specialize(self, **values):
        """The JITKernel compiled for these T.dynamic sizes."""
        key = tuple(sorted(values.items()))
        if key not in self._specs:
            self._specs[key] = JITKernel(self.kernel.specialize(**values), self.out_idx)
        return self._specs[key]

    def __call__(self, *args, **kwargs):
        self.last = self.specialize(**self.bind(*args))
        return self.last(*args, **kwargs)

    def _last(self, what):
        if self.last is None:
            raise RuntimeError("%s: this kernel has T.dynamic sizes (%s); call it once so they are "
                               "known, or use .specialize(%s=...)" % (what, ", ".join(self.symbols),
                                                                       self.symbols[0]))
        return self.last

    @property
    def stats(self):
        return self._last("stats").stats

    def get_kernel_source(self):
        return self._last("get_kernel_source").get_kernel_source()

    def get_host_source(self):
        return self._last("get_host_source").get_host_source()

    def get_profiler(self, tensor_supply_type=None):
        return self._last("get_profiler").get_profiler(tensor_supply_type)


def jit(func=None, *, out_idx=None, target=None, execution_backend=None, verbose=False,
        pass_configs=None, debug_root_path=None, compile_flags=None):
    """`@tilelang.jit` or `@tilelang.jit(out_idx=..., target=...)` on a kernel factory.
    GPU-specific options (execution_backend, pass_configs, ...) are accepted and ignored."""
    if func is not None:
        return JITFactory(func, out_idx, target)
    return lambda f: JITFactory(f, out_idx, target)


def compile(func, out_idx=None, target=None, execution_backend=None, pass_configs=None,
            verbose=False):
    """tilelang.compile(factory(...), out_idx=...): `factory(...)` returned the @T.prim_func
    reference that records its factory and arguments; the factory is compiled in C++."""
    if not isinstance(func, language.PrimFuncRef):
        raise TypeError("tilelang.compile expects the @T.prim_func returned by a kernel factory")
    device = resolve_target(target)
    entry = "%s(%s)" % (func.factory_name, ", ".join(
        "%s=%s" % (k, _literal(v)) for k, v in func.args.items()))
    return JITKernel(tltt.compile(file=os.path.abspath(func.file), entry=entry, device=device),
                     out_idx)
