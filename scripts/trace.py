#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Requirements traceability: docs/requirements.md against the tests' "Verifies:" lines.

docs/requirements.md holds one requirement per line (its top says how):
    - <ID> [<level>; parent: <ID>, ...] <text>      level: market, product or design
Prints the matrix, market -> product -> design with the tests of each, and exits non-zero
when the hierarchy is broken (an id defined twice, an unknown level, a missing parent or one
of the wrong level, a market requirement nothing refines), a leaf requirement has no test, or
a test names an id that is not defined or is a market requirement.
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
REQUIREMENTS = TOP / "docs" / "requirements.md"
ID = re.compile(r"\b(MKT-\d{3}|REQ-[A-Z]+-\d{3})\b")
LINE = re.compile(r"^- (MKT-\d{3}|REQ-[A-Z]+-\d{3}) \[([a-z]+)(?:; parent: ([^\]]*))?\] (.+)$")
LOOKS_LIKE_ONE = re.compile(r"^- (MKT|REQ)-")
# The level a parent must have, for each level.
PARENT_LEVELS = {"market": (), "product": ("market",), "design": ("product", "design")}


def read_requirements(path=REQUIREMENTS):
    """{id: {"level", "parents", "text", "line"}} and the problems found reading them."""
    reqs, problems = {}, []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not LOOKS_LIKE_ONE.match(line):
            continue
        m = LINE.match(line)
        if not m:
            problems.append(f"{path.name}:{n}: not '- ID [level; parent: ID] text': {line[:60]}")
            continue
        rid, level, parents, text = m.groups()
        if rid in reqs:
            problems.append(f"{path.name}:{n}: {rid} is defined twice (also line "
                            f"{reqs[rid]['line']})")
            continue
        reqs[rid] = {"level": level, "parents": ID.findall(parents or ""), "text": text,
                     "line": n}
    for rid, r in reqs.items():
        if r["level"] not in PARENT_LEVELS:
            problems.append(f"{rid} has an unknown level {r['level']!r}")
            continue
        want = PARENT_LEVELS[r["level"]]
        if not want and r["parents"]:
            problems.append(f"{rid} is a market requirement and has a parent")
        if want and not r["parents"]:
            problems.append(f"{rid} ({r['level']}) names no parent")
        if rid.startswith("MKT-") != (r["level"] == "market"):
            problems.append(f"{rid}: MKT-nnn ids are market requirements, and only they")
        for p in r["parents"]:
            if p not in reqs:
                problems.append(f"{rid} names a parent that does not exist: {p}")
            elif reqs[p]["level"] not in want:
                problems.append(f"{rid} ({r['level']}) has a {reqs[p]['level']} parent {p}, "
                                f"not {' or '.join(want)}")
    return reqs, problems


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


def children_of(reqs):
    kids = {rid: [] for rid in reqs}
    for rid, r in reqs.items():
        for p in r["parents"]:
            if p in kids:
                kids[p].append(rid)
    return kids


def print_tree(reqs, kids, verified, rid, depth, seen):
    tests = sorted(set(verified.get(rid, [])))
    r = reqs[rid]
    again = " (again: see above)" if rid in seen else ""
    head = f"{'  ' * depth}{rid} {r['level']}"
    if r["level"] == "market":
        print(f"{head}: {r['text'][:90]}")
    else:
        print(f"{head:<28} {len(tests)} tests{again}"
              + (f": {', '.join(tests)}" if tests and not again else ""))
    if rid in seen:
        return
    seen.add(rid)
    for k in kids[rid]:
        print_tree(reqs, kids, verified, k, depth + 1, seen)


def main():
    reqs, problems = read_requirements()
    verified = read_tests()
    kids = children_of(reqs)
    seen = set()
    for rid, r in reqs.items():
        if r["level"] == "market":
            print_tree(reqs, kids, verified, rid, 0, seen)
    for rid, r in reqs.items():
        if r["level"] == "market" and not kids[rid]:
            problems.append(f"{rid} is refined by no product requirement")
        if r["level"] != "market" and not kids[rid] and not verified.get(rid):
            problems.append(f"{rid} has no test (it is a leaf: nothing refines it)")
    for rid, ts in verified.items():
        for t in sorted(set(ts)):
            if rid not in reqs:
                problems.append(f"{t} names unknown {rid}")
            elif reqs[rid]["level"] == "market":
                problems.append(f"{t} names market requirement {rid}: name what refines it")
    for p in problems:
        print(f"trace: {p}", file=sys.stderr)
    levels = {lv: sum(r["level"] == lv for r in reqs.values()) for lv in PARENT_LEVELS}
    print(f"trace: {len(reqs)} requirements ({levels['market']} market, {levels['product']} "
          f"product, {levels['design']} design), {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
