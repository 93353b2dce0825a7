#!/usr/bin/env python3
# Prints the tltt_embed_files(TARGET SYMBOL FILES...) calls of one CMakeLists.txt as
# "SYMBOL FILE|FILE..." lines with absolute paths, for fuzz/run.sh, which builds without CMake.
# It understands what the project's CMakeLists use: calls over several lines, ${CMAKE_SOURCE_DIR},
# variables from set(NAME values...) and file(GLOB NAME ... patterns), paths relative to the file.
import glob
import os
import re
import sys

root, rel = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.join(root, rel))
text = re.sub(r"#[^\n]*", "", open(os.path.join(root, rel)).read())
variables = {"CMAKE_SOURCE_DIR": root, "CMAKE_CURRENT_SOURCE_DIR": here}


def expand(word):
    return re.sub(r"\$\{(\w+)\}", lambda m: variables.get(m.group(1), ""), word)


for command, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text):
    words = [expand(w) for w in args.split()]
    if command == "set" and words:
        variables[words[0]] = " ".join(words[1:])
    elif command == "file" and words[:1] == ["GLOB"]:
        patterns = [w for w in words[2:] if w != "CONFIGURE_DEPENDS"]
        variables[words[1]] = " ".join(sorted(f for p in patterns for f in glob.glob(p)))
    elif command == "tltt_embed_files":
        files = " ".join(words[2:]).split()
        paths = [f if os.path.isabs(f) else os.path.join(here, f) for f in files]
        print(words[1], "|".join(paths))
