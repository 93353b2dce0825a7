#!/usr/bin/env python3
# Front-end coverage measurement: runs `tltt parse` on every kernel factory (a @tilelang.jit
# function, or one holding a @T.prim_func) of a directory of TileLang files and classifies the
# first error. Sizes come from the file's own instantiations when they can be read (literals,
# simple assignments, argparse defaults), else from guesses by parameter name, retried with
# larger profiles when the first attempt fails on a size constraint. A guessed parameter that the
# factory pins with an `assert` (`assert p == 128`, `assert p in [T.float16, ...]`,
# `assert p <= 32`) takes the asserted value instead of the guess.
# With --stage compile (or run), every factory that parses is then taken one stage further with
# the same entry and sizes (`tltt compile`, or `tltt run`, which prints PASS when the simulated
# device agrees with the reference), and the first error of that stage is classified instead;
# an integer kernel scalar that sizes the grid (the error asks for its value with --set) is
# given a value guessed from its name, as a user would, and the stage is run again.
# The run stage takes hours on a shared machine, so every stage can also write one JSON line per
# factory as soon as it is measured (--jsonl: a stopped run still gives a figure), skip the
# factories already in that file (resume; read again before each factory, so several processes
# with different --filter can share one file), take only the files whose path relative to DIR
# contains a string (--filter, repeatable; FILE:FACTORY names one factory), give each `tltt run`
# its own time limit (--timeout, reported as the class `timeout`), pass options on to `tltt run`
# (--run-arg=--check=sample), and take the commands of a previous compile measurement instead of
# searching sizes again (--from COMPILE.json: only its factories that compiled are run, with the
# same entry and sizes). Each row records the command (its entry and --set values are the sizes
# used), the seconds and `tltt run`'s PASS/FAIL line. Run-stage classes: PASS, `FAIL pcc` (the
# device disagrees with the reference: a silent wrong output unless the check is at fault),
# `FAIL reason=...` (tltt run refused, with a message), `timeout`, `crash: ...` and located errors.
# --small also shrinks the module-level sizes a factory reads (`M, N, K = 4096, 4096, 4096`, set
# with --set). A run that does not pass while inputs hold values a user would not give (integer
# inputs left random, or a factory of USER_INPUTS) is run again with valid ones, as a user gives
# them (--input NAME=cumsum:... for offsets, USER_INPUTS for the rest). With --from, the summary
# also gives PASS over the factories with a Tenstorrent meaning: those of the compile
# measurement whose first error is not a located "GPU-only" one.
# --odd (with --small) then moves the sizes a user sets freely (sequence lengths, token counts,
# M/N/K, hidden sizes) off the multiples of 32 (256 -> 244, then 232 or 240 when the factory's
# own assert asks for a multiple of 8 or 16), passed with --set / the entry call as a user would.
# A size the example itself ties to its block sizes (its assert, or its own `seq // block_M`
# that drops the remainder in the upstream GPU kernel too) keeps its value; a factory left with
# no odd size is recorded as `size_fixed_by_example` with the reason, not run.
# Usage: scripts/measure_frontend.py [--stage parse|compile|run] [--jsonl OUT.jsonl]
#          [--filter SUBSTR]... [--timeout SEC] [--run-arg ARG]... [--from COMPILE.json] [--summary]
#          TLTT DIR [OUT.json]
import argparse, ast, os, re, struct, subprocess, sys, collections, json, time

ap = argparse.ArgumentParser(description="front-end coverage over a directory of TileLang files")
ap.add_argument("--stage", default="parse", choices=("parse", "compile", "run"))
ap.add_argument("--jsonl", help="append one JSON line per factory; factories already there are skipped")
ap.add_argument("--filter", action="append", default=[], help="only files whose relative path contains this (or one factory: FILE:FACTORY)")
ap.add_argument("--timeout", type=float, default=300, help="seconds for each `tltt run` (class `timeout`)")
ap.add_argument("--run-arg", action="append", default=[], help="extra argument of `tltt run`, e.g. --run-arg=--check=sample")
ap.add_argument("--from", dest="from_json", help="commands of a previous --stage compile measurement")
ap.add_argument("--summary", action="store_true", help="only sum up the --jsonl file (no run)")
ap.add_argument("--small", action="store_true", help="with --from: shrink the factory's size arguments (sequence lengths, M/N/K, batch, heads) to small values that still compile")
ap.add_argument("--odd", action="store_true", help="with --small: then set the sizes a user sets (sequence lengths, token counts, M/N/K, hidden sizes) to values that are not multiples of 32, unless the example itself ties them to its block sizes (class size_fixed_by_example)")
ap.add_argument("tltt")
ap.add_argument("root")
ap.add_argument("out", nargs="?")
opts = ap.parse_args()
if opts.odd and not opts.small: ap.error("--odd is used with --small")
STAGE, TLTT, ROOT, OUT = opts.stage, opts.tltt, opts.root, opts.out
def measured():
    """Factories already in the JSONL file: read again before each factory, so that several
    measurements appending to one file (each with its own --filter) skip each other's rows."""
    if not (opts.jsonl and os.path.exists(opts.jsonl)): return set()
    return {(r["file"], r["factory"]) for r in map(json.loads, filter(str.strip, open(opts.jsonl)))}

def deco_name(d):
    if isinstance(d, ast.Call): d = d.func
    if isinstance(d, ast.Attribute): return d.attr
    if isinstance(d, ast.Name): return d.id
    return ""

def is_factory(fn):
    if any("triton" in ast.unparse(d) for d in fn.decorator_list): return False
    names = [deco_name(d) for d in fn.decorator_list]
    if "jit" in names: return True
    if "prim_func" in names: return True
    for n in ast.walk(fn):
        if n is fn: continue
        if isinstance(n, ast.FunctionDef) and "prim_func" in [deco_name(d) for d in n.decorator_list]:
            return True
    return False

