"""tltt in Python: compile TileLang kernels and run them on the ttsim simulator in-process.

    import tltt
    k = tltt.compile(file="examples/gemm.py", entry="matmul(256, 256, 256, 64, 64, 32)")
    c = k(a, b)            # NumPy arrays or PyTorch CPU tensors in, the same kind out
    k.last_stats           # device time, utilization, DRAM traffic, stalls (a dict)

The compiler (front end, passes, code generation) and the simulator run inside this process
(tltt._tltt); the generated host program is built once as a shared object and called directly
on the tensors' memory: inputs are read from the user's arrays where their dtype and layout
already match, and outputs are written into the arrays returned (docs/python.md). A kernel with
T.dynamic sizes compiles to a DynamicKernel, specialized per size from the tensors passed.
"""
import hashlib
import json
import os
import itertools
import shutil
import tempfile

import numpy as np

from . import _tltt
from ._tltt import BuildError, CompileError, SimulatorError

__all__ = ["compile", "Kernel", "DynamicKernel", "CompileError", "BuildError", "SimulatorError", "DEVICES", "device_name"]

# The simulated devices and their aliases, from the one device description (data/devices/*.json).
_ALIASES = _tltt.devices()
DEVICES = tuple(sorted(_ALIASES, key=lambda d: d != "wormhole_b0"))  # the default first


def device_name(device):
    """The canonical name of `device` (a name or alias: "n150", "bh", ...); ValueError if unknown."""
    for name, aliases in _ALIASES.items():
        if device == name or device in aliases:
            return name
    known = ", ".join("%s (%s)" % (n, ", ".join(a)) for n, a in _ALIASES.items())
    raise ValueError("unknown device '%s' (known: %s)" % (device, known))

# Project dtype -> the NumPy dtype of the elements the host program reads and writes (the encoding
# of `tltt run`'s data files too; bfloat16: its 16 bits).
_HOST_DTYPES = {
    "bfloat16": np.uint16, "float16": np.float16, "float32": np.float32, "float64": np.float64,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "bool": np.bool_,
}


def _cache_root():
    """Where artifacts and host programs are cached (the same root `tltt run` uses)."""
    root = os.environ.get("TLTT_WORK_DIR")
    if not root:
        root = os.path.join(tempfile.gettempdir(), "tltt-%d" % os.getuid())
    os.makedirs(root, exist_ok=True)
    return root


def _torch():
    try:
        import torch
        return torch
    except ImportError:
        return None


def _is_torch(x):
    t = _torch()
    return t is not None and isinstance(x, t.Tensor)


def _torch_dtype(name):
    """The torch dtype of a project dtype (torch 1.13 has no uint16/32/64: TypeError)."""
    dt = getattr(_torch(), name, None)
    if dt is None:
        raise TypeError("PyTorch has no %s tensors; pass a NumPy array" % name)
    return dt


def bf16_bits(x):
    """float array -> bfloat16 bit patterns (uint16), rounded to nearest even like the device
    formats (NaN stays NaN)."""
    f = np.ascontiguousarray(x, dtype=np.float32)
    u = f.view(np.uint32).astype(np.uint64)
    rounded = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(f)
    if nan.any():
        rounded[nan] = 0x7FC0
    return rounded


def bf16_to_float(bits):
    """bfloat16 bit patterns (uint16) -> float32."""
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


class Param:
    """A kernel parameter from tt.plan.json: name, shape, dtype, role (input/output/scalar)."""

    def __init__(self, j):
        self.name = j["name"]
        self.shape = tuple(j.get("shape", []))
        self.dtype = j["dtype"]
        self.scalar = j.get("kind") == "scalar"
        self.role = "scalar" if self.scalar else j.get("role", "input")
        # An output the kernel also reads (an in-place update): it starts from the given values.
        self.in_place = j.get("access") == "read_write"

    def __repr__(self):
        return "Param(%s: %s%s, %s)" % (self.name, self.dtype, list(self.shape), self.role)


def _host_array(param, value):
    """The array whose memory the host program reads for `param`: a view of the user's memory
    whenever the dtype and layout already match (C-contiguous CPU data), else a converted copy."""
    if param.scalar:
        return np.asarray([value], dtype=_HOST_DTYPES[param.dtype])
    if _is_torch(value):
        if value.device.type != "cpu":
            raise ValueError("%s: tensor is on %s; tltt runs CPU tensors" % (param.name, value.device))
        want = _torch_dtype(param.dtype)
        if value.dtype != want:
            raise TypeError("%s: expected a %s tensor, got %s" % (param.name, param.dtype, value.dtype))
        t = value.detach().contiguous()
        arr = t.view(_torch().int16).numpy() if param.dtype == "bfloat16" else t.numpy()
    else:
        arr = np.asarray(value)
        if param.dtype == "bfloat16":
            # NumPy has no bfloat16: uint16 arrays are taken as bit patterns, floats are rounded.
            arr = arr if arr.dtype == np.uint16 else bf16_bits(arr)
        elif arr.dtype != _HOST_DTYPES[param.dtype]:
            raise TypeError("%s: expected a %s array, got %s" % (param.name, param.dtype, arr.dtype))
        arr = np.ascontiguousarray(arr)
    _check_shape(param, arr)
    return arr


