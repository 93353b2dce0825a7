# Host-side Python around a kernel, evaluated at compile time: lambdas and closures, while,
# dict/set comprehensions, list/dict/str methods, builtins, itertools/functools/math,
# @dataclass, the TVM dtype API, T.float, tilelang.math.next_power_of_2, T.dynamic (from --set),
# device queries (--device), a GPU index-map layout and register hints (--remarks).
# RUN: %tltt parse %s --set n=96 --remarks 2>%t.err | FileCheck %s
# RUN: FileCheck --check-prefix=NOTE %s < %t.err
# RUN: %tltt run %s --set n=96 --remarks=frontend 2>&1 | FileCheck --check-prefix=NOTE %s
# RUN: %tltt parse %s --set n=96 --device blackhole | FileCheck --check-prefix=BH %s
# RUN: not %tltt parse %s 2>&1 | FileCheck --check-prefix=DYN %s
# RUN: not %tltt parse %s --set n=96 --set nope=1 2>&1 | FileCheck --check-prefix=UNKNOWN %s
import functools
import itertools
import math
from dataclasses import dataclass, field

import tilelang
import tilelang.language as T
import tvm, torch
from tilelang.carver.arch import driver


@dataclass
class Cfg:
    rows: int
    tags: list = field(default_factory=list)
    scale: float = 0.5


def make(scale):
    return lambda x: x * scale


@tilelang.jit(out_idx=[-1])
def host(cols):
    n = T.dynamic("n")
    cfgs = [dict(zip(("a", "b"), p)) for p in itertools.product([1, 2], [3, 4])]
    by_a = {c["a"]: c["b"] for c in cfgs}
    uniq = sorted({c["a"] for c in cfgs}, reverse=True)
    acc = []
    i = 0
    while i < 3:
        acc.append(i)
        i += 1
    acc.extend([10, 20])
    last = acc.pop()
    d = {}
    d.update(x=1)
    d.setdefault("y", 2)
    name = "_".join(str(v) for v in acc) + "-{}".format(last)
    add = functools.partial(lambda a, b: a + b, 5)
    total = functools.reduce(lambda a, b: a + b, acc, 0) + sum(v for v in d.values())
    double = make(2)
    cfg = Cfg(32)
    bits = tvm.DataType("float16").bits + T.float.bits + (7).bit_length()
    assert isinstance(cfg, Cfg) and isinstance(bits, int) and any(acc) and not all(acc)
    assert name == "0_1_2_10-20" and by_a[2] == 4 and uniq == [2, 1] and add(1) == 6
    assert math.gcd(12, 18) == 6 and divmod(7, 2) == (3, 1) and total == 16 and torch.cuda.get_device_capability() == (8, 0)
    sms = driver.get_num_sms()
    width = tilelang.math.next_power_of_2(cols)
    rows = double(cfg.rows) if bits == 51 else 1

    @T.prim_func
    def k(A: T.Tensor((rows, width), T.float), B: T.Tensor((n, sms), T.float)):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((rows, width), T.float)
            T.annotate_layout({s: T.Layout((rows, width), lambda i, j: [j, i])})
            T.disable_warp_group_reg_alloc()
            T.copy(A, s)
            T.copy(s, B[0:rows, 0:width])

    return k


kernel = host(60)
# CHECK: func k(A: global float32[64, 64], B: global float32[96, 64])
# CHECK-NOT: annotate
# CHECK: copy A -> s
# NOTE: host_python.py:66:31: remark: GPU layout T.Layout for 's' (an index map) guides GPU code generation; ignored on Tenstorrent
# NOTE: host_python.py:67:13: remark: 'T.disable_warp_group_reg_alloc' is a GPU register/cache hint; ignored on Tenstorrent
# BH: func k(A: global float32[64, 64], B: global float32[96, 110])
# DYN: host_python.py:35:9: error: dynamic size 'n' (T.dynamic) has no value: Tenstorrent programs are specialised to their sizes; give it with --set n=VALUE
# UNKNOWN: error: --set nope: the file has no factory parameter, T.const/T.dynamic symbol or module constant of that name (names: {{.*}}cols{{.*}})