def guess(p, prof=0):
    l = p.lower()
    if l.endswith(("_list", "sizes")): return "[64, 128]"  # per-group sizes (grouped GEMM)
    if "sub" in l and ("chunk" in l or "block" in l): return "16"  # a part of a chunk
    if prof == 1:
        if "token" in l or "sum" in l or "total" in l: return "1024"
        if "group" in l or "kv_head" in l or "head_kv" in l or l in ("h_kv", "hkv", "kv_heads", "kv_group_num"): return "1"
        if "head" in l or l in ("h", "nh", "hq"): return "16"
        if "dim" in l or l in ("d", "hd", "dv", "dk"): return "128"
        if "chunk" in l or l.startswith("block_s") or l == "bs": return "64"
        if "seq" in l or l in ("m", "n", "k", "s", "l", "t"): return "1024"
        if "batch" in l or l in ("b", "bsz"): return "2"
    if prof == 2:
        if "head" in l or l in ("h", "nh"): return "64"
        if "kv" in l and "head" in l: return "1"
        if "dim" in l or l in ("d", "hd", "dv", "dk"): return "576" if "v" not in l else "512"
        if "block" in l or "blk" in l or "tile" in l: return "64"
        if "seq" in l or l in ("m", "n", "k", "s"): return "4096"
        if "batch" in l or l in ("b",): return "1"
    if "dtype" in l or l in ("dt",):
        return "float32" if ("accum" in l or "acc" in l) else "float16"
    if "stage" in l: return "2"
    if "thread" in l: return "128"
    if "causal" in l or l.startswith(("is_", "use_", "enable", "with_", "has_")) or l in ("trans_a","trans_b","transpose_a","transpose_b"): return "False"
    if "scale" in l: return "0.5"
    if "eps" in l: return "1e-5"
    if "block" in l or "blk" in l or "tile" in l or l in ("bm","bn","bk"): return "64"
    if "split" in l or "group" in l or "num_" in l: return "1" if "group" in l else "2"
    if "batch" in l or l in ("b", "bs", "bsz"): return "1"
    if "head" in l or l in ("h", "nh"): return "2"
    if "dim" in l or l in ("d", "hd", "dv", "dk"): return "64"
    return "256"


def asserted(fn, helpers=None, depth=0):
    """Values the factory's own asserts pin parameters to: {name: source text}. A parameter passed
    on to a module-level helper function takes the value the helper's asserts pin its parameter to
    (`_helper(x, dtype=in_dtype)` with `assert dtype == T.int8` in the helper)."""
    out = {}
    for n in ast.walk(fn) if helpers is not None and depth < 3 else ():
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in helpers): continue
        h = helpers[n.func.id]
        if h is fn: continue
        pins = asserted(h, helpers, depth + 1)
        hp = [x.arg for x in h.args.posonlyargs + h.args.args]
        passed = list(zip(hp, n.args)) + [(k.arg, k.value) for k in n.keywords if k.arg]
        for hname, arg in passed:
            if isinstance(arg, ast.Name) and hname in pins: out.setdefault(arg.id, pins[hname])
    for n in ast.walk(fn):
        if not isinstance(n, ast.Assert) or not isinstance(n.test, ast.Compare): continue
        t = n.test
        if len(t.ops) != 1 or not isinstance(t.left, ast.Name): continue
        op, rhs = t.ops[0], t.comparators[0]
        if isinstance(op, ast.In) and isinstance(rhs, (ast.List, ast.Tuple)) and rhs.elts:
            rhs = rhs.elts[0]
        elif not isinstance(op, (ast.Eq, ast.LtE, ast.GtE)):
            continue
        if isinstance(rhs, ast.Constant) or (isinstance(rhs, ast.Attribute) and ast.unparse(rhs).startswith("T.")):
            out.setdefault(t.left.id, ast.unparse(rhs))
    return out


def file_calls(tree, name):
    """Instantiations of `name` written in the file, with arguments resolved from literals,
    simple assignments and argparse defaults (best effort)."""
    env = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "add_argument" and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str):
            dest = n.args[-1].value.lstrip("-").replace("-", "_") if isinstance(n.args[-1], ast.Constant) else None
            for k in n.keywords:
                if k.arg == "dest" and isinstance(k.value, ast.Constant): dest = k.value.value
            for k in n.keywords:
                if k.arg == "default" and dest:
                    try: env["args." + dest] = ast.literal_eval(k.value)
                    except Exception: pass
    for n in ast.walk(tree):
        # Defaults of a driver function's parameters (`def main(n: int = 128)`).
        if isinstance(n, ast.FunctionDef) and not is_factory(n):
            pos = n.args.posonlyargs + n.args.args
            for x, d in list(zip(pos[len(pos) - len(n.args.defaults):], n.args.defaults)) + list(zip(n.args.kwonlyargs, n.args.kw_defaults)):
                try: env.setdefault(x.arg, ast.literal_eval(d))
                except Exception: pass
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    try: env.setdefault(t.id, ast.literal_eval(n.value))
                    except Exception:
                        if isinstance(n.value, ast.Attribute) and ast.unparse(n.value).startswith("args."):
                            env.setdefault(t.id, ("ref", ast.unparse(n.value)))
                elif isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) and len(t.elts) == len(n.value.elts):
                    for a, b in zip(t.elts, n.value.elts):
                        if isinstance(a, ast.Name):
                            try: env.setdefault(a.id, ast.literal_eval(b))
                            except Exception:
                                if ast.unparse(b).startswith("args.") or isinstance(b, ast.Name): env.setdefault(a.id, ("ref", ast.unparse(b)))
    def val(e):
        try: return repr(ast.literal_eval(e))
        except Exception: pass
        src = ast.unparse(e)
        if src in env:
            v = env[src]
            if isinstance(v, tuple) and len(v) == 2 and v[0] == "src": return v[1]
            for _ in range(4):  # follow `N = n` / `n = args.n` chains
                if not (isinstance(v, tuple) and len(v) == 2 and v[0] == "ref"): return repr(v)
                if v[1] not in env or v[1] == src: raise ValueError
                v = env[v[1]]
            raise ValueError
        if src.startswith(("T.", "torch.")) and "(" not in src: return src
        if isinstance(e, ast.BinOp):
            return "(" + val(e.left) + ast.unparse(ast.BinOp(ast.Name("x"), e.op, ast.Name("y")))[1:-1] + val(e.right) + ")"
        raise ValueError
    def calls_of(fname):
        return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and (isinstance(n.func, ast.Name) and n.func.id == fname or isinstance(n.func, ast.Attribute) and n.func.attr in ("compile", "get_tir") and isinstance(n.func.value, ast.Name) and n.func.value.id == fname)]
    # A driver function that passes its own parameters on to the factory (`def check(M, N, ...):
    # k = f(M, N, ...)`, called as `check(256, 1024, ...)`): each call of the driver binds them.
    scopes = [None]
    for w in ast.walk(tree):
        if isinstance(w, ast.FunctionDef) and w.name != name and not is_factory(w) and any(c for c in calls_of(name) if any(c is x for x in ast.walk(w))):
            wp = w.args.posonlyargs + w.args.args
            for c in calls_of(w.name)[:3]:
                b = {}
                for x, d in zip(wp[len(wp) - len(w.args.defaults):], w.args.defaults):
                    try: b[x.arg] = ast.literal_eval(d)
                    except Exception: pass
                for x, a in list(zip([x.arg for x in wp], c.args)) + [(k.arg, k.value) for k in c.keywords if k.arg]:
                    try: b[x] = ("src", val(a))
                    except Exception: pass
                scopes.append((w, b))
    out = []
    for scope in scopes:
        for n in (calls_of(name) if scope is None else [c for c in calls_of(name) if any(c is x for x in ast.walk(scope[0]))]):
            f = n.func
            saved = dict(env)
            if scope is not None:
                for k, v in scope[1].items():
                    env[k] = ("src", v[1]) if isinstance(v, tuple) else v
            try:
                args = [val(a) for a in n.args] + [f"{k.arg}={val(k.value)}" for k in n.keywords if k.arg]
            except Exception:
                continue
            finally:
                env.clear(); env.update(saved)
            call = f"{name}({', '.join(args)})" if isinstance(f, ast.Name) else f"{name}.compile({', '.join(args)})"
            if call not in out: out.append(call)
    return out