def _check_shape(param, value):
    if tuple(value.shape) != param.shape:
        raise ValueError("%s: expected shape %s, got %s" % (param.name, list(param.shape), list(value.shape)))


def _output_view(param, dst):
    """For an output tensor the user passed: a NumPy view of its memory the host program can
    write directly (C-contiguous, writable, of the parameter's dtype; bfloat16: a torch bfloat16
    tensor or a NumPy uint16 array of bit patterns), or None when the result must be converted
    into it after the run. Raises like an input of the wrong dtype or shape."""
    _check_shape(param, dst)
    if _is_torch(dst):
        if dst.device.type != "cpu":
            raise ValueError("%s: tensor is on %s; tltt runs CPU tensors" % (param.name, dst.device))
        if dst.dtype != _torch_dtype(param.dtype):
            raise TypeError("%s: expected a %s tensor, got %s" % (param.name, param.dtype, dst.dtype))
        if not dst.is_contiguous():
            return None
        t = dst.detach()
        return t.view(_torch().int16).numpy() if param.dtype == "bfloat16" else t.numpy()
    if not isinstance(dst, np.ndarray):
        raise TypeError("%s: an output must be a torch tensor or a NumPy array" % param.name)
    want = _HOST_DTYPES[param.dtype]
    if param.dtype != "bfloat16" and dst.dtype != want:
        raise TypeError("%s: expected a %s array, got %s" % (param.name, param.dtype, dst.dtype))
    if dst.dtype == want and dst.flags.c_contiguous and dst.flags.writeable:
        return dst
    return None


def _summarize(stats):
    """Adds totals to the simulator's statistics: device time in ms and stalls by cause."""
    stalls, busy = {}, 0
    for core in stats.get("cores", []):
        for risc in core.get("riscs", {}).values():
            busy += risc.get("busy_cycles", 0)
            for cause, v in risc.get("stalls", {}).items():
                stalls[cause] = stalls.get(cause, 0) + v
    stats["device_time_ms"] = stats.get("device_time_us", 0.0) / 1000.0
    stats["stalls"] = stalls
    stats["busy_cycles"] = busy
    return stats


