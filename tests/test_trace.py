# SPDX-License-Identifier: Apache-2.0
"""Requirements traceability (scripts/trace.py): the repository's requirements and tests trace
cleanly, and the checker catches each way the hierarchy can break.

Verifies: REQ-QA-006
"""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("trace", TOP / "scripts" / "trace.py")
trace = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(trace)

GOOD = """# prose
- AOU-1 an assumption
- MKT-001 [market] a need
- REQ-A-001 [product; parent: MKT-001] a behaviour
- REQ-A-002 [design; parent: REQ-A-001] a part
- REQ-A-003 [design; parent: REQ-A-002, REQ-A-001] a smaller part
"""


def problems(tmp_path, text):
    path = tmp_path / "requirements.md"
    path.write_text(text, encoding="utf-8")
    return trace.read_requirements(path)


def test_the_repository_traces_cleanly():
    r = subprocess.run([sys.executable, str(TOP / "scripts" / "trace.py")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "0 problems" in r.stdout.splitlines()[-1]


def test_a_good_hierarchy_reads_with_its_parents(tmp_path):
    reqs, found = problems(tmp_path, GOOD)
    assert not found
    assert reqs["REQ-A-003"]["parents"] == ["REQ-A-002", "REQ-A-001"]
    assert [r["level"] for r in reqs.values()] == ["market", "product", "design", "design"]


@pytest.mark.parametrize("line, expected", [
    ("- REQ-A-009 [product] no parent", "names no parent"),
    ("- REQ-A-009 [design; parent: REQ-A-404] x", "parent that does not exist"),
    ("- REQ-A-009 [product; parent: REQ-A-001] x", "not market"),
    ("- REQ-A-009 [design; parent: MKT-001] x", "not product or design"),
    ("- REQ-A-001 [product; parent: MKT-001] again", "defined twice"),
    ("- REQ-A-009 [feature; parent: MKT-001] x", "unknown level"),
    ("- MKT-002 [market; parent: MKT-001] x", "has a parent"),
    ("- REQ-A-009 (product) parent MKT-001", "not '- ID [level"),
])
def test_each_broken_rule_is_reported(tmp_path, line, expected):
    _, found = problems(tmp_path, GOOD + line + "\n")
    assert any(expected in p for p in found), found