def returned_function(fn):
    """The nested plain function a factory returns (`def make(): def kernel(block_M=None, ...):
    ... return main; return kernel`), which builds the kernel when called: or None."""
    defs = {n.name: n for n in fn.body if isinstance(n, ast.FunctionDef) and "prim_func" not in [deco_name(d) for d in n.decorator_list]}
    for n in fn.body:
        if isinstance(n, ast.Return) and isinstance(n.value, ast.Name) and n.value.id in defs:
            return defs[n.value.id]
    return None


def assert_search(node, guessed, build, runit, last, budget=48):
    """A guessed size the factory rejects with an assert it cannot be pinned from directly
    (`assert H_per_block == BI == D_tail`, with H_per_block computed from `heads`): the guessed
    parameters the failing assert depends on (through the factory's assignments) are varied one
    at a time over typical values, keeping a change whenever that assert no longer fails."""
    rc, first, cmd = last
    chosen = {}
    for _ in range(4):
        m = re.search(r":(\d+):\d+: error: assertion failed", first)
        if rc == 0 or not m: break
        line = int(m.group(1))
        stmt = next((n for n in ast.walk(node) if isinstance(n, ast.Assert) and n.lineno == line), None)
        if stmt is None: break
        deps = {n.id for n in ast.walk(stmt.test) if isinstance(n, ast.Name)}
        for _ in range(8):  # names the assert reads, back through assignments to parameters
            for n in ast.walk(node):
                if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id in deps or isinstance(t, ast.Tuple) and any(isinstance(e, ast.Name) and e.id in deps for e in t.elts) for t in n.targets):
                    deps |= {x.id for x in ast.walk(n.value) if isinstance(x, ast.Name)}
        vary = [p for p in guessed if p in deps]
        moved = False
        for p in vary:
            for v in ("16", "32", "64", "128", "256", "512", "1", "8", "4", "2"):
                if budget == 0: break
                budget -= 1
                c2 = dict(chosen, **{p: v})
                cmd2 = build(0, c2)
                rc2, first2 = runit(cmd2)
                # Progress: no error, or the first failing assert is a later one (the
                # factory's asserts run in order, so the ones before it now hold).
                m2 = re.search(r":(\d+):\d+: error: assertion failed", first2)
                if rc2 == 0 or not m2 or int(m2.group(1)) > line:
                    chosen, rc, first, cmd, moved = c2, rc2, first2, cmd2, True
                    break
            if moved: break
        if not moved: break
    return rc, first, cmd


def literal(text):
    """A guessed value as Python source inside an --entry call (dtype names are strings)."""
    try:
        ast.literal_eval(text)
        return text
    except Exception:
        return text if text.startswith("T.") else repr(text)


def run_tltt(cmd, cwd, timeout):
    """Runs tltt in its own process group (a time-out also ends the simulated program it started):
    exit status (-999 on time-out), first error line (or a crash's first line) and the final
    PASS/FAIL verdict line of `tltt run` if any."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        out, err = p.communicate()
        rc, err = -999, "timeout"
    run_tltt.out = out + "\n" + err
    first = next((l for l in err.splitlines() if "error:" in l), "")
    verdict = next((l for l in reversed((out + "\n" + err).splitlines()) if re.match(r"(PASS|FAIL) ", l)), "")
    if not first and rc != 0 and not verdict.startswith("FAIL pcc="):
        first = err.strip().splitlines()[0] if err.strip() else f"rc={rc}"
    return rc, first, verdict


def classify(rc, first, verdict, hollow=False):
    """Result class: PASS, `FAIL pcc` (the device disagrees with the reference: a silent wrong
    output), `timeout`, `crash: ...` (no located error) or the located error with names and numbers
    blotted out, so that rows of the same cause count together. A hollow PASS (the reference
    wrote only zeros) is told apart."""
    if rc == -2: return first[:110]  # --odd: size_fixed_by_example (not run)
    if STAGE == "run" and rc == 0 and verdict.startswith("PASS"): return "hollow PASS: the reference wrote only zeros" if hollow else "PASS"
    if rc == 0: return ""
    if rc == -999: return "timeout"
    if STAGE == "run" and verdict.startswith("FAIL pcc="):
        # Errors all within the derived tolerance but a low correlation: an output whose spread
        # is as small as the allowed error (a log-sum-exp under the fast exponential) rather
        # than wrong values; told apart, not hidden.
        m = re.search(r"max_abs_err=(\S+) tol=(\S+)", verdict)
        within = m and float(m.group(1)) <= float(m.group(2))
        return "FAIL pcc (errors within tol)" if within else "FAIL pcc"
    # `tltt run` refusing (`FAIL reason=plan`, ...) after a message of its own: not a crash.
    m = re.match(r"FAIL (reason=\S+)", verdict) if STAGE == "run" else None
    msg = first.split("error:", 1)[1].strip() if "error:" in first else first
    if m: msg = f"FAIL {m.group(1)}: {msg}"
    elif "error:" not in first or "internal compiler error" in first: msg = f"crash: rc={rc} {msg}"
    cls = msg if re.search("construct|decorator|not defined|no attribute|GPU", msg) else re.sub(r"'[^']*'", "'_'", msg)
    return re.sub(r"\d+", "N", cls)[:110]


def record(row):
    row["tltt"] = TLTT
    rows.append(row)
    if opts.jsonl:
        with open(opts.jsonl, "a") as f:
            f.write(json.dumps(row) + "\n")
    print(f"{row['secs']:7.1f}s  {row['cls'] or 'ok':30.30}  {row['file']} {row['factory']}", flush=True)


def stage_cmd(cmd):
    """A parse command taken one stage further."""
    if STAGE == "compile": return [TLTT, STAGE] + cmd[2:] + ["-o", os.path.join("/tmp", "measure-compile")]
    return [TLTT, STAGE] + cmd[2:] + opts.run_arg


def wanted(rel, factory):
    return not opts.summary and (not opts.filter or any(x in rel or x == f"{rel}:{factory}" for x in opts.filter)) and (rel, factory) not in measured()



def size_kind(name, params):
    """Which size a factory parameter (or --set symbol) is, by name: 'batch', 'head', 'seq'
    (sequence lengths, token counts, M/N/K), 'spatial' (a convolution's H/W) or None (head
    dimensions, block sizes, channels and the rest keep their value: they shape the tiles)."""
    l = name.lower()
    conv = {"h", "w"} <= {p.lower() for p in params}
    if conv and l in ("h", "w"): return "spatial"
    if conv and l == "n": return "batch"
    if "block" in l or "blk" in l or "chunk" in l or "dim" in l or "group" in l or "stage" in l or "thread" in l or "split" in l: return None
    if "batch" in l or l in ("b", "bs", "bsz"): return "batch"
    if "head" in l or l in ("h", "nh", "hq", "hk", "h_q", "h_kv", "hkv"): return "head"
    if "seq" in l or "len" in l or "token" in l or "ctx" in l or "total" in l or l in ("m", "n", "k", "s", "l", "t", "s_kv", "sq", "skv", "uq", "ukv", "seqlen_q", "seqlen_kv"): return "seq"
    return None


# Profiles tried in order (the first whose `tltt compile` succeeds is run): a sequence/M/N/K
# target, a batch target, a cap on the largest head count (all head counts divided by one power
# of two, so GQA ratios and divisibility by head blocks survive where they can; None keeps them) and a
# convolution H/W target. A value is never raised.
SMALL_PROFILES = ((256, 1, 2, 16), (512, 1, 8, 32), (256, 1, None, 16), (1024, 2, 16, 64), (1024, 1, None, 64))


def shrink(sizes, params, prof):
    """{name: int} -> {name: smaller int} for one profile."""
    seq, batch, hcap, spatial = prof
    out = {}
    heads = {k: v for k, v in sizes.items() if size_kind(k, params) == "head" and v > 0}
    f = 1
    if heads and hcap is not None:
        # A count the factor does not divide and that is already small (one KV head) becomes 1.
        while max(heads.values()) // f > hcap and all(v % (2 * f) == 0 or v <= hcap for v in heads.values()): f *= 2
    for k, v in sizes.items():
        kind = size_kind(k, params)
        if kind == "seq": out[k] = min(v, seq)
        elif kind == "batch": out[k] = min(v, batch)
        elif kind == "spatial": out[k] = min(v, spatial)
        elif kind == "head": out[k] = max(1, v // f)
    return {k: v for k, v in out.items() if v != sizes[k]}


def int_value(src):
    """The integer value of an argument's source text (`8192`, `(1024 * 8)`), or None."""
    try:
        v = eval(compile(ast.Expression(ast.parse(src, mode="eval").body), "<arg>", "eval"), {"__builtins__": {}})
    except Exception:
        return None
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def alloc_axis_param(path, factory, buf, axis):
    """The factory parameter naming axis `axis` of its buffer `buf` (`sinks =
    T.alloc_fragment([heads], ...)` -> 'heads'), or None."""
    try:
        fn = next(n for n in ast.walk(ast.parse(open(path).read())) if isinstance(n, ast.FunctionDef) and n.name == factory)
    except Exception:
        return None
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == buf for t in n.targets) and isinstance(n.value, ast.Call) \
                and isinstance(n.value.func, ast.Attribute) and n.value.func.attr.startswith("alloc") and n.value.args \
                and isinstance(n.value.args[0], (ast.List, ast.Tuple)) and axis < len(n.value.args[0].elts) and isinstance(n.value.args[0].elts[axis], ast.Name):
            return n.value.args[0].elts[axis].id
    return None


