"""`tilelang.language` (imported as T) for tltt's TileLang compatibility package.

Kernel bodies are never executed by Python: `@tilelang.jit` hands the file's source text to
tltt's C++ front end, which reads every `T.*` construct itself. This module only has to make a
TileLang script importable: dtype names evaluate to themselves (they appear in factory default
arguments), `T.prim_func` records which factory instantiation it belongs to (for
`tilelang.compile(f(...))`), and every other name is an inert placeholder.
"""
import sys


class _DType(str):
    """A dtype name such as T.float32; compares equal to its string ("float32")."""


_DTYPES = ("bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "uint16", "uint32", "uint64", "bool")
for _n in _DTYPES:
    globals()[_n] = _DType(_n)
# TileLang's short spellings.
bf16, fp16, fp32 = _DType("bfloat16"), _DType("float16"), _DType("float32")
float = _DType("float32")  # noqa: A001 (TileLang spells the 32-bit float T.float)
int = _DType("int32")  # noqa: A001


class PrimFuncRef:
    """What `@T.prim_func` returns when a factory runs in Python: the factory's name, file and
    the arguments of this call, so tilelang.compile can instantiate it in the C++ front end."""

    def __init__(self, kernel_name, factory_name, file, args):
        self.kernel_name = kernel_name
        self.factory_name = factory_name
        self.file = file
        self.args = args

    def __call__(self, *args, **kwargs):
        raise RuntimeError("a T.prim_func is not callable from Python; compile it with "
                           "tilelang.compile(f(...), out_idx=..., target='tenstorrent')")


def prim_func(fn=None, **_):
    if fn is None:
        return lambda f: prim_func(f)
    frame = sys._getframe(1)
    code = frame.f_code
    nargs = code.co_argcount + code.co_kwonlyargcount
    args = {name: frame.f_locals[name] for name in code.co_varnames[:nargs]}
    return PrimFuncRef(fn.__name__, code.co_name, code.co_filename, args)


class _Placeholder:
    """Any other T.* name: accepted wherever Python evaluates it (annotations, decorators) and
    never executed, since the kernel body is compiled by the C++ front end."""

    def __init__(self, name):
        self._name = name

    def __call__(self, *args, **kwargs):
        return _Placeholder(self._name + "(...)")

    def __getitem__(self, item):
        return _Placeholder(self._name + "[...]")

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Placeholder(self._name + "." + attr)

    def __repr__(self):
        return "T." + self._name


def dynamic(name, dtype="int32"):
    """A T.dynamic size: inert in Python (the C++ front end gives it the value the tilelang
    package binds from the tensors passed, see DynamicJITKernel)."""
    return _Placeholder("dynamic(%r)" % name)


symbolic = dynamic


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _Placeholder(name)
