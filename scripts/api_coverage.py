#!/usr/bin/env python3
# Generates docs/api-coverage.md: for each public TT-Metalium name, whether the simulator's headers
# (src/sim/include) provide it and how. Two lists of names extracted from the SDK's headers:
# data/api/tt_metal_example_api.txt (the names Tenstorrent's programming examples use; the
# figures that must stay >= 95%) and data/api/tt_metal_public_api.txt (every public name of the
# headers it lists, grouped by header). `--check` fails if the committed document is stale (run
# by ctest), so the table cannot drift from the headers.
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE_NAMES = ROOT / "data/api/tt_metal_example_api.txt"
PUBLIC_NAMES = ROOT / "data/api/tt_metal_public_api.txt"
DOC = ROOT / "docs/api-coverage.md"
INCLUDE = ROOT / "src/sim/include"

# Names provided with a behaviour that differs from the hardware's, and how. None of these
# changes the data a correct program computes; calls that would are refused at compile time
# (TTSIM_UNSUPPORTED / TTSIM_REQUIRE in the headers, listed automatically) or, when only a
# run-time argument value is unsupported, stopped at run time with a message naming the call.
NOTES = {
    "TileSlice": "values of Float16_b/Float16/Float32/integer tiles; block-float formats print a notice",
    "MeshDeviceConfig": "only 1x1 meshes; larger shapes fail at MeshDevice::create with a message",
    "create": "MeshDevice::create opens a 1x1 mesh; larger shapes fail with a message",
    "create_sub_device_manager": "accepted; programs run on the cores they name",
    "load_sub_device_manager": "accepted; programs run on the cores they name",
    "enqueue_record_event": "queues are synchronous: events are reached when recorded",
    "enqueue_wait_for_event": "queues are synchronous: returns at once",
    "EnqueueRecordEvent": "queues are synchronous: events are reached when recorded",
    "EnqueueRecordEventToHost": "queues are synchronous: events are reached when recorded",
    "EnqueueWaitForEvent": "queues are synchronous: returns at once",
    "EventSynchronize": "queues are synchronous: returns at once",
    "EventQuery": "queues are synchronous: always true",
    "DPRINT_MATH": "the compute kernel runs once, lines are labelled TR1",
    "DPRINT_UNPACK": "the compute kernel runs once, lines are labelled TR0",
    "DPRINT_PACK": "the compute kernel runs once, lines are labelled TR2",
    "get_relative_logical_x": "equals the absolute coordinate (sub-device origins are not simulated)",
    "get_relative_logical_y": "equals the absolute coordinate (sub-device origins are not simulated)",
    "reset_noc_trid_barrier_counter": "no effect: barriers track the transactions themselves",
    "Noc::is_read_trid_flushed": "waits until the reads are flushed, then returns true",
    "Noc::async_writes_flushed": "with TXN_ID waits for completion (implies departure)",
    "noc_inline_dw_write": "byte enables other than 0xF stop the run with a message",
    "CreateDataflowBuffer": "one producer and one consumer (several are a Quasar mechanism): the DFB is one circular buffer at the lowest index the program does not use",
    "BindDataflowBufferToProducerConsumerKernels": "checks the DFB and kernels exist; tile-counter assignment is a Quasar mechanism",
    "AccessPattern": "accepted; only meaningful with several producers or consumers (Quasar)",
    "DfbScopedLock": "templated on the lock kind only (the SDK's also on the release function); the lock flags nothing (the SDK's flags NoC writes into locked entries for its debug tools)",
    "_llk_math_eltwise_unary_sfpu_params_": "VectorMode RC_custom and None run the function once from the tile's first row",
    "vFloat": "SFPMAD as the hardware (FTZ, one RNE rounding, zero signs per arch) except the partial fusion: a MAD with a nonzero addend is exactly fused (last-bit differences possible)",
}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def load_headers():
    files = {}
    for p in sorted(INCLUDE.rglob("*")):
        if p.is_file() and p.suffix in (".h", ".hpp", ".def"):
            files[p.relative_to(INCLUDE).as_posix()] = strip_comments(p.read_text(errors="ignore"))
    return files


def word(name):
    return re.compile(r"\b" + re.escape(name) + r"\b")


def markers(files):
    """TTSIM_UNSUPPORTED / TTSIM_REQUIRE uses: call string -> reason."""
    found = {}
    pat = re.compile(r"TTSIM_(UNSUPPORTED|REQUIRE)\(\s*[^\"]*?,\s*\"([^\"]+)\"\s*,\s*((?:\"[^\"]*\"\s*)+)\)")
    for text in files.values():
        for kind, call, why in pat.findall(text):
            if call == "call":  # the macro definitions themselves
                continue
            reason = "".join(re.findall(r"\"([^\"]*)\"", why))
            found.setdefault(call, []).append((kind, reason))
    return found