def small_cmd(path, factory, cmd, floor=None):
    """The parse command `cmd` with the factory's size arguments shrunk: the call's arguments
    (positional ones named through the factory's signature), its defaulted size parameters and
    the --set values (`floor` {name: value} pins some of them). Tries SMALL_PROFILES with `tltt compile` (the factory's asserts and block
    sizes decide) and returns (command, {name: value} of the sizes used, {name: value} of those
    changed), or the command unchanged and no change when no shrunk profile compiles."""
    try:
        tree = ast.parse(open(path).read())
    except Exception:
        return cmd, {}, {}
    fn = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == factory), None)
    if fn is None: return cmd, {}, {}
    a = fn.args
    pos = [x.arg for x in a.posonlyargs + a.args]
    params = pos + [x.arg for x in a.kwonlyargs]
    # Sizes declared in the body (`N, C, H, W = T.const("N, C, H, W")`) are sizes too.
    params += [sym for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("const", "dynamic", "symbolic") and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str) for sym in re.split(r"[ ,]+", n.args[0].value.strip()) if sym]
    entry_i = cmd.index("--entry") + 1 if "--entry" in cmd else None
    call, given = None, {}
    if entry_i is not None:
        try:
            e = ast.parse(cmd[entry_i], mode="eval").body
        except Exception:
            e = None
        # The factory's own call: `f(...)`, `f.compile(...)`, or the inner call of `f(...)(...)`.
        for n in ast.walk(e) if e is not None else ():
            if isinstance(n, ast.Call) and (isinstance(n.func, ast.Name) and n.func.id == factory or isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == factory):
                call = n
                break
        if call is not None:
            for name, arg in list(zip(pos, call.args)) + [(k.arg, k.value) for k in call.keywords if k.arg]:
                v = int_value(ast.unparse(arg))
                if v is not None: given[name] = v
            # Defaulted size parameters the call leaves out (`def f(batch=8, seq_len=4096)`).
            named = set(given) | {x for x, _ in zip(pos, call.args)} | {k.arg for k in call.keywords}
            for name, d in list(zip(pos[len(pos) - len(a.defaults):], a.defaults)) + [(x.arg, d) for x, d in zip(a.kwonlyargs, a.kw_defaults)]:
                if d is not None and name not in named and int_value(ast.unparse(d)) is not None and size_kind(name, params):
                    given[name] = int_value(ast.unparse(d))
    sets = {cmd[i + 1].split("=", 1)[0]: int_value(cmd[i + 1].split("=", 1)[1]) for i in range(len(cmd) - 1) if cmd[i] == "--set"}
    sets = {k: v for k, v in sets.items() if v is not None}
    driven = {}
    # A --set value guessed by name (a `T.const` count such as a group count BG) that a driver
    # function calling the factory gives a smaller default (`def main(M=8192, BG=2)`) takes the
    # driver's value, as the example's own run does: a guess of 256 groups makes 2048 blocks.
    # Tile sizes keep theirs (they shape the tiles the compile succeeded with).
    for w in ast.walk(tree):
        if not isinstance(w, ast.FunctionDef) or w is fn or is_factory(w): continue
        if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == factory for n in ast.walk(w)): continue
        wp = w.args.posonlyargs + w.args.args
        for x, d in zip(wp[len(wp) - len(w.args.defaults):], w.args.defaults):
            v = int_value(ast.unparse(d))
            tile = any(t in x.arg.lower() for t in ("block", "blk", "dim", "stage", "thread", "split"))
            if x.arg in sets and v is not None and 0 < v < sets[x.arg] and not tile:
                sets[x.arg] = driven[x.arg] = v
                cmd = [f"{x.arg}={v}" if i > 0 and cmd[i - 1] == "--set" and a.split("=", 1)[0] == x.arg else a for i, a in enumerate(cmd)]
    # Module-level sizes the factory reads (`M, N, K = 4096, 4096, 4096` above it): `tltt run`
    # takes them with --set as a user would set them.
    mod = {}
    for n in tree.body:
        if isinstance(n, ast.Assign):
            for t in n.targets:
                pairs = zip(t.elts, n.value.elts) if isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) and len(t.elts) == len(n.value.elts) else [(t, n.value)]
                for x, v in pairs:
                    if isinstance(x, ast.Name) and int_value(ast.unparse(v)) is not None: mod[x.id] = int_value(ast.unparse(v))
    read = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    read -= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    read -= {x.arg for n in ast.walk(fn) if isinstance(n, ast.FunctionDef) for x in n.args.posonlyargs + n.args.args + n.args.kwonlyargs}
    mod = {k: v for k, v in mod.items() if k in read and k not in params and k not in sets and k not in given and size_kind(k, params)}
    sizes = dict(given, **sets, **mod)
    small_cmd.odd, small_cmd.fixed = {}, {}
    def sized(new):
        """The command with the sizes of `new` {name: value} put in place, as a user sets them."""
        c = list(cmd)
        if call is not None:
            kw = {k.arg: k for k in call.keywords if k.arg}
            args = list(call.args)
            newcall = ast.Call(call.func, [], [])
            for i, arg in enumerate(args):
                name = pos[i] if i < len(pos) else None
                newcall.args.append(ast.Constant(new[name]) if name in new and name not in sets else arg)
            for k in call.keywords:
                newcall.keywords.append(ast.keyword(k.arg, ast.Constant(new[k.arg])) if k.arg in new and k.arg not in sets else k)
            for name, v in new.items():
                if name in given and name not in sets and name not in kw and name not in pos[:len(args)]:
                    newcall.keywords.append(ast.keyword(name, ast.Constant(v)))
            whole = ast.parse(cmd[entry_i], mode="eval").body
            # Put the new call in place of the old one inside the whole entry expression.
            class Swap(ast.NodeTransformer):
                def visit_Call(self, n):
                    if ast.unparse(n) == ast.unparse(call): return newcall
                    self.generic_visit(n)
                    return n
            c[entry_i] = ast.unparse(Swap().visit(whole))
        for i in range(len(c) - 1):
            if c[i] == "--set" and c[i + 1].split("=", 1)[0] in new:
                k = c[i + 1].split("=", 1)[0]
                c[i + 1] = f"{k}={new[k]}"
        for k in mod:
            if k in new: c += ["--set", f"{k}={new[k]}"]
        return c
    def compiles(c):
        comp = [TLTT, "compile"] + c[2:] + ["-o", os.path.join("/tmp", "measure-compile-small")]
        return run_tltt(comp, os.path.dirname(path), 30)[:2]
    tried, base = [], {}
    for prof in SMALL_PROFILES:
        new = shrink(sizes, params, prof)
        new.update({k: v for k, v in (floor or {}).items() if k in sizes and v != sizes[k]})
        if not new or new in tried: continue
        tried.append(new)
        if compiles(sized(new))[0] == 0:
            base = new
            break
    if tried and not base and not opts.odd: return cmd, sizes, driven
    # No shrunk profile compiles (or none changes a size): the sizes stay the compile
    # measurement's, and --odd moves those.
    if opts.odd:
        odd, fixed, first = odd_sizes(fn, params, dict(sizes, **base), lambda o: compiles(sized(dict(base, **o))))
        small_cmd.odd, small_cmd.fixed, small_cmd.odd_first = odd, fixed, first
        base = dict(base, **odd)
    return (sized(base) if base else cmd), dict(sizes, **base), dict(driven, **base)


