#!/usr/bin/env python3
# Validates `--diagnostics-format=json` output (stdin, one object per line) against
# docs/diagnostics.schema.json. Implements the part of JSON Schema the schema uses (type,
# required, properties, enum, items, "$ref": "#") so CI needs no extra package.
import json
import sys

schema = json.load(open(sys.argv[1]))
TYPES = {"object": dict, "string": str, "integer": int, "array": list}


def check(value, s, where):
    if s.get("$ref") == "#":
        s = schema
    t = s.get("type")
    if t and not (isinstance(value, TYPES[t]) and not (t == "integer" and isinstance(value, bool))):
        sys.exit(f"{where}: expected {t}, got {value!r}")
    if "enum" in s and value not in s["enum"]:
        sys.exit(f"{where}: {value!r} not in {s['enum']}")
    for key in s.get("required", []):
        if key not in value:
            sys.exit(f"{where}: missing '{key}'")
    for key, sub in s.get("properties", {}).items():
        if isinstance(value, dict) and key in value:
            check(value[key], sub, f"{where}.{key}")
    if "items" in s:
        for i, item in enumerate(value):
            check(item, s["items"], f"{where}[{i}]")


count = 0
for n, line in enumerate(sys.stdin, 1):
    check(json.loads(line), schema, f"line {n}")
    count += 1
if count == 0:
    sys.exit("no diagnostics to validate")
print(f"{count} diagnostics valid")