def provided(name, files, text):
    parts = name.split("::")
    if len(parts) == 1:
        if word(name).search(text):
            return True
        # SFPU ops are declared by macros from their stem: TTSIM_SFPU_BINARY(add_binary, ...)
        # defines add_binary_tile and add_binary_tile_init.
        # The wrappers of TLTT_SFPU_UNARY_SDK rows of ttsim/sfpu_functions.def are generated from
        # the row's SDK name, its fourth field.
        stem = re.sub(r"_tile(_init)?$", "", name)
        if stem == name:
            return False
        return (re.search(r"TTSIM_SFPU\w*\(\s*" + re.escape(stem) + r"\s*,", text) is not None or
                re.search(r"TLTT_SFPU_UNARY_SDK\((?:[^,]*,){3}\s*" + re.escape(stem) + r"\s*,",
                          text) is not None)
    scope, member = parts[0], parts[-1]
    if scope == "experimental":
        # Spelled in namespace experimental: declared there or brought in by a using-declaration.
        return any("namespace experimental" in t and word(member).search(t) for t in files.values())
    # A member: named in a header that defines the class (or its alias in namespace experimental),
    # or inherited from a public base class the simulator declares (MeshDevice : public IDevice).
    return has_member(scope, member, files, set())


def has_member(scope, member, files, seen):
    if scope in seen:
        return False
    seen.add(scope)
    owner = re.compile(r"\b(class|struct)\s+" + re.escape(scope) + r"\b")
    if any(owner.search(t) and word(member).search(t) for t in files.values()):
        return True
    base = re.compile(r"\b(?:class|struct)\s+" + re.escape(scope) +
                      r"\s*(?:final\s*)?:\s*public\s+(?:[\w]+::)*(\w+)")
    return any(has_member(b, member, files, seen) for t in files.values() for b in base.findall(t))


def classify(name, files, text, marks):
    """(status, note): a TTSIM_UNSUPPORTED marker for the name itself makes it unsupported; other
    markers whose call starts with the name (a template argument or overload) become notes."""
    refused = [r for call, uses in marks.items() for k, r in uses if call == name and k == "UNSUPPORTED"]
    if refused:
        return "unsupported", "; ".join(refused) + " (compile error naming the call)"
    if not provided(name, files, text):
        return "unsupported", "not declared by the simulator: a use is a compile error naming it"
    notes = [NOTES[name]] if name in NOTES else []
    for call, uses in marks.items():
        if re.split(r"[<(]", call)[0] == name:
            shown = "" if call == name else f"`{call}` "
            notes += [f"{shown}refused at compile time with {r}" for k, r in uses if k == "REQUIRE"]
            notes += [f"`{call}` refused at compile time: {r}" for k, r in uses if k == "UNSUPPORTED"]
    return ("approximated" if name in NOTES else "exact"), "; ".join(notes)


def read_list(path):
    """[(header or None, commit or None, kind, name)] and the file's source line."""
    rows, header, commit, source = [], None, None, ""
    for line in path.read_text().splitlines():
        if line.startswith("# Source:"):
            source = line[len("# Source:"):].strip()
        m = re.match(r"# Header:\s*(\S+)\s*@\s*(\S+)", line)
        if m:
            header, commit = m.group(1), m.group(2)
        if not line.strip() or line.startswith("#"):
            continue
        kind, name = line.split()
        rows.append((header, commit, kind, name))
    return rows, source


def figures(rows, label):
    out = []
    for kind in ("host", "kernel"):
        r = [s for k, s in rows if k == kind]
        ok = sum(1 for s in r if s in ("exact", "approximated"))
        out.append(f"- {label} {kind} names: {ok} of {len(r)} provided ({100.0 * ok / max(len(r), 1):.1f}%)")
    return out


def render():
    files = load_headers()
    text = "".join(files.values())
    marks = markers(files)

    example, source = read_list(EXAMPLE_NAMES)
    public, _ = read_list(PUBLIC_NAMES)
    ex = [(k, n, *classify(n, files, text, marks)) for _, _, k, n in example]
    pub = [(h, c, k, n, *classify(n, files, text, marks)) for h, c, k, n in public]

    out = ["# TT-Metalium API coverage of the simulator", "",
           "Generated by `scripts/api_coverage.py` from `data/api/tt_metal_example_api.txt` (the public",
           "host and kernel names Tenstorrent's programming examples use, extracted from the SDK's",
           f"headers; source: {source}) and `data/api/tt_metal_public_api.txt` (every public name of",
           "the SDK headers it lists, each with the commit it was read at). Do not edit by hand; CI",
           "checks it is current.", "",
           "Status: **exact** (same names, signatures and results), **approximated** (provided; the",
           "note says what differs, never the data a correct program computes), **unsupported**",
           "(using it fails to compile with a message naming the call). Notes also list the",
           "compile-time arguments a provided call refuses.", ""]
    out += figures([(k, s) for k, _, s, _ in ex], "programming-example")
    out += figures([(k, s) for _, _, k, _, s, _ in pub], "public-header")
    out.append("")
    out += ["## Names the programming examples use", ""]
    for kind in ("host", "kernel"):
        out += [f"### {kind.capitalize()} API", "", "| name | status | note |", "|---|---|---|"]
        out += [f"| `{n}` | {s} | {w} |" for k, n, s, w in ex if k == kind]
        out.append("")
    out += ["## Public API by SDK header", ""]
    header = None
    for h, c, k, n, s, w in pub:
        if h != header:
            if header is not None:
                out.append("")
            header = h
            out += [f"### `{h}` (at {c[:12]})", "", "| name | kind | status | note |", "|---|---|---|---|"]
        out.append(f"| `{n}` | {k} | {s} | {w} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    doc = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text() != doc:
            sys.exit("docs/api-coverage.md is stale: run scripts/api_coverage.py")
        print("docs/api-coverage.md is current")
    else:
        DOC.write_text(doc)