def odd_kind(name, params):
    """Whether a size is one a user sets freely (--odd): sequence lengths, token counts, M/N/K
    and hidden sizes; head counts, batch, head dimensions and block sizes keep their value."""
    return size_kind(name, params) in ("seq", "spatial") or "hidden" in name.lower()


def odd_candidates(v):
    """Values that are not multiples of 32 for a size `v` that is one, tried in order: a multiple
    of 4 only, then of 8 only, then of 16 only (a factory asserting divisibility by 8 or 16 takes
    the later ones): 256 -> 244, 232, 240."""
    return [x for x in (v - 12, v - 24, v - 16) if x > 0]


def derived(fn, name):
    """The names the factory computes from `name` through plain assignments (`S = seq_len`),
    `name` included."""
    out = {name}
    for _ in range(3):
        for n in ast.walk(fn):
            if isinstance(n, ast.Assign) and not isinstance(n.value, ast.BinOp) and {x.id for x in ast.walk(n.value) if isinstance(x, ast.Name)} & out:
                out |= {t.id for t in n.targets if isinstance(t, ast.Name)}
    return out


def floor_block(fn, name):
    """Source of the factory's own block arithmetic that drops the remainder of `name`
    (`seq_len // block_M` sizing a grid or a loop: the upstream GPU kernel leaves those rows out
    too), or None. A division by a literal below 8 (`K // 2` packing) does not count."""
    names = derived(fn, name)
    for n in ast.walk(fn):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.FloorDiv) and isinstance(n.left, ast.Name) and n.left.id in names:
            r = n.right
            if isinstance(r, ast.Constant) and not (isinstance(r.value, int) and r.value >= 8): continue
            return ast.unparse(n)
    return None


def odd_sizes(fn, params, sizes, compiles):
    """The odd sizes of one factory: ({name: value not a multiple of 32}, {name: why the example
    keeps it}, first error of the last compile). A size whose remainder the factory's own block
    arithmetic drops keeps its value; the others take odd_candidates together, and when the
    factory's own assert rejects them, the sizes that assert reads take their next candidate (or
    keep their value when none is left). Another compile error is kept: the run records it."""
    odd, fixed, left = {}, {}, {}
    for k, v in sorted(sizes.items()):
        spatial = size_kind(k, params) == "spatial"  # a convolution's H/W: 16 -> 15, 14
        if not (odd_kind(k, params) and isinstance(v, int) and (v >= 32 and v % 32 == 0 or spatial and v >= 8)): continue
        why = floor_block(fn, k)
        if why:
            fixed[k] = f"the example's block arithmetic `{why}` drops the remainder"
            continue
        left[k] = [v - 1, v - 2] if spatial else odd_candidates(v)
    first = ""
    for _ in range(8):
        if not left: break
        odd = {k: c[0] for k, c in left.items()}
        rc, first = compiles(odd)
        m = re.search(r":(\d+):\d+: error: assertion failed", first)
        if rc == 0 or not m: return odd, fixed, first
        stmt = next((n for n in ast.walk(fn) if isinstance(n, ast.Assert) and n.lineno == int(m.group(1))), None)
        deps = {x.id for x in ast.walk(stmt.test) if isinstance(x, ast.Name)} if stmt else set()
        for _ in range(4):  # back through the factory's assignments to its sizes
            for n in ast.walk(fn):
                if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id in deps for t in n.targets):
                    deps |= {x.id for x in ast.walk(n.value) if isinstance(x, ast.Name)}
        hit = [k for k in left if k in deps] or list(left)
        for k in hit:
            left[k] = left[k][1:]
            if not left[k]:
                del left[k]
                fixed[k] = "the example asserts `%s`" % (ast.unparse(stmt.test) if stmt else first.split("error:", 1)[-1].strip())
    return {}, fixed, first

