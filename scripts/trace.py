#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Requirements traceability: docs/requirements.md against the tests' "Verifies:" lines.

Prints the matrix requirement -> tests, and exits non-zero when a REQ-* has no test, a
MKT-* is refined by nothing, or a test names an id that docs/requirements.md does not define.
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
ID = re.compile(r"\b((?:REQ|MKT)-[A-Z]+-\d{3}|MKT-\d{3})\b")


def read_requirements():
    """Ids defined (first column of a table row) and, for MKT rows, the REQ ids refining them."""
    defined, refines = [], {}
    for line in (TOP / "docs/requirements.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or not ID.fullmatch(cells[0]):
            continue
        defined.append(cells[0])
        if cells[0].startswith("MKT-"):
            refines[cells[0]] = ID.findall(cells[-1])
    return defined, refines


def test_name(path, lines, index):
    """The test a Verifies: line belongs to: the enclosing Python test function, else the file."""
    if path.suffix == ".py":
        for j in range(index, -1, -1):
            m = re.match(r"\s*def (test_\w+)", lines[j])
            if m:
                return f"{path.relative_to(TOP)}::{m.group(1)}"
    return str(path.relative_to(TOP))


def read_tests():
    verified = {}
    for path in sorted((TOP / "tests").rglob("*")):
        if path.suffix not in (".py", ".c") or not path.is_file():
            continue
        lines = path.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if "Verifies:" not in line:
                continue
            text = line.split("Verifies:", 1)[1]
            # A list ending in a comma goes on on the next line(s).
            j = i
            while text.rstrip().endswith(",") and j + 1 < len(lines):
                j += 1
                text += " " + lines[j]
            for rid in ID.findall(text):
                verified.setdefault(rid, []).append(test_name(path, lines, i))
    return verified


def main():
    defined, refines = read_requirements()
    verified = read_tests()
    problems = []
    print(f"{'requirement':<14} tests")
    for rid in defined:
        if rid.startswith("MKT-"):
            print(f"{rid:<14} refined by {', '.join(refines[rid]) or '-'}")
            if not refines[rid]:
                problems.append(f"{rid} is refined by no REQ")
            problems += [f"{rid} names unknown {r}" for r in refines[rid] if r not in defined]
            continue
        tests = sorted(set(verified.get(rid, [])))
        print(f"{rid:<14} {len(tests)}: {', '.join(tests) if tests else '-'}")
        if not tests:
            problems.append(f"{rid} has no test")
    problems += [f"{t} names unknown {rid}" for rid, ts in verified.items() if rid not in defined
                 for t in ts]
    for p in problems:
        print(f"trace: {p}", file=sys.stderr)
    print(f"trace: {len(defined)} requirements, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