class Kernel:
    """A compiled kernel: its artifacts (kernel and host sources, plan) and the host program
    built against the simulator. Call it with tensors; see __call__."""

    def __init__(self, files, device, warnings=""):
        self.files = dict(files)
        self.device = device
        self.warnings = warnings
        self.plan = json.loads(self.files["tt.plan.json"])
        self.name = self.plan.get("kernel", "kernel")
        self.params = [Param(p) for p in self.plan["params"]]
        digest = hashlib.sha256()
        for k in sorted(self.files):
            digest.update(k.encode() + b"\0" + self.files[k].encode() + b"\0")
        self.digest = digest.hexdigest()[:20]
        self.artifact_dir = os.path.join(_cache_root(), "kernels", self.digest)
        if not os.path.exists(os.path.join(self.artifact_dir, "main.cpp")):
            tmp = tempfile.mkdtemp(dir=_cache_root())
            for k, text in self.files.items():
                with open(os.path.join(tmp, k), "w") as f:
                    f.write(text)
            os.makedirs(os.path.dirname(self.artifact_dir), exist_ok=True)
            try:
                os.rename(tmp, self.artifact_dir)
            except OSError:  # another process installed the same artifacts first
                shutil.rmtree(tmp, ignore_errors=True)
        self._program = None
        self.last_stats = None

    @property
    def inputs(self):
        return [p for p in self.params if p.role != "output"]

    @property
    def outputs(self):
        return [p for p in self.params if p.role == "output"]

    def source(self, name):
        """One generated file: reader.cpp, compute.cpp, writer.cpp, main.cpp, tt.plan.json."""
        return self.files[name]

    def program(self):
        """The host program as a shared object (built on first use, cached by content)."""
        if self._program is None:
            self._program = _tltt.build_host(os.path.join(self.artifact_dir, "main.cpp"),
                                             os.path.join(_cache_root(), "programs"))
        return self._program

    def run(self, values, outputs=None, timing_only=False, trace=None, report=None):
        """Runs the kernel once. `values`: {param name: array/tensor/scalar} for every input;
        `outputs`: {name: C-contiguous NumPy array of the host dtype} to write outputs into
        (the others are allocated). Returns ({output name: NumPy array of the host dtype},
        stats dict). The host program reads the inputs from and writes the outputs to these
        arrays directly: no file, no copy besides the tilizing."""
        program = self.program()
        outputs = outputs or {}
        tensors, results = [], {}
        for p in self.params:
            if p.role == "output":
                arr = outputs.get(p.name)
                if arr is None and p.in_place:
                    if p.name not in values:
                        raise TypeError("'%s' is updated in place: pass it" % p.name)
                    arr = np.array(_host_array(p, values[p.name]), copy=True)
                elif arr is None:
                    arr = np.empty(p.shape, dtype=_HOST_DTYPES[p.dtype])
                results[p.name] = arr
            elif p.name in values:
                arr = _host_array(p, values[p.name])
            else:
                raise TypeError("missing input '%s'" % p.name)
            tensors.append((p.name, arr, p.role == "output"))
        stats = json.loads(_tltt.run(program, self.artifact_dir, tensors, self.device,
                                     timing_only, trace or "", report or ""))
        self.last_stats = _summarize(stats)
        return results, self.last_stats

    def __call__(self, *args, timing_only=False, trace=None, report=None):
        """kernel(*inputs) -> outputs allocated and returned (one value, or a tuple), or
        kernel(*all_params) -> outputs written into the given tensors (and returned). Inputs are
        PyTorch CPU tensors or NumPy arrays; results are of the kind of the first tensor
        argument (NumPy bfloat16 results are float32 arrays)."""
        if len(args) == len(self.params):
            named = dict(zip((p.name for p in self.params), args))
            given_out = {p.name: named[p.name] for p in self.outputs}
        elif len(args) == len(self.inputs):
            named = dict(zip((p.name for p in self.inputs), args))
            given_out = {}
        else:
            raise TypeError("%s takes %d inputs (%s) or all %d parameters, got %d arguments" % (
                self.name, len(self.inputs), ", ".join(p.name for p in self.inputs),
                len(self.params), len(args)))
        # Given outputs are checked before the run, like the inputs, and written in place when
        # their memory is already what the host program writes.
        direct = {}
        for p in self.outputs:
            if p.name in given_out:
                view = _output_view(p, given_out[p.name])
                if view is not None:
                    direct[p.name] = view
        raw, _ = self.run(named, outputs=direct, timing_only=timing_only, trace=trace,
                          report=report)
        as_torch = any(_is_torch(a) for a in args)
        out = []
        for p in self.outputs:
            if p.name not in given_out:
                out.append(wrap_output(p, raw[p.name], as_torch))
                continue
            dst = given_out[p.name]
            if p.name not in direct:  # converted into the user's tensor
                if _is_torch(dst):
                    dst.copy_(wrap_output(p, raw[p.name], True))
                elif dst.dtype == raw[p.name].dtype:
                    np.copyto(dst, raw[p.name])  # e.g. bfloat16 bit patterns, not contiguous
                else:
                    np.copyto(dst, wrap_output(p, raw[p.name], False))
            out.append(dst)
        return out[0] if len(out) == 1 else tuple(out)


def wrap_output(param, arr, as_torch):
    """A host-dtype array as the user's kind of tensor, without a copy where the dtype allows."""
    if as_torch:
        torch = _torch()
        if param.dtype == "bfloat16":
            return torch.from_numpy(arr.view(np.int16)).view(torch.bfloat16)
        return torch.from_numpy(arr)
    return bf16_to_float(arr) if param.dtype == "bfloat16" else arr