def random_ints(out):
    """Integer inputs `tltt run` gave random values, from its input lines: {name: shape}."""
    return {m.group(1): [int(x) for x in m.group(2).replace(" ", "").split(",") if x]
            for m in re.finditer(r"^input\s+(\w+) u?int\d+ \[([\d, ]*)\]: integers in", out, re.M)}


def nsa_varlen_inputs(sizes, lens, shapes, cmd):
    """Native sparse attention over packed sequences (its example's own test builds these):
    each token's (sequence, position) pair, the selected key blocks of that sequence and how
    many of them are used (1..selected_blocks)."""
    if "TokenIndices" not in shapes: return []
    path = os.path.join("/tmp", "measure-inputs", "nsa_token_indices_%s.bin" % "_".join(map(str, lens)))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"".join(struct.pack("<ii", b, t) for b, n in enumerate(lens) for t in range(n)))
    blocks = max(1, min(lens) // sizes.get("block_size", 64))
    return ["--input", f"TokenIndices={path}", "--input", f"BlockIndices=randint:0..{blocks - 1}",
            "--input", f"BlockCounts=randint:1..{sizes.get('selected_blocks', 16)}"]


def delta_rule_state_inputs(sizes, lens, shapes, cmd):
    """A chunked gated delta rule's state grows about x37 per chunk on uniform [-1, 1) inputs
    with 128-wide rows, past float16's range by the fourth chunk (the reference's h and V_new
    reach -inf): its example's own test feeds rows of unit norm, which scaling by 1/8 comes
    close to."""
    return [x for n in ("K", "W", "U") for x in ("--input-scale", f"{n}=0.125")]


def grouped_gemm_inputs(sizes, lens, shapes, cmd):
    """A grouped GEMM's groups (its example's construct_inputs): each group's row count (the
    factory's batch_sizes_list, else batch_sum split evenly over batch_count), where its rows
    start, and where its row blocks start with every group padded to whole blocks of block_M."""
    text = " ".join(cmd)
    m = re.search(r"batch_sizes_list=\[([\d, ]+)\]", text)
    if m:
        groups = [int(x) for x in m.group(1).split(",")]
    elif sizes.get("batch_count") and sizes.get("batch_sum"):
        n = sizes["batch_count"]
        groups = [sizes["batch_sum"] // n] * (n - 1) + [sizes["batch_sum"] - sizes["batch_sum"] // n * (n - 1)]
    else:
        return []
    bm = re.search(r"block_M=(\d+)", text)
    bm = int(bm.group(1)) if bm else 64
    offsets, padded = [0], [0]
    for g in groups[:-1]:
        offsets.append(offsets[-1] + g)
        padded.append(padded[-1] + -(-g // bm) * bm)
    values = lambda xs: "values:" + ",".join(map(str, xs))
    # Only the ones the factory takes (the backward's dB kernel has no padded offsets).
    given = {"batch_sizes": groups, "batch_offsets": offsets, "batch_padded_offsets": padded}
    return [x for name, v in given.items() if name in shapes for x in ("--input", f"{name}={values(v)}")]


def paged_kv_inputs(sizes, lens, shapes, cmd):
    """A paged KV cache (its example's test): each sequence's cached length, three quarters of
    the padded maximum plus 2 per sequence as the example staggers them, and a block table
    mapping every sequence's pages to blocks of its own (0, 1, 2, ... in order)."""
    if "cache_seqlens" not in shapes or "block_table" not in shapes: return []
    pad = sizes.get("max_seqlen_pad", 256)
    lengths = [min(pad, max(1, pad * 3 // 4 + 2 * i)) for i in range(shapes["cache_seqlens"][0])]
    return ["--input", "cache_seqlens=values:" + ",".join(map(str, lengths)), "--input", "block_table=range:0"]


# Factories whose inputs must be more than random values and offsets, as their examples' own
# tests make them: (file, factory) -> builder of the extra `tltt run` arguments (an --input it
# gives replaces the offsets guess for that name).
USER_INPUTS = {("deepseek_nsa/example_tilelang_nsa_fwd_varlen.py", "native_sparse_attention_varlen"): nsa_varlen_inputs,
               ("kda/chunk_delta_h_fwd.py", "tilelang_chunk_gated_delta_rule_fwd_h"): delta_rule_state_inputs,
               ("grouped_gemm/example_grouped_gemm_fwd.py", "grouped_gemm"): grouped_gemm_inputs,
               ("grouped_gemm/example_grouped_gemm_bwd.py", "grouped_gemm_fwd"): grouped_gemm_inputs,
               ("grouped_gemm/example_grouped_gemm_bwd.py", "grouped_gemm_bwd"): grouped_gemm_inputs,
               ("deepseek_mla/example_mla_decode_paged.py", "mla_decode_tilelang"): paged_kv_inputs}


def zeros_only(out):
    """Whether every output of a `tltt run` log has max|ref| = 0 (a check that compares nothing)."""
    refs = re.findall(r"^output \S+ \S+ \[[^\]]*\]: max\|ref\|=(\S+)", out, re.M)
    return bool(refs) and all(float(x) == 0 for x in refs)


def user_inputs(rel, factory, sizes, out, cmd):
    """`tltt run` arguments giving valid values for the inputs that got random ones, as a user
    gives them (--input NAME=SPEC, --input-scale NAME=F): a one-dimensional integer input is a
    sequence offsets vector (cu_seqlens), the batch's sequences of equal length filling the
    smallest token count among the sizes (`cumsum:L,...`); a factory in USER_INPUTS gets the
    rest from its builder. [] when there is nothing to give."""
    shapes = random_ints(out)
    tot = min([v for k, v in sizes.items() if size_kind(k, list(sizes)) == "seq"] or [256])
    given, lens = {}, [tot]
    for name, shape in shapes.items():
        if len(shape) == 1 and shape[0] >= 2:
            n = shape[0] - 1
            lens = [max(1, tot // n)] * n
            given[name] = "cumsum:" + ",".join(map(str, lens))
    extra = USER_INPUTS[(rel, factory)](sizes, lens, shapes, cmd) if (rel, factory) in USER_INPUTS else []
    for i in range(len(extra) - 1):
        if extra[i] == "--input": given.pop(extra[i + 1].split("=", 1)[0], None)
    return [x for name, spec in given.items() for x in ("--input", f"{name}={spec}")] + extra

rows = []
if opts.from_json:
    # Commands of a compile measurement: each factory that compiled, run with the same sizes.
    for r in json.load(open(opts.from_json)):
        if r["rc"] != 0 or not wanted(r["file"], r["factory"]): continue
        path = os.path.join(ROOT, r["file"])
        parts = r["cmd"].split(" ")
        # `compile FILE --entry CALL [--set N=V]... -o DIR`: the call may hold spaces.
        i = parts.index("--entry") if "--entry" in parts else len(parts)
        j = next((k for k in range(i + 1, len(parts)) if parts[k] in ("--set", "-o")), len(parts))
        cmd = [TLTT, "parse", path] + (["--entry", " ".join(parts[i + 1:j])] if i < len(parts) else [])
        k = j
        while k < len(parts) and parts[k] == "--set":
            # A value may hold spaces too (`--set batch_sizes_list=[64, 128]`).
            e = next((m for m in range(k + 1, len(parts)) if parts[m] in ("--set", "-o")), len(parts))
            cmd += ["--set", " ".join(parts[k + 1:e])]; k = e
        t0 = time.time()
        sizes, shrunk = {}, {}
        cmd0 = list(cmd)
        if opts.small: cmd, sizes, shrunk = small_cmd(path, r["factory"], cmd)
        if opts.odd and not small_cmd.odd:
            # No size the user sets can leave the multiples of 32 in this example (its asserts
            # or its own block arithmetic tie them to block sizes): recorded, not run.
            why = "; ".join(f"{k}: {v}" for k, v in sorted(small_cmd.fixed.items())) or "no size a user sets (sequence, token count, M/N/K, hidden) is a multiple of 32"
            record(dict(file=r["file"], factory=r["factory"], rc=-2, first="size_fixed_by_example: " + why, verdict="", hollow=False,
                        cls=("size_fixed_by_example: " + why)[:110], secs=round(time.time() - t0, 1), cmd=" ".join(cmd[1:]),
                        sizes=sizes, shrunk=shrunk, odd={}, odd_fixed=small_cmd.fixed))
            continue
        cmd = stage_cmd(cmd)
        rc, first, verdict = run_tltt(cmd, os.path.dirname(path), opts.timeout if STAGE == "run" else 20)
        # A hollow PASS (the reference wrote only zeros: random counts or offsets left every
        # row masked) is no PASS either: valid inputs are given the same way.
        given = user_inputs(r["file"], r["factory"], sizes, run_tltt.out, cmd) if STAGE == "run" and (not verdict.startswith("PASS") or zeros_only(run_tltt.out)) else []
        if given:
            # Inputs got random values that are not valid ones (offsets, indices, a recurrence
            # that overflows) and the run did not pass: run again with valid ones, as a user
            # would (--input NAME=SPEC, --input-scale NAME=F).
            cmd += given
            rc, first, verdict = run_tltt(cmd, os.path.dirname(path), opts.timeout)
        m = re.search(r"reference: index \d+ of axis (\d+) of '(\w+)' is outside its extent \d+", first) if opts.small else None
        p = alloc_axis_param(path, r["factory"], m.group(2), int(m.group(1))) if m else None
        v = sizes.get(p)
        while m and p and v and v < 4096:
            # The example's own sizes keep a buffer sized by a count (`sinks` of `heads`) at
            # least as long as a tile loop indexing it (`for i in T.Parallel(block_M)`): a count
            # shrunk (or given) below it makes the reference index past its end. Double that
            # count until the reference accepts it.
            v *= 2
            cmd, sizes, shrunk = small_cmd(path, r["factory"], cmd0, floor={p: v})
            cmd = stage_cmd(cmd) + given
            rc, first, verdict = run_tltt(cmd, os.path.dirname(path), opts.timeout)
            m = re.search(r"reference: index \d+ of axis (\d+) of '(%s)' is outside its extent \d+" % re.escape(m.group(2)), first)
        if "reason=sample-empty" in verdict and "--check=sample" in cmd:
            # The sampled blocks still wrote nothing (blocks past the sequences' ends): check
            # every block instead, as a user would.
            cmd = [x for x in cmd if x != "--check=sample"] + ["--check=full"]
            rc, first, verdict = run_tltt(cmd, os.path.dirname(path), opts.timeout)
        m = re.search(r"^(\S+?):(\d+):\d+: error: reference: (?:region|index) .* of '(\w+)' is outside its extent", first) if opts.odd else None
        line = open(m.group(1)).read().splitlines()[int(m.group(2)) - 1].strip() if m and os.path.exists(m.group(1)) else ""
        if m and line and "T.copy" not in line:
            # The reference (TileLang's meaning) rejects the example's own element access past
            # the tensor's end at the odd size (`dQ[bz, k * block_N + i, ...]` with no guard):
            # the upstream GPU kernel would access out of bounds too, so the example itself
            # ties that size to its blocks. A T.copy region is bounds-checked upstream: its
            # rejection stays a failure.
            rc, first = -2, f"size_fixed_by_example: {', '.join(small_cmd.odd)}: the example's own access `{line}` (line {m.group(2)}) reaches past the end of '{m.group(3)}'"
            small_cmd.fixed = dict(small_cmd.fixed, **{k: first.split(': ', 2)[2] for k in small_cmd.odd})
        # A PASS where the reference wrote only zeros compares nothing (index inputs that leave
        # every block idle): recorded as hollow, not counted.
        hollow = STAGE == "run" and verdict.startswith("PASS") and zeros_only(getattr(run_tltt, "out", ""))
        record(dict(file=r["file"], factory=r["factory"], rc=rc, first=first, verdict=verdict, hollow=hollow,
                    cls=classify(rc, first, verdict, hollow), secs=round(time.time() - t0, 1), cmd=" ".join(cmd[1:]),
                    **({"sizes": sizes, "shrunk": shrunk} if opts.small else {}),
                    **({"odd": small_cmd.odd, "odd_fixed": small_cmd.fixed} if opts.odd else {})))
for dp, dn, fn in ([] if opts.from_json else sorted(os.walk(ROOT))):
    dn.sort()
    for f in sorted(fn):
        if not f.endswith(".py"): continue
        path = os.path.join(dp, f)
        try:
            tree = ast.parse(open(path).read())
        except Exception:
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or not is_factory(node): continue
            if not wanted(os.path.relpath(path, ROOT), node.name): continue
            t0 = time.time()
            a = node.args
            params = [x.arg for x in a.posonlyargs + a.args]
            nreq = len(params) - len(a.defaults)
            helpers = {h.name: h for h in tree.body if isinstance(h, ast.FunctionDef)}
            pinned = asserted(node, helpers)
            inner = returned_function(node)
            def build(prof, chosen={}):
                sets = []
                guess_p = lambda p, prof: chosen.get(p) or pinned.get(p) or guess(p, prof)
                for n in ast.walk(node):
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("const", "dynamic", "symbolic") and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str):
                        for sym in re.split(r"[ ,]+", n.args[0].value.strip()):
                            if sym and sym not in params: sets += ["--set", f"{sym}={guess_p(sym, prof)}"]
                ann = {x.arg: (ast.unparse(x.annotation) if x.annotation else "") for x in a.posonlyargs + a.args}
                for n in ast.walk(node):
                    if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
                        ann[n.target.id] = ast.unparse(n.annotation)
                for p in params[:nreq]:
                    if re.search("Tensor|Buffer|ptr", ann[p]): continue
                    sets += ["--set", f"{p}={guess_p(p, prof)}"]
                for k, dflt in zip(a.kwonlyargs, a.kw_defaults):
                    if dflt is None: sets += ["--set", f"{k.arg}={guess_p(k.arg, prof)}"]
                if inner is not None:
                    # Call the returned function too: its required parameters and those that
                    # default to None (values the caller must give) are guessed.
                    ia = inner.args
                    ip = ia.posonlyargs + ia.args
                    dflts = [None] * (len(ip) - len(ia.defaults)) + list(ia.defaults)
                    kws = [f"{x.arg}={literal(guess_p(x.arg, prof))}" for x, d in zip(ip, dflts)
                           if d is None or (isinstance(d, ast.Constant) and d.value is None)]
                    outer = [s2.split("=", 1) for s2 in sets[1::2] if s2.split("=", 1)[0] in params]
                    rest = [x for i in range(0, len(sets), 2) if sets[i + 1].split("=", 1)[0] not in params for x in sets[i:i + 2]]
                    entry = f"{node.name}({', '.join(k + '=' + literal(v) for k, v in outer)})({', '.join(kws)})"
                    return [TLTT, "parse", path, "--entry", entry] + rest
                return [TLTT, "parse", path, "--entry", node.name] + sets
            def runit(cmd, timeout=20):
                return run_tltt(cmd, os.path.dirname(path), timeout)[:2]
            SIZE = re.compile("assertion failed|exceeds axis|out of bounds|must be positive|grid dimensions|cannot iterate over int|has no len|got None|division by zero")
            tries = []
            for call in file_calls(tree, node.name)[:3]:
                cmd = [TLTT, "parse", path, "--entry", call]
                rc, first = runit(cmd)
                # A factory returning several values (a tuner and its arguments): tltt names the
                # element to select; take its advice.
                pick_elt = re.search(r"select it with --entry '\.\.\.(\[\d+\])'", first)
                if rc != 0 and pick_elt:
                    cmd = [TLTT, "parse", path, "--entry", call + pick_elt.group(1)]
                    rc, first = runit(cmd)
                tries.append((rc, first, cmd))
                if rc == 0: break
            for prof in ((0, 1, 2) if not tries or tries[-1][0] != 0 else ()):
                cmd = build(prof)
                rc, first = runit(cmd)
                tries.append((rc, first, cmd))
                if rc == 0 or not SIZE.search(first): break
            failed_assert = next((t for t in reversed(tries) if t[0] != 0 and "assertion failed" in t[1]), None)
            if failed_assert and not any(t[0] == 0 for t in tries):
                syms = [sym for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("const", "dynamic", "symbolic") and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str) for sym in re.split(r"[ ,]+", n.args[0].value.strip()) if sym]
                tries.append(assert_search(node, params[:nreq] + syms, build, runit, failed_assert))
            pick = next((t for t in tries if t[0] == 0), None) or next((t for t in tries if not SIZE.search(t[1])), tries[0])
            rc, first, cmd = pick
            verdict = ""
            if rc == 0 and STAGE != "parse":
                cmd = stage_cmd(cmd)
                tmo = 20 if STAGE == "compile" else opts.timeout
                rc, first, verdict = run_tltt(cmd, os.path.dirname(path), tmo)
                # An integer kernel scalar that sizes the grid (`max_seqlen_q: T.int32` in
                # T.ceildiv(max_seqlen_q, 64)) is fixed when the program is built: give it a
                # value as a user would, guessed from its name like a factory parameter.
                for _ in range(3):
                    m = re.search(r"depends on the kernel scalar parameter '(\w+)'.*--set", first)
                    if rc == 0 or not m or f"{m.group(1)}=" in " ".join(cmd): break
                    cmd = cmd[:-2] + ["--set", f"{m.group(1)}={guess(m.group(1))}"] + cmd[-2:] if STAGE == "compile" else cmd + ["--set", f"{m.group(1)}={guess(m.group(1))}"]
                    rc, first, verdict = run_tltt(cmd, os.path.dirname(path), tmo)
            record(dict(file=os.path.relpath(path, ROOT), factory=node.name, rc=rc, first=first, verdict=verdict,
                        cls=classify(rc, first, verdict), secs=round(time.time() - t0, 1), cmd=" ".join(cmd[1:])))
if opts.jsonl:  # the figure over the whole file, earlier (resumed) runs included
    rows = list({(r["file"], r["factory"]): r for r in map(json.loads, filter(str.strip, open(opts.jsonl)))}.values())
    rows = [r for r in rows if not opts.filter or any(x in r["file"] or x == f"{r['file']}:{r['factory']}" for x in opts.filter)]
    for r in rows:  # classes as this version of the script defines them
        r["cls"] = classify(r["rc"], r["first"], r.get("verdict", ""), r.get("hollow", False))
ok = sum(1 for r in rows if r["rc"] == 0)
print(f"{ok}/{len(rows)} {STAGE}" + (f" (PASS; {sum(1 for r in rows if r['cls'].startswith('FAIL pcc'))} FAIL pcc)" if STAGE == "run" else ""))
if opts.from_json:
    # The factories with a Tenstorrent meaning: all of the compile measurement's except those
    # whose first error is a located "GPU-only" one (a construct or data type that exists only
    # on a GPU: tensor memory, warp specialisation, thread bindings, ...). The figure is
    # PASS over that set.
    every = [r for r in json.load(open(opts.from_json)) if not opts.filter or any(x in r["file"] or x == f"{r['file']}:{r['factory']}" for x in opts.filter)]
    gpu_only = sum(1 for r in every if r["rc"] != 0 and "GPU-only" in r["first"])
    meaning = len(every) - gpu_only
    passed = sum(1 for r in rows if r["cls"] == "PASS") if STAGE == "run" else ok
    print(f"{passed} of {len(every)} ({100 * passed / max(1, len(every)):.0f}%), {passed} of the {meaning} with a Tenstorrent meaning ({100 * passed / max(1, meaning):.0f}%; {gpu_only} stop at a GPU-only construct)")
if opts.odd:
    # The odd-size figure: PASS over the factories whose example allows a size that is
    # not a multiple of 32.
    fixed = sum(1 for r in rows if r["rc"] == -2)
    allowed = len(rows) - fixed
    print(f"odd sizes: {sum(1 for r in rows if r['cls'] == 'PASS')} PASS of the {allowed} whose example allows them ({fixed} size_fixed_by_example)")
cnt = collections.Counter(r["cls"] for r in rows if r["rc"] != 0 or r["cls"].startswith("hollow"))
for c, n in cnt.most_common():
    print(f"{n:4d}  {c}")
if OUT:
    json.dump(rows, open(OUT, "w"), indent=1)
