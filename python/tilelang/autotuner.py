"""`@autotune(configs=...)`: compile every configuration, time each on the simulator
(timing-only) and return the kernel with the lowest SIMULATED device time.

Timings are cached in memory and on disk (<TLTT_WORK_DIR or $TMPDIR/tltt-UID>/timings), keyed by
the generated artifacts, the device and the simulator library, so re-tuning the same kernels is
only compilation. TLTT_AUTOTUNE_CACHE=0 turns the disk cache off."""
import hashlib
import json
import os
import sys

import tltt

_memory = {}


def _simulator_stamp():
    """Identifies the simulator build (its cost model decides the timings)."""
    d = tltt._tltt.simulator_library_dir()
    parts = []
    for name in sorted(os.listdir(d)):
        if name.startswith("libttsim.so"):
            st = os.stat(os.path.join(d, name))
            parts.append("%s:%d:%d" % (name, st.st_size, st.st_mtime_ns))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def simulated_ms(jit_kernel):
    """The simulated device time of one launch on random inputs, cached."""
    from . import profiler
    if not isinstance(jit_kernel.kernel, tltt.Kernel):
        raise TypeError("@autotune: the kernel has T.dynamic sizes (%s), which the profiler "
                        "cannot choose; pass them to the factory as numbers" % ", ".join(
                            jit_kernel.symbols))
    key = "%s-%s-%s" % (jit_kernel.kernel.digest, jit_kernel.kernel.device, _simulator_stamp())
    if key in _memory:
        return _memory[key]
    use_disk = os.environ.get("TLTT_AUTOTUNE_CACHE", "1") != "0"
    path = os.path.join(tltt._cache_root(), "timings", key + ".json")
    if use_disk and os.path.exists(path):
        with open(path) as f:
            ms = json.load(f)["ms"]
    else:
        ms = profiler.Profiler(jit_kernel).do_bench()
        if use_disk:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = path + ".%d" % os.getpid()
            with open(tmp, "w") as f:
                json.dump({"ms": ms}, f)
            os.replace(tmp, path)
    _memory[key] = ms
    return ms


class AutoTuneFactory:
    """A @tilelang.jit factory under @autotune: a call tunes the configuration parameters not
    given by the caller and returns the best JITKernel (with .config, .latency and
    .autotune_results: (config, ms or the compile error) per configuration)."""

    def __init__(self, factory, configs, verbose):
        from . import JITFactory, jit
        self.factory = factory if isinstance(factory, JITFactory) else jit(factory)
        self.configs = configs
        self.verbose = verbose
        self._tuned = {}
        self.__name__ = self.factory.__name__

    def __call__(self, *args, **kwargs):
        configs = self.configs(*args, **kwargs) if callable(self.configs) else self.configs
        configs = list(configs)
        if not configs:
            raise ValueError("@autotune: no configurations")
        key = (self.factory.entry(*args, **kwargs), json.dumps(configs, sort_keys=True, default=str))
        if key in self._tuned:
            return self._tuned[key]
        results, best = [], None
        for cfg in configs:
            try:
                kernel = self.factory(*args, **{**kwargs, **cfg})
                ms = simulated_ms(kernel)
            except (tltt.CompileError, tltt.SimulatorError) as e:
                results.append((cfg, e))
                if self.verbose:
                    print("autotune: %s rejected: %s" % (cfg, str(e).splitlines()[0]), file=sys.stderr)
                continue
            results.append((cfg, ms))
            if self.verbose:
                print("autotune: %s %.6f ms (simulated)" % (cfg, ms), file=sys.stderr)
            if best is None or ms < best[1]:
                best = (kernel, ms, cfg)
        if best is None:
            raise RuntimeError("@autotune: no configuration compiled and ran:\n" + "\n".join(
                "  %s: %s" % (c, str(e).splitlines()[0] if str(e) else e) for c, e in results))
        kernel, ms, cfg = best
        kernel.config, kernel.latency, kernel.autotune_results = cfg, ms, results
        self._tuned[key] = kernel
        return kernel


def autotune(configs=None, warmup=25, rep=100, timeout=100, supply_type=None, ref_prog=None,
             atol=1e-2, rtol=1e-2, skip_check=True, cache_input_tensors=False, verbose=False,
             **_):
    """@autotune(configs=[{...}, ...]) (or a function of the factory's arguments returning
    them) above @tilelang.jit. Selection is by simulated time only; ref_prog is not run."""
    return lambda factory: AutoTuneFactory(factory, configs, verbose)
