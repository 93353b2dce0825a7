"""tltt in Python: compile TileLang kernels and run them on the ttsim simulator in-process.

    import tltt
    k = tltt.compile(file="examples/gemm.py", entry="matmul(256, 256, 256, 64, 64, 32)")
    c = k(a, b)            # NumPy arrays or PyTorch CPU tensors in, the same kind out
    k.last_stats           # device time, utilization, DRAM traffic, stalls (a dict)

The compiler (front end, passes, code generation) and the simulator run inside this process
(tltt._tltt); the generated host program is built once as a shared object and called directly.
Tensors reach it as raw row-major files in a memory-backed directory (docs/python.md).
"""
import hashlib
import json
import os
import shutil
import tempfile

import numpy as np

from . import _tltt
from ._tltt import BuildError, CompileError, SimulatorError

__all__ = ["compile", "Kernel", "CompileError", "BuildError", "SimulatorError", "DEVICES", "device_name"]

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

# Project dtype -> the NumPy dtype of its data-file encoding (bfloat16: its 16 bits).
_FILE_DTYPES = {
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


def _data_parent():
    """Per-call data directories live in memory when /dev/shm exists (no disk traffic)."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


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

    def __repr__(self):
        return "Param(%s: %s%s, %s)" % (self.name, self.dtype, list(self.shape), self.role)


def _file_array(param, value):
    """The array whose bytes are the data file of `param` for a user value: a view of the
    user's memory whenever the dtype and layout already match (C-contiguous CPU data)."""
    if param.scalar:
        return np.asarray([value], dtype=_FILE_DTYPES[param.dtype])
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
        elif arr.dtype != _FILE_DTYPES[param.dtype]:
            raise TypeError("%s: expected a %s array, got %s" % (param.name, param.dtype, arr.dtype))
        arr = np.ascontiguousarray(arr)
    if tuple(arr.shape) != param.shape:
        raise ValueError("%s: expected shape %s, got %s" % (param.name, list(param.shape), list(arr.shape)))
    return arr


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
        `outputs`: {name: torch tensor or NumPy array} to receive outputs in place (others are
        allocated). Returns ({output name: NumPy array of file dtype}, stats dict)."""
        program = self.program()
        data_dir = tempfile.mkdtemp(prefix="tltt-data-", dir=_data_parent())
        try:
            for p in self.inputs:
                if p.name not in values:
                    raise TypeError("missing input '%s'" % p.name)
                _file_array(p, values[p.name]).tofile(os.path.join(data_dir, p.name + ".bin"))
            stats = json.loads(_tltt.run(program, self.artifact_dir, data_dir, self.device,
                                         timing_only, trace or "", report or ""))
            results = {}
            for p in self.outputs:
                path = os.path.join(data_dir, p.name + ".bin")
                results[p.name] = np.fromfile(path, dtype=_FILE_DTYPES[p.dtype]).reshape(p.shape)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
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
        for p in self.outputs:
            if p.name in given_out:  # checked before the run, like the inputs
                _file_array(p, given_out[p.name])
        raw, _ = self.run(named, timing_only=timing_only, trace=trace, report=report)
        as_torch = any(_is_torch(a) for a in args)
        out = []
        for p in self.outputs:
            value = wrap_output(p, raw[p.name], as_torch)
            if p.name in given_out:
                dst = given_out[p.name]
                if _is_torch(dst):
                    dst.copy_(value if _is_torch(value) else _torch().from_numpy(value))
                elif p.dtype == "bfloat16" and dst.dtype == np.uint16:
                    np.copyto(dst, raw[p.name])  # bit patterns in, bit patterns out
                else:
                    np.copyto(dst, value)
                value = dst
            out.append(value)
        return out[0] if len(out) == 1 else tuple(out)


def wrap_output(param, arr, as_torch):
    """A data-file array as the user's kind of tensor, without a copy where the dtype allows."""
    if as_torch:
        torch = _torch()
        if param.dtype == "bfloat16":
            return torch.from_numpy(arr.view(np.int16)).view(torch.bfloat16)
        return torch.from_numpy(arr)
    return bf16_to_float(arr) if param.dtype == "bfloat16" else arr


def compile(source=None, file=None, entry="", sets=(), device="wormhole_b0", layouts=(),
            name=None, disabled_passes=(), opt_level=1):
    """Compiles TileLang `source` text (diagnostics name it `name`, default "<string>") or the
    file `file`, instantiating `entry` (e.g. "matmul(256, 256, 256, 64, 64, 32)", a factory name
    with `sets` ["M=256", ...], or empty for the file's own instantiation) for `device`.
    `disabled_passes` (optimization pass names) and `opt_level=0` are `--disable-pass` and
    `-O0`. Raises CompileError carrying the located diagnostics."""
    if (source is None) == (file is None):
        raise TypeError("give exactly one of source= and file=")
    device = device_name(device)
    if file is not None:
        args = (os.fspath(file), None)
    else:
        args = (name or "<string>", source)
    result = _tltt.compile(*args, entry, list(sets), device, list(layouts), list(disabled_passes),
                           opt_level)
    return Kernel(result["files"], device, result["warnings"])