class DynamicKernel:
    """A kernel with `T.dynamic` sizes that `compile` was given no value for. The compiler
    specializes every size (the host program, the core partition and the CB plan need them), so
    each call takes the sizes from the shapes of the tensors passed and runs the Kernel compiled
    for them: compiled on the first call with those sizes, then reused (`specializations`)."""

    def __init__(self, compile_args, sig):
        self._compile_args = compile_args  # the keyword arguments of compile(), sets included
        self.symbols = list(sig["dynamic"])
        # (name, shape, dtype, is_tensor) per parameter; a dimension is an int or a symbol.
        self.signature = [(n, tuple(shape), dt, is_tensor) for n, shape, dt, is_tensor in sig["params"]]
        self.specializations = {}  # {((symbol, size), ...): Kernel}
        self.last = None  # the Kernel of the last call

    @property
    def last_stats(self):
        return self.last.last_stats if self.last is not None else None

    def _bind_at(self, args, positions):
        values = {}
        for i, arg in zip(positions, args):
            name, shape, _, is_tensor = self.signature[i]
            got = getattr(arg, "shape", None)
            if not is_tensor:
                if got is not None and tuple(got) != ():
                    raise ValueError("%s: a scalar parameter, got a tensor" % name)
                continue
            if got is None or len(got) != len(shape):
                raise ValueError("%s: expected %d dimensions, got %s" % (
                    name, len(shape), "shape %s" % list(got) if got is not None else repr(arg)))
            for want, have in zip(shape, got):
                if isinstance(want, str):
                    if values.setdefault(want, int(have)) != int(have):
                        raise ValueError("T.dynamic size '%s' is %d from an earlier tensor and %d "
                                         "from %s" % (want, values[want], have, name))
                elif want != have:
                    raise ValueError("%s: expected shape %s, got %s" % (name, list(shape), list(got)))
        missing = [s for s in self.symbols if s not in values]
        if missing:
            raise ValueError("T.dynamic size(s) %s appear in no tensor passed as a plain dimension; "
                             "they cannot be taken from the arguments" % ", ".join(missing))
        return values

    def bind(self, args, positions=None):
        """{symbol: size} from the shapes of `args`, the values of the parameters at `positions`
        (default: every parameter when that many are passed, else the inputs). Which parameters
        are outputs is known only once compiled, so for inputs alone every choice of outputs is
        tried, and the choices that fit must give the same sizes (the compiled kernel then checks
        the call as usual)."""
        n = len(self.signature)
        if positions is not None:
            candidates = [tuple(positions)]
            if len(args) != len(candidates[0]):
                raise TypeError("kernel takes %d arguments (%s), got %d" % (
                    len(candidates[0]), ", ".join(self.signature[i][0] for i in candidates[0]),
                    len(args)))
        elif len(args) <= n:
            candidates = list(itertools.combinations(range(n), len(args)))
        else:
            raise TypeError("kernel takes at most %d arguments (%s), got %d" % (
                n, ", ".join(p[0] for p in self.signature), len(args)))
        found, errors = set(), []
        for positions in candidates:
            try:
                found.add(tuple(sorted(self._bind_at(args, positions).items())))
            except ValueError as e:
                errors.append(e)
        if not found:
            raise errors[0]
        if len(found) > 1:
            raise ValueError("the T.dynamic sizes depend on which parameters are outputs: pass "
                             "every parameter, or use specialize(%s)" % ", ".join(
                                 "%s=..." % s for s in self.symbols))
        return dict(found.pop())

    def specialize(self, **sizes):
        """The Kernel compiled for these T.dynamic sizes (cached)."""
        missing = [s for s in self.symbols if s not in sizes]
        if missing:
            raise TypeError("specialize: no size for %s" % ", ".join(missing))
        key = tuple(sorted((k, int(v)) for k, v in sizes.items()))
        if key not in self.specializations:
            args = dict(self._compile_args)
            args["sets"] = list(args["sets"]) + ["%s=%d" % kv for kv in key]
            self.specializations[key] = compile(**args)
        return self.specializations[key]

    def __call__(self, *args, **kwargs):
        """Like Kernel.__call__, on the specialization for the sizes of the tensors passed."""
        self.last = self.specialize(**self.bind(args))
        return self.last(*args, **kwargs)


def compile(source=None, file=None, entry="", sets=(), device="wormhole_b0", layouts=(),
            name=None, disabled_passes=(), opt_level=1):
    """Compiles TileLang `source` text (diagnostics name it `name`, default "<string>") or the
    file `file`, instantiating `entry` (e.g. "matmul(256, 256, 256, 64, 64, 32)", a factory name
    with `sets` ["M=256", ...], or empty for the file's own instantiation) for `device`.
    `disabled_passes` (optimization pass names) and `opt_level=0` are `--disable-pass` and
    `-O0`. Returns a Kernel, or a DynamicKernel when the kernel has `T.dynamic` sizes that
    `sets` gives no value (they are then taken from the tensors of each call). Raises
    CompileError carrying the located diagnostics."""
    if (source is None) == (file is None):
        raise TypeError("give exactly one of source= and file=")
    device = device_name(device)
    if file is not None:
        args = (os.fspath(file), None)
    else:
        args = (name or "<string>", source)
    try:
        result = _tltt.compile(*args, entry, list(sets), device, list(layouts),
                               list(disabled_passes), opt_level)
        return Kernel(result["files"], device, result["warnings"])
    except CompileError as e:
        error = e
    # Whether that was a T.dynamic size without a value: the front end alone (milliseconds) with
    # probe sizes for such symbols, which raises the kernel's other errors, if any, itself.
    sig = _tltt.signature(*args, entry, list(sets))
    if not sig["dynamic"]:
        raise error
    return DynamicKernel(dict(source=source, file=file, entry=entry, sets=tuple(sets), device=device,
                              layouts=tuple(layouts), name=name,
                              disabled_passes=tuple(disabled_passes), opt_level=opt_level), sig)
