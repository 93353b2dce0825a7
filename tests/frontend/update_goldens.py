#!/usr/bin/env python3
# Regenerates the CHECK lines of golden lit tests from the current `tltt` output, for review
# with `git diff` (never run blindly: the diff is the review).
#   tests/frontend/update_goldens.py BUILD_DIR FILE...
# Lines are matched from their first column (--strict-whitespace). A golden file holds a header (comments and RUN lines) followed by generated CHECK lines; its
# RUN line is executed (with %tltt, %examples and %s substituted) to produce the new output.
import os
import re
import subprocess
import sys


def escape(line):
    # Only doubled brackets collide with FileCheck's {{regex}} and [[variable]] syntax.
    return line.replace("{{", "{{[{][{]}}").replace("[[", "{{[[][[]}}")


def main():
    build, files = sys.argv[1], sys.argv[2:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tltt = os.path.join(build, "tools", "tltt", "tltt")
    for f in files:
        lines = open(f).read().splitlines()
        header = [l for l in lines if not re.match(r"#\s*CHECK", l)]
        while header and header[-1].strip() == "":
            header.pop()
        run = next(l for l in header if "RUN:" in l).split("RUN:", 1)[1].split("|")[0].strip()
        run = run.replace("%tltt", tltt).replace("%examples", os.path.join(root, "examples"))
        run = run.replace("%s", f)
        if run.startswith("not "):
            run = run[4:]
        out = subprocess.run(run, shell=True, capture_output=True, text=True)
        text = out.stdout + out.stderr if "2>&1" in run else out.stdout
        checks = []
        diag = re.compile(r"^\S*?([^/\s]+(:\d+:\d+)?: (error|warning|note): .*)$")
        for i, l in enumerate(text.splitlines()):
            m = diag.match(l)
            if m:
                # Diagnostics: the file path is matched loosely, line:col and message exactly.
                checks.append(("# CHECK: {{.*}}" if i == 0 else "# CHECK-NEXT: {{.*}}") +
                              escape(m.group(1)))
            elif i == 0:
                checks.append("# CHECK-LABEL: {{^}}" + escape(l))
            elif l.strip() == "":
                checks.append("# CHECK-EMPTY:")
            else:
                checks.append("# CHECK-NEXT: {{^}}" + escape(l))
        open(f, "w").write("\n".join(header + checks) + "\n")


if __name__ == "__main__":
    main()
