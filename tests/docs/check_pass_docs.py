#!/usr/bin/env python3
# docs/passes/ must have one page per registered pass (`tltt compile --list-passes`) and no page
# for a pass that does not exist; every page has the required sections, and its IR examples are
# CHECK lines that still exist verbatim in the lit test the page names (so they cannot go stale);
# the README's pass list matches the registry.
import os
import re
import subprocess
import sys

tltt, root = sys.argv[1], sys.argv[2]
listing = subprocess.run([tltt, "compile", "--list-passes"], check=True, capture_output=True,
                         text=True).stdout
registry, descriptions = {}, {}
for line in listing.splitlines():
    m = re.match(r"^(\S+)\s+(\S+)\s+\S", line)
    if m:
        registry[m.group(1)] = m.group(2)
        last = m.group(1)
    elif line.strip():
        descriptions[last] = line.strip()

pages_dir = os.path.join(root, "docs", "passes")
errors = []
pages = {}
for fname in sorted(os.listdir(pages_dir)):
    if fname == "README.md" or not fname.endswith(".md"):
        continue
    m = re.match(r"^([A-Z][0-9]*[a-z]?)-([a-z0-9-]+)\.md$", fname)
    if not m or registry.get(m.group(1)) != m.group(2):
        errors.append(f"docs/passes/{fname}: names no registered pass (see --list-passes)")
        continue
    pages[m.group(1)] = fname
for pid, name in registry.items():
    if pid not in pages:
        errors.append(f"pass {pid} {name} has no page docs/passes/{pid}-{name}.md")

required = ["## Purpose", "## Contract", "## Example", "## Options", "## Diagnostics and remarks"]
for pid, fname in pages.items():
    text = open(os.path.join(pages_dir, fname)).read()
    first = text.splitlines()[0] if text else ""
    if first != f"# {pid} {registry[pid]}":
        errors.append(f"docs/passes/{fname}: first line must be '# {pid} {registry[pid]}'")
    if descriptions.get(pid, "") not in text:
        errors.append(f"docs/passes/{fname}: Purpose is not the registry's description "
                      "(run scripts/gen_pass_docs.py build/tools/tltt/tltt)")
    for section in required:
        if section not in text:
            errors.append(f"docs/passes/{fname}: missing section '{section}'")
    # ```check blocks quote a lit test named in the line `From tests/...:` before them.
    blocks = re.findall(r"From `(tests/[^`]+)`[^\n]*\n+```check\n(.*?)```", text, re.S)
    if not blocks:
        errors.append(f"docs/passes/{fname}: no example quoted from a test (From `tests/...`)")
    for test, body in blocks:
        path = os.path.join(root, test)
        if not os.path.exists(path):
            errors.append(f"docs/passes/{fname}: quoted test {test} does not exist")
            continue
        src = open(path).read().splitlines()
        for line in body.splitlines():
            if line.strip() and line not in src:
                errors.append(f"docs/passes/{fname}: line not found in {test}: {line}")

# The README's pipeline paragraph lists the registry in order ("A1 infer-layout, A2 ..., and F
# verify-tt-ir."), so a pass added or renamed without updating it fails here.
readme = open(os.path.join(root, "README.md")).read()
m = re.search(r"prints the registry \(`src/passes/passes.def`\): (.*?)\. The IR", readme, re.S)
listed = re.findall(r"([A-Z][0-9]*[a-z]?)\s+([a-z0-9-]+)", m.group(1)) if m else []
if listed != list(registry.items()):
    want = ", ".join(f"{i} {n}" for i, n in registry.items())
    errors.append(f"README.md: the pipeline paragraph must list the passes in order: {want}")

for e in errors:
    print("error:", e)
print(f"{len(registry)} registered passes, {len(pages)} pages, {len(errors)} problems")
sys.exit(1 if errors else 0)
